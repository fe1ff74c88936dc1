import { createClient } from '@baton/client';
import { beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations as serious } from '../support/axe.ts';
import { useServerAndBrowser } from '../support/browser.ts';
import { DEMO, useSession } from '../support/session.ts';

// axe-core on every main page, in light and dark mode: no serious or critical violations. axe is injected as a
// script, which the app's strict CSP refuses, so these contexts (and only these) bypass the CSP.

const OWNER = DEMO.owner;

type Who = 'anonymous' | 'owner';
/** One line per page. `{invite}` is a live invitation token made in beforeAll. */
// prettier-ignore
const PAGES: [name: string, path: string, who: Who][] = [
  ['login', '/login', 'anonymous'],
  ['signup', '/signup', 'anonymous'],
  ['invitation', '/invite/{invite}', 'anonymous'],
  ['dashboard', '/p/BAT', 'owner'],
  ['items list', '/p/BAT/items', 'owner'],
  ['items list, bad query', '/p/BAT/items?q=colour:red', 'owner'],
  ['item custom fields', '/p/BAT/items/BAT-1/fields', 'owner'],
  ['settings: general', '/p/BAT/settings', 'owner'],
  ['settings: members', '/p/BAT/settings/members', 'owner'],
  ['settings: API keys', '/p/BAT/settings/api-keys', 'owner'],
  ['settings: labels', '/p/BAT/settings/labels', 'owner'],
  ['settings: workflow', '/p/BAT/settings/workflow', 'owner'],
  ['settings: custom fields', '/p/BAT/settings/fields', 'owner'],
  ['device', '/device', 'owner'],
  ['device, code entered', '/device?code=WDJB-MJHT', 'owner'],
  ['board', '/p/BAT/board', 'owner'],
  ['planning', '/p/BAT/planning', 'owner'],
  ['milestone', '/p/BAT/planning/milestones/{milestone}', 'owner'],
  ['releases', '/p/BAT/releases', 'owner'],
  ['item detail', '/p/BAT/items/BAT-1', 'owner'],
  ['notifications', '/notifications', 'owner'],
  ['triage', '/p/BAT/triage', 'owner'],
  ['settings: public roadmap', '/p/BAT/settings/public', 'owner'],
  ['settings: email in', '/p/BAT/settings/email-in', 'owner'],
  ['settings: integrations', '/p/BAT/settings/integrations', 'owner'],
  ['settings: Slack', '/p/BAT/settings/integrations/slack', 'owner'],
  ['settings: webhooks', '/p/BAT/settings/webhooks', 'owner'],
  ['settings: import', '/p/BAT/settings/import', 'owner'],
  ['new item', '/p/BAT/items/new', 'owner'],
  ['notification settings', '/settings/notifications', 'owner'],
  ['public roadmap', '/roadmap/BAT', 'anonymous'],
  ['public roadmap, list', '/roadmap/BAT?view=list', 'anonymous'],
  ['submit an idea', '/roadmap/BAT/submit', 'anonymous'],
  ['changelog', '/changelog/BAT', 'anonymous'],
];

const { server, openPage } = useServerAndBrowser();
let inviteToken = '';
let milestoneId = '';
let ownerToken = '';

beforeAll(async () => {
  // a live invitation, so the accept page shows its sign-up form
  // one session for every page: signing in through the form per page would trip the sign-in rate limit
  const session = await createClient({ url: server().url }).auth.logIn.mutate({ email: OWNER.email, password: OWNER.password });
  ownerToken = session.token;
  const owner = createClient({ url: server().url, token: session.token });
  const me = await owner.auth.me.query();
  const created = await owner.invitations.create.mutate({ organizationId: me.memberships[0]!.organizationId, email: 'a11y@example.test', role: 'viewer' });
  inviteToken = created.token;
  const products = await owner.products.list.query({});
  const bat = products.find((p) => p.key === 'BAT')!;
  milestoneId = (await owner.milestones.list.query({ productId: bat.id, limit: 1 })).items[0]!.id;
  // a webhook with a logged delivery, so the webhooks page shows its table and its delivery log (the test event
  // goes nowhere: a loopback address is refused without WEBHOOK_ALLOW_ADDRESSES, and the refusal is logged)
  const hook = await owner.webhooks.create.mutate({ productId: bat.id, url: 'http://127.0.0.1:9/a11y', events: ['item.created', 'item.closed'], description: 'axe' });
  await owner.webhooks.test.mutate({ productId: bat.id, id: hook.id });
  // Slack set up, with a logged (refused) test message, so its page shows every section
  await owner.integrations.slack.configure.mutate({ productId: bat.id, signingSecret: 'a11y-signing-secret-0123456789', webhookUrl: 'http://127.0.0.1:9/slack', events: ['item.created'] });
  await owner.integrations.slack.test.mutate({ productId: bat.id });
});

describe('accessibility', () => {
  // one page load per page, checked in light mode and again in dark mode (the colours follow prefers-color-scheme
  // through CSS light-dark(), so switching the emulated scheme restyles the page without loading it again)
  it.each(PAGES)('%s (%s) has no serious or critical axe violations, light and dark', async (_name, path, who) => {
    const { page } = await openPage({ bypassCSP: true, colorScheme: 'light' });
    if (who === 'owner') await useSession(page, server().url, ownerToken);
    const response = await page.goto(server().url + path.replace('{invite}', inviteToken).replace('{milestone}', milestoneId));
    expect(response?.status(), path).toBeLessThan(400);
    expect(new URL(page.url()).pathname.startsWith('/login') && who !== 'anonymous', 'signed in').toBe(false);
    expect(await serious(page), 'light').toEqual([]);
    const background = () => page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
    const light = await background();
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await background(), 'restyled dark').not.toBe(light);
    expect(await serious(page), 'dark').toEqual([]);
  });
});
