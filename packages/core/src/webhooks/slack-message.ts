import { STATUS_LABEL, type ItemStatus } from '@baton/contracts';

/** An event as the outbound webhook body carries it (produce-deliveries.ts, delivery-log.ts's test event). */
export type WebhookPayload = {
  type: string;
  timestamp: string;
  data: {
    product: { id: string; key: string | null };
    webhook?: { id: string };
    item?: { key: string; title: string; type: string; status: string; url: string };
    actor?: { name: string };
    changes?: Array<{ action: string; field: string | null; before: unknown; after: unknown }>;
    message?: string;
  };
};

/** How an endpoint's deliveries are written: signed JSON for standard receivers, a Slack message for Slack's. */
export type WebhookFormat = 'standard' | 'slack';

/**
 * Slack's mrkdwn gives &, < and > meaning (links, mentions, entities); text of ours or of users' must have them
 * escaped, as Slack asks (api.slack.com, "Formatting text for app surfaces": escaping text), and nothing else.
 */
export const slackEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const statusName = (s: unknown) => (typeof s === 'string' ? (STATUS_LABEL[s as ItemStatus] ?? s) : null);
const statusOf = (v: unknown) => statusName(v && typeof v === 'object' && 'status' in v ? (v as { status: unknown }).status : v);
const field = (v: unknown, name: string) => (v && typeof v === 'object' && name in v ? String((v as Record<string, unknown>)[name]) : null);

/** One line of mrkdwn saying what happened, the item linked by its key. */
export function slackText(p: WebhookPayload): string {
  const { item, actor, changes = [] } = p.data;
  const who = slackEscape(actor?.name ?? 'Baton');
  const first = changes[0];
  if (p.type === 'webhook.test') return `:wave: ${slackEscape(p.data.message ?? 'A test message from Baton')}`;
  if (p.type === 'release.published') return `:rocket: ${who} published release *${slackEscape(field(first?.after, 'name') ?? '')}*`;
  if (!item) return `${slackEscape(p.type)} by ${who}`;
  const link = `<${slackEscape(item.url)}|${item.key}>`;
  const title = slackEscape(item.title);
  switch (p.type) {
    case 'item.created':
      return `${link} ${title} (${slackEscape(item.type)}) created by ${who}`;
    case 'idea.submitted':
      return `:bulb: New idea from the public roadmap: ${link} ${title}`;
    case 'item.updated':
      return `${link} ${title}: ${slackEscape([...new Set(changes.map((c) => c.field ?? c.action))].join(', '))} changed by ${who}`;
    case 'item.status_changed':
      return `${link} ${title}: ${statusOf(first?.before) ?? '?'} → *${statusOf(first?.after) ?? statusName(item.status)}* (${who})`;
    case 'item.closed':
      return `:white_check_mark: ${link} ${title} closed as *${statusName(item.status)}* by ${who}`;
    case 'comment.added':
      return `:speech_balloon: ${who} commented on ${link} ${title}`;
    case 'pr.linked': {
      const url = field(first?.after, 'url');
      return `${who} linked ${url ? `<${slackEscape(url)}|a pull request>` : 'a pull request'} to ${link} ${title}`;
    }
    case 'claim.started':
      return `${who} started on ${link} ${title}`;
    case 'claim.ended':
      return `${who} ${slackEscape(first?.action.replace(/^claim_/, '') ?? 'ended')} the claim on ${link} ${title}`;
    default:
      return `${link} ${title}: ${slackEscape(p.type)} by ${who}`;
  }
}

/**
 * The body of a delivery to a Slack incoming webhook: `text` (what notifications and old clients show) and one
 * Block Kit section with the same mrkdwn, then the product and event as context.
 */
export function slackMessage(p: WebhookPayload): string {
  const text = slackText(p);
  return JSON.stringify({
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `${slackEscape(p.data.product.key ?? '')} · ${slackEscape(p.type)}` }] },
    ],
  });
}

/** The body an endpoint of this format is sent for an event: one place decides, for events and test events alike. */
export const formatDelivery = (format: string, payload: WebhookPayload): string =>
  format === 'slack' ? slackMessage(payload) : JSON.stringify(payload);
