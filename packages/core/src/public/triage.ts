import {
  formatItemKey,
  TriageAcceptInput,
  TriageDeclineInput,
  TriageListInput,
  TriageMergeInput,
  type SubmissionState,
  type TriageEntry,
} from '@baton/contracts';
import type { z } from 'zod';
import { requireProductAccess } from '../access/product-access.ts';
import { recordActivity, writeTransaction } from '../activity/record-activity.ts';
import type { Ctx, Tx } from '../deps.ts';
import { enqueueEmails, publicBase } from '../email/enqueue-email.ts';
import { badField, DomainError, notFound } from '../errors.ts';
import { changeItemStatus } from '../items/change-status.ts';
import { itemSummarySelect, toItemSummary } from '../items/item-select.ts';
import { resolveItem } from '../items/resolve-item.ts';
import { publicStatusOf } from './public-status.ts';
import { querySimilar, similarityIndex } from './similarity.ts';

/** The triage inbox: a product's pending ideas, oldest first, each with the existing items most like it. */
export async function listTriage(
  ctx: Ctx,
  raw: z.input<typeof TriageListInput>,
): Promise<{ items: TriageEntry[]; nextCursor: string | null }> {
  const input = TriageListInput.parse(raw);
  const { product } = await requireProductAccess(ctx, input.productId, 'read');
  const where = { productId: product.id, state: 'pending' as const, item: { deletedAt: null } };
  const cursorOk = input.cursor ? await ctx.db.submission.findFirst({ where: { ...where, id: input.cursor }, select: { id: true } }) : null;
  if (input.cursor && !cursorOk) return { items: [], nextCursor: null };
  const rows = await ctx.db.submission.findMany({
    where,
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: input.limit + 1,
    ...(cursorOk && { cursor: { id: cursorOk.id }, skip: 1 }),
    select: { id: true, name: true, email: true, createdAt: true, item: { select: { ...itemSummarySelect, description: true } } },
  });
  const more = rows.length > input.limit;
  const index = await similarityIndex(ctx, product.id);
  const items = rows.slice(0, input.limit).map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    createdAt: r.createdAt,
    item: { ...toItemSummary(r.item), description: r.item.description },
    similar: querySimilar(index, `${r.item.title} ${r.item.title} ${r.item.description}`, (d) => d.id !== r.item.id).map(
      ({ doc, score }) => ({
        key: formatItemKey(product.key, doc.number),
        number: doc.number,
        title: doc.title,
        status: publicStatusOf(doc),
        voteCount: doc.voteCount,
        score,
      }),
    ),
  }));
  return { items, nextCursor: more ? items[items.length - 1]!.id : null };
}

/** Locks a pending submission of the product for deciding; decided or foreign ones answer as the rules say. */
async function pendingSubmission(tx: Tx, productId: string, submissionId: string) {
  const rows = await tx.$queryRaw<
    { id: string }[]
  >`SELECT "id" FROM "Submission" WHERE "id" = ${submissionId} AND "productId" = ${productId} FOR UPDATE`;
  if (!rows.length) throw notFound('Submission');
  const s = await tx.submission.findUniqueOrThrow({
    where: { id: submissionId },
    select: {
      id: true,
      state: true,
      email: true,
      name: true,
      item: { select: { id: true, number: true, title: true, status: true } },
      product: { select: { key: true, name: true } },
    },
  });
  if (s.state !== 'pending') throw new DomainError('CONFLICT', `This idea was already ${s.state}`);
  return s;
}

type Decision = { id: string; state: SubmissionState };

/**
 * Accepts an idea: it leaves triage for the open work (public on the roadmap unless asked otherwise), and the
 * submitter is told. Publicly it stays under review: accepting promises a look, not the work; the team says
 * "planned" when it is (setPublicStatus).
 */
export async function acceptSubmission(ctx: Ctx, raw: z.input<typeof TriageAcceptInput>): Promise<Decision> {
  const input = TriageAcceptInput.parse(raw);
  await requireProductAccess(ctx, input.productId, 'write');
  return writeTransaction(ctx, async (tx, emit) => {
    const s = await pendingSubmission(tx, input.productId, input.submissionId);
    const now = ctx.clock();
    await tx.submission.update({ where: { id: s.id }, data: { state: 'accepted', decidedAt: now } });
    if (input.makePublic) await tx.item.update({ where: { id: s.item.id }, data: { visibility: 'public' } });
    // the idea leaves triage by the one status rule (history, events); the submitter gets the acceptance email below
    await changeItemStatus(ctx, tx, emit, {
      itemId: s.item.id,
      productId: input.productId,
      to: 'open',
      publicStatus: 'under_review',
      toldAlready: [s.email],
      triageDecision: true,
    });
    const key = formatItemKey(s.product.key, s.item.number);
    await enqueueEmails(ctx, tx, [
      {
        to: s.email,
        kind: 'status_changed',
        subject: `Your idea was accepted: ${s.item.title}`,
        text: [
          `Hi ${s.name},`,
          '',
          `The ${s.product.name} team accepted your idea "${s.item.title}" (${key}).`,
          ...(input.makePublic
            ? [
                `It is on the public roadmap now, under review, where others can vote for it: ${publicBase(ctx)}/roadmap/${s.product.key}/${s.item.number}`,
              ]
            : []),
          'Accepted means the team will consider it; we will write again when its status changes (planned, in progress, done).',
        ].join('\n'),
      },
    ]);
    emit(
      await recordActivity(ctx, tx, [
        {
          productId: input.productId,
          itemId: s.item.id,
          action: 'triage_accepted',
          ...(input.makePublic && { field: 'visibility', before: 'internal', after: 'public' }),
        },
      ]),
    );
    return { id: s.id, state: 'accepted' as const };
  });
}

