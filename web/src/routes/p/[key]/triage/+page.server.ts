import type { PublicStatus } from '@baton/contracts';
import { readItemKey } from '@baton/contracts/item-key';
import { api } from '$lib/server/api';
import { productForAction } from '$lib/server/product';
import { formFailure, text } from '$lib/server/form-error';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies, url, parent }) => {
  const { product } = await parent();
  const cursor = url.searchParams.get('cursor') || undefined;
  const client = api(cookies);
  const [inbox, settings] = await Promise.all([
    client.triage.list.query({ productId: product.id, cursor }),
    client.roadmapSettings.get.query({ productId: product.id }),
  ]);
  return { inbox, settings, cursor: cursor ?? null };
};

/** Each decision names its submission; failures come back next to that entry. */
export const actions: Actions = {
  accept: async ({ cookies, request, params }) => {
    const product = await productForAction(cookies, params.key);
    const data = await request.formData();
    const submissionId = text(data, 'submissionId');
    try {
      await api(cookies).triage.accept.mutate({ productId: product.id, submissionId, makePublic: text(data, 'makePublic') !== 'no' });
    } catch (e) {
      return formFailure(e, { submissionId });
    }
    return { done: 'Accepted', submissionId };
  },
  merge: async ({ cookies, request, params }) => {
    const product = await productForAction(cookies, params.key);
    const data = await request.formData();
    const submissionId = text(data, 'submissionId');
    // a key as typed (bat-42) or an id, which is case-sensitive
    const into = readItemKey(text(data, 'into')) ?? text(data, 'into').trim();
    try {
      await api(cookies).triage.merge.mutate({
        productId: product.id,
        submissionId,
        into,
        publicReason: text(data, 'publicReason').trim() || undefined,
      });
    } catch (e) {
      return formFailure(e, { submissionId });
    }
    return { done: `Merged into ${into}`, submissionId };
  },
  decline: async ({ cookies, request, params }) => {
    const product = await productForAction(cookies, params.key);
    const data = await request.formData();
    const submissionId = text(data, 'submissionId');
    try {
      await api(cookies).triage.decline.mutate({ productId: product.id, submissionId, publicReason: text(data, 'publicReason') });
    } catch (e) {
      return formFailure(e, { submissionId });
    }
    return { done: 'Declined', submissionId };
  },
  /** the team's public word on any item (empty: follow the work); the API checks the value */
  publicStatus: async ({ cookies, request, params }) => {
    const product = await productForAction(cookies, params.key);
    const data = await request.formData();
    const ref = readItemKey(text(data, 'ref')) ?? text(data, 'ref').trim();
    const publicStatus = (text(data, 'publicStatus') || null) as PublicStatus | null;
    try {
      const r = await api(cookies).triage.setPublicStatus.mutate({ productId: product.id, ref, publicStatus });
      return { done: `${r.key} now reads “${r.shown.replace('_', ' ')}” on the roadmap` };
    } catch (e) {
      return formFailure(e, { publicStatus: true });
    }
  },
};
