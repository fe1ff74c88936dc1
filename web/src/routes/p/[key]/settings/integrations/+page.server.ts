import { Forge, type ItemStatus } from '@baton/contracts';
import { roleAllows } from '@baton/contracts/roles';
import { api } from '$lib/server/api';
import { formAction } from '$lib/server/form-action';
import { text } from '$lib/server/form-error';
import { productForAction } from '$lib/server/product';
import type { Actions, PageServerLoad } from './$types';

/** Deliveries and problems shown per page; older ones are a click on "Older" away (cursor in the URL). */
const PAGE = 20;

export const load: PageServerLoad = async ({ cookies, parent, url }) => {
  const { product } = await parent();
  if (!roleAllows(product.role, 'configure')) return { canEdit: false as const };
  const client = api(cookies);
  const after = url.searchParams.get('after') ?? undefined;
  // one forge's settings at a time (?forge=gitea): the deliveries and problems below are all forges'
  const forge = Forge.catch('github').parse(url.searchParams.get('forge') ?? 'github');
  const [settings, deliveries, problems] = await Promise.all([
    client.integrations[forge].get.query({ productId: product.id }),
    client.integrations.deliveries.query({ productId: product.id, limit: PAGE, ...(after && { cursor: after }) }),
    client.integrations.problems.query({ productId: product.id, limit: PAGE }),
  ]);
  return { canEdit: true as const, forge, settings, deliveries, problems, webhookUrl: `${url.origin}${settings.webhookPath}` };
};

/** A status select: '' moves nothing. */
const statusOf = (data: FormData, name: string) => (text(data, name) || null) as ItemStatus | null;
const fieldsOf = (data: FormData) => ({
  secret: text(data, 'secret'),
  opened: text(data, 'opened'),
  merged: text(data, 'merged'),
  releaseBranches: text(data, 'releaseBranches'),
});

export const actions: Actions = {
  /** Saves one forge's mapping and release branches; a typed secret replaces the old one, "Generate" makes a new one. */
  configure: formAction(
    (data) => ({ form: 'configure', values: { ...fieldsOf(data), secret: '' } }),
    async (data, { cookies, params }) => {
      const product = await productForAction(cookies, params.key);
      const forge = Forge.parse(text(data, 'forge') || 'github');
      const secret = text(data, 'secret');
      const generateSecret = data.get('intent') === 'generate';
      const releaseBranches = text(data, 'releaseBranches')
        .split(/[\n,]/)
        .map((b) => b.trim())
        .filter(Boolean);
      const saved = await api(cookies).integrations[forge].configure.mutate({
        productId: product.id,
        ...(secret && !generateSecret && { secret }),
        ...(generateSecret && { generateSecret: true }),
        statusMapping: { opened: statusOf(data, 'opened'), merged: statusOf(data, 'merged') },
        releaseBranches,
      });
      return { form: 'configure', saved: true, forge, newSecret: saved.newSecret };
    },
  ),
  replay: formAction(
    (data) => ({ form: 'replay', values: { deliveryId: text(data, 'deliveryId') } }),
    async (data, { cookies, params }) => {
      const product = await productForAction(cookies, params.key);
      const delivery = await api(cookies).integrations.replay.mutate({ productId: product.id, deliveryId: text(data, 'deliveryId') });
      return { form: 'replay', replayed: delivery.id, result: delivery.result };
    },
  ),
};
