import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createApp, createLogger, startWebhookJobs } from '@baton/backend';
import { slackCommandPath } from '@baton/contracts';
import * as core from '@baton/core';
import { createDb, createEmbeddedPool, type DbPool } from '@baton/db';
import { createJobQueue, type JobQueue } from '@baton/jobs';
import { afterAll, beforeAll, inject } from 'vitest';
import { buildTeam, listen, type ApiServer } from './api-server.ts';
import { manualClock, testDeps } from './builders.ts';
import { startReceiver } from './webhook-receiver.ts';

// What the Slack tests share (docs/slack.md): an API server with the real job queue working its own webhook queues,
// a receiver on a loopback socket standing in for hooks.slack.com (allowed explicitly: WEBHOOK_ALLOW_ADDRESSES),
// and Slack's recorded slash command (test/fixtures/slack), signed as Slack signs it.

const fixture = (name: string) => readFileSync(new URL(`../fixtures/slack/${name}`, import.meta.url), 'utf8');
const SLASH_COMMAND = fixture('slash-command.txt');
export const recorded = JSON.parse(fixture('signed-request.json')) as {
  signingSecret: string;
  timestamp: string;
  body: string;
  signature: string;
};

const embedded = inject('databaseKind') === 'embedded';
let pool: DbPool | undefined;
let queue: JobQueue;
export let api: ApiServer;
export let receiver: Awaited<ReturnType<typeof startReceiver>>;
let offsetMs = 0;
/** Moves the server's clock `ms` from the wall clock (0: back to it). */
export const setClockOffset = (ms: number) => {
  offsetMs = ms;
};

/** Starts the server, queue and receiver for one test file, on queues of its own (`queueSuffix`). */
export function useSlackServer(queueSuffix: string) {
  beforeAll(async () => {
    const url = inject('databaseUrl');
    pool = embedded ? createEmbeddedPool(url) : undefined;
    const db = createDb(url, { max: 4, embedded, ...(pool && { pool }) });
    // the clock can be set to a recorded request's time, and is the wall clock otherwise
    const clock = { ...manualClock(), now: () => new Date(Date.now() + offsetMs) };
    const deps = { ...testDeps(db, clock.now), webhooks: { allowAddresses: ['127.0.0.1'], timeoutMs: 1_500 } satisfies core.WebhookDeps };
    const { url: apiUrl, close } = await listen(createApp({ ...deps, logger: createLogger('silent') }), db);
    queue = await createJobQueue({
      connection: pool ? { pool } : { url, max: 2 },
      pollingIntervalSeconds: 0.5,
      maintenanceIntervalSeconds: 1,
    });
    await startWebhookJobs(queue, deps, {
      retryDelaySeconds: 1,
      retryBackoff: false,
      expireInSeconds: 5,
      queueSuffix,
      sweepSeconds: null,
    });
    api = { url: apiUrl, db, deps, clock, close };
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await queue?.stop(3_000);
    await receiver?.close();
    await api?.close();
    await pool?.end();
  });
}

let paths = 0;
const SECRET_BYTES = 'abcdef0123456789abcdef0123456789';
/** A team whose product has Slack set up through the API by its owner: a signing secret, a channel for `events`. */
export async function setUp(opts: { events?: core.WebhookPayload['type'][]; responseType?: 'ephemeral' | 'in_channel' } = {}) {
  const team = await buildTeam(api);
  const owner = await team.person('owner');
  // The middle segment is long and random so a leak check on it cannot match a random product key by chance.
  const path = `/services/T0001/B${++paths}${randomBytes(6).toString('hex')}/XXXXXXXXXXXXXXXXXXXXXXXX`;
  const signingSecret = `${SECRET_BYTES.slice(paths % 8)}${team.productId}`;
  const settings = await owner.client.integrations.slack.configure.mutate({
    productId: team.productId,
    signingSecret,
    webhookUrl: `${receiver.url}${path}`,
    events: (opts.events ?? ['item.created']) as never,
    ...(opts.responseType && { responseType: opts.responseType }),
  });
  const commandUrl = `${api.url}${slackCommandPath(team.product.key)}`;
  return { team, owner, path, signingSecret, settings, commandUrl };
}

/** Slack's recorded command with our command and text, as Slack would send it now (or at `at` seconds). */
export function command(text: string, opts: { secret: string; at?: number; user?: string }) {
  const form = new URLSearchParams(SLASH_COMMAND);
  form.set('command', '/baton');
  form.set('text', text);
  if (opts.user) form.set('user_name', opts.user);
  const body = form.toString();
  const timestamp = String(opts.at ?? Math.floor(api.clock.now().getTime() / 1000));
  return {
    body,
    headers: {
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': core.slackSignature(opts.secret, timestamp, Buffer.from(body)),
    },
  };
}
export async function post(url: string, req: { body: string | Buffer; headers: Record<string, string> }) {
  const res = await fetch(url, {
    method: 'POST',
    body: typeof req.body === 'string' ? req.body : new Uint8Array(req.body),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...req.headers },
  });
  const text = await res.text();
  return {
    status: res.status,
    body: (text.startsWith('{') ? JSON.parse(text) : { raw: text }) as { response_type?: string; text?: string },
  };
}
export const itemsOf = (productId: string) =>
  api.db.item.findMany({
    where: { productId },
    select: { number: true, type: true, title: true, reporterUserId: true },
    orderBy: { number: 'asc' },
  });
