import { z } from 'zod';
import { Cursor, Id, Limit } from './common.ts';
import { WebhookSecret } from './integrations.ts';
import { WebhookEventType, WebhookUrl } from './webhooks-out.ts';

/** Where Slack sends a product's `/baton` slash command (the Request URL of the command in the Slack app). */
export const slackCommandPath = (productKey: string) => `/api/slack/commands/${productKey}`;

/** ephemeral: only whoever typed `/baton` sees the answer; in_channel: the whole channel does. */
export const SlackResponseType = z.enum(['ephemeral', 'in_channel']);
export type SlackResponseType = z.infer<typeof SlackResponseType>;

const SlackEvents = z.array(WebhookEventType).min(1, 'choose at least one event').max(WebhookEventType.options.length);

/**
 * Sets up or changes a product's Slack integration; fields left out keep their value. Both secrets (the app's
 * signing secret and the incoming-webhook URL, which is a credential by itself) are written, never read back;
 * null removes one (the slash command, or the messages).
 */
export const ConfigureSlackInput = z.strictObject({
  productId: Id,
  /** the Slack app's Signing Secret (Basic Information → App Credentials) */
  signingSecret: WebhookSecret.nullable().optional(),
  /** the channel's incoming-webhook URL (https://hooks.slack.com/services/...) */
  webhookUrl: WebhookUrl.nullable().optional(),
  /** which events are posted to the channel (needed when the webhook URL is first set) */
  events: SlackEvents.optional(),
  /** false pauses the messages; true turns them back on after Baton turned them off for failing */
  enabled: z.boolean().optional(),
  responseType: SlackResponseType.optional(),
});
export type ConfigureSlackInput = z.infer<typeof ConfigureSlackInput>;

/** A product's Slack integration as its managers read it: never a secret, the webhook URL only as a hint. */
export const SlackIntegration = z.object({
  commandPath: z.string(),
  signingSecretSetAt: z.date().nullable(),
  responseType: SlackResponseType,
  /** the channel messages go to; null: none */
  destination: z
    .object({
      id: z.string(),
      /** the URL's host and its last 4 characters: enough to tell two apart, too little to post with */
      urlHint: z.string(),
      events: z.array(WebhookEventType),
      enabled: z.boolean(),
      disabledReason: z.string().nullable(),
      failingSince: z.date().nullable(),
      createdAt: z.date(),
    })
    .nullable(),
});
export type SlackIntegration = z.infer<typeof SlackIntegration>;

export const SlackRef = z.strictObject({ productId: Id });
export const ListSlackDeliveriesInput = z.strictObject({ productId: Id, cursor: Cursor, limit: Limit });
