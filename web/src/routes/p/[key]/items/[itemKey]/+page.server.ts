import { errorOf } from '@baton/client';
import type { Item, ReactionEmoji } from '@baton/contracts';
import { readItemKey } from '@baton/contracts/item-key';
import { renderMarkdown } from '@baton/markdown';
import { error, fail } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { productByKey, productForAction } from '$lib/server/product';
import { formFailure, text } from '$lib/server/form-error';
import { formValue } from '$lib/item-form-value';
import { conflictOf, fieldPatch, EDITABLE_FIELDS, type EditableField } from '$lib/server/item-fields';
import { textDiff } from '$lib/server/text-diff';
import { parseDuration } from '$lib/duration';
import type { Actions, PageServerLoad } from './$types';

async function loadItem(client: ReturnType<typeof api>, productId: string, itemKey: string): Promise<Item> {
  try {
    return await client.items.get.query({ productId, ref: itemKey });
  } catch (e) {
    const err = errorOf(e);
    if (err?.code === 'NOT_FOUND' || err?.code === 'BAD_INPUT') error(404, `No item ${itemKey}`);
    throw e;
  }
}

export const load: PageServerLoad = async ({ cookies, params, url }) => {
  // the product from the shared auth.me, not parent(): the item's reads start without waiting for the layout's
  const { product, me } = await productByKey(cookies, params.key, url);
  const client = api(cookies);
  const item = await loadItem(client, product.id, params.itemKey);
  const ref = { productId: product.id, ref: item.id };
  const [comments, checklist, links, children, activity, watchers, reactions, attachments, time, pullRequests, claims, members, labels, recent] = await Promise.all([
    client.items.comments.list.query({ ...ref, limit: 100 }),
    client.items.checklist.list.query(ref),
    client.items.links.list.query(ref),
    client.items.children.query(ref),
    client.items.activity.query({ ...ref, limit: 100 }),
    client.items.watchers.query(ref),
    client.items.reactions.list.query(ref),
    client.attachments.list.query(ref),
    client.timeEntries.list.query({ ...ref, limit: 50 }),
    client.agent.pullRequests.query(ref),
    client.claims.history.query({ ...ref, limit: 1 }),
    client.members.list.query({ organizationId: product.organizationId, limit: 100 }),
    client.labels.list.query({ productId: product.id }),
    // suggestions for the link form's item-key field
    client.items.list.query({ productId: product.id, limit: 50, sort: 'updated-desc' }),
  ]);
  const claim = claims.items[0] && !claims.items[0].endedAt ? claims.items[0] : null;
  return {
    item,
    role: product.role,
    html: {
      description: renderMarkdown(item.description),
      stepsToReproduce: item.stepsToReproduce ? renderMarkdown(item.stepsToReproduce) : '',
      expected: item.expected ? renderMarkdown(item.expected) : '',
      actual: item.actual ? renderMarkdown(item.actual) : '',
    },
    comments: comments.items.map((c) => ({ ...c, html: renderMarkdown(c.body) })),
    checklist,
    links,
    children,
    // text edits (description, bug fields, comments) carry a word diff, computed here so the diff library never reaches the browser
    activity: activity.items.map((a) => ({
      ...a,
      diff:
        ['description', 'stepsToReproduce', 'expected', 'actual', 'comment'].includes(a.field ?? '') && typeof a.before === 'string' && typeof a.after === 'string'
          ? textDiff(a.before, a.after)
          : null,
    })),
    watchers,
    watching: watchers.some((w) => w.id === me.id),
    reactions,
    attachments,
    time,
    pullRequests,
    claim,
    members: members.items.map((m) => ({ id: m.id, name: m.name, handle: m.email.split('@')[0]!.toLowerCase() })),
    labels,
    linkable: recent.items.filter((i) => i.id !== item.id).map((i) => ({ key: i.key, title: i.title })),
    editing: url.searchParams.has('edit'),
    uploadError: url.searchParams.get('uploadError'),
  };
};

