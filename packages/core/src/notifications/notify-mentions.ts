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

/**
 * Notifies the organization's members mentioned in a comment (never the author), inside the comment's
 * transaction. Returns the user ids notified.
 */
export async function notifyMentions(
  tx: Tx,
  input: { organizationId: string; itemId: string; itemKey: string; authorUserId: string | null; authorName: string; body: string },
): Promise<string[]> {
  const handles = mentionedHandles(input.body);
  if (handles.length === 0) return [];
  const members = await tx.membership.findMany({
    where: { organizationId: input.organizationId, OR: handles.map((h) => ({ user: { email: { startsWith: `${h}@`, mode: 'insensitive' as const } } })) },
    select: { userId: true },
  });
  const userIds = [...new Set(members.map((m) => m.userId))].filter((id) => id !== input.authorUserId);
  if (userIds.length === 0) return [];
  await tx.notification.createMany({
    data: userIds.map((userId) => ({ userId, kind: 'mention', itemId: input.itemId, body: `${input.authorName} mentioned you on ${input.itemKey}` })),
  });
  return userIds;
}
