import {
  Board,
  token,
  BoardInput,
  Challenge,
  Changelog,
  ChangelogInput,
  PublicItemDetail,
  PublicItemInput,
  RoadmapInput,
  RoadmapPage,
  SimilarInput,
  SimilarItem,
  SubmissionStatus,
  SubmitIdeaInput,
  SubmitIdeaResult,
  UnvoteInput,
  VerifyEmailResult,
  VoteInput,
  VoteResult,
} from '@baton/contracts';
import * as core from '@baton/core';
import { z } from 'zod';
import { throttle } from '../public-limits.ts';
import { publicProcedure, router } from '../trpc.ts';

const Token = z.strictObject({ token: token().min(10).max(100) });
const ip = (ctx: { ip: string | null }) => ctx.ip ?? 'unknown';

/**
 * The public roadmap: no credentials. Reads answer only public items of boards that are on (anything else is
 * NOT_FOUND, like a missing one); writes are rate-limited per IP and per email, and submissions need a solved
 * proof-of-work challenge.
 */
export const publicRouter = router({
  boards: publicProcedure.output(z.array(z.object({ key: z.string(), name: z.string() }))).query(({ ctx }) => core.listPublicBoards(ctx)),
  board: publicProcedure
    .input(BoardInput)
    .output(Board)
    .query(({ ctx, input }) => core.roadmapBoard(ctx, input)),
  list: publicProcedure
    .input(RoadmapInput)
    .output(RoadmapPage)
    .query(({ ctx, input }) => core.roadmapList(ctx, input)),
  item: publicProcedure
    .input(PublicItemInput)
    .output(PublicItemDetail.extend({ productName: z.string() }))
    .query(({ ctx, input }) => core.publicItem(ctx, input)),
  similar: publicProcedure
    .input(SimilarInput)
    .output(z.array(SimilarItem))
    .query(({ ctx, input }) => {
      throttle(ctx, 'lookup', ip(ctx));
      return core.similarPublicItems(ctx, input);
    }),
  challenge: publicProcedure.output(Challenge).query(({ ctx }) => {
    throttle(ctx, 'lookup', ip(ctx));
    return core.createChallenge(ctx);
  }),
  submit: publicProcedure
    .input(SubmitIdeaInput)
    .output(SubmitIdeaResult)
    .mutation(({ ctx, input }) => {
      throttle(ctx, 'submit', ip(ctx));
      return core.submitIdea(ctx, input);
    }),
  vote: publicProcedure
    .input(VoteInput)
    .output(VoteResult)
    .mutation(({ ctx, input }) => {
      throttle(ctx, 'vote', ip(ctx));
      throttle(ctx, 'voteEmail', input.email ?? `token:${core.hashToken(input.voterToken ?? '')}`);
      return core.vote(ctx, input);
    }),
  unvote: publicProcedure
    .input(UnvoteInput)
    .output(VoteResult)
    .mutation(({ ctx, input }) => {
      throttle(ctx, 'vote', ip(ctx));
      return core.unvote(ctx, input);
    }),
  verifyEmail: publicProcedure
    .input(Token)
    .output(VerifyEmailResult)
    .mutation(({ ctx, input }) => {
      throttle(ctx, 'lookup', ip(ctx));
      return core.verifyEmail(ctx, input.token);
    }),
  unsubscribe: publicProcedure
    .input(Token)
    .output(z.object({ email: z.string() }))
    .mutation(({ ctx, input }) => {
      throttle(ctx, 'lookup', ip(ctx));
      return core.unsubscribe(ctx, input.token);
    }),
  submission: publicProcedure
    .input(Token)
    .output(SubmissionStatus)
    .query(({ ctx, input }) => {
      throttle(ctx, 'lookup', ip(ctx));
      return core.submissionStatus(ctx, input.token);
    }),
  changelog: publicProcedure
    .input(ChangelogInput)
    .output(Changelog)
    .query(({ ctx, input }) => core.changelog(ctx, input)),
});
