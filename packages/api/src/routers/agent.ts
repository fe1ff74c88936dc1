import {
  AgentProgress, ChangedItemsInput, ChangedItemsPage, ContextInput, ContextPack, Item, ItemRef, LinkPrInput, ProgressInput, PullRequest, ReportItemInput, SetStatusInput, StatusChange,
} from '@baton/contracts';
import * as core from '@baton/core';
import { z } from 'zod';
import { idempotent } from '../idempotent.ts';
import { authedProcedure, router, writeProcedure } from '../trpc.ts';

/** What coding agents and CI call besides claims and the queue: polling, reporting, status, PRs, progress, context. */
export const agentRouter = router({
  changed: authedProcedure
    .input(ChangedItemsInput)
    .output(ChangedItemsPage)
    .query(({ ctx, input }) => core.listChangedItems(ctx, input)),
  report: writeProcedure
    .input(ReportItemInput)
    .output(Item)
    .mutation(idempotent('agent.report', ({ ctx, input }) => core.reportItem(ctx, input))),
  setStatus: writeProcedure
    .input(SetStatusInput)
    .output(StatusChange)
    .mutation(idempotent('agent.setStatus', ({ ctx, input }) => core.setItemStatus(ctx, input))),
  linkPr: writeProcedure
    .input(LinkPrInput)
    .output(PullRequest)
    .mutation(idempotent('agent.linkPr', ({ ctx, input }) => core.linkPullRequest(ctx, input))),
  progress: writeProcedure
    .input(ProgressInput)
    .output(AgentProgress)
    .mutation(idempotent('agent.progress', ({ ctx, input }) => core.reportProgress(ctx, input))),
  pullRequests: authedProcedure
    .input(ItemRef)
    .output(z.array(PullRequest))
    .query(({ ctx, input }) => core.listPullRequests(ctx, input)),
  context: authedProcedure
    .input(ContextInput)
    .output(ContextPack)
    .query(({ ctx, input }) => core.buildContextPack(ctx, input)),
});
