import {
  CreateWebhookInput,
  ListWebhookDeliveriesInput,
  ListWebhooksInput,
  OutboundDelivery,
  OutboundDeliveryPage,
  RedeliverInput,
  UpdateWebhookInput,
  WebhookEndpointPage,
  WebhookEndpointWithSecret,
  WebhookRef,
} from '@baton/contracts';
import * as core from '@baton/core';
import { z } from 'zod';
import { authedProcedure, router, writeProcedure } from '../trpc.ts';

/**
 * Outbound webhooks of a product (docs/webhooks-out.md): managers and up (admin keys). Not idempotent-keyed:
 * create and rotate answer a secret, which must never be kept in the idempotency store.
 */
export const webhooksRouter = router({
  create: writeProcedure
    .input(CreateWebhookInput)
    .output(WebhookEndpointWithSecret)
    .mutation(({ ctx, input }) => core.createWebhook(ctx, input)),
  list: authedProcedure
    .input(ListWebhooksInput)
    .output(WebhookEndpointPage)
    .query(({ ctx, input }) => core.listWebhooks(ctx, input)),
  update: writeProcedure
    .input(UpdateWebhookInput)
    .output(WebhookEndpointWithSecret)
    .mutation(({ ctx, input }) => core.updateWebhook(ctx, input)),
  delete: writeProcedure
    .input(WebhookRef)
    .output(z.object({ deleted: z.literal(true) }))
    .mutation(({ ctx, input }) => core.deleteWebhook(ctx, input)),
  deliveries: authedProcedure
    .input(ListWebhookDeliveriesInput)
    .output(OutboundDeliveryPage)
    .query(({ ctx, input }) => core.listWebhookDeliveries(ctx, input)),
  redeliver: writeProcedure
    .input(RedeliverInput)
    .output(OutboundDelivery)
    .mutation(({ ctx, input }) => core.redeliverWebhook(ctx, input)),
  test: writeProcedure
    .input(WebhookRef)
    .output(OutboundDelivery)
    .mutation(({ ctx, input }) => core.sendTestWebhook(ctx, input)),
});
