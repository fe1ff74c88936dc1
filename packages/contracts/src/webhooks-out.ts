import { z } from 'zod';
import { Cursor, Id, Limit, page } from './common.ts';
import { line, token } from './text.ts';

/** The events a product's outbound webhooks can subscribe to (docs/webhooks-out.md says when each is sent). */
export const WebhookEventType = z.enum([
  'item.created',
  'item.updated',
  'item.status_changed',
  'comment.added',
  'pr.linked',
  'item.closed',
  'claim.started',
  'claim.ended',
  'release.published',
  'idea.submitted',
]);
export type WebhookEventType = z.infer<typeof WebhookEventType>;
/** What the "send test event" action sends; no endpoint subscribes to it, every endpoint can be sent one. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';

/** Only http(s) addresses; whether the address may be reached is decided when sending (after DNS resolution). */
export const WebhookUrl = token()
  .max(2000, 'is too long')
  .refine((s) => URL.canParse(s), 'must be an absolute URL such as https://example.com/hooks/baton')
  .refine((s) => !URL.canParse(s) || ['http:', 'https:'].includes(new URL(s).protocol), 'must be an http or https address')
  .refine((s) => !URL.canParse(s) || (!new URL(s).username && !new URL(s).password), 'must not carry a user name or password');

const Events = z.array(WebhookEventType).min(1, 'choose at least one event').max(WebhookEventType.options.length);
const Description = line().max(200, 'is too long');

export const CreateWebhookInput = z.strictObject({ productId: Id, url: WebhookUrl, events: Events, description: Description.optional() });
export type CreateWebhookInput = z.infer<typeof CreateWebhookInput>;

export const UpdateWebhookInput = z.strictObject({
  productId: Id,
  id: Id,
  url: WebhookUrl.optional(),
  events: Events.optional(),
  description: Description.optional(),
  /** false turns it off; true turns a disabled one back on (its failing streak starts over) */
  enabled: z.boolean().optional(),
  /**
   * a new secret, answered once; the old one keeps signing beside it for this many hours (0: stops at once), so
   * receivers can be switched over without dropping a delivery
   */
  rotateSecret: z.strictObject({ overlapHours: z.number().int().min(0).max(168).default(24) }).optional(),
});
export type UpdateWebhookInput = z.infer<typeof UpdateWebhookInput>;

export const WebhookRef = z.strictObject({ productId: Id, id: Id });

/** An endpoint as anyone allowed to see it reads it: never its secrets. */
export const WebhookEndpoint = z.object({
  id: z.string(),
  productId: z.string(),
  url: z.string(),
  description: z.string(),
  events: z.array(WebhookEventType),
  enabled: z.boolean(),
  disabledAt: z.date().nullable(),
  disabledReason: z.string().nullable(),
  failingSince: z.date().nullable(),
  /** while a rotation's overlap lasts, deliveries carry two signatures */
  previousSecretExpiresAt: z.date().nullable(),
  createdAt: z.date(),
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;
/** create and rotate answer the secret, this once. */
export const WebhookEndpointWithSecret = WebhookEndpoint.extend({ secret: z.string().nullable() });
export type WebhookEndpointWithSecret = z.infer<typeof WebhookEndpointWithSecret>;

export const ListWebhooksInput = z.strictObject({ productId: Id, cursor: Cursor, limit: Limit });
export const WebhookEndpointPage = page(WebhookEndpoint);

export const OutboundDeliveryStatus = z.enum(['pending', 'sending', 'retrying', 'delivered', 'failed']);
export const OutboundAttempt = z.object({
  at: z.date(),
  /** null: no answer (a refused address, a timeout, a connection error) */
  httpStatus: z.number().int().nullable(),
  latencyMs: z.number().int(),
  /** the first 1,000 characters of the answer, or why there was none */
  response: z.string(),
  manual: z.boolean(),
});
export const OutboundDelivery = z.object({
  id: z.string(),
  /** the webhook-id header every attempt carries */
  webhookId: z.string(),
  eventType: z.string(),
  status: OutboundDeliveryStatus,
  attemptCount: z.number().int(),
  body: z.string(),
  createdAt: z.date(),
  deliveredAt: z.date().nullable(),
  /** newest first, at most 10 */
  attempts: z.array(OutboundAttempt),
});
export type OutboundDelivery = z.infer<typeof OutboundDelivery>;
export const ListWebhookDeliveriesInput = z.strictObject({ productId: Id, id: Id, cursor: Cursor, limit: Limit });
export const OutboundDeliveryPage = page(OutboundDelivery);
export const RedeliverInput = z.strictObject({ productId: Id, deliveryId: Id });
