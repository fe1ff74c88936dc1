import {
  ActivityPage, AttemptsInput, AttemptsPage, BulkUpdateInput, BulkUpdateResult, ChecklistEntry, ChecklistMoveInput, ReactionSummary, ToggleReactionInput, ChecklistText, Comment, CommentBody, CreateItemInput, Id, Item, ItemLink, ItemPage, ItemRef,
  ItemCounts, ItemCountsInput, ItemStats, ItemSummary, Label, LinkType, line, ListItemsInput, SearchItemsInput, token, UpdateItemInput, page,
} from '@baton/contracts';
import * as core from '@baton/core';
import { z } from 'zod';
import { idempotent } from '../idempotent.ts';
import { authedProcedure, router, writeProcedure } from '../trpc.ts';

const Ok = z.object({ ok: z.literal(true) });
const labelName = line().min(1).max(50);

// Every mutation is a write: `idempotencyKey` is merged into its input and a retry returns the first result.
export const itemsRouter = router({
  create: writeProcedure.input(CreateItemInput).output(Item).mutation(idempotent('items.create', ({ ctx, input }) => core.createItem(ctx, input))),
  get: authedProcedure.input(ItemRef).output(Item).query(({ ctx, input }) => core.getItem(ctx, input)),
  update: writeProcedure.input(UpdateItemInput).output(Item).mutation(idempotent('items.update', ({ ctx, input }) => core.updateItem(ctx, input))),
  delete: writeProcedure.input(ItemRef).output(Ok).mutation(idempotent('items.delete', ({ ctx, input }) => core.deleteItem(ctx, input))),
  bulkUpdate: writeProcedure
    .input(BulkUpdateInput)
    .output(BulkUpdateResult)
    .mutation(idempotent('items.bulkUpdate', ({ ctx, input }) => core.bulkUpdateItems(ctx, input))),
  list: authedProcedure.input(ListItemsInput).output(ItemPage).query(({ ctx, input }) => core.listItems(ctx, input)),
  search: authedProcedure.input(SearchItemsInput).output(ItemPage).query(({ ctx, input }) => core.searchItems(ctx, input)),
  counts: authedProcedure.input(ItemCountsInput).output(ItemCounts).query(({ ctx, input }) => core.countItems(ctx, input)),
  stats: authedProcedure.input(z.strictObject({ productId: Id })).output(ItemStats).query(({ ctx, input }) => core.itemStats(ctx, input)),
  children: authedProcedure.input(ItemRef).output(z.array(ItemSummary)).query(({ ctx, input }) => core.listChildren(ctx, input)),
  activity: authedProcedure
    .input(ItemRef.extend({ cursor: token().max(30).optional(), limit: z.number().int().min(1).max(100).default(50) }))
    .output(ActivityPage)
    .query(({ ctx, input }) => core.listItemActivity(ctx, input)),
  /** every claim of the item as an attempt: progress, evidence, PRs and declared usage, with totals (docs/attempts.md) */
  attempts: authedProcedure.input(AttemptsInput).output(AttemptsPage).query(({ ctx, input }) => core.listAttempts(ctx, input)),
  setLabels: writeProcedure
    .input(ItemRef.extend({ labels: z.array(labelName).max(20) }))
    .output(z.array(Label))
    .mutation(idempotent('items.setLabels', ({ ctx, input }) => core.setItemLabels(ctx, input))),
  watch: writeProcedure
    .input(ItemRef.extend({ watching: z.boolean() }))
    .output(z.object({ watching: z.boolean() }))
    .mutation(idempotent('items.watch', ({ ctx, input }) => core.watchItem(ctx, input, input.watching))),
  watchers: authedProcedure.input(ItemRef).output(z.array(z.object({ id: z.string(), name: z.string() }))).query(({ ctx, input }) => core.listWatchers(ctx, input)),

  comments: router({
    list: authedProcedure
      .input(ItemRef.extend({ cursor: token().max(64).optional(), limit: z.number().int().min(1).max(100).default(50) }))
      .output(page(Comment))
      .query(({ ctx, input }) => core.listComments(ctx, input)),
    add: writeProcedure
      .input(ItemRef.extend({ body: CommentBody }))
      .output(Comment)
      .mutation(idempotent('items.comments.add', ({ ctx, input }) => core.addComment(ctx, input))),
    edit: writeProcedure
      .input(z.strictObject({ productId: Id, commentId: Id, body: CommentBody }))
      .output(Comment)
      .mutation(idempotent('items.comments.edit', ({ ctx, input }) => core.editComment(ctx, input))),
    delete: writeProcedure
      .input(z.strictObject({ productId: Id, commentId: Id }))
      .output(Ok)
      .mutation(idempotent('items.comments.delete', ({ ctx, input }) => core.deleteComment(ctx, input))),
  }),

  reactions: router({
    list: authedProcedure.input(ItemRef).output(z.array(ReactionSummary)).query(({ ctx, input }) => core.listReactions(ctx, input)),
    toggle: writeProcedure
      .input(ToggleReactionInput)
      .output(z.object({ reacted: z.boolean() }))
      .mutation(idempotent('items.reactions.toggle', ({ ctx, input }) => core.toggleReaction(ctx, input))),
  }),

  checklist: router({
    list: authedProcedure.input(ItemRef).output(z.array(ChecklistEntry)).query(({ ctx, input }) => core.listChecklist(ctx, input)),
    add: writeProcedure
      .input(ItemRef.extend({ text: ChecklistText }))
      .output(ChecklistEntry)
      .mutation(idempotent('items.checklist.add', ({ ctx, input }) => core.addChecklistEntry(ctx, input))),
    set: writeProcedure
      .input(ItemRef.extend({ entryId: Id, done: z.boolean() }))
      .output(ChecklistEntry)
      .mutation(idempotent('items.checklist.set', ({ ctx, input }) => core.setChecklistEntry(ctx, input))),
    remove: writeProcedure
      .input(ItemRef.extend({ entryId: Id }))
      .output(Ok)
      .mutation(idempotent('items.checklist.remove', ({ ctx, input }) => core.removeChecklistEntry(ctx, input))),
    move: writeProcedure
      .input(ChecklistMoveInput)
      .output(z.array(ChecklistEntry))
      .mutation(idempotent('items.checklist.move', ({ ctx, input }) => core.moveChecklistEntry(ctx, input))),
  }),

  links: router({
    list: authedProcedure.input(ItemRef).output(z.array(ItemLink)).query(({ ctx, input }) => core.listLinks(ctx, input)),
    add: writeProcedure
      .input(ItemRef.extend({ type: LinkType, to: token().min(1).max(64) }))
      .output(z.object({ id: z.string() }))
      .mutation(idempotent('items.links.add', ({ ctx, input }) => core.addLink(ctx, input))),
    remove: writeProcedure
      .input(ItemRef.extend({ linkId: Id }))
      .output(Ok)
      .mutation(idempotent('items.links.remove', ({ ctx, input }) => core.removeLink(ctx, input))),
  }),
});
