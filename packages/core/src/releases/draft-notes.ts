import { DraftNotesInput, type ItemSummary, type ReleaseNotesDraft } from '@baton/contracts';
import type { z } from 'zod';
import { requireProductAccess } from '../access/product-access.ts';
import type { Ctx } from '../deps.ts';
import { itemSummarySelect, toItemSummary } from '../items/item-select.ts';
import { badField } from '../errors.ts';

const SECTIONS: { title: string; has: (i: ItemSummary) => boolean }[] = [
  { title: 'Features', has: (i) => i.type === 'feature' },
  { title: 'Fixes', has: (i) => i.type === 'bug' },
  { title: 'Other', has: (i) => i.type !== 'feature' && i.type !== 'bug' },
];

/** Markdown release notes from done items: grouped into sections, one line per item. */
export function renderReleaseNotes(items: ItemSummary[]): string {
  return SECTIONS.map((s) => ({ s, lines: items.filter(s.has).map((i) => `- ${i.title} (${i.key})`) }))
    .filter(({ lines }) => lines.length)
    .map(({ s, lines }) => `## ${s.title}\n\n${lines.join('\n')}`)
    .join('\n\n');
}

/**
 * A first draft of release notes: the done items of a milestone or sprint, or, with neither, every done item;
 * either way only those no published release shipped yet.
 */
export async function draftReleaseNotes(ctx: Ctx, raw: z.input<typeof DraftNotesInput>): Promise<ReleaseNotesDraft> {
  const input = DraftNotesInput.parse(raw);
  await requireProductAccess(ctx, input.productId, 'read');
  if (
    input.milestoneId &&
    !(await ctx.db.milestone.findFirst({ where: { id: input.milestoneId, productId: input.productId }, select: { id: true } }))
  ) {
    throw badField('milestoneId', 'is not a milestone of this product');
  }
  if (
    input.sprintId &&
    !(await ctx.db.sprint.findFirst({ where: { id: input.sprintId, productId: input.productId }, select: { id: true } }))
  ) {
    throw badField('sprintId', 'is not a sprint of this product');
  }
  const rows = await ctx.db.item.findMany({
    where: {
      productId: input.productId,
      deletedAt: null,
      status: 'done',
      shippedIn: { none: {} },
      ...(input.milestoneId ? { milestoneId: input.milestoneId } : input.sprintId ? { sprintId: input.sprintId } : {}),
    },
    select: itemSummarySelect,
    orderBy: [{ doneAt: 'asc' }, { number: 'asc' }],
    take: 500,
  });
  const items = rows.map(toItemSummary);
  return { markdown: renderReleaseNotes(items), items };
}
