import { z } from 'zod';
import { Cursor, Id, Limit, page } from './common.ts';
import { ItemStatus } from './enums.ts';
import { isValidBranchName } from './branch-name.ts';
import { token } from './text.ts';

/** The webhook providers Baton receives deliveries from. */
export const IntegrationProvider = z.enum(['github']);
export type IntegrationProvider = z.infer<typeof IntegrationProvider>;

/** Where a product's GitHub deliveries go: the product key names the product, the signature proves the sender. */
export const githubWebhookPath = (productKey: string) => `/api/webhooks/github/${productKey}`;

/** Shared secrets GitHub accepts are any text; shorter than 16 characters would be guessable. */
export const WebhookSecret = token().min(16, 'must be at least 16 characters').max(200, 'must be at most 200 characters');
export const ReleaseBranch = token()
  .min(1, 'is required')
  .max(255, 'is too long')
  .refine(isValidBranchName, 'is not a valid git branch name');

/** What moves a linked item: null leaves its status alone. */
export const GithubStatusMapping = z.strictObject({
  opened: ItemStatus.nullable(),
  merged: ItemStatus.nullable(),
});
export type GithubStatusMapping = z.infer<typeof GithubStatusMapping>;

export const ConfigureGithubInput = z.strictObject({
  productId: Id,
  /** a secret of your own (the one already typed into GitHub); leave out to keep the current one */
  secret: WebhookSecret.optional(),
  /** true: Baton makes a new random secret and answers it once (rotating it) */
  generateSecret: z.boolean().optional(),
  statusMapping: GithubStatusMapping.optional(),
  releaseBranches: z.array(ReleaseBranch).max(20, 'at most 20 release branches').optional(),
});
export type ConfigureGithubInput = z.infer<typeof ConfigureGithubInput>;

/** A product's GitHub settings as anyone may read them: never the secret itself. */
export const GithubIntegration = z.object({
  configured: z.boolean(),
  webhookPath: z.string(),
  secretSetAt: z.date().nullable(),
  statusMapping: GithubStatusMapping,
  releaseBranches: z.array(z.string()),
});
export type GithubIntegration = z.infer<typeof GithubIntegration>;

/** The answer to configure: the settings, and the secret only when this call generated it (shown once). */
export const ConfiguredGithub = GithubIntegration.extend({ newSecret: z.string().nullable() });
export type ConfiguredGithub = z.infer<typeof ConfiguredGithub>;

/** One thing a delivery did (or declined to do) to an item. */
export const DeliveryChange = z.object({
  itemKey: z.string(),
  itemId: z.string().nullable(),
  what: z.enum(['linked', 'link_updated', 'status', 'comment', 'problem', 'skipped']),
  detail: z.string(),
});
export type DeliveryChange = z.infer<typeof DeliveryChange>;

export const WebhookDelivery = z.object({
  id: z.string(),
  provider: z.string(),
  deliveryId: z.string(),
  event: z.string(),
  action: z.string().nullable(),
  headers: z.record(z.string(), z.string()),
  body: z.string(),
  httpStatus: z.number().int(),
  result: z.string(),
  changes: z.array(DeliveryChange),
  replayCount: z.number().int(),
  replayedAt: z.date().nullable(),
  createdAt: z.date(),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const ListDeliveriesInput = z.strictObject({ productId: Id, cursor: Cursor, limit: Limit });
export const DeliveryPage = page(WebhookDelivery);
export const ReplayDeliveryInput = z.strictObject({ productId: Id, deliveryId: Id });

export const IntegrationProblem = z.object({
  id: z.string(),
  provider: z.string(),
  kind: z.enum(['missing_item', 'closed_item']),
  itemKey: z.string(),
  prUrl: z.string(),
  prTitle: z.string(),
  branch: z.string(),
  message: z.string(),
  updatedAt: z.date(),
});
export type IntegrationProblem = z.infer<typeof IntegrationProblem>;
export const ListProblemsInput = ListDeliveriesInput;
export const ProblemPage = page(IntegrationProblem);
