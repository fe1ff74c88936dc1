import type { Forge } from '@baton/contracts';
import type { CiResult, PullRequestPayload } from './payloads.ts';

/**
 * The one internal pull request event every forge's delivery becomes: GitHub's shape (Gitea sends the same; GitLab's
 * merge requests are mapped onto it), so linking, closing words, the status mapping, release branches and comments
 * live once, in pull-request-event.ts.
 */
export type PullRequestEvent = PullRequestPayload;

/** What a delivery means once read: a PR event, a finished CI result, or an answer needing no action (ping, ignored, bad). */
export type ForgeEvent =
  | { kind: 'pull_request'; pr: PullRequestEvent }
  | { kind: 'ci_result'; event: string; result: CiResult }
  | { kind: 'answer'; httpStatus: number; result: string };

export type Headers = Record<string, string | string[] | undefined>;

/** What differs between forges: how a delivery is proved, named and read. Everything after is shared. */
export type ForgeAdapter = {
  forge: Forge;
  /** the header carrying the signature or token; never stored in the log */
  proofHeader: string;
  verify: (secret: string, body: Uint8Array, proof: string | undefined) => boolean;
  /** the event name and the sender's delivery id (for dedupe), or a 400 reason */
  identify: (headers: Headers, body: Uint8Array) => { event: string; deliveryId: string } | string;
  /** the payload (parsed JSON) as the internal event */
  normalize: (event: string, payload: unknown) => ForgeEvent;
};

export const header = (h: Headers, name: string) => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * `identify` for forges that name the event and the delivery in two headers (GitHub's X-GitHub-Event and
 * X-GitHub-Delivery, Gitea's X-Gitea-*): both required, each at most 100 characters.
 */
export const identifyByHeaders =
  (eventHeader: string, deliveryHeader: string): ForgeAdapter['identify'] =>
  (headers) => {
    const event = header(headers, eventHeader.toLowerCase());
    const deliveryId = header(headers, deliveryHeader.toLowerCase());
    if (!event || !deliveryId || deliveryId.length > 100 || event.length > 100) return `${eventHeader} and ${deliveryHeader} (at most 100 characters) are required`;
    return { event, deliveryId };
  };

export const ignored = (result: string): ForgeEvent => ({ kind: 'answer', httpStatus: 202, result });
export const bad = (result: string): ForgeEvent => ({ kind: 'answer', httpStatus: 400, result });

/** A zod failure as one line for the log: the path and the message of its first issue. */
export const firstIssue = (error: { issues: { path: PropertyKey[]; message: string }[] }) =>
  `${error.issues[0]?.path.map(String).join('.')} ${error.issues[0]?.message}`;
