import { handleCiResult } from './check-result-event.ts';
import type { EventContext, EventOutcome } from './event-context.ts';
import { forgeAdapters } from './forges.ts';
import { handlePullRequest } from './pull-request-event.ts';

/**
 * Acts on one verified delivery from any forge, for a first run and for replays alike: the forge's adapter reads it
 * into the internal event, and the one handler acts. Every answer is defined: events Baton does not act on are 202
 * (the forge counts them delivered and does not retry), a payload that is not what its event says is 400; none is a 5xx.
 */
export async function runForgeEvent(ec: EventContext, event: string, body: string): Promise<EventOutcome> {
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    return { httpStatus: 400, result: 'the body is not JSON', changes: [] };
  }
  const read = forgeAdapters[ec.forge].normalize(event, payload);
  if (read.kind === 'pull_request') return handlePullRequest(ec, read.pr);
  if (read.kind === 'ci_result') return handleCiResult(ec, read.event, read.result);
  return { httpStatus: read.httpStatus, result: read.result, changes: [] };
}
