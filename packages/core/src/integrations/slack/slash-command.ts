import { CreateItemInput, formatItemKey, ItemType, SlackResponseType } from '@baton/contracts';
import { z } from 'zod';
import { writeTransaction } from '../../activity/record-activity.ts';
import type { Deps } from '../../deps.ts';
import { publicBase } from '../../email/enqueue-email.ts';
import { insertItem } from '../../items/create-item.ts';
import { slackEscape } from '../../webhooks/slack-message.ts';
import { header, type Headers } from '../forges/forge-event.ts';
import { staleSlackTimestamp, verifySlackSignature } from './slack-signature.ts';

export type SlashCommandRequest = { productKey: string; headers: Headers; body: Buffer };
/** Slack shows `text` to whoever typed the command (ephemeral) or to the channel (in_channel). */
export type SlashCommandAnswer = { status: number; body: { response_type: SlackResponseType; text: string } };

/**
 * The form fields Baton reads of a slash command (api.slack.com, "Implementing slash commands": token, team_id,
 * team_domain, channel_id, channel_name, user_id, user_name, command, text, api_app_id, response_url, trigger_id...).
 * Slack adds fields over time (enterprise_id, is_enterprise_install): a payload of theirs is read, not refused.
 */
const CommandForm = z.object({
  command: z.string().max(100).default('/baton'),
  text: z.string().max(4000, 'is longer than 4,000 characters').default(''),
  user_name: z.string().max(100).default(''),
  user_id: z.string().max(100).default(''),
});

const answer = (status: number, text: string, response_type: SlackResponseType = 'ephemeral'): SlashCommandAnswer => ({ status, body: { response_type, text } });
const usage = (command: string, key: string, why = '') =>
  answer(
    200,
    `${why}Usage: \`${command} [${ItemType.options.join('|')}] <title>\` creates an item in ${key}, e.g. \`${command} bug Login fails on Safari\`. Without a type it is a task. \`${command} help\` shows this.`,
  );

/**
 * One POST to /api/slack/commands/<product key> (docs/slack.md). Product keys are unique per organization only, so
 * the command belongs to the product of that key whose signing secret verifies it. Refused with 401 before
 * anything is read: a timestamp more than 5 minutes off (a replay), a signature that no secret matches. A verified
 * command creates an item through the one create function, as the system named for Slack and its user, and
 * answers its link; help and empty text answer the usage. Slack shows only 200 answers, so a refusal of the
 * command itself (a title too long, an archived product) is a 200 saying why.
 */
export async function receiveSlashCommand(deps: Deps, req: SlashCommandRequest): Promise<SlashCommandAnswer> {
  const key = req.productKey.toUpperCase();
  const candidates = await deps.db.product.findMany({
    where: { key, slack: { signingSecret: { not: null } } },
    select: { id: true, key: true, name: true, organizationId: true, archivedAt: true, slack: { select: { signingSecret: true, responseType: true } } },
    take: 50,
  });
  if (!candidates.length) return answer(404, `No product ${key.slice(0, 20)} has a Slack slash command set up in Baton`);
  const timestamp = header(req.headers, 'x-slack-request-timestamp');
  const stale = staleSlackTimestamp(timestamp, deps.clock());
  if (stale) return answer(401, stale);
  const signature = header(req.headers, 'x-slack-signature');
  const product = candidates.find((p) => verifySlackSignature(p.slack!.signingSecret!, timestamp!, req.body, signature));
  if (!product) return answer(401, 'X-Slack-Signature does not match this product’s Slack signing secret');

  const form = CommandForm.safeParse(Object.fromEntries(new URLSearchParams(req.body.toString('utf8'))));
  if (!form.success) return answer(400, `The command’s ${form.error.issues[0]?.path.join('.')} ${form.error.issues[0]?.message}`);
  const { command, text, user_name } = form.data;
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (!words.length || (words.length === 1 && words[0]!.toLowerCase() === 'help')) return usage(command, product.key);
  const typed = ItemType.safeParse(words[0]!.toLowerCase());
  const title = (typed.success ? words.slice(1) : words).join(' ');
  if (!title) return usage(command, product.key, 'Give the item a title. ');
  if (product.archivedAt) return answer(200, `${product.key} is archived and read-only: nothing was created`);
  const input = CreateItemInput.safeParse({ productId: product.id, type: typed.success ? typed.data : 'task', title });
  if (!input.success) return answer(200, `Nothing was created: the ${input.error.issues[0]?.path.join('.')} ${input.error.issues[0]?.message}`);

  // the history says who typed it; the Slack user name is Slack's word, shortened to what a name holds
  const principal = { kind: 'system' as const, name: user_name ? `Slack (@${user_name.slice(0, 60)})` : 'Slack' };
  const item = await writeTransaction(deps, (tx, emit) => insertItem({ ...deps, principal }, tx, emit, product, input.data));
  const key_ = formatItemKey(product.key, item.number);
  const url = `${publicBase(deps)}/p/${product.key}/items/${key_}`;
  return answer(200, `<${slackEscape(url)}|${key_}> created: ${slackEscape(item.title)}`, SlackResponseType.catch('ephemeral').parse(product.slack!.responseType));
}
