import { ExplainInput, Explanation, ReadyInput, ReadyPage, TakeNextInput, TakeNextResult } from '@baton/contracts';
import * as core from '@baton/core';
import { idempotent } from '../idempotent.ts';
import { authedProcedure, router, writeProcedure } from '../trpc.ts';

export const queueRouter = router({
  ready: authedProcedure
    .input(ReadyInput)
    .output(ReadyPage)
    .query(({ ctx, input }) => core.listReady(ctx, input)),
  explain: authedProcedure
    .input(ExplainInput)
    .output(Explanation)
    .query(({ ctx, input }) => core.explainReadiness(ctx, input)),
  takeNext: writeProcedure
    .input(TakeNextInput)
    .output(TakeNextResult)
    .mutation(idempotent('queue.takeNext', ({ ctx, input }) => core.takeNext(ctx, input))),
});
