export { createWebhook, deleteWebhook, listWebhooks, updateWebhook, WEBHOOKS_PER_PRODUCT } from './endpoints.ts';
export { listWebhookDeliveries, markDeliveriesQueued, redeliverWebhook, sendTestWebhook, sweepWebhookDeliveries, DELIVERIES_KEPT_DAYS } from './delivery-log.ts';
export { abandonDelivery, attemptDelivery, ATTEMPT_CUT_OFF, type AttemptOutcome } from './attempt-delivery.ts';
export { webhookEventsOf } from './produce-deliveries.ts';
export { compileAllowlist, refusedAddress } from './outbound-address.ts';
export { newWebhookSecret, signPayload, webhookHeaders, webhookIdOf } from './signature.ts';
export { WEBHOOK_ATTEMPTS, WEBHOOK_DISABLE_AFTER_MS, WEBHOOK_TIMEOUT_MS, type WebhookDeps } from './webhook-deps.ts';
export { formatDelivery, slackEscape, slackMessage, slackText, type WebhookPayload } from './slack-message.ts';
