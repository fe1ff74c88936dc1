import { errorOf } from '@baton/client';
import { error, redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { text } from '$lib/server/form-error';
import { formAction } from '$lib/server/form-action';
import { productForAction } from '$lib/server/product';
import { renderPublicMarkdown } from '$lib/server/markdown';
import type { Actions, PageServerLoad } from './$types';

/** `source` picks what to draft from: `milestone:<id>` or `sprint:<id>`. */
function parseSource(v: string | null): { milestoneId: string } | { sprintId: string } | null {
  const m = /^(milestone|sprint):(.{1,64})$/.exec(v ?? '');
  if (!m) return null;
  return m[1] === 'milestone' ? { milestoneId: m[2]! } : { sprintId: m[2]! };
}

export const load: PageServerLoad = async ({ cookies, url, parent }) => {
  const { product } = await parent();
  const client = api(cookies);
  const sourceParam = url.searchParams.get('source');
  const source = parseSource(sourceParam);
  const releaseId = url.searchParams.get('release');
  const [milestones, sprints, releases] = await Promise.all([
    client.milestones.list.query({ productId: product.id, limit: 100 }),
    client.sprints.list.query({ productId: product.id, limit: 100 }),
    client.releases.list.query({ productId: product.id, limit: 50, cursor: url.searchParams.get('cursor') || undefined }),
  ]);
  let draft = null;
  if (source) {
    try {
      const notes = await client.releases.draftNotes.query({ productId: product.id, ...source });
      const from = 'milestoneId' in source ? milestones.items.find((m) => m.id === source.milestoneId) : sprints.items.find((s) => s.id === source.sprintId);
      draft = { markdown: notes.markdown, itemIds: notes.items.map((i) => i.id), name: from?.name ?? '' };
    } catch (e) {
      // a source from another product (or made up) is refused like a missing one
      const code = errorOf(e)?.code;
      if (code !== 'NOT_FOUND' && code !== 'BAD_INPUT') throw e;
      error(404, 'No such milestone or sprint');
    }
  }
  let release = null;
  if (releaseId) {
    try {
      const r = await client.releases.get.query({ id: releaseId });
      release = { ...r, html: renderPublicMarkdown(r.notes) };
    } catch (e) {
      if (errorOf(e)?.code !== 'NOT_FOUND') throw e;
      error(404, 'No such release');
    }
  }
  return {
    source: source ? sourceParam : null,
    milestones: milestones.items.map((m) => ({ id: m.id, name: m.name, closed: m.closedAt !== null })),
    sprints: sprints.items.map((s) => ({ id: s.id, name: s.name, closed: s.closedAt !== null })),
    releases: releases.items,
    nextCursor: releases.nextCursor,
    draft,
    release,
  };
};

const fieldsOf = (data: FormData) => ({ name: text(data, 'name'), notes: text(data, 'notes'), isPublic: data.get('isPublic') === 'on' });

export const actions: Actions = {
  /** Saves the edited draft as a release of the URL's product; with `publish`, publishes it in the same call. */
  create: formAction(
    (data) => ({ form: 'create', values: fieldsOf(data) }),
    async (data, { cookies, params }) => {
      const product = await productForAction(cookies, params.key);
      const itemIds = data.getAll('itemId').map(String);
      const created = await api(cookies).releases.create.mutate({ productId: product.id, ...fieldsOf(data), itemIds, publish: data.get('publish') === 'true' });
      redirect(303, `/p/${params.key}/releases?release=${created.id}`);
    },
  ),
  update: formAction(
    (data) => ({ form: 'update', values: fieldsOf(data) }),
    async (data, { cookies }) => {
      await api(cookies).releases.update.mutate({ id: text(data, 'id'), ...fieldsOf(data) });
      return { form: 'update', saved: true };
    },
  ),
  publish: formAction(
    () => ({ form: 'publish', values: {} }),
    async (data, { cookies }) => {
      await api(cookies).releases.publish.mutate({ id: text(data, 'id') });
      return { form: 'publish', published: true };
    },
  ),
};
