import { formatItemKey, type SubmissionStatus } from '@baton/contracts';
import { hashToken } from '../auth/tokens.ts';
import type { Deps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { readPublicSettings, toPublicStatus } from './public-product.ts';

const statusLabel = (after: unknown) =>
  `Status changed to ${String(after && typeof after === 'object' ? (after as { status?: unknown }).status : after).replace('_', ' ')}`;

/** `/submissions/<token>`: the idea's state and history for its submitter, without an account. */
export async function submissionStatus(deps: Pick<Deps, 'db'>, token: string): Promise<SubmissionStatus> {
  const s = await deps.db.submission.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      state: true,
      publicReason: true,
      decidedAt: true,
      createdAt: true,
      product: { select: { key: true, name: true, publicSettings: true } },
      item: {
        select: { id: true, number: true, title: true, description: true, type: true, status: true, visibility: true, deletedAt: true },
      },
      mergedInto: { select: { id: true, number: true, title: true, status: true, visibility: true, deletedAt: true } },
    },
  });
  if (!s) throw notFound('Submission');
  const { key } = s.product;
  const followed = s.state === 'merged' && s.mergedInto && !s.mergedInto.deletedAt ? s.mergedInto : s.item.deletedAt ? null : s.item;
  const enabled = readPublicSettings(s.product.publicSettings).enabled;
  const history: SubmissionStatus['history'] = [{ at: s.createdAt, label: 'Submitted' }];
  if (s.decidedAt) {
    const what = {
      pending: 'Submitted',
      accepted: 'Accepted by the team',
      merged: `Merged into ${s.mergedInto ? formatItemKey(key, s.mergedInto.number) : 'another item'}`,
      declined: 'Declined',
    }[s.state];
    history.push({ at: s.decidedAt, label: what });
  }
  if (followed) {
    const events = await deps.db.activityEvent.findMany({
      where: {
        itemId: followed.id,
        OR: [{ field: 'status' }, { action: 'shipped' }],
        ...(s.decidedAt && { createdAt: { gte: s.decidedAt } }),
      },
      orderBy: { seq: 'asc' },
      take: 50,
      select: { action: true, field: true, after: true, createdAt: true },
    });
    for (const e of events) {
      const label =
        e.action === 'shipped' ? `Shipped in ${(e.after as { release?: string } | null)?.release ?? 'a release'}` : statusLabel(e.after);
      history.push({ at: e.createdAt, label });
    }
  }
  return {
    product: { key, name: s.product.name },
    title: s.item.title,
    description: s.item.description,
    type: s.item.type,
    state: s.state,
    status: toPublicStatus(followed?.status ?? s.item.status),
    publicReason: s.publicReason,
    item: followed
      ? {
          key: formatItemKey(key, followed.number),
          number: followed.number,
          title: followed.title,
          isPublic: enabled && followed.visibility === 'public',
        }
      : null,
    history,
    createdAt: s.createdAt,
  };
}
