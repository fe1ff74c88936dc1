import { ItemEventsInput, type ItemEventMessage } from '@baton/contracts';
import * as core from '@baton/core';
import { tracked } from '@trpc/server';
import { mapError } from '../errors.ts';
import { authedProcedure, router } from '../trpc.ts';

/** Each event under its stream cursor, so a reconnecting EventSource resumes with `lastEventId`. */
function trackedEvents(events: core.ItemEventStream) {
  async function* run() {
    try {
      // typed as the contract, so the router's type (and the client's published types) name no server type
      for await (const { id, event } of events) yield tracked<ItemEventMessage>(id, event);
    } catch (e) {
      // a database outage mid-stream is SERVICE_UNAVAILABLE, which the client retries from its last id
      mapError(e);
    }
  }
  const gen = run();
  // a generator never read skips its body on return(): hand the return to the core stream as well
  const finish = gen.return.bind(gen);
  gen.return = (value) => {
    void events.return?.();
    return finish(value);
  };
  return gen;
}

export const eventsRouter = router({
  /**
   * A product's item events over SSE: back-fill after `lastEventId`, then live. Access is checked and the bus
   * listened to before the stream opens (the resolver awaits it): a refusal reaches the client as an error, and
   * once the client sees the stream start, nothing published afterwards is missed.
   */
  items: authedProcedure
    .input(ItemEventsInput)
    .subscription(async ({ ctx, input, signal }) => trackedEvents(await core.openItemEvents(ctx, input, signal))),
});
