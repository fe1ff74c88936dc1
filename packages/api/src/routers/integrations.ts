import {
  ConfigureForgeInput,
  ConfigureSlackInput,
  ConfiguredForge,
  DeliveryPage,
  ForgeIntegration,
  Id,
  ListDeliveriesInput,
  ListProblemsInput,
  ListSlackDeliveriesInput,
  OutboundDelivery,
  OutboundDeliveryPage,
  ProblemPage,
  ReplayDeliveryInput,
  SlackIntegration,
  SlackRef,
  WebhookDelivery,
  type Forge,
} from '@baton/contracts';
import * as core from '@baton/core';
import { z } from 'zod';
import { authedProcedure, router, writeProcedure } from '../trpc.ts';

/** One forge's settings: the same two procedures for GitHub, Gitea and GitLab (docs/forges.md). */
const forgeRouter = (forge: Forge) =>
  router({
    get: authedProcedure
      .input(z.strictObject({ productId: Id }))
      .output(ForgeIntegration)
      .query(({ ctx, input }) => core.getForgeIntegration(ctx, forge, input)),
    configure: writeProcedure
      .input(ConfigureForgeInput)
      .output(ConfiguredForge)
      .mutation(({ ctx, input }) => core.configureForgeIntegration(ctx, forge, input)),
  });

/** Slack (docs/slack.md): the slash command's signing secret, and the channel the chosen events are posted to. */
const slackRouter = router({
  get: authedProcedure
    .input(SlackRef)
    .output(SlackIntegration)
    .query(({ ctx, input }) => core.getSlackIntegration(ctx, input)),
  configure: writeProcedure
    .input(ConfigureSlackInput)
    .output(SlackIntegration)
    .mutation(({ ctx, input }) => core.configureSlack(ctx, input)),
  deliveries: authedProcedure
    .input(ListSlackDeliveriesInput)
    .output(OutboundDeliveryPage)
    .query(({ ctx, input }) => core.listSlackDeliveries(ctx, input)),
  test: writeProcedure
    .input(SlackRef)
    .output(OutboundDelivery)
    .mutation(({ ctx, input }) => core.sendSlackTest(ctx, input)),
});

/**
 * Inbound integrations of a product (docs/forges.md): managers and up (admin keys) read and change them. Not
 * idempotent-keyed: configure can answer a generated secret, which must never be kept in the idempotency store.
 */
export const integrationsRouter = router({
  github: forgeRouter('github'),
  gitea: forgeRouter('gitea'),
  gitlab: forgeRouter('gitlab'),
  slack: slackRouter,
  deliveries: authedProcedure
    .input(ListDeliveriesInput)
    .output(DeliveryPage)
    .query(({ ctx, input }) => core.listDeliveries(ctx, input)),
  replay: writeProcedure
    .input(ReplayDeliveryInput)
    .output(WebhookDelivery)
    .mutation(({ ctx, input }) => core.replayDelivery(ctx, input)),
  problems: authedProcedure
    .input(ListProblemsInput)
    .output(ProblemPage)
    .query(({ ctx, input }) => core.listIntegrationProblems(ctx, input)),
});
