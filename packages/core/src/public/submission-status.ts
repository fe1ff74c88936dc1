import { formatItemKey, PUBLIC_STATUS_LABEL, type PublicStatus, type SubmissionStatus } from '@baton/contracts';
import { hashToken } from '../auth/tokens.ts';
import type { Deps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { readPublicSettings } from './public-product.ts';
import { publicStatusOf } from './public-status.ts';

const publicWord = (s: PublicStatus) => PUBLIC_STATUS_LABEL[s].toLowerCase();
/**
 * A history line in public words: the team's public status as set, and of the internal status only the moves the
 * public status follows (in progress, done); other internal moves say nothing the team has not said publicly.
 */
function historyLabel(e: { action: string; field: string | null; after: unknown }): string | null {
  if (e.action === 'shipped') return `Shipped in ${(e.after as { release?: string } | null)?.release ?? 'a release'}`;
  const after = String(e.after && typeof e.after === 'object' ? (e.after as { status?: unknown }).status : e.after);
  if (e.field === 'publicStatus' && Object.hasOwn(PUBLIC_STATUS_LABEL, after))
    return `Status changed to ${publicWord(after as PublicStatus)}`;
  if (e.field === 'status' && (after === 'in_progress' || after === 'done')) return `Status changed to ${publicWord(after)}`;
  return null;
}

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
        select: {
          id: true,
          number: true,
          title: true,
          description: true,
          type: true,
          status: true,
          publicStatus: true,
          visibility: true,
          deletedAt: true,
        },
      },
      mergedInto: { select: { id: true, number: true, title: true, status: true, publicStatus: true, visibility: true, deletedAt: true } },
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
        OR: [{ field: { in: ['status', 'publicStatus'] } }, { action: 'shipped' }],
        ...(s.decidedAt && { createdAt: { gte: s.decidedAt } }),
      },
      orderBy: { seq: 'asc' },
      take: 50,
      select: { action: true, field: true, after: true, createdAt: true },
    });
    for (const e of events) {
      const label = historyLabel(e);
      if (label) history.push({ at: e.createdAt, label });
    }
  }
  return {
    product: { key, name: s.product.name },
    title: s.item.title,
    description: s.item.description,
    type: s.item.type,
    state: s.state,
    status: publicStatusOf(s.state === 'merged' ? { status: s.item.status, publicStatus: 'duplicate' } : (followed ?? s.item)),
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
