import { ListProblemsInput, type DeliveryChange, type IntegrationProblem } from '@baton/contracts';
import type { z } from 'zod';
import { requireProductAccess } from '../../access/product-access.ts';
import type { Ctx } from '../../deps.ts';
import type { EventContext } from './event-context.ts';
import type { PullRequestEvent } from './forge-event.ts';
import { afterCursor, mappedPage } from '../../pagination.ts';

type Kind = IntegrationProblem['kind'];

/**
 * Notes a PR that names an item it cannot be about (missing, or already finished), for the integration page. One
 * row per PR, item and kind: a PR pushed ten times is one problem, seen last at its latest push.
 */
export async function recordProblem(ec: EventContext, payload: PullRequestEvent, itemKey: string, kind: Kind, message: string): Promise<DeliveryChange> {
  const pr = payload.pull_request;
  const where = { productId_provider_prUrl_itemKey_kind: { productId: ec.product.id, provider: ec.forge, prUrl: pr.html_url, itemKey, kind } };
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
    ...afterCursor(input.cursor),
    select: problemSelect,
  });
  return mappedPage(rows, input.limit, (r) => ({ ...r, kind: r.kind as Kind }));
}
