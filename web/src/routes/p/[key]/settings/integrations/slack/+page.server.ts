import { SlackResponseType, WebhookEventType } from '@baton/contracts';
import { roleAllows } from '@baton/contracts/roles';
import { api } from '$lib/server/api';
import { formAction } from '$lib/server/form-action';
import { text } from '$lib/server/form-error';
import { productForAction } from '$lib/server/product';
import type { Actions, PageServerLoad } from './$types';

/** Deliveries shown per page of the log; older ones are a click on "Older" away (cursor in the URL). */
const PAGE = 20;

/** The product's Slack settings (never a secret) and the log of its Slack messages. */
export const load: PageServerLoad = async ({ cookies, parent, url }) => {
  const { product } = await parent();
  if (!roleAllows(product.role, 'configure')) return { canEdit: false as const };
  const client = api(cookies);
  const slack = await client.integrations.slack.get.query({ productId: product.id });
  const after = url.searchParams.get('after') ?? undefined;
  const deliveries = slack.destination
    ? await client.integrations.slack.deliveries.query({ productId: product.id, limit: PAGE, ...(after && { cursor: after }) })
    : null;
  return {
    canEdit: true as const,
    slack,
    deliveries,
    commandUrl: `${url.origin}${slack.commandPath}`,
    eventTypes: WebhookEventType.options,
  };
};

const events = (data: FormData) => data.getAll('events').filter((e): e is string => typeof e === 'string') as WebhookEventType[];

export const actions: Actions = {
  /** Saves what was typed: a blank secret or URL keeps the one saved (neither is ever shown again). */
  configure: formAction(
    (data) => ({ form: 'configure', values: { events: events(data), responseType: text(data, 'responseType') } }),
    async (data, { cookies, params }) => {
      const product = await productForAction(cookies, params.key);
      const signingSecret = text(data, 'signingSecret');
      const webhookUrl = text(data, 'webhookUrl');
      const chosen = events(data);
      // events go with a channel: one saved already, or the URL typed now
      const withChannel = data.get('hasChannel') === 'true' || !!webhookUrl;
      await api(cookies).integrations.slack.configure.mutate({
        productId: product.id,
        ...(signingSecret && { signingSecret }),
        ...(webhookUrl && { webhookUrl }),
        ...(withChannel && { events: chosen }),
        responseType: SlackResponseType.parse(text(data, 'responseType') || 'ephemeral'),
      });
      return { form: 'configure', saved: true };
    },
  ),
  /** On or off: turning messages Baton turned off back on starts their failing streak over. */
  toggle: formAction(
    () => ({ form: 'toggle' }),
    async (data, { cookies, params }) => {
      const product = await productForAction(cookies, params.key);
      const saved = await api(cookies).integrations.slack.configure.mutate({
        productId: product.id,
        enabled: text(data, 'enabled') === 'true',
      });
      return { form: 'toggle', enabled: saved.destination?.enabled ?? false };
    },
  ),
  /** Removes the messages (the channel's URL and log) or the slash command (its signing secret). */
  remove: formAction(
    () => ({ form: 'remove' }),
    async (data, { cookies, params }) => {
      const product = await productForAction(cookies, params.key);
      const what = text(data, 'what') === 'command' ? 'command' : 'messages';
      await api(cookies).integrations.slack.configure.mutate({
        productId: product.id,
        ...(what === 'command' ? { signingSecret: null } : { webhookUrl: null }),
      });
      return { form: 'remove', removed: what };
    },
  ),
  test: formAction(
    () => ({ form: 'test' }),
    async (_data, { cookies, params }) => {
      const product = await productForAction(cookies, params.key);
      const sent = await api(cookies).integrations.slack.test.mutate({ productId: product.id });
      return { form: 'test', outcome: { status: sent.status, answer: sent.attempts[0] ?? null } };
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
