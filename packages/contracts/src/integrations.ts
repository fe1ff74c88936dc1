import { z } from 'zod';
import { Cursor, Id, Limit, page } from './common.ts';
import { ItemStatus } from './enums.ts';
import { isValidBranchName } from './branch-name.ts';
import { token } from './text.ts';

/** The forges Baton receives pull request deliveries from (docs/forges.md). */
export const Forge = z.enum(['github', 'gitea', 'gitlab']);
export type Forge = z.infer<typeof Forge>;
/** A forge's name as people write it: the system actor of its changes, and the settings page's headings. */
export const forgeName: Record<Forge, string> = { github: 'GitHub', gitea: 'Gitea', gitlab: 'GitLab' };

/** Where a product's deliveries from a forge go: the product key names the product, the secret proves the sender. */
export const forgeWebhookPath = (forge: Forge, productKey: string) => `/api/webhooks/${forge}/${productKey}`;

/** Shared secrets forges accept are any text; shorter than 16 characters would be guessable. */
export const WebhookSecret = token().min(16, 'must be at least 16 characters').max(200, 'must be at most 200 characters');
export const ReleaseBranch = token()
  .min(1, 'is required')
  .max(255, 'is too long')
  .refine(isValidBranchName, 'is not a valid git branch name');

/** What moves a linked item: null leaves its status alone. */
export const ForgeStatusMapping = z.strictObject({
  opened: ItemStatus.nullable(),
  merged: ItemStatus.nullable(),
});
export type ForgeStatusMapping = z.infer<typeof ForgeStatusMapping>;

export const ConfigureForgeInput = z.strictObject({
  productId: Id,
  /** a secret of your own (the one already typed into the forge); leave out to keep the current one */
  secret: WebhookSecret.optional(),
  /** true: Baton makes a new random secret and answers it once (rotating it) */
  generateSecret: z.boolean().optional(),
  statusMapping: ForgeStatusMapping.optional(),
  releaseBranches: z.array(ReleaseBranch).max(20, 'at most 20 release branches').optional(),
});
export type ConfigureForgeInput = z.infer<typeof ConfigureForgeInput>;

/** A product's settings for one forge as its managers read them: never the secret itself. */
export const ForgeIntegration = z.object({
  forge: Forge,
  configured: z.boolean(),
  webhookPath: z.string(),
  secretSetAt: z.date().nullable(),
  statusMapping: ForgeStatusMapping,
  releaseBranches: z.array(z.string()),
});
export type ForgeIntegration = z.infer<typeof ForgeIntegration>;

/** The answer to configure: the settings, and the secret only when this call generated it (shown once). */
export const ConfiguredForge = ForgeIntegration.extend({ newSecret: z.string().nullable() });
export type ConfiguredForge = z.infer<typeof ConfiguredForge>;

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
