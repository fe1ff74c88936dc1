import type { EstimateUnit } from '@baton/contracts';
import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { formFailure, text } from '$lib/server/form-error';
import { productForAction } from '$lib/server/product';
import type { Actions } from './$types';

export const actions: Actions = {
  /**
   * Renames the product, changes its key (a new key moves the page and every item URL to it) and sets the unit its
   * estimates count in.
   */
  save: async ({ request, cookies, params }) => {
    const data = await request.formData();
    const product = await productForAction(cookies, params.key);
    const values = { name: text(data, 'name'), key: text(data, 'key').trim().toUpperCase(), estimateUnit: text(data, 'estimateUnit') };
    let updated;
    try {
      updated = await api(cookies).products.update.mutate({
        productId: product.id,
        name: values.name,
        ...(values.key !== product.key && { key: values.key }),
        // the API refuses anything but points or hours, naming the field
        estimateUnit: values.estimateUnit as EstimateUnit,
      });
    } catch (e) {
      return formFailure(e, values);
    }
    if (updated.key !== params.key) redirect(303, `/p/${updated.key}/settings?saved=1`);
    return { saved: true };
  },
  /** Archives (read-only, out of lists) or unarchives the product; owners and admins. */
  archive: async ({ cookies, params }) => {
    const product = await productForAction(cookies, params.key);
    try {
      await api(cookies).products.archive.mutate({ productId: product.id });
    } catch (e) {
      return formFailure(e, { archiving: true });
    }
    return { archived: true };
  },
  unarchive: async ({ cookies, params }) => {
    const product = await productForAction(cookies, params.key);
    try {
      await api(cookies).products.unarchive.mutate({ productId: product.id });
    } catch (e) {
      return formFailure(e, { archiving: true });
    }
    return { unarchived: true };
  },
  /** Another product in this product's organization; opens it. */
  createProduct: async ({ request, cookies, params }) => {
    const data = await request.formData();
    const product = await productForAction(cookies, params.key);
    const values = { newName: text(data, 'newName'), newKey: text(data, 'newKey') };
    let created;
    try {
      created = await api(cookies).products.create.mutate({ organizationId: product.organizationId, name: values.newName, key: values.newKey });
    } catch (e) {
      const failure = formFailure(e, values);
      const f = failure.data.error.fields;
      failure.data.error.fields = { newName: f.name ?? '', newKey: f.key ?? '' };
      return failure;
    }
    redirect(303, `/p/${created.key}`);
  },
};
