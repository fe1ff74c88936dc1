import {
  ConfigureGithubInput,
  ConfiguredGithub,
  DeliveryPage,
  GithubIntegration,
  Id,
  ListDeliveriesInput,
  ListProblemsInput,
  ProblemPage,
  ReplayDeliveryInput,
  WebhookDelivery,
} from '@baton/contracts';
import * as core from '@baton/core';
import { z } from 'zod';
import { authedProcedure, router, writeProcedure } from '../trpc.ts';

/**
 * Inbound integrations of a product (docs/github.md): managers and up (admin keys) read and change them. Not
 * idempotent-keyed: configure can answer a generated secret, which must never be kept in the idempotency store.
 */
export const integrationsRouter = router({
  github: router({
    get: authedProcedure
      .input(z.strictObject({ productId: Id }))
      .output(GithubIntegration)
      .query(({ ctx, input }) => core.getGithubIntegration(ctx, input)),
    configure: writeProcedure
      .input(ConfigureGithubInput)
      .output(ConfiguredGithub)
      .mutation(({ ctx, input }) => core.configureGithubIntegration(ctx, input)),
  }),
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
