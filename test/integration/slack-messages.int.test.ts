import { slackCommandPath } from '@baton/contracts';
import * as core from '@baton/core';
import { describe, expect, it } from 'vitest';
import { buildTeam, failure } from '../support/api-server.ts';
import { buildUser } from '../support/builders.ts';
import { api, command, post, receiver, setUp, useSlackServer } from '../support/slack.ts';
import { waitUntil } from '../support/webhook-receiver.ts';

// Slack messages and settings (docs/slack.md) over real HTTP: the real job queue posts to a receiver standing in for
// hooks.slack.com, which answers as Slack does; the settings API's secrecy, input checks and authorization.

useSlackServer('.test-slack-messages');

type SlackBody = { text: string; blocks: Array<{ type: string; text?: { type: string; text: string } }> };
const messages = (path: string) =>
  receiver.at(path).map((r) => ({ answered: r.answered, headers: r.headers, body: JSON.parse(r.body) as SlackBody }));

describe('Slack messages', () => {
  it('posts Slack-formatted messages for the chosen events only, through the webhook queue', async () => {
    const { team, owner, path } = await setUp({ events: ['item.created', 'item.closed'] });
    const item = await owner.client.items.create.mutate({ productId: team.productId, type: 'bug', title: 'Fix <b> & "quotes"' });
    const moved = await owner.client.items.update.mutate({
      productId: team.productId,
      ref: item.key,
      expectedVersion: item.version,
      patch: { status: 'in_progress' },
    });
    await owner.client.items.comments.add.mutate({ productId: team.productId, ref: item.key, body: 'not a chosen event' });
    await owner.client.items.update.mutate({
      productId: team.productId,
      ref: item.key,
      expectedVersion: moved.version,
      patch: { status: 'done' },
    });
    await waitUntil('two messages', () => receiver.at(path).length >= 2);
    const log = async () => (await owner.client.integrations.slack.deliveries.query({ productId: team.productId })).items;
    await waitUntil('both delivered', async () => (await log()).every((d) => d.status === 'delivered'));
    await new Promise((r) => setTimeout(r, 1_500));
    const got = messages(path);
    const link = `<http://127.0.0.1:3000/p/${team.product.key}/items/${item.key}|${item.key}>`;
    expect(got.map((m) => m.body.text)).toEqual([
      `${link} Fix &lt;b&gt; &amp; "quotes" (bug) created by ${owner.principal.name}`,
      `:white_check_mark: ${link} Fix &lt;b&gt; &amp; "quotes" closed as *Done* by ${owner.principal.name}`,
    ]);
    for (const m of got) {
      expect(m.body.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: m.body.text } });
      expect(m.headers['content-type']).toBe('application/json');
      // Slack is not sent Standard Webhooks signatures: its URL is the credential
      expect(m.headers['webhook-signature']).toBeUndefined();
    }
    expect((await log()).map((d) => d.eventType).sort()).toEqual(['item.closed', 'item.created']);
  });

  it('retries a message Slack refuses, as any webhook delivery, and logs each answer', async () => {
    const { team, owner, path } = await setUp();
    // Slack's answers: 500 with a reason while failing, then 200 "ok"
    receiver.on(path, (n) => (n < 2 ? 500 : 200));
    await owner.client.items.create.mutate({ productId: team.productId, type: 'task', title: 'Retry me' });
    const log = async () => (await owner.client.integrations.slack.deliveries.query({ productId: team.productId })).items;
    await waitUntil('the delivery', async () => (await log())[0]?.status === 'delivered');
    expect(receiver.at(path).map((r) => r.answered)).toEqual([500, 500, 200]);
    expect(new Set(receiver.at(path).map((r) => r.body)).size).toBe(1);
    const [delivery] = await log();
    expect(delivery).toMatchObject({ status: 'delivered', attemptCount: 3, eventType: 'item.created' });
    expect(delivery!.attempts.map((a) => a.httpStatus)).toEqual([200, 500, 500]);
    // a redelivery goes through the one webhooks procedure
    const again = await owner.client.webhooks.redeliver.mutate({ productId: team.productId, deliveryId: delivery!.id });
    expect(again).toMatchObject({ status: 'delivered', attemptCount: 4 });
    expect(receiver.at(path)).toHaveLength(4);
  });

  it('sends a test message now and answers how it went', async () => {
    const { team, owner, path } = await setUp();
    const sent = await owner.client.integrations.slack.test.mutate({ productId: team.productId });
    expect(sent).toMatchObject({ eventType: 'webhook.test', status: 'delivered', attempts: [{ httpStatus: 200, manual: true }] });
    expect(messages(path)[0]!.body.text).toBe(`:wave: A test event from Baton, sent by ${owner.principal.name}`);
  });
});

