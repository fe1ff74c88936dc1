import { createHmac, randomBytes } from 'node:crypto';

/**
 * Standard Webhooks signing (standardwebhooks.com): the secret is `whsec_` + base64 of random bytes, and each
 * signature is `v1,` + base64(HMAC-SHA256(secret bytes, "<webhook-id>.<webhook-timestamp>.<body>")).
 */
export const newWebhookSecret = (): string => `whsec_${randomBytes(24).toString('base64')}`;

export function signPayload(secret: string, webhookId: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${webhookId}.${timestamp}.${body}`).digest('base64')}`;
}

/**
 * The three headers of one attempt. During a rotation's overlap both secrets sign: the spec's header holds
 * space-separated signatures and a verifier accepts the message when any one matches, so receivers still on the
 * old secret keep verifying.
 */
export function webhookHeaders(secrets: string[], webhookId: string, at: Date, body: string): Record<string, string> {
  const timestamp = Math.floor(at.getTime() / 1000);
  return {
    'webhook-id': webhookId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((s) => signPayload(s, webhookId, timestamp, body)).join(' '),
  };
}

/** The webhook-id of a delivery: the same on every attempt, so a receiver drops what it already handled. */
export const webhookIdOf = (deliveryId: string) => `msg_${deliveryId}`;
