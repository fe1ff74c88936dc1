import { NotificationPreferences } from '@baton/contracts';
import { personOf } from '../access/person.ts';
import type { Ctx, Deps } from '../deps.ts';

const userOf = (ctx: Ctx) => personOf(ctx, 'have notification preferences');

/** The caller's email preferences; without a row, the defaults (every kind emailed). */
export async function getNotificationPreferences(ctx: Ctx): Promise<NotificationPreferences> {
  const row = await ctx.db.notificationPreference.findUnique({
    where: { userId: userOf(ctx) },
    select: { emailOff: true, emailMuted: true },
  });
  return NotificationPreferences.parse({ email: !row?.emailOff, mutedKinds: row?.emailMuted ?? [] });
}

export async function setNotificationPreferences(ctx: Ctx, raw: NotificationPreferences): Promise<NotificationPreferences> {
  const userId = userOf(ctx);
  const input = NotificationPreferences.parse(raw);
  const data = { emailOff: !input.email, emailMuted: [...new Set(input.mutedKinds)] };
  await ctx.db.notificationPreference.upsert({ where: { userId }, create: { userId, ...data }, update: data });
  return getNotificationPreferences(ctx);
}

/** The unsubscribe link of a digest: that person gets no more notification email (the bell goes on). */
export async function unsubscribeFromDigests(deps: Pick<Deps, 'db'>, email: string): Promise<void> {
  const user = await deps.db.user.findUnique({ where: { email }, select: { id: true } });
  if (!user) return;
  await deps.db.notificationPreference.upsert({
    where: { userId: user.id },
    create: { userId: user.id, emailOff: true },
    update: { emailOff: true },
  });
}
