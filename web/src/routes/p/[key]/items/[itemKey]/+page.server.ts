import { errorOf } from '@baton/client';
import { compareStates, type Item, type ReactionEmoji } from '@baton/contracts';
import { readItemKey } from '@baton/contracts/item-key';
import { renderMarkdown } from '@baton/markdown';
import { error, fail } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { productByKey, productForAction } from '$lib/server/product';
import { text } from '$lib/server/form-error';
import { formAction } from '$lib/server/form-action';
import { conflictOf, fieldPatch, parentIdOf, EDITABLE_FIELDS, type EditableField } from '$lib/server/item-fields';
import { textDiff } from '$lib/server/text-diff';
import { parseDuration } from '$lib/duration';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

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
  const [comments, checklist, links, children, activity, watchers, reactions, attachments, time, pullRequests, claims, attempts, members, labels, milestones, sprints, recent, origin, states] = await Promise.all([
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
    client.items.attempts.query({ ...ref, limit: 50 }),
    client.members.list.query({ organizationId: product.organizationId, limit: 100 }),
    client.labels.list.query({ productId: product.id }),
    client.milestones.list.query({ productId: product.id, state: 'open', limit: 100 }),
    client.sprints.list.query({ productId: product.id, state: 'open', limit: 50 }),
    // suggestions for the link form's item-key field
    client.items.list.query({ productId: product.id, limit: 50, sort: 'updated-desc' }),
    client.imports.origin.query(ref),
    // the status picker's states (and the palette's, which reads this page's data); in the same batched request
    client.workflowStates.list.query({ productId: product.id }),
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
    origin,
    claim,
    attempts,
    members: members.items.map((m) => ({ id: m.id, name: m.name, handle: m.email.split('@')[0]!.toLowerCase() })),
    labels,
    states: states.sort(compareStates),
    // open plans to pick from; a closed one the item is already in stays shown (and selected) by the picker
    milestones: milestones.items.map((m) => ({ id: m.id, name: m.name })),
    sprints: sprints.items.map((s) => ({ id: s.id, name: s.name })),
    linkable: recent.items.filter((i) => i.id !== item.id).map((i) => ({ key: i.key, title: i.title })),
    editing: url.searchParams.has('edit'),
    uploadError: url.searchParams.get('uploadError'),
  };
};

/** The URL's item as the session's user: its product from the URL (a form cannot point at another product's item). */
async function target({ cookies, params }: RequestEvent) {
  const product = await productForAction(cookies, params.key);
  return { client: api(cookies), productId: product.id, ref: { productId: product.id, ref: params.itemKey } };
}
type Target = Awaited<ReturnType<typeof target>>;

/** An action on the URL's item: `echo` is what a failed submit gives back to its form (formAction). */
const itemAction = <V extends Record<string, unknown>, R>(echo: (data: FormData) => V, run: (data: FormData, t: Target) => Promise<R>) =>
  formAction<RequestEvent, V, R>(echo, async (data, event) => run(data, await target(event)));
/** The echo of a form named `form`: its name and the listed fields as sent. */
const inForm =
  <F extends string = never>(form: string, ...fields: F[]) =>
  (data: FormData) => ({ form, ...(Object.fromEntries(fields.map((f) => [f, text(data, f)])) as Record<F, string>) });

