import type { Tx } from '../deps.ts';

/** `@handle` where the handle is the part of a member's email before the @ (dev@baton.dev is @dev). */
const MENTION = /(?<![\w@.])@([a-z0-9][a-z0-9._+-]{0,63})/gi;
/** A comment naming the whole team one by one is not a reason to write hundreds of rows. */
const MAX_MENTIONS = 20;

export function mentionedHandles(body: string): string[] {
  // code spans and blocks are quoted text, not mentions
  const prose = body.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  const handles = [...prose.matchAll(MENTION)].map((m) => m[1]!.toLowerCase().replace(/[._-]+$/, ''));
  return [...new Set(handles)].slice(0, MAX_MENTIONS);
}

/** Handles in `after` that `before` did not have yet: editing a description re-mentions nobody. */
export function newlyMentioned(after: string, before: string): string[] {
  const had = new Set(mentionedHandles(before));
  return mentionedHandles(after).filter((h) => !had.has(h));
}

/** The organization's members the handles name (anyone else is not a mention: it cannot see the item). */
export async function membersByHandle(tx: Tx, organizationId: string, handles: string[]): Promise<string[]> {
  if (handles.length === 0) return [];
  const members = await tx.membership.findMany({
    where: { organizationId, OR: handles.map((h) => ({ user: { email: { startsWith: `${h}@`, mode: 'insensitive' as const } } })) },
    select: { userId: true },
  });
  return [...new Set(members.map((m) => m.userId))];
}
