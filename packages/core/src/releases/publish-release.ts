import { formatItemKey, type Release } from '@baton/contracts';
import { recordActivity, writeTransaction } from '../activity/record-activity.ts';
import type { Ctx, Tx } from '../deps.ts';
import type { ItemEvent } from '../events/bus.ts';
import { enqueueEmails, publicBase, type NewEmail } from '../email/enqueue-email.ts';
import { DomainError } from '../errors.ts';
import { askersOf } from '../public/notify-status-change.ts';
import { releaseSelect, toRelease } from './release-select.ts';
import { requireRelease, snapshotReleaseItems } from './releases.ts';

/**
 * Publishes a release: stamps publishedAt once (a second publish is a CONFLICT), fixes the list of what it shipped
 * (which items were public at this moment; see snapshotReleaseItems), and in the same transaction
 * queues one "shipped" message per person who asked for any of its items. The dedupe key makes the mail
 * idempotent even if two publishes raced past the first check.
 */
export async function publishRelease(ctx: Ctx, input: { id: string }): Promise<Release> {
  const { productId, access } = await requireRelease(ctx, input.id, 'configure');
  await writeTransaction(ctx, (tx, emit) => publishInTransaction(ctx, tx, emit, { id: input.id, productId, product: access.product }));
  return toRelease(await ctx.db.release.findUniqueOrThrow({ where: { id: input.id }, select: releaseSelect }));
}

/** The publish itself, inside the caller's transaction (createRelease publishes in the one that creates). */
export async function publishInTransaction(
  ctx: Ctx,
  tx: Tx,
  emit: (e: ItemEvent[]) => void,
  input: { id: string; productId: string; product: { key: string; name: string } },
): Promise<void> {
  const { productId, product } = input;
  const now = ctx.clock();
  const { count } = await tx.release.updateMany({ where: { id: input.id, publishedAt: null }, data: { publishedAt: now } });
  if (!count) throw new DomainError('CONFLICT', 'This release is already published');
  const release = await tx.release.findUniqueOrThrow({ where: { id: input.id }, select: { name: true, isPublic: true } });
  const items = await tx.item.findMany({
    where: { releaseId: input.id, deletedAt: null },
    select: { id: true, number: true, title: true, submitterEmail: true },
    orderBy: { number: 'asc' },
  });
  await snapshotReleaseItems(
    tx,
    input.id,
    items.map((i) => i.id),
  );
  const key = product.key;
  const base = publicBase(ctx);
  const emails: NewEmail[] = [...(await askersOf(tx, items))].map(([to, shipped]) => ({
    to,
    kind: 'shipped',
    dedupeKey: `shipped:${input.id}:${to}`,
    subject: shipped.length === 1 ? `Shipped: ${shipped[0]!.title}` : `Shipped in ${release.name}: ${shipped.length} ideas you asked for`,
    text: [
      `Good news: ${product.name} ${release.name} is out, with what you asked for:`,
      '',
      ...shipped.map((i) => `- ${i.title} (${formatItemKey(key, i.number)})`),
      ...(release.isPublic ? ['', `Release notes: ${base}/changelog/${key}`] : []),
    ].join('\n'),
  }));
  await enqueueEmails(ctx, tx, emails);
  emit(
    await recordActivity(ctx, tx, [
      { productId, itemId: null, action: 'release_published', after: { id: input.id, name: release.name } },
      ...items.map((i) => ({ productId, itemId: i.id, action: 'shipped', after: { release: release.name } })),
    ]),
  );
}
