import {
  SetPublicStatusInput,
  SetPublicStatusResult,
  TriageAcceptInput,
  TriageDeclineInput,
  TriageListInput,
  TriageMergeInput,
  TriagePage,
  TriageResult,
} from '@baton/contracts';
import * as core from '@baton/core';
import { idempotent } from '../idempotent.ts';
import { authedProcedure, router, writeProcedure } from '../trpc.ts';

/** The team's inbox of ideas from the public roadmap: members read; developers and up decide. */
export const triageRouter = router({
  list: authedProcedure
    .input(TriageListInput)
    .output(TriagePage)
    .query(({ ctx, input }) => core.listTriage(ctx, input)),
  accept: writeProcedure
    .input(TriageAcceptInput)
    .output(TriageResult)
    .mutation(idempotent('triage.accept', ({ ctx, input }) => core.acceptSubmission(ctx, input))),
  merge: writeProcedure
    .input(TriageMergeInput)
    .output(TriageResult)
    .mutation(idempotent('triage.merge', ({ ctx, input }) => core.mergeSubmission(ctx, input))),
  decline: writeProcedure
    .input(TriageDeclineInput)
    .output(TriageResult)
    .mutation(idempotent('triage.decline', ({ ctx, input }) => core.declineSubmission(ctx, input))),
  /** the public status of any item (under review, planned, ...); null follows the internal status */
  setPublicStatus: writeProcedure
    .input(SetPublicStatusInput)
    .output(SetPublicStatusResult)
    .mutation(idempotent('triage.setPublicStatus', ({ ctx, input }) => core.setPublicStatus(ctx, input))),
});
