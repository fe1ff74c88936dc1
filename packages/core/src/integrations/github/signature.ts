import { createHmac, timingSafeEqual } from 'node:crypto';

/** GitHub's `X-Hub-Signature-256` for a body: `sha256=` and the hex HMAC-SHA256 keyed by the shared secret. */
export function githubSignature(secret: string, body: Uint8Array): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * True when `header` is the body's signature under `secret`. Compared in constant time (timingSafeEqual over
 * equal-length digests), so response timing tells a forger nothing about how much of a guess was right.
 */
export function verifyGithubSignature(secret: string, body: Uint8Array, header: string | undefined): boolean {
  if (!header || !/^sha256=[0-9a-f]{64}$/i.test(header)) return false;
  const expected = Buffer.from(githubSignature(secret, body).slice('sha256='.length), 'hex');
  const given = Buffer.from(header.slice('sha256='.length), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
