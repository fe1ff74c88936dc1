import { slackCommandPath } from '@baton/contracts';
import * as core from '@baton/core';
import { describe, expect, it } from 'vitest';
import { buildTeam } from '../support/api-server.ts';
import { api, command, itemsOf, post, receiver, recorded, setClockOffset, setUp, useSlackServer } from '../support/slack.ts';

// Slack's /baton slash command (docs/slack.md) over real HTTP: Slack's recorded command (test/fixtures/slack) signed
// and posted to the command route; Slack's own signed request verified as recorded. Messages: slack-messages.int.test.ts.

useSlackServer('.test-slack-command');

describe('the /baton slash command', () => {
  it('creates the item a signed command names, as Slack, and answers its link', async () => {
    const { team, signingSecret, commandUrl } = await setUp();
    const bug = await post(commandUrl, command('bug Login fails on Safari', { secret: signingSecret }));
    const key = `${team.product.key}-1`;
    expect(bug).toEqual({
      status: 200,
      body: {
        response_type: 'ephemeral',
        text: `<http://127.0.0.1:3000/p/${team.product.key}/items/${key}|${key}> created: Login fails on Safari`,
      },
    });
    // no type word: a task, and the first word is the title's; a type word in any case
    expect((await post(commandUrl, command('Tidy   the <backlog> & more', { secret: signingSecret }))).body.text).toMatch(
      /created: Tidy the &lt;backlog&gt; &amp; more$/,
    );
    expect((await post(commandUrl, command('FEATURE Dark mode', { secret: signingSecret, user: 'ada' }))).status).toBe(200);
    expect(await itemsOf(team.productId)).toEqual([
      { number: 1, type: 'bug', title: 'Login fails on Safari', reporterUserId: null },
      { number: 2, type: 'task', title: 'Tidy the <backlog> & more', reporterUserId: null },
      { number: 3, type: 'feature', title: 'Dark mode', reporterUserId: null },
    ]);
    const history = await api.db.activityEvent.findMany({
      where: { productId: team.productId, action: 'created' },
      orderBy: { seq: 'asc' },
      select: { actorName: true },
    });
    expect(history.map((h) => h.actorName)).toEqual(['Slack (@Steve)', 'Slack (@Steve)', 'Slack (@ada)']);
  });

  it('answers in the channel when the product says so, and the usage for help, empty text or a type without a title', async () => {
    const { team, signingSecret, commandUrl } = await setUp({ responseType: 'in_channel' });
    expect((await post(commandUrl, command('task Write docs', { secret: signingSecret }))).body.response_type).toBe('in_channel');
    for (const text of ['', '   ', 'help', 'HELP']) {
      const usage = await post(commandUrl, command(text, { secret: signingSecret }));
      expect(usage, text).toMatchObject({
        status: 200,
        body: { response_type: 'ephemeral', text: expect.stringMatching(/^Usage: `\/baton \[bug\|feature\|task\] <title>`/) },
      });
    }
    expect((await post(commandUrl, command('bug', { secret: signingSecret }))).body.text).toMatch(/^Give the item a title\. Usage/);
    expect((await post(commandUrl, command(`bug ${'x'.repeat(201)}`, { secret: signingSecret }))).body.text).toMatch(
      /^Nothing was created: the title is longer than 200/,
    );
    expect(await itemsOf(team.productId)).toHaveLength(1);
  });

  it('verifies the request Slack itself signed, as recorded in its docs, and refuses it once it is 5 minutes old', async () => {
    const team = await buildTeam(api);
    const owner = await team.person('owner');
    await owner.client.integrations.slack.configure.mutate({ productId: team.productId, signingSecret: recorded.signingSecret });
    const url = `${api.url}${slackCommandPath(team.product.key)}`;
    const req = {
      body: recorded.body,
      headers: { 'x-slack-request-timestamp': recorded.timestamp, 'x-slack-signature': recorded.signature },
    };
    try {
      setClockOffset(Number(recorded.timestamp) * 1000 + 30_000 - Date.now());
      // its text is empty: the usage, under the command it was sent as
      expect(await post(url, req)).toMatchObject({ status: 200, body: { text: expect.stringMatching(/^Usage: `\/webhook-collect /) } });
      setClockOffset(Number(recorded.timestamp) * 1000 + 301_000 - Date.now());
      expect(await post(url, req)).toMatchObject({ status: 401, body: { text: expect.stringMatching(/more than 5 minutes/) } });
    } finally {
      setClockOffset(0);
    }
  });

  it('refuses forged, stale, unknown and oversize commands with a 4xx and creates nothing, never a 5xx', async () => {
    const { team, signingSecret, commandUrl } = await setUp();
    const good = command('bug Forged', { secret: signingSecret });
    const now = Math.floor(Date.now() / 1000);
    const cases: Array<[string, { body: string | Buffer; headers: Record<string, string> }, number, RegExp]> = [
      ['another secret', command('bug Forged', { secret: `${signingSecret}x` }), 401, /does not match/],
      [
        'no signature',
        { body: good.body, headers: { 'x-slack-request-timestamp': good.headers['x-slack-request-timestamp'] } },
        401,
        /does not match/,
      ],
      ['a changed body', { body: good.body.replace('Forged', 'Forgee'), headers: good.headers }, 401, /does not match/],
      ['6 minutes old', command('bug Replayed', { secret: signingSecret, at: now - 360 }), 401, /more than 5 minutes/],
      ['6 minutes ahead', command('bug Early', { secret: signingSecret, at: now + 360 }), 401, /more than 5 minutes/],
      [
        'no timestamp',
        { body: good.body, headers: { 'x-slack-signature': good.headers['x-slack-signature'] } },
        401,
        /missing or not a number/,
      ],
    ];
    for (const [what, req, status, text] of cases)
      expect(await post(commandUrl, req), what).toMatchObject({
        status,
        body: { response_type: 'ephemeral', text: expect.stringMatching(text) },
      });
    expect(await post(`${api.url}${slackCommandPath('NOPE9')}`, good)).toMatchObject({
      status: 404,
      body: { text: expect.stringMatching(/No product NOPE9 has a Slack slash command/) },
    });
    // a product with messages set up but no signing secret has no command either
    const quiet = await buildTeam(api);
    await (
      await quiet.person('owner')
    ).client.integrations.slack.configure.mutate({
      productId: quiet.productId,
      webhookUrl: `${receiver.url}/quiet`,
      events: ['item.created'],
    });
    expect((await post(`${api.url}${slackCommandPath(quiet.product.key)}`, good)).status).toBe(404);
    const huge = command(`bug ${'x'.repeat(20_000)}`, { secret: signingSecret });
    expect((await post(commandUrl, huge)).status).toBe(413);
    expect((await fetch(commandUrl)).status).toBe(405);
    // whatever arrives, signed or not, is never a 5xx
    const junk = [
      Buffer.from([0xff, 0xfe, 0x00, 0x41]),
      '%E0%A4%A',
      'text=%00%00&command=',
      'text[]=a&text[]=b',
      `text=${'%20'.repeat(3000)}bug+x`,
      '{"text":"bug json"}',
    ];
    for (const body of junk) {
      const signed = {
        body,
        headers: {
          ...good.headers,
          'x-slack-signature': core.slackSignature(signingSecret, good.headers['x-slack-request-timestamp'], Buffer.from(body)),
        },
      };
      expect((await post(commandUrl, signed)).status, String(body)).toBeLessThan(500);
      expect((await post(commandUrl, { body, headers: good.headers })).status).toBe(401);
    }
    expect((await itemsOf(team.productId)).map((i) => i.title)).not.toContain('Forged');
    expect((await itemsOf(team.productId)).filter((i) => /Forg|Replayed|Early/.test(i.title))).toEqual([]);
  });
});
