import { AddTimeEntryInput, Id, ItemRef, TimeEntry, TimeEntryPage, token } from '@baton/contracts';
import * as core from '@baton/core';
import { z } from 'zod';
import { idempotent } from '../idempotent.ts';
import { authedProcedure, router, writeProcedure } from '../trpc.ts';

export const timeEntriesRouter = router({
  add: writeProcedure.input(AddTimeEntryInput).output(TimeEntry).mutation(idempotent('timeEntries.add', ({ ctx, input }) => core.addTimeEntry(ctx, input))),
  list: authedProcedure
    .input(ItemRef.extend({ cursor: token().max(64).optional(), limit: z.number().int().min(1).max(100).default(50) }))
    .output(TimeEntryPage)
    .query(({ ctx, input }) => core.listTimeEntries(ctx, input)),
  delete: writeProcedure
    .input(ItemRef.extend({ entryId: Id }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(idempotent('timeEntries.delete', ({ ctx, input }) => core.deleteTimeEntry(ctx, input))),
});
