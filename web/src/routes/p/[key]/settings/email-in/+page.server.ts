import { roleAllows } from '@baton/contracts/roles';
import { api } from '$lib/server/api';
import { productForAction } from '$lib/server/product';
import { formFailure, text } from '$lib/server/form-error';
import type { Actions, PageServerLoad } from './$types';

/** Email in (docs/email-in.md): managers and up turn it on and list the senders allowed to write. */
export const load: PageServerLoad = async ({ cookies, parent }) => {
  const { product } = await parent();
  if (!roleAllows(product.role, 'configure')) return { canEdit: false as const };
  return { canEdit: true as const, settings: await api(cookies).emailInSettings.get.query({ productId: product.id }) };
};

/** One sender a line (commas and spaces also separate), as the textarea is written. */
const senders = (raw: string) => raw.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean);

export const actions: Actions = {
  default: async ({ cookies, request, params }) => {
    const product = await productForAction(cookies, params.key);
    const data = await request.formData();
    const values = { enabled: data.get('enabled') === 'on', allowlist: senders(text(data, 'allowlist')) };
    try {
      return { saved: true, settings: await api(cookies).emailInSettings.update.mutate({ productId: product.id, ...values }) };
    } catch (e) {
      return formFailure(e, { saved: false, settings: values });
    }
  },
};