/** The item's product and id, checked against the URL (a form cannot point at another product's item). */
async function target(cookies: Parameters<typeof api>[0], params: { key: string; itemKey: string }) {
  const client = api(cookies);
  const product = await productForAction(cookies, params.key);
  return { client, productId: product.id, ref: { productId: product.id, ref: params.itemKey } };
}

export const actions: Actions = {
  /** One field (or the whole description) under optimistic concurrency; a CONFLICT comes back with both values. */
  update: async ({ cookies, params, request }) => {
    const data = await request.formData();
    const field = text(data, 'field') as EditableField;
    const value = text(data, 'value');
    const expectedVersion = Number(text(data, 'expectedVersion'));
    if (!EDITABLE_FIELDS.includes(field)) return fail(400, { field, value, error: { message: `Unknown field ${field}`, fields: {} } });
    const { client, ref } = await target(cookies, params);
    const patch = fieldPatch(field, value);
    if ('error' in patch) return fail(400, { field, value, error: { message: patch.error, fields: { [field]: patch.error } } });
    try {
      await client.items.update.mutate({ ...ref, expectedVersion, patch: patch.patch });
      return { saved: field };
    } catch (e) {
      if (errorOf(e)?.code !== 'CONFLICT') return formFailure(e, { field, value });
      // someone saved in between: when it was another field, this one still holds what the user saw, so the
      // edit goes through on the new version; only a change to this very field is the user's to resolve
      let fresh = await client.items.get.query(ref);
      const original = data.get('original');
      if (typeof original === 'string' && formValue(fresh, field) === original) {
        try {
          await client.items.update.mutate({ ...ref, expectedVersion: fresh.version, patch: patch.patch });
          return { saved: field };
        } catch (again) {
          if (errorOf(again)?.code !== 'CONFLICT') return formFailure(again, { field, value });
          fresh = await client.items.get.query(ref);
        }
      }
      return fail(409, { field, value, conflict: conflictOf(field, value, fresh) });
    }
  },
  labels: async ({ cookies, params, request }) => {
    const data = await request.formData();
    const value = text(data, 'labels');
    const labels = [...new Set(value.split(',').map((l) => l.trim()).filter(Boolean))];
    const { client, ref } = await target(cookies, params);
    try {
      await client.items.setLabels.mutate({ ...ref, labels });
      return { saved: 'labels' };
    } catch (e) {
      return formFailure(e, { field: 'labels', value });
    }
  },
  comment: async ({ cookies, params, request }) => {
    const body = text(await request.formData(), 'body');
    const { client, ref } = await target(cookies, params);
    try {
      await client.items.comments.add.mutate({ ...ref, body });
      return { commented: true };
    } catch (e) {
      return formFailure(e, { form: 'comment', body });
    }
  },
  editComment: async ({ cookies, params, request }) => {
    const data = await request.formData();
    const commentId = text(data, 'commentId');
    const body = text(data, 'body');
    const { client, productId } = await target(cookies, params);
    try {
      await client.items.comments.edit.mutate({ productId, commentId, body });
      return { edited: commentId };
    } catch (e) {
      return formFailure(e, { form: 'editComment', commentId, body });
    }
  },
  deleteComment: async ({ cookies, params, request }) => {
    const commentId = text(await request.formData(), 'commentId');
    const { client, productId } = await target(cookies, params);
    try {
      await client.items.comments.delete.mutate({ productId, commentId });
      return { deleted: commentId };
    } catch (e) {
      return formFailure(e, { form: 'deleteComment', commentId });
    }
  },
  react: async ({ cookies, params, request }) => {
    const data = await request.formData();
    const { client, productId } = await target(cookies, params);
    try {
      await client.items.reactions.toggle.mutate({ productId, commentId: text(data, 'commentId'), emoji: text(data, 'emoji') as ReactionEmoji });
      return { reacted: true };
    } catch (e) {
      return formFailure(e, { form: 'react' });
    }
  },
  checklistAdd: async ({ cookies, params, request }) => {
    const entry = text(await request.formData(), 'text');
    const { client, ref } = await target(cookies, params);
    try {
      await client.items.checklist.add.mutate({ ...ref, text: entry });
      return { checklistAdded: true };
    } catch (e) {
      return formFailure(e, { form: 'checklist', text: entry });
    }
  },
  checklistSet: async ({ cookies, params, request }) => {
    const data = await request.formData();
    const { client, ref } = await target(cookies, params);
    try {
      await client.items.checklist.set.mutate({ ...ref, entryId: text(data, 'entryId'), done: text(data, 'done') === 'true' });
      return { checklistSet: true };
    } catch (e) {
      return formFailure(e, { form: 'checklist' });
    }
  },
  checklistMove: async ({ cookies, params, request }) => {
    const data = await request.formData();
    const { client, ref } = await target(cookies, params);
    try {
      await client.items.checklist.move.mutate({ ...ref, entryId: text(data, 'entryId'), toIndex: Math.max(0, Number(text(data, 'toIndex')) || 0) });
      return { checklistMoved: text(data, 'entryId') };
    } catch (e) {
      return formFailure(e, { form: 'checklist' });
    }
  },
  checklistRemove: async ({ cookies, params, request }) => {
    const data = await request.formData();
    const { client, ref } = await target(cookies, params);
    try {
      await client.items.checklist.remove.mutate({ ...ref, entryId: text(data, 'entryId') });
      return { checklistRemoved: true };
    } catch (e) {
      return formFailure(e, { form: 'checklist' });
    }
  },
  linkAdd: async ({ cookies, params, request }) => {
    const data = await request.formData();
    // a key as typed (bat-42) or an id, which is case-sensitive
    const to = readItemKey(text(data, 'to')) ?? text(data, 'to').trim();
    const type = text(data, 'type');
    const { client, ref } = await target(cookies, params);
    try {
      // "blocked by X" is X blocks this one
      if (type === 'blocked_by') await client.items.links.add.mutate({ productId: ref.productId, ref: to, type: 'blocks', to: params.itemKey });
      else await client.items.links.add.mutate({ ...ref, type: type as 'blocks', to });
      return { linked: true };
    } catch (e) {
      return formFailure(e, { form: 'link', to, type });
    }
  },
  linkRemove: async ({ cookies, params, request }) => {
    const data = await request.formData();
    const { client, ref } = await target(cookies, params);
    try {
      await client.items.links.remove.mutate({ ...ref, linkId: text(data, 'linkId') });
      return { unlinked: true };
    } catch (e) {
      return formFailure(e, { form: 'link' });
    }
  },
  watch: async ({ cookies, params, request }) => {
    const watching = text(await request.formData(), 'watching') === 'true';
    const { client, ref } = await target(cookies, params);
    await client.items.watch.mutate({ ...ref, watching });
    return { watching };
  },
  logTime: async ({ cookies, params, request }) => {
    const data = await request.formData();
    const duration = text(data, 'duration');
    const note = text(data, 'note');
    const minutes = parseDuration(duration);
    if (minutes === null) return fail(400, { form: 'time', duration, note, error: { message: 'Check the highlighted fields.', fields: { duration: 'must look like 1h 30m, 45m or 2h' } } });
    const { client, ref } = await target(cookies, params);
    try {
      await client.timeEntries.add.mutate({ ...ref, minutes, note });
      return { logged: minutes };
    } catch (e) {
      return formFailure(e, { form: 'time', duration, note });
    }
  },
  deleteTime: async ({ cookies, params, request }) => {
    const data = await request.formData();
    const { client, ref } = await target(cookies, params);
    try {
      await client.timeEntries.delete.mutate({ ...ref, entryId: text(data, 'entryId') });
      return { timeDeleted: true };
    } catch (e) {
      return formFailure(e, { form: 'time' });
    }
  },
  deleteAttachment: async ({ cookies, params, request }) => {
    const data = await request.formData();
    const { client, productId } = await target(cookies, params);
    try {
      await client.attachments.delete.mutate({ productId, attachmentId: text(data, 'attachmentId') });
      return { attachmentDeleted: true };
    } catch (e) {
      return formFailure(e, { form: 'attachment' });
    }
  },
};
