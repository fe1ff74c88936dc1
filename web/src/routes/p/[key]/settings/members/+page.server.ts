import type { MemberRole } from '@baton/contracts';
import { api } from '$lib/server/api';
import { formFailure, text } from '$lib/server/form-error';
import { productForAction } from '$lib/server/product';
import { roleAllows } from '@baton/contracts/roles';
import type { Actions, PageServerLoad } from './$types';

const PAGE_SIZE = 50;

export const load: PageServerLoad = async ({ cookies, url, parent }) => {
  const { product } = await parent();
  const client = api(cookies);
  const cursor = url.searchParams.get('cursor') || undefined;
  const canManage = roleAllows(product.role, 'manage_members');
  const [members, invitations] = await Promise.all([
    client.members.list.query({ organizationId: product.organizationId, cursor, limit: PAGE_SIZE }),
    canManage ? client.invitations.list.query({ organizationId: product.organizationId }) : null,
  ]);
  return { members, invitations, cursor: cursor ?? null, canManage };
};

const role = (data: FormData) => text(data, 'role') as MemberRole;

export const actions: Actions = {
  setRole: async ({ request, cookies, params }) => {
    const data = await request.formData();
    const { organizationId } = await productForAction(cookies, params.key);
    const values = { userId: text(data, 'userId'), role: text(data, 'role') };
    try {
      const m = await api(cookies).members.setRole.mutate({ organizationId, userId: values.userId, role: role(data) });
      return { updated: m.name, newRole: m.role };
    } catch (e) {
      return formFailure(e, values);
    }
  },
  remove: async ({ request, cookies, params }) => {
    const data = await request.formData();
    const { organizationId } = await productForAction(cookies, params.key);
    const values = { userId: text(data, 'userId'), role: '' };
    try {
      await api(cookies).members.remove.mutate({ organizationId, userId: values.userId });
      return { removed: text(data, 'name') };
    } catch (e) {
      return formFailure(e, values);
    }
  },
  invite: async ({ request, cookies, params, url }) => {
    const data = await request.formData();
    const { organizationId } = await productForAction(cookies, params.key);
    const values = { invite: true, email: text(data, 'email'), role: text(data, 'role'), days: text(data, 'days') };
    try {
      const created = await api(cookies).invitations.create.mutate({ organizationId, email: values.email, role: role(data), expiresInDays: Number(values.days) || undefined });
      // the link is shown once: only its hash is stored
      return { invited: { email: created.invitation.email, role: created.invitation.role, link: new URL(created.path, url.origin).href } };
    } catch (e) {
      return formFailure(e, values);
    }
  },
  revoke: async ({ request, cookies, params }) => {
    const data = await request.formData();
    const { organizationId } = await productForAction(cookies, params.key);
    const values = { invitationId: text(data, 'invitationId') };
    try {
      await api(cookies).invitations.revoke.mutate({ organizationId, invitationId: values.invitationId });
      return { revoked: text(data, 'email') };
    } catch (e) {
      return formFailure(e, values);
    }
  },
};
