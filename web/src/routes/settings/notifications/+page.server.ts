import { NotificationKind } from '@baton/contracts';
import { api } from '$lib/server/api';
import { formFailure } from '$lib/server/form-error';
import { currentMe } from '$lib/server/product';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies }) => {
  const client = api(cookies);
  const [me, prefs, unread] = await Promise.all([currentMe(cookies), client.notifications.preferences.query(), client.notifications.unreadCount.query()]);
  return { me, prefs, unread: unread.count };
};

export const actions: Actions = {
  /** Email on or off, and the kinds emailed: an unchecked kind is muted (the bell still shows it). */
  save: async ({ cookies, request }) => {
    const data = await request.formData();
    const emailed = new Set(data.getAll('kind').map(String));
    const prefs = { email: data.get('email') === 'on', mutedKinds: NotificationKind.options.filter((k) => !emailed.has(k)) };
    try {
      await api(cookies).notifications.setPreferences.mutate(prefs);
    } catch (e) {
      return formFailure(e, prefs);
    }
    return { saved: true };
  },
};
