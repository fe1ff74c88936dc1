import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

// How each forge proves a delivery is from it. Every comparison is in constant time (timingSafeEqual over
// equal-length digests), so response timing tells a forger nothing about how much of a guess was right.

const hmacHex = (secret: string, body: Uint8Array) => createHmac('sha256', secret).update(body).digest('hex');

function sameHex(expectedHex: string, givenHex: string): boolean {
  const expected = Buffer.from(expectedHex, 'hex');
  const given = Buffer.from(givenHex, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** GitHub's `X-Hub-Signature-256` for a body: `sha256=` and the hex HMAC-SHA256 keyed by the shared secret. */
export function githubSignature(secret: string, body: Uint8Array): string {
  return `sha256=${hmacHex(secret, body)}`;
}

/** True when `header` is the body's GitHub signature under `secret`. */
export function verifyGithubSignature(secret: string, body: Uint8Array, header: string | undefined): boolean {
  if (!header || !/^sha256=[0-9a-f]{64}$/i.test(header)) return false;
  return sameHex(hmacHex(secret, body), header.slice('sha256='.length));
}

/** Gitea's `X-Gitea-Signature`: the hex HMAC-SHA256 of the body keyed by the secret, with no prefix. */
export function giteaSignature(secret: string, body: Uint8Array): string {
  return hmacHex(secret, body);
}

export function verifyGiteaSignature(secret: string, body: Uint8Array, header: string | undefined): boolean {
  if (!header || !/^[0-9a-f]{64}$/i.test(header)) return false;
  return sameHex(hmacHex(secret, body), header);
}

/**
 * GitLab's `X-Gitlab-Token` is the secret itself, sent as is (GitLab signs nothing). Both sides are hashed first so
 * the comparison is over equal lengths whatever was sent, and still constant in time.
 */
export function verifyGitlabToken(secret: string, _body: Uint8Array, header: string | undefined): boolean {
  if (!header) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(header), digest(secret));
}
