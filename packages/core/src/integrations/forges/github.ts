import { ciResultOf, PullRequestPayload } from './payloads.ts';
import { bad, firstIssue, identifyByHeaders, ignored, type ForgeAdapter } from './forge-event.ts';
import { verifyGithubSignature } from './signature.ts';

export const CI_EVENTS = ['check_run', 'check_suite', 'workflow_run'];

/** Reads a GitHub-shaped event (GitHub's own, and Gitea's, which copies it) into the internal event. */
export function normalizeGithubShaped(event: string, payload: unknown): ReturnType<ForgeAdapter['normalize']> {
  if (event === 'ping') return { kind: 'answer', httpStatus: 200, result: 'pong' };
  if (event === 'pull_request') {
    const pr = PullRequestPayload.safeParse(payload);
    if (!pr.success) return bad(`not a pull_request payload: ${firstIssue(pr.error)}`);
    return { kind: 'pull_request', pr: pr.data };
  }
  if (CI_EVENTS.includes(event)) {
    const result = ciResultOf(event, payload);
    if (result === 'bad') return bad(`not a ${event} payload`);
    if (!result) return ignored(`${event} reports no finished result`);
    return { kind: 'ci_result', event, result };
  }
  return ignored(`${event} events are not acted on`);
}

/** GitHub (docs.github.com, "Webhook events and payloads"): X-Hub-Signature-256, X-GitHub-Event, X-GitHub-Delivery. */
export const github: ForgeAdapter = {
  forge: 'github',
  proofHeader: 'x-hub-signature-256',
  verify: verifyGithubSignature,
  identify: identifyByHeaders('X-GitHub-Event', 'X-GitHub-Delivery'),
  normalize: normalizeGithubShaped,
};
