import { WebhookEventType } from '@baton/contracts';
import { roleAllows } from '@baton/contracts/roles';
import { api } from '$lib/server/api';
import { formAction } from '$lib/server/form-action';
import { text } from '$lib/server/form-error';
import { productForAction } from '$lib/server/product';
import type { Actions, PageServerLoad } from './$types';

/** Deliveries shown per page of the log; older ones are a click on "Older" away (cursor in the URL). */
const PAGE = 20;

/** The product's webhooks, and the delivery log of the one chosen in the URL (?hook=, else the first). */
export const load: PageServerLoad = async ({ cookies, parent, url }) => {
  const { product } = await parent();
  if (!roleAllows(product.role, 'configure')) return { canEdit: false as const };
  const client = api(cookies);
  const hooks = (await client.webhooks.list.query({ productId: product.id, limit: 100 })).items;
  const chosen = hooks.find((h) => h.id === url.searchParams.get('hook')) ?? hooks[0] ?? null;
  const after = url.searchParams.get('after') ?? undefined;
  const deliveries = chosen ? await client.webhooks.deliveries.query({ productId: product.id, id: chosen.id, limit: PAGE, ...(after && { cursor: after }) }) : null;
  return { canEdit: true as const, hooks, chosen, deliveries, eventTypes: WebhookEventType.options };
};

const events = (data: FormData) => data.getAll('events').filter((e): e is string => typeof e === 'string') as WebhookEventType[];
const hookId = (data: FormData) => ({ hookId: text(data, 'id') });

export const actions: Actions = {
  create: formAction(
    (data) => ({ form: 'create', values: { url: text(data, 'url'), description: text(data, 'description'), events: events(data) } }),
    async (data, { cookies, params }) => {
      const product = await productForAction(cookies, params.key);
      const hook = await api(cookies).webhooks.create.mutate({ productId: product.id, url: text(data, 'url'), description: text(data, 'description'), events: events(data) });
      return { form: 'create', secret: { url: hook.url, value: hook.secret ?? '', rotated: false } };
    },
  ),
  edit: formAction(
    (data) => ({ form: 'edit', ...hookId(data) }),
    async (data, { cookies, params }) => {
      const product = await productForAction(cookies, params.key);
      await api(cookies).webhooks.update.mutate({ productId: product.id, id: text(data, 'id'), url: text(data, 'url'), events: events(data) });
      return { form: 'edit', ...hookId(data), saved: true };
    },
  ),
  /** On or off: turning a disabled webhook back on starts its failing streak over. */
  toggle: formAction(
    (data) => ({ form: 'toggle', ...hookId(data) }),
    async (data, { cookies, params }) => {
      const product = await productForAction(cookies, params.key);
      const hook = await api(cookies).webhooks.update.mutate({ productId: product.id, id: text(data, 'id'), enabled: text(data, 'enabled') === 'true' });
      return { form: 'toggle', ...hookId(data), enabled: hook.enabled };
    },
  ),
  rotate: formAction(
    (data) => ({ form: 'rotate', ...hookId(data) }),
    async (data, { cookies, params }) => {
      const product = await productForAction(cookies, params.key);
      const hook = await api(cookies).webhooks.update.mutate({ productId: product.id, id: text(data, 'id'), rotateSecret: { overlapHours: Number(text(data, 'overlapHours')) || 0 } });
      return { form: 'rotate', secret: { url: hook.url, value: hook.secret ?? '', rotated: true } };
    },
  ),
  delete: formAction(
    (data) => ({ form: 'delete', ...hookId(data) }),
    async (data, { cookies, params }) => {
      const product = await productForAction(cookies, params.key);
      await api(cookies).webhooks.delete.mutate({ productId: product.id, id: text(data, 'id') });
      return { form: 'delete', deleted: text(data, 'url') };
    },
  ),
  test: formAction(
    (data) => ({ form: 'test', ...hookId(data) }),
    async (data, { cookies, params }) => {
      const product = await productForAction(cookies, params.key);
      const sent = await api(cookies).webhooks.test.mutate({ productId: product.id, id: text(data, 'id') });
      return { form: 'test', ...hookId(data), outcome: { status: sent.status, answer: sent.attempts[0] ?? null } };
    },
  ),
  redeliver: formAction(
    (data) => ({ form: 'redeliver', deliveryId: text(data, 'deliveryId') }),
    async (data, { cookies, params }) => {
      const product = await productForAction(cookies, params.key);
      const sent = await api(cookies).webhooks.redeliver.mutate({ productId: product.id, deliveryId: text(data, 'deliveryId') });
      return { form: 'redeliver', deliveryId: sent.id, outcome: { status: sent.status, answer: sent.attempts[0] ?? null } };
    },
  ),
};
