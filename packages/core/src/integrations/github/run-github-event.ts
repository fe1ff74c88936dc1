import type { EventContext, EventOutcome } from './event-context.ts';
import { handleCiFailure } from './check-failure-event.ts';
import { ciFailureOf, PullRequestPayload } from './payloads.ts';
import { handlePullRequest } from './pull-request-event.ts';

const CI_EVENTS = ['check_run', 'check_suite', 'workflow_run'];

/**
 * Acts on one verified delivery, for a first run and for replays alike. Every answer is defined: events Baton
 * does not act on are 202 (GitHub counts them delivered and does not retry), a payload that is not what its event
 * says is 400; none is a 5xx.
 */
export async function runGithubEvent(ec: EventContext, event: string, body: string): Promise<EventOutcome> {
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    return { httpStatus: 400, result: 'the body is not JSON', changes: [] };
  }
  if (event === 'ping') return { httpStatus: 200, result: 'pong', changes: [] };
  if (event === 'pull_request') {
    const pr = PullRequestPayload.safeParse(payload);
    if (!pr.success) return { httpStatus: 400, result: `not a pull_request payload: ${pr.error.issues[0]?.path.join('.')} ${pr.error.issues[0]?.message}`, changes: [] };
    return handlePullRequest(ec, pr.data);
  }
  if (CI_EVENTS.includes(event)) {
    const failure = ciFailureOf(event, payload);
    if (failure === 'bad') return { httpStatus: 400, result: `not a ${event} payload`, changes: [] };
    if (!failure) return { httpStatus: 202, result: `${event} reports no failure`, changes: [] };
    return handleCiFailure(ec, event, failure);
  }
  return { httpStatus: 202, result: `${event} events are not acted on`, changes: [] };
}