export const actions: Actions = {
  /**
   * One field under optimistic concurrency. `original` (what the form started from) is sent as the update's base,
   * so core merges a save that crossed someone's change to another field; a change to this very field is a
   * CONFLICT, answered with both values for the user to choose.
   */
  update: itemAction((d) => ({ field: text(d, 'field'), value: text(d, 'value') }), async (data, { client, ref }) => {
    const field = text(data, 'field') as EditableField;
    const value = text(data, 'value');
    if (!EDITABLE_FIELDS.includes(field)) return fail(400, { field, value, error: { message: `Unknown field ${field}`, fields: {} } });
    const patch = fieldPatch(field, value);
    if ('error' in patch) return fail(400, { field, value, error: { message: patch.error, fields: { [field]: patch.error } } });
    const original = data.get('original');
    const base = typeof original === 'string' ? fieldPatch(field, original) : null;
    try {
      if (field === 'parentId') {
        // typed as a key: the API takes ids, and a key of no item here is this field's error (the parent rule itself is core's)
        const id = await parentIdOf(client, ref.productId, patch.patch.parentId ?? null);
        if (id === undefined) return fail(400, { field, value, error: { message: 'Check the parent.', fields: { parentId: 'is not an item of this product' } } });
        patch.patch.parentId = id;
        if (base && 'patch' in base) base.patch.parentId = (await parentIdOf(client, ref.productId, base.patch.parentId ?? null)) ?? null;
      }
      const item = await client.items.update.mutate({ ...ref, expectedVersion: Number(text(data, 'expectedVersion')), patch: patch.patch, ...(base && 'patch' in base && { base: base.patch }) });
      return { saved: field, version: item.version };
    } catch (e) {
      if (errorOf(e)?.code !== 'CONFLICT') throw e;
      return fail(409, { field, value, conflict: conflictOf(field, value, await client.items.get.query(ref)) });
    }
  }),
  labels: itemAction((d) => ({ field: 'labels', value: text(d, 'labels') }), async (data, { client, ref }) => {
    const labels = [...new Set(text(data, 'labels').split(',').map((l) => l.trim()).filter(Boolean))];
    await client.items.setLabels.mutate({ ...ref, labels });
    return { saved: 'labels' };
  }),
  comment: itemAction(inForm('comment', 'body'), async (data, { client, ref }) => {
    await client.items.comments.add.mutate({ ...ref, body: text(data, 'body') });
    return { commented: true };
  }),
  editComment: itemAction(inForm('editComment', 'commentId', 'body'), async (data, { client, productId }) => {
    await client.items.comments.edit.mutate({ productId, commentId: text(data, 'commentId'), body: text(data, 'body') });
    return { edited: text(data, 'commentId') };
  }),
  deleteComment: itemAction(inForm('deleteComment', 'commentId'), async (data, { client, productId }) => {
    await client.items.comments.delete.mutate({ productId, commentId: text(data, 'commentId') });
    return { deleted: text(data, 'commentId') };
  }),
  react: itemAction(inForm('react'), async (data, { client, productId }) => {
    await client.items.reactions.toggle.mutate({ productId, commentId: text(data, 'commentId'), emoji: text(data, 'emoji') as ReactionEmoji });
    return { reacted: true };
  }),
  checklistAdd: itemAction(inForm('checklist', 'text'), async (data, { client, ref }) => {
    await client.items.checklist.add.mutate({ ...ref, text: text(data, 'text') });
    return { checklistAdded: true };
  }),
  checklistSet: itemAction(inForm('checklist'), async (data, { client, ref }) => {
    await client.items.checklist.set.mutate({ ...ref, entryId: text(data, 'entryId'), done: text(data, 'done') === 'true' });
    return { checklistSet: true };
  }),
  checklistMove: itemAction(inForm('checklist'), async (data, { client, ref }) => {
    await client.items.checklist.move.mutate({ ...ref, entryId: text(data, 'entryId'), toIndex: Math.max(0, Number(text(data, 'toIndex')) || 0) });
    return { checklistMoved: text(data, 'entryId') };
  }),
  checklistRemove: itemAction(inForm('checklist'), async (data, { client, ref }) => {
    await client.items.checklist.remove.mutate({ ...ref, entryId: text(data, 'entryId') });
    return { checklistRemoved: true };
  }),
  linkAdd: itemAction(inForm('link', 'to', 'type'), async (data, { client, ref }) => {
    // a key as typed (bat-42) or an id, which is case-sensitive
    const to = readItemKey(text(data, 'to')) ?? text(data, 'to').trim();
    const type = text(data, 'type');
    // "blocked by X" is X blocks this one
    if (type === 'blocked_by') await client.items.links.add.mutate({ productId: ref.productId, ref: to, type: 'blocks', to: ref.ref });
    else await client.items.links.add.mutate({ ...ref, type: type as 'blocks', to });
    return { linked: true };
  }),
  linkRemove: itemAction(inForm('link'), async (data, { client, ref }) => {
    await client.items.links.remove.mutate({ ...ref, linkId: text(data, 'linkId') });
    return { unlinked: true };
  }),
  watch: itemAction(inForm('watch'), async (data, { client, ref }) => {
    const watching = text(data, 'watching') === 'true';
    await client.items.watch.mutate({ ...ref, watching });
    return { watching };
  }),
  logTime: itemAction(inForm('time', 'duration', 'note'), async (data, { client, ref }) => {
    const [duration, note] = [text(data, 'duration'), text(data, 'note')];
    const minutes = parseDuration(duration);
    if (minutes === null) return fail(400, { form: 'time', duration, note, error: { message: 'Check the highlighted fields.', fields: { duration: 'must look like 1h 30m, 45m or 2h' } } });
    await client.timeEntries.add.mutate({ ...ref, minutes, note });
    return { logged: minutes };
  }),
  deleteTime: itemAction(inForm('time'), async (data, { client, ref }) => {
    await client.timeEntries.delete.mutate({ ...ref, entryId: text(data, 'entryId') });
    return { timeDeleted: true };
  }),
  deleteAttachment: itemAction(inForm('attachment'), async (data, { client, productId }) => {
    await client.attachments.delete.mutate({ productId, attachmentId: text(data, 'attachmentId') });
    return { attachmentDeleted: true };
  }),
};
