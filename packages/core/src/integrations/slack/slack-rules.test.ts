import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { slackEscape, slackMessage, slackText, type WebhookPayload } from '../../webhooks/slack-message.ts';
import { slackSignature, staleSlackTimestamp, verifySlackSignature } from './slack-signature.ts';

const recorded = JSON.parse(readFileSync(new URL('../../../../../test/fixtures/slack/signed-request.json', import.meta.url), 'utf8')) as {
  signingSecret: string;
  timestamp: string;
  body: string;
  signature: string;
};

describe('Slack request signatures', () => {
  it('computes and verifies the signature Slack made for its documented request', () => {
    const body = Buffer.from(recorded.body);
    expect(slackSignature(recorded.signingSecret, recorded.timestamp, body)).toBe(recorded.signature);
    expect(verifySlackSignature(recorded.signingSecret, recorded.timestamp, body, recorded.signature)).toBe(true);
    expect(verifySlackSignature(recorded.signingSecret, recorded.timestamp, body, recorded.signature.toUpperCase().replace('V0', 'v0'))).toBe(true);
    // any change to the secret, the timestamp or one byte of the body fails
    expect(verifySlackSignature(`${recorded.signingSecret}x`, recorded.timestamp, body, recorded.signature)).toBe(false);
    expect(verifySlackSignature(recorded.signingSecret, String(Number(recorded.timestamp) + 1), body, recorded.signature)).toBe(false);
    expect(verifySlackSignature(recorded.signingSecret, recorded.timestamp, Buffer.from(recorded.body.replace('text=', 'text=x')), recorded.signature)).toBe(false);
    for (const bad of [undefined, '', 'v0=', 'v1=' + recorded.signature.slice(3), recorded.signature.slice(0, -2), `${recorded.signature}00`]) {
      expect(verifySlackSignature(recorded.signingSecret, recorded.timestamp, body, bad), String(bad)).toBe(false);
    }
  });

  it('refuses timestamps more than 5 minutes from now, either way, and ones that are not seconds', () => {
    const now = new Date(Number(recorded.timestamp) * 1000);
    expect(staleSlackTimestamp(recorded.timestamp, now)).toBeNull();
    expect(staleSlackTimestamp(String(Number(recorded.timestamp) - 300), now)).toBeNull();
    expect(staleSlackTimestamp(String(Number(recorded.timestamp) - 301), now)).toMatch(/more than 5 minutes/);
    expect(staleSlackTimestamp(String(Number(recorded.timestamp) + 301), now)).toMatch(/more than 5 minutes/);
    for (const bad of [undefined, '', '1.5', '-1', 'abc', '1e9']) expect(staleSlackTimestamp(bad, now), String(bad)).toMatch(/missing or not a number/);
  });
});

describe('Slack messages', () => {
  const item = { key: 'BAT-7', title: 'Fix <b>bold</b> & "quotes" for <@U123>', type: 'bug', status: 'done', url: 'https://baton.example/p/BAT/items/BAT-7' };
  const event = (type: string, changes: WebhookPayload['data']['changes'] = []): WebhookPayload => ({
    type,
    timestamp: '2026-12-07T12:00:00.000Z',
    data: { product: { id: 'p', key: 'BAT' }, item, actor: { name: 'Ada <admin>' }, changes },
  });

  it('escapes &, < and > (and only those) in everything that is not a link', () => {
    expect(slackEscape('a & b < c > d "e" \'f\'')).toBe('a &amp; b &lt; c &gt; d "e" \'f\'');
    const text = slackText(event('item.created'));
    expect(text).toBe('<https://baton.example/p/BAT/items/BAT-7|BAT-7> Fix &lt;b&gt;bold&lt;/b&gt; &amp; "quotes" for &lt;@U123&gt; (bug) created by Ada &lt;admin&gt;');
    // a mention or link can only come from Baton itself: every < left is the item link's
    expect(text.match(/</g)).toHaveLength(1);
  });

  it('says what happened for each event, linking the item by its key', () => {
    const status = [{ action: 'status_changed', field: 'status', before: 'in_progress', after: 'done' }];
    expect(slackText(event('item.status_changed', status))).toContain('In progress → *Done*');
    expect(slackText(event('item.closed', status))).toMatch(/^:white_check_mark: <https:\/\/baton\.example\/p\/BAT\/items\/BAT-7\|BAT-7> .* closed as \*Done\* by Ada/);
    expect(slackText(event('item.updated', [{ action: 'updated', field: 'priority', before: 'low', after: 'high' }]))).toContain(': priority changed by');
    expect(slackText(event('comment.added'))).toMatch(/^:speech_balloon: Ada &lt;admin&gt; commented on <https/);
    expect(slackText(event('pr.linked', [{ action: 'pr_linked', field: 'pullRequest', before: null, after: { url: 'https://github.com/a/b/pull/1?x=1&y=2' } }]))).toContain(
      '<https://github.com/a/b/pull/1?x=1&amp;y=2|a pull request> to <https://baton.example',
    );
    expect(slackText(event('claim.ended', [{ action: 'claim_expired', field: null, before: null, after: {} }]))).toContain('expired the claim on');
    const release: WebhookPayload = { type: 'release.published', timestamp: '', data: { product: { id: 'p', key: 'BAT' }, actor: { name: 'Ada' }, changes: [{ action: 'release_published', field: null, before: null, after: { id: 'r', name: 'v1 <beta>' } }] } };
    expect(slackText(release)).toBe(':rocket: Ada published release *v1 &lt;beta&gt;*');
  });

  it('is Block Kit: the same mrkdwn as text and in a section, the product and event as context', () => {
    const body = JSON.parse(slackMessage(event('item.created'))) as { text: string; blocks: Array<{ type: string; text?: { type: string; text: string }; elements?: Array<{ text: string }> }> };
    expect(body.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: body.text } });
    expect(body.blocks[1]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: 'BAT · item.created' }] });
  });
});
