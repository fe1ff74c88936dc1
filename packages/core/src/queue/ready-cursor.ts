import { ItemPriority } from '@baton/contracts';
import type { Prisma } from '@baton/db';
import { DomainError } from '../errors.ts';

type Position = { priority: ItemPriority; createdAt: Date; id: string };

/**
 * Keyset cursor over READY_ORDER: the position of the last item, not its id alone, because ready items leave the
 * queue all the time (claimed, blocked) and a page must still continue after an item that has gone.
 */
export function encodeReadyCursor(at: Position): string {
  return Buffer.from(JSON.stringify([at.priority, at.createdAt.getTime(), at.id])).toString('base64url');
}

/** Items after the cursor's position in READY_ORDER; a malformed cursor is BAD_INPUT naming `cursor`. */
export function afterReadyCursor(cursor: string): Prisma.ItemWhereInput {
  const at = decode(cursor);
  if (!at)
    throw new DomainError('BAD_INPUT', 'cursor: is not a cursor this queue handed out', {
      issues: [{ path: ['cursor'], message: 'is not a cursor this queue handed out' }],
    });
  const later = ItemPriority.options.slice(ItemPriority.options.indexOf(at.priority) + 1);
  return {
    OR: [
      { priority: { in: later } },
      { priority: at.priority, createdAt: { gt: at.createdAt } },
      { priority: at.priority, createdAt: at.createdAt, id: { gt: at.id } },
    ],
  };
}

function decode(cursor: string): Position | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(v) || v.length !== 3) return null;
    const [priority, ms, id] = v as unknown[];
    const p = ItemPriority.safeParse(priority);
    if (!p.success || typeof ms !== 'number' || !Number.isSafeInteger(ms) || Math.abs(ms) > 253_402_300_799_999 || typeof id !== 'string' || id.length > 64) return null;
    return { priority: p.data, createdAt: new Date(ms), id };
  } catch {
    return null;
  }
}
