import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import type { RequestHandler } from './$types';

/** Opening a notification reads it (notifications.open), then goes to its item, or back to the list without one. */
export const GET: RequestHandler = async ({ cookies, params }) => {
  const n = await api(cookies).notifications.open.mutate({ id: params.id });
  redirect(303, n.item ? `/p/${n.item.productKey}/items/${n.item.key}` : '/notifications');
};
