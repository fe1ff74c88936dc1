import { ApiKeyRole, ApiScope } from '@baton/contracts';
import { api } from '$lib/server/api';
import { formFailure, text } from '$lib/server/form-error';
import { productForAction } from '$lib/server/product';
import { roleAllows } from '@baton/contracts/roles';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies, parent }) => {
  const { product } = await parent();
  const canManage = roleAllows(product.role, 'manage_members');
  const keys = canManage ? await api(cookies).apiKeys.list.query({ organizationId: product.organizationId }) : [];
  // newest first; revoked and expired keys stay listed (greyed) so their history is visible
  keys.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  return { keys, canManage };
};

export const actions: Actions = {
  create: async ({ request, cookies, params }) => {
    const data = await request.formData();
    const product = await productForAction(cookies, params.key);
    const scopes = data.getAll('scopes').filter((s): s is string => typeof s === 'string');
    const values = {
      create: true,
      name: text(data, 'name'),
      role: text(data, 'role'),
      scopes,
      scope: text(data, 'scope'),
      expiresAt: text(data, 'expiresAt'),
      requestsPerMinute: text(data, 'requestsPerMinute'),
      claimTtlSeconds: text(data, 'claimTtlSeconds'),
    };
    // empty: the API's default; anything else goes as typed, so a bad number is refused next to its field
    const number = (v: string) => (v.trim() === '' ? undefined : Number(v));
    try {
      const created = await api(cookies).apiKeys.create.mutate({
        organizationId: product.organizationId,
        productId: values.scope === 'organization' ? null : product.id,
        name: values.name,
        role: ApiKeyRole.catch('agent').parse(values.role),
        scopes: scopes.map((s) => ApiScope.catch('read').parse(s)),
        // the key stops working at the end of the chosen day (UTC)
        expiresAt: values.expiresAt ? new Date(`${values.expiresAt}T23:59:59Z`) : null,
        requestsPerMinute: number(values.requestsPerMinute),
        claimTtlSeconds: number(values.claimTtlSeconds) ?? null,
      });
      return { secret: { name: created.key.name, prefix: created.key.prefix, value: created.secret, rotated: false } };
    } catch (e) {
      return formFailure(e, values);
    }
  },
  rotate: async ({ request, cookies }) => {
    const data = await request.formData();
    const values = { keyId: text(data, 'id') };
    try {
      const rotated = await api(cookies).apiKeys.rotate.mutate({ id: values.keyId, overlapSeconds: Number(text(data, 'overlap')) || 0 });
      return { secret: { name: rotated.key.name, prefix: rotated.key.prefix, value: rotated.secret, rotated: true } };
    } catch (e) {
      return formFailure(e, values);
    }
  },
  revoke: async ({ request, cookies }) => {
    const data = await request.formData();
    const values = { keyId: text(data, 'id') };
    try {
      const key = await api(cookies).apiKeys.revoke.mutate({ id: values.keyId });
      return { revoked: key.name };
    } catch (e) {
      return formFailure(e, values);
    }
  },
};
