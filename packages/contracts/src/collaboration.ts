import { z } from 'zod';
import { line } from './text.ts';
import { Cursor, Id, Limit, page } from './common.ts';
import { ItemRef } from './items.ts';

/** GitHub's reaction set: a short fixed list keeps counts readable and the picker one row. */
export const REACTION_EMOJI = ['👍', '👎', '😄', '🎉', '😕', '❤️', '🚀', '👀'] as const;
export const ReactionEmoji = z.enum(REACTION_EMOJI);
export type ReactionEmoji = z.infer<typeof ReactionEmoji>;

export const ReactionSummary = z.object({
  commentId: z.string(),
  emoji: ReactionEmoji,
  count: z.number().int(),
  /** who reacted, oldest first (names only) */
  users: z.array(z.string()),
  mine: z.boolean(),
});
export type ReactionSummary = z.infer<typeof ReactionSummary>;
export const ToggleReactionInput = z.strictObject({ productId: Id, commentId: Id, emoji: ReactionEmoji });

export const Notification = z.object({
  id: z.string(),
  kind: z.string(),
  body: z.string(),
  item: z.object({ id: z.string(), key: z.string(), title: z.string(), productKey: z.string() }).nullable(),
  readAt: z.date().nullable(),
  createdAt: z.date(),
});
export type Notification = z.infer<typeof Notification>;
export const NotificationPage = page(Notification);
export const ListNotificationsInput = z.strictObject({ unreadOnly: z.boolean().default(false), cursor: Cursor, limit: Limit });
export type ListNotificationsInput = z.input<typeof ListNotificationsInput>;
/** What a notification tells (core/notifications/raise-notifications.ts holds the rules). */
export const NotificationKind = z.enum(['assigned', 'status_changed', 'commented', 'mention', 'unblocked']);
export type NotificationKind = z.infer<typeof NotificationKind>;
/** A person's notification email: on or off, and the kinds left out of it (the bell shows every kind). */
export const NotificationPreferences = z.strictObject({ email: z.boolean(), mutedKinds: z.array(NotificationKind).max(5) });
export type NotificationPreferences = z.infer<typeof NotificationPreferences>;

export const TimeEntry = z.object({
  id: z.string(),
  minutes: z.number().int(),
  note: z.string(),
  user: z.object({ id: z.string(), name: z.string() }),
  createdAt: z.date(),
});
export type TimeEntry = z.infer<typeof TimeEntry>;
export const AddTimeEntryInput = ItemRef.extend({
  minutes: z.number().int('must be whole minutes').min(1, 'must be at least 1 minute').max(24 * 60, 'must be at most 24 hours'),
  note: line().max(500, 'is longer than 500 characters').default(''),
});
export type AddTimeEntryInput = z.input<typeof AddTimeEntryInput>;
export const TimeEntryPage = page(TimeEntry).extend({ totalMinutes: z.number().int() });

export const Attachment = z.object({
  id: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  uploader: z.object({ id: z.string(), name: z.string() }).nullable(),
  createdAt: z.date(),
});
export type Attachment = z.infer<typeof Attachment>;

/** Uploads: 25 MB, and only types that browsers never run (no HTML, SVG, scripts or executables). */
export const ATTACHMENT_MAX_BYTES = 25 * 1024 * 1024;
export const ATTACHMENT_TYPES: Record<string, readonly string[]> = {
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'application/pdf': ['pdf'],
  'text/plain': ['txt', 'log', 'md'],
  'text/csv': ['csv'],
  'application/json': ['json'],
  'application/zip': ['zip'],
};

export const ChecklistMoveInput = ItemRef.extend({ entryId: Id, toIndex: z.number().int().min(0).max(500) });
