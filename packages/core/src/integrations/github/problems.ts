import { ListProblemsInput, type DeliveryChange, type IntegrationProblem } from '@baton/contracts';
import type { z } from 'zod';
import { requireProductAccess } from '../../access/product-access.ts';
import type { Ctx } from '../../deps.ts';
import type { EventContext } from './event-context.ts';
import type { PullRequestPayload } from './payloads.ts';

type Kind = IntegrationProblem['kind'];

/**
 * Notes a PR that names an item it cannot be about (missing, or already finished), for the integration page. One
 * row per PR, item and kind: a PR pushed ten times is one problem, seen last at its latest push.
 */
export async function recordProblem(ec: EventContext, payload: PullRequestPayload, itemKey: string, kind: Kind, message: string): Promise<DeliveryChange> {
  const pr = payload.pull_request;
  const where = { productId_provider_prUrl_itemKey_kind: { productId: ec.product.id, provider: 'github', prUrl: pr.html_url, itemKey, kind } };
  const fields = { prTitle: pr.title.slice(0, 200), branch: pr.head.ref.slice(0, 255), message };
  await ec.deps.db.integrationProblem.upsert({ where, create: { ...where.productId_provider_prUrl_itemKey_kind, ...fields }, update: fields });
  return { itemKey, itemId: null, what: 'problem', detail: message };
}

const problemSelect = { id: true, provider: true, kind: true, itemKey: true, prUrl: true, prTitle: true, branch: true, message: true, updatedAt: true } as const;

/** A product's integration problems, the most recently seen first: managers and up. */
export async function listIntegrationProblems(ctx: Ctx, raw: z.input<typeof ListProblemsInput>) {
  const input = ListProblemsInput.parse(raw);
  await requireProductAccess(ctx, input.productId, 'configure');
  const rows = await ctx.db.integrationProblem.findMany({
    where: { productId: input.productId },
    orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
    take: input.limit + 1,
    ...(input.cursor && { cursor: { id: input.cursor }, skip: 1 }),
    select: problemSelect,
  });
  const items = rows.slice(0, input.limit).map((r) => ({ ...r, kind: r.kind as Kind }));
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}
