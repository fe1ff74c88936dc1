import {
  CreateReleaseInput,
  DraftNotesInput,
  Id,
  ListReleasesInput,
  Release,
  ReleaseNotesDraft,
  ReleasePage,
  UpdateReleaseInput,
} from '@baton/contracts';
import * as core from '@baton/core';
import { z } from 'zod';
import { idempotent } from '../idempotent.ts';
import { authedProcedure, router, writeProcedure } from '../trpc.ts';

/** Releases: members read; managers and up (and admin-scope keys) write and publish. */
export const releasesRouter = router({
  list: authedProcedure
    .input(ListReleasesInput)
    .output(ReleasePage)
    .query(({ ctx, input }) => core.listReleases(ctx, input)),
  get: authedProcedure
    .input(z.strictObject({ id: Id }))
    .output(Release)
    .query(({ ctx, input }) => core.getRelease(ctx, input)),
  draftNotes: authedProcedure
    .input(DraftNotesInput)
    .output(ReleaseNotesDraft)
    .query(({ ctx, input }) => core.draftReleaseNotes(ctx, input)),
  create: writeProcedure
    .input(CreateReleaseInput)
    .output(Release)
    .mutation(idempotent('releases.create', ({ ctx, input }) => core.createRelease(ctx, input))),
  update: writeProcedure
    .input(UpdateReleaseInput)
    .output(Release)
    .mutation(idempotent('releases.update', ({ ctx, input }) => core.updateRelease(ctx, input))),
  publish: writeProcedure
    .input(z.strictObject({ id: Id }))
    .output(Release)
    .mutation(idempotent('releases.publish', ({ ctx, input }) => core.publishRelease(ctx, input))),
});