/**
 * Merges an idea into an existing item: its votes move over (an email that voted for both keeps one vote), the
 * idea's item is closed as a duplicate, and the submitter is told where to follow it from now on.
 */
export async function mergeSubmission(ctx: Ctx, raw: z.input<typeof TriageMergeInput>): Promise<Decision> {
  const input = TriageMergeInput.parse(raw);
  const target = await resolveItem(ctx, { productId: input.productId, ref: input.into }, 'write');
  return writeTransaction(ctx, async (tx, emit) => {
    const s = await pendingSubmission(tx, input.productId, input.submissionId);
    if (target.id === s.item.id) throw badField('into', 'cannot merge an idea into itself');
    const now = ctx.clock();
    const into = await tx.item.findUniqueOrThrow({ where: { id: target.id }, select: { number: true, title: true, visibility: true } });
    const votes = await tx.vote.findMany({ where: { itemId: s.item.id }, select: { id: true, email: true, verifiedAt: true } });
    const already = new Set(
      (await tx.vote.findMany({ where: { itemId: target.id, email: { in: votes.map((v) => v.email) } }, select: { email: true } })).map(
        (v) => v.email,
      ),
    );
    let moved = 0;
    for (const v of votes) {
      if (already.has(v.email)) continue;
      await tx.vote.update({ where: { id: v.id }, data: { itemId: target.id } });
      if (v.verifiedAt) moved += 1;
    }
    await tx.vote.deleteMany({ where: { itemId: s.item.id } });
    if (moved) await tx.item.update({ where: { id: target.id }, data: { voteCount: { increment: moved } } });
    await tx.item.update({ where: { id: s.item.id }, data: { voteCount: 0 } });
    // the idea's own item closes by the one status rule (history, claims); the submitter gets the merge email below
    await changeItemStatus(ctx, tx, emit, {
      itemId: s.item.id,
      productId: input.productId,
      to: 'closed',
      publicStatus: 'duplicate',
      reason: `merged into ${formatItemKey(s.product.key, into.number)}`,
      toldAlready: [s.email],
      triageDecision: true,
    });
    await tx.itemLink.upsert({
      where: { fromItemId_toItemId_type: { fromItemId: s.item.id, toItemId: target.id, type: 'duplicate_of' } },
      create: { fromItemId: s.item.id, toItemId: target.id, type: 'duplicate_of' },
      update: {},
    });
    await tx.submission.update({
      where: { id: s.id },
      data: { state: 'merged', mergedIntoId: target.id, decidedAt: now, publicReason: input.publicReason ?? null },
    });
    const key = formatItemKey(s.product.key, into.number);
    await enqueueEmails(ctx, tx, [
      {
        to: s.email,
        kind: 'merged',
        subject: `Your idea was merged into "${into.title}"`,
        text: [
          `Hi ${s.name},`,
          '',
          `The ${s.product.name} team merged your idea "${s.item.title}" into "${into.title}" (${key}), which asks for the same thing.`,
          ...(input.publicReason ? ['', input.publicReason] : []),
          ...(into.visibility === 'public' ? ['', `Follow it here: ${publicBase(ctx)}/roadmap/${s.product.key}/${into.number}`] : []),
          'Votes for your idea now count for it, and we will write when it ships.',
        ].join('\n'),
      },
    ]);
    emit(
      await recordActivity(ctx, tx, [
        {
          productId: input.productId,
          itemId: target.id,
          action: 'triage_merged',
          after: { from: formatItemKey(s.product.key, s.item.number), votes: moved },
        },
      ]),
    );
    return { id: s.id, state: 'merged' as const };
  });
}

/** Declines an idea with a reason the submitter sees on their status page and in the email. */
export async function declineSubmission(ctx: Ctx, raw: z.input<typeof TriageDeclineInput>): Promise<Decision> {
  const input = TriageDeclineInput.parse(raw);
  await requireProductAccess(ctx, input.productId, 'write');
  return writeTransaction(ctx, async (tx, emit) => {
    const s = await pendingSubmission(tx, input.productId, input.submissionId);
    const now = ctx.clock();
    await tx.submission.update({ where: { id: s.id }, data: { state: 'declined', decidedAt: now, publicReason: input.publicReason } });
    // the idea's own item closes by the one status rule (history, claims); the submitter gets the decline email below
    await changeItemStatus(ctx, tx, emit, {
      itemId: s.item.id,
      productId: input.productId,
      to: 'wont_fix',
      publicStatus: 'declined',
      reason: input.publicReason,
      toldAlready: [s.email],
      triageDecision: true,
    });
    await enqueueEmails(ctx, tx, [
      {
        to: s.email,
        kind: 'status_changed',
        subject: `About your idea: ${s.item.title}`,
        text: [
          `Hi ${s.name},`,
          '',
          `The ${s.product.name} team decided not to take up your idea "${s.item.title}".`,
          '',
          input.publicReason,
        ].join('\n'),
      },
    ]);
    return { id: s.id, state: 'declined' as const };
  });
}
