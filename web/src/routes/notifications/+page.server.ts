import { api } from '$lib/server/api';
import { text } from '$lib/server/form-error';
import { currentMe } from '$lib/server/product';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies, url }) => {
  const client = api(cookies);
  const cursor = url.searchParams.get('cursor') || undefined;
  const unreadOnly = url.searchParams.get('filter') === 'unread';
  const [me, page, unread] = await Promise.all([
    currentMe(cookies),
    client.notifications.list.query({ cursor, unreadOnly, limit: 30 }),
    client.notifications.unreadCount.query(),
  ]);
  return { me, page, unread: unread.count, unreadOnly, cursor: cursor ?? null };
};

export const actions: Actions = {
  read: async ({ cookies, request }) => {
    const id = text(await request.formData(), 'id');
    await api(cookies).notifications.markRead.mutate({ ids: [id] });
    return { read: id };
  },
  readAll: async ({ cookies }) => {
    const { count } = await api(cookies).notifications.markAllRead.mutate();
    return { readAll: count };
  },
};
