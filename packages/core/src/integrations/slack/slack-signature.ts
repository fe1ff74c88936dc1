import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack refuses nothing older itself; its docs ask apps to drop requests more than five minutes off (replays). */
export const SLACK_MAX_SKEW_SECONDS = 5 * 60;

/**
 * Slack's request signature (api.slack.com, "Verifying requests from Slack"): `v0=` and the hex
 * HMAC-SHA256, keyed by the app's signing secret, of `v0:<X-Slack-Request-Timestamp>:<the raw body>`.
 */
export function slackSignature(signingSecret: string, timestamp: string, body: Uint8Array): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:`).update(body).digest('hex')}`;
}

/** True when `header` is the request's signature under `signingSecret`; compared in constant time. */
export function verifySlackSignature(signingSecret: string, timestamp: string, body: Uint8Array, header: string | undefined): boolean {
  if (!header || !/^v0=[0-9a-f]{64}$/i.test(header)) return false;
  const expected = Buffer.from(slackSignature(signingSecret, timestamp, body).slice(3), 'hex');
  const given = Buffer.from(header.slice(3), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Why a request's timestamp is refused (missing, not seconds, more than five minutes from now), or null. */
export function staleSlackTimestamp(timestamp: string | undefined, now: Date): string | null {
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return 'X-Slack-Request-Timestamp is missing or not a number of seconds';
  const skew = Math.abs(now.getTime() / 1000 - Number(timestamp));
  return skew > SLACK_MAX_SKEW_SECONDS ? `X-Slack-Request-Timestamp is ${Math.round(skew)} s from now: more than 5 minutes (a replay?)` : null;
}
