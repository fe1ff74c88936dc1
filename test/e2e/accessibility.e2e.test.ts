import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createClient } from '@baton/client';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../support/browser.ts';
import { DEMO, useSession } from '../support/session.ts';

// axe-core on every main page, in light and dark mode: no serious or critical violations. axe is injected as a
// script, which the app's strict CSP refuses, so these contexts (and only these) bypass the CSP.

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
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
  ['settings: custom fields', '/p/BAT/settings/fields', 'owner'],
  ['device', '/device', 'owner'],
  ['device, code entered', '/device?code=WDJB-MJHT', 'owner'],
  ['board', '/p/BAT/board', 'owner'],
  ['planning', '/p/BAT/planning', 'owner'],
  ['releases', '/p/BAT/releases', 'owner'],
  ['item detail', '/p/BAT/items/BAT-1', 'owner'],
  ['notifications', '/notifications', 'owner'],
  ['triage', '/p/BAT/triage', 'owner'],
  ['settings: public roadmap', '/p/BAT/settings/public', 'owner'],
  ['settings: integrations', '/p/BAT/settings/integrations', 'owner'],
  ['new item', '/p/BAT/items/new', 'owner'],
  ['public roadmap', '/roadmap/BAT', 'anonymous'],
  ['public roadmap, list', '/roadmap/BAT?view=list', 'anonymous'],
  ['submit an idea', '/roadmap/BAT/submit', 'anonymous'],
  ['changelog', '/changelog/BAT', 'anonymous'],
];

type Violation = { id: string; impact: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] };

async function serious(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  // an expression run in the page (this Node project has no DOM types)
  const violations = await page.evaluate<Violation[]>("axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)");
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join(' | ')}`);
}

const { server, openPage } = useServerAndBrowser();
let inviteToken = '';
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
});

describe.each(['light', 'dark'] as const)('accessibility in %s mode', (colorScheme) => {
  it.each(PAGES)('%s (%s) has no serious or critical axe violations', async (_name, path, who) => {
    const { page } = await openPage({ bypassCSP: true, colorScheme });
    if (who === 'owner') await useSession(page, server().url, ownerToken);
    const response = await page.goto(server().url + path.replace('{invite}', inviteToken));
    expect(response?.status(), path).toBeLessThan(400);
    expect(new URL(page.url()).pathname.startsWith('/login') && who !== 'anonymous', 'signed in').toBe(false);
    expect(await serious(page)).toEqual([]);
  });
});