describe('Slack settings', () => {
  it('never reads a secret back: the signing secret not at all, the webhook URL as a hint, and Slack is not a webhook', async () => {
    const { team, owner, signingSecret, settings, path } = await setUp({ events: ['item.created', 'comment.added'] });
    const got = await owner.client.integrations.slack.get.query({ productId: team.productId });
    expect(got).toEqual(settings);
    expect(got).toMatchObject({
      commandPath: `/api/slack/commands/${team.product.key}`,
      signingSecretSetAt: expect.any(Date),
      responseType: 'ephemeral',
      destination: { urlHint: `127.0.0.1:${new URL(receiver.url).port}/…XXXX`, events: ['item.created', 'comment.added'], enabled: true },
    });
    for (const leak of [signingSecret, path, path.split('/')[3]!]) expect(JSON.stringify(got)).not.toContain(leak);
    expect((await owner.client.webhooks.list.query({ productId: team.productId })).items).toEqual([]);
    const id = got.destination!.id;
    for (const call of [
      owner.client.webhooks.update.mutate({ productId: team.productId, id, events: ['item.updated'] }),
      owner.client.webhooks.deliveries.query({ productId: team.productId, id }),
      owner.client.webhooks.test.mutate({ productId: team.productId, id }),
    ])
      expect((await failure(call)).status).toBe(404);
    const audit = await api.db.activityEvent.findMany({
      where: { productId: team.productId, action: 'integration_configured' },
      select: { after: true },
    });
    expect(JSON.stringify(audit)).not.toContain(signingSecret);
    expect(JSON.stringify(audit)).not.toContain(path);
    expect(audit[0]!.after).toMatchObject({ signingSecretChanged: true, webhookUrlChanged: true });
  });

  it('changes events, pauses, and removes the messages and the command', async () => {
    const { team, owner, commandUrl, signingSecret } = await setUp();
    const slack = owner.client.integrations.slack;
    expect(
      (await slack.configure.mutate({ productId: team.productId, events: ['item.closed'], enabled: false })).destination,
    ).toMatchObject({
      events: ['item.closed'],
      enabled: false,
      disabledReason: 'turned off by a manager',
    });
    expect((await slack.configure.mutate({ productId: team.productId, enabled: true })).destination).toMatchObject({
      enabled: true,
      disabledReason: null,
    });
    expect(await slack.configure.mutate({ productId: team.productId, webhookUrl: null, signingSecret: null })).toMatchObject({
      destination: null,
      signingSecretSetAt: null,
    });
    expect((await post(commandUrl, command('bug Gone', { secret: signingSecret }))).status).toBe(404);
    expect((await failure(slack.deliveries.query({ productId: team.productId }))).status).toBe(404);
  });

  it('refuses bad input with the field and why, and unknown fields', async () => {
    const team = await buildTeam(api);
    const slack = (await team.person('owner')).client.integrations.slack;
    const productId = team.productId;
    const cases: Array<[object, string]> = [
      [{ signingSecret: 'short' }, 'signingSecret'],
      [{ webhookUrl: 'ftp://hooks.slack.com/services/x' }, 'webhookUrl'],
      [{ webhookUrl: 'https://u:p@hooks.slack.com/services/x', events: ['item.created'] }, 'webhookUrl'],
      [{ webhookUrl: 'https://hooks.slack.com/services/x' }, 'events'],
      [{ events: ['item.created'] }, 'webhookUrl'],
      [{ webhookUrl: 'https://hooks.slack.com/services/x', events: ['item.exploded'] }, 'events.0'],
      [{ responseType: 'loud' }, 'responseType'],
      [{ signingSecret: 'abcdefabcdefabcdef', token: 'x' }, 'token'],
    ];
    for (const [input, field] of cases) {
      const f = await failure(slack.configure.mutate({ productId, ...input } as never));
      expect(f.status, JSON.stringify(input)).toBe(400);
      expect(f.message, JSON.stringify(input)).toContain(`${field}: `);
    }
    expect(await slack.get.query({ productId })).toMatchObject({ signingSecretSetAt: null, destination: null });
  });

  it("is for managers and up, and for the product's own organization only", async () => {
    const { team, signingSecret } = await setUp();
    const manager = await buildUser(api.db, team.org.id, 'manager');
    const managerCtx: core.Ctx = {
      ...api.deps,
      principal: { kind: 'user', userId: manager.id, name: manager.name, email: manager.email, sessionId: null },
    };
    expect((await core.getSlackIntegration(managerCtx, { productId: team.productId })).signingSecretSetAt).toEqual(expect.any(Date));
    const developer = await team.person('developer');
    const productId = team.productId;
    const calls = (client: typeof developer.client) => [
      () => client.integrations.slack.get.query({ productId }),
      () => client.integrations.slack.configure.mutate({ productId, signingSecret: `${signingSecret}-mine` }),
      () => client.integrations.slack.deliveries.query({ productId }),
      () => client.integrations.slack.test.mutate({ productId }),
    ];
    for (const call of calls(developer.client)) expect((await failure(call())).status).toBe(403);
    const stranger = await (await buildTeam(api)).person('owner');
    for (const call of calls(stranger.client)) expect((await failure(call())).status).toBe(404);
    const readOnly = await team.agent(['read']);
    expect((await failure(readOnly.client.integrations.slack.get.query({ productId }))).status).toBe(403);
    // nothing they tried changed the secret: Slack's signature under the old one still creates
    expect(
      (await post(`${api.url}${slackCommandPath(team.product.key)}`, command('task Still mine', { secret: signingSecret }))).status,
    ).toBe(200);
  });
});
