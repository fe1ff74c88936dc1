import {
  ConfigureSlackInput,
  ListSlackDeliveriesInput,
  SlackRef,
  SlackResponseType,
  slackCommandPath,
  WebhookEventType,
  type OutboundDelivery,
  type SlackIntegration,
} from '@baton/contracts';
import type { z } from 'zod';
import { requireProductAccess } from '../../access/product-access.ts';
import { recordActivity, writeTransaction } from '../../activity/record-activity.ts';
import type { Ctx, Tx } from '../../deps.ts';
import { badField, notFound } from '../../errors.ts';
import { deliveriesOf, sendTestDelivery } from '../../webhooks/delivery-log.ts';

const destinationSelect = { id: true, url: true, events: true, enabled: true, disabledReason: true, failingSince: true, createdAt: true } as const;
type Destination = { id: string; url: string; events: string[]; enabled: boolean; disabledReason: string | null; failingSince: Date | null; createdAt: Date };

/** Enough of a Slack URL to tell two apart and too little to post with: its host and last 4 characters. */
const urlHint = (url: string) => `${new URL(url).host}/…${url.slice(-4)}`;

// a product's Slack messages go through its one outbound endpoint of format slack: the same outbox, queue and log
const findDestination = (db: Ctx['db'] | Tx, productId: string) =>
  db.webhookEndpoint.findFirst({ where: { productId, format: 'slack' }, select: destinationSelect, orderBy: { createdAt: 'asc' } });

function toSlack(productKey: string, row: { signingSecretSetAt: Date | null; responseType: string } | null, d: Destination | null): SlackIntegration {
  return {
    commandPath: slackCommandPath(productKey),
    signingSecretSetAt: row?.signingSecretSetAt ?? null,
    responseType: SlackResponseType.catch('ephemeral').parse(row?.responseType),
    destination: d && {
      id: d.id,
      urlHint: urlHint(d.url),
      events: d.events.flatMap((e) => (WebhookEventType.safeParse(e).success ? [e as WebhookEventType] : [])),
      enabled: d.enabled,
      disabledReason: d.disabledReason,
      failingSince: d.failingSince,
      createdAt: d.createdAt,
    },
  };
}

/** A product's Slack settings, never a secret (managers and up: they are the ones who paste them in). */
export async function getSlackIntegration(ctx: Ctx, raw: z.input<typeof SlackRef>): Promise<SlackIntegration> {
  const input = SlackRef.parse(raw);
  const { product } = await requireProductAccess(ctx, input.productId, 'configure');
  const [row, destination] = await Promise.all([
    ctx.db.slackIntegration.findUnique({ where: { productId: product.id }, select: { signingSecretSetAt: true, responseType: true } }),
    findDestination(ctx.db, product.id),
  ]);
  return toSlack(product.key, row, destination);
}

/**
 * Sets up or changes a product's Slack integration. Secrets are written and never answered: the signing secret
 * (kept as given, as forge secrets are, since the HMAC needs it) and the incoming-webhook URL (the endpoint's URL).
 */
export async function configureSlack(ctx: Ctx, raw: z.input<typeof ConfigureSlackInput>): Promise<SlackIntegration> {
  const input = ConfigureSlackInput.parse(raw);
  const { product } = await requireProductAccess(ctx, input.productId, 'configure');
  const now = ctx.clock();
  return writeTransaction(ctx, async (tx, emit) => {
    const row = await tx.slackIntegration.upsert({
      where: { productId: product.id },
      create: { productId: product.id },
      update: {},
      select: { id: true },
    });
    const settings = await tx.slackIntegration.update({
      where: { id: row.id },
      data: {
        ...(input.signingSecret !== undefined && { signingSecret: input.signingSecret, signingSecretSetAt: input.signingSecret ? now : null }),
        ...(input.responseType && { responseType: input.responseType }),
      },
      select: { signingSecretSetAt: true, responseType: true },
    });
    const destination = await configureDestination(ctx, tx, product.id, input);
    const { productId: _, signingSecret, webhookUrl, ...rest } = input;
    // the audit log says a secret changed, never what it is
    const after = { ...rest, signingSecretChanged: signingSecret !== undefined, webhookUrlChanged: webhookUrl !== undefined };
    emit(await recordActivity(ctx, tx, [{ productId: product.id, itemId: null, action: 'integration_configured', field: 'slack', after }]));
    return toSlack(product.key, settings, destination);
  });
}

async function configureDestination(ctx: Ctx, tx: Tx, productId: string, input: ConfigureSlackInput): Promise<Destination | null> {
  const current = await findDestination(tx, productId);
  if (input.webhookUrl === null) {
    if (current) await tx.webhookEndpoint.delete({ where: { id: current.id } });
    return null;
  }
  if (!current) {
    if (input.webhookUrl === undefined) {
      if (input.events || input.enabled !== undefined) throw badField('webhookUrl', 'is required before choosing events: paste the channel’s incoming-webhook URL');
      return null;
    }
    if (!input.events) throw badField('events', 'choose at least one event to post to the channel');
    return tx.webhookEndpoint.create({
      data: {
        productId,
        format: 'slack',
        url: input.webhookUrl,
        description: 'Slack',
        events: [...new Set(input.events)],
        secret: '',
        createdByUserId: ctx.principal.kind === 'user' ? ctx.principal.userId : null,
      },
      select: destinationSelect,
    });
  }
  return tx.webhookEndpoint.update({
    where: { id: current.id },
    data: {
      ...(input.webhookUrl !== undefined && { url: input.webhookUrl }),
      ...(input.events && { events: [...new Set(input.events)] }),
      // the same rule as a webhook's: turning it on again starts its failing streak over
      ...(input.enabled === true && { enabled: true, disabledAt: null, disabledReason: null, failingSince: null }),
      ...(input.enabled === false && { enabled: false, disabledAt: ctx.clock(), disabledReason: 'turned off by a manager' }),
    },
    select: destinationSelect,
  });
}

async function requireDestination(ctx: Ctx, productId: string) {
  const { product } = await requireProductAccess(ctx, productId, 'configure');
  const destination = await findDestination(ctx.db, product.id);
  if (!destination) throw notFound('Slack webhook');
  return { product, destination };
}

/** The delivery log of the product's Slack messages (redeliver one with webhooks.redeliver). */
export async function listSlackDeliveries(ctx: Ctx, raw: z.input<typeof ListSlackDeliveriesInput>) {
  const input = ListSlackDeliveriesInput.parse(raw);
  const { destination } = await requireDestination(ctx, input.productId);
  return deliveriesOf(ctx, destination.id, input);
}

/** Posts a test message to the product's Slack channel now and answers how it went. */
export async function sendSlackTest(ctx: Ctx, raw: z.input<typeof SlackRef>): Promise<OutboundDelivery> {
  const input = SlackRef.parse(raw);
  const { product, destination } = await requireDestination(ctx, input.productId);
  return sendTestDelivery(ctx, product, { id: destination.id, format: 'slack' });
}
