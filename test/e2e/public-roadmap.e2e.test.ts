import { join } from 'node:path';
import { createClient } from '@baton/client';
import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../support/browser.ts';
import { linkIn, waitForMail } from '../support/outbox.ts';
import { DEMO } from '../support/session.ts';

// The public roadmap end to end, in Debian's Chromium against the real server: a visitor submits an idea (the
// browser solves the proof-of-work challenge), votes, confirms their email from the message in the outbox folder
// and follows the idea's status page; the team accepts it in triage and ships it; the voter is told.

const PM = DEMO.manager;
// an easy challenge keeps the test quick; the browser still does the real work
// the flood test names its visitors with X-Forwarded-For, as a proxy on this machine would
const { server, dataDir, openPage } = useServerAndBrowser({
  env: { POW_MAX_NUMBER: '3000', MAIL_SEND_SECONDS: '1', PUBLIC_VOTES_PER_MINUTE: '30', PUBLIC_SUBMITS_PER_HOUR: '10', TRUST_PROXY: 'loopback' },
});

describe('public roadmap', () => {
  it('takes an idea and a vote from a visitor, through triage and a release, to a "shipped" email', async () => {
    const { db, url } = server();
    const outbox = join(dataDir(), 'outbox');
    const product = await db.product.findFirstOrThrow({ where: { key: 'BAT' }, orderBy: { createdAt: 'asc' } });
    await db.product.update({
      where: { id: product.id },
      data: { publicSettings: { enabled: true, types: ['feature', 'bug'], voteLimit: 5 } },
    });
    const existing = await db.item.findFirstOrThrow({
      where: { productId: product.id, type: 'feature', deletedAt: null },
      orderBy: { number: 'asc' },
    });
    const existingInternal = await db.item.update({
      where: { id: (await db.item.findFirstOrThrow({ where: { productId: product.id, visibility: 'internal', deletedAt: null, id: { not: existing.id } } })).id },
      data: { title: 'Internal codename Falcon' },
    });
    await db.item.update({ where: { id: existing.id }, data: { visibility: 'public', title: 'Export the board as CSV', status: 'open' } });

    // -- a visitor, no account
    const visitor = await openPage();
    const email = `visitor-${Date.now()}@example.test`;
    await visitor.page.goto(`${url}/roadmap/BAT`);
    await visitor.page.getByRole('heading', { level: 1 }).waitFor();
    await expect.poll(() => visitor.page.getByRole('link', { name: 'Export the board as CSV', exact: true }).count()).toBe(1);

    await visitor.page.getByRole('link', { name: 'Submit an idea' }).click();
    await visitor.page.getByLabel('Your name').fill('Vera Visitor');
    await visitor.page.getByLabel('Email').fill(email);
    await visitor.page.getByLabel('Title').fill('Export roadmap to CSV');
    // similar ideas appear while typing
    await visitor.page.getByText('Similar ideas').waitFor();
    await expect.poll(() => visitor.page.locator('[data-similar] a').first().innerText()).toBe('Export the board as CSV');
    await visitor.page.getByLabel(/Description/).fill('So we can **chart** it.');
    await visitor.page.getByText('Anti-spam check done.').waitFor({ timeout: 30_000 });
    await visitor.page.getByRole('button', { name: 'Submit idea' }).click();
    await visitor.page.waitForURL('**/submissions/**');
    const statusUrl = visitor.page.url().replace(/\?.*$/, '');
    await visitor.page.getByText('Waiting for review').waitFor();
    expect(await visitor.page.locator('.prose strong').innerText()).toBe('chart');

    // vote on the existing idea: asks for the email, counts once confirmed
    await visitor.page.goto(`${url}/roadmap/BAT/${existing.number}`);
    await visitor.page.getByLabel('Email').fill(email);
    await visitor.page.getByRole('button', { name: 'Vote', exact: true }).click();
    await visitor.page.getByText('Check your inbox').waitFor();
    const confirm = await waitForMail(outbox, (m) => m.to === email && m.subject.startsWith('Confirm your vote'));
    await visitor.page.goto(linkIn(confirm, '/verify/'));
    await visitor.page.getByRole('button', { name: 'Confirm my email' }).click();
    await visitor.page.getByText(`${email} is confirmed. 1 vote counted.`).waitFor();
    await visitor.page.goto(`${url}/roadmap/BAT/${existing.number}`);
    await visitor.page.getByRole('button', { name: '1 vote: remove your vote for Export the board as CSV' }).waitFor();

    // the submitter's emailed status link works
    const received = await waitForMail(outbox, (m) => m.to === email && m.subject.startsWith('We received your idea'));
    expect(linkIn(received, '/submissions/')).toBe(statusUrl);

    // -- the team accepts the idea in triage
    const team = await openPage();
    await team.page.goto(`${url}/login`);
    await team.page.getByLabel('Email').fill(PM.email);
    await team.page.getByLabel('Password').fill(PM.password);
    await team.page.getByRole('button', { name: 'Sign in' }).click();
    await team.page.waitForURL('**/p/BAT');
    await team.page.getByRole('link', { name: 'Triage' }).click();
    const entry = team.page.locator('li.entry', { hasText: 'Export roadmap to CSV' });
    await expect.poll(() => entry.locator('aside').innerText()).toContain('Export the board as CSV');
    await entry.getByRole('button', { name: 'Accept onto the board' }).click();
    await team.page.getByText('Accepted.').waitFor();
    const idea = await db.item.findFirstOrThrow({ where: { productId: product.id, title: 'Export roadmap to CSV' } });

    // the confirmed visitor votes for the accepted idea in one click, from the board
    await visitor.page.goto(`${url}/roadmap/BAT?sort=recent`);
    await visitor.page.getByRole('button', { name: '0 votes: vote for Export roadmap to CSV' }).click();
    await visitor.page.getByRole('button', { name: '1 vote: remove your vote for Export roadmap to CSV' }).waitFor();
    // accepted is not promised: the board shows it under review until the team says planned
    const column = (name: string) => visitor.page.locator('section.column', { has: visitor.page.getByRole('heading', { name }) });
    await expect.poll(() => column('Under review').innerText()).toContain('Export roadmap to CSV');
    await visitor.page.goto(statusUrl);
    await visitor.page.getByText('Accepted', { exact: true }).waitFor();
    await visitor.page.locator('.pill', { hasText: 'Under review' }).waitFor();
    await team.page.getByLabel('Item', { exact: true }).fill(`BAT-${idea.number}`);
    await team.page.getByLabel('Status', { exact: true }).selectOption('planned');
    await team.page.getByRole('button', { name: 'Set', exact: true }).click();
    await team.page.getByText(`BAT-${idea.number} now reads “planned” on the roadmap.`).waitFor();
    await visitor.page.goto(`${url}/roadmap/BAT?sort=recent`);
    await expect.poll(() => column('Planned').innerText()).toContain('Export roadmap to CSV');

    // -- the team ships it in a public release (through the API, as the signed-in manager)
    const session = (await team.page.context().cookies()).find((c) => c.name === 'baton_session')!;
    const client = createClient({ url, token: session.value });
    const release = await client.releases.create.mutate({
      productId: product.id,
      name: 'v2.0',
      notes: 'CSV export is here.',
      // an internal item shipped with it never shows on the changelog or its feed
      itemIds: [idea.id, existingInternal.id],
      isPublic: true,
    });
    await client.releases.publish.mutate({ id: release.id });
    const shipped = await waitForMail(outbox, (m) => m.to === email && m.subject === 'Shipped: Export roadmap to CSV');
    expect(shipped.text).toContain(`${url}/changelog/BAT`);
    expect(shipped.headers['list-unsubscribe']).toMatch(/\/unsubscribe\//);

    // one-click unsubscribe (RFC 8058) as a mail client does it: a POST with no Origin, through the whole server
    const oneClick = await fetch(/<([^>]+)>/.exec(shipped.headers['list-unsubscribe']!)![1]!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect((await db.voterEmail.findUnique({ where: { email } }))?.unsubscribedAt).toBeInstanceOf(Date);

    await visitor.page.goto(`${url}/changelog/BAT`);
    await visitor.page.getByRole('heading', { name: 'v2.0' }).waitFor();
    expect(await visitor.page.locator('main').innerText()).not.toContain(existingInternal.title);
    const feed = await (await fetch(`${url}/changelog/BAT/feed.xml`)).text();
    expect(feed).toContain('Export roadmap to CSV');
    expect(feed).not.toContain(existingInternal.title);
    expect(visitor.errors).toEqual([]);
    expect(team.errors).toEqual([]);
  }, 120_000);

  it('shows private items as 404, exactly like missing ones, and works without JavaScript', async () => {
    const { db, url } = server();
    const product = await db.product.findFirstOrThrow({ where: { key: 'BAT' }, orderBy: { createdAt: 'asc' } });
    await db.product.update({
      where: { id: product.id },
      data: { publicSettings: { enabled: true, types: ['feature', 'bug', 'task'], voteLimit: 5 } },
    });
    const hidden = await db.item.findFirstOrThrow({ where: { productId: product.id, visibility: 'internal', deletedAt: null } });
    const { page } = await openPage({ javaScriptEnabled: false });
    const privateRes = await page.goto(`${url}/roadmap/BAT/${hidden.number}`);
    const privateBody = await page.locator('body').innerText();
    const missingRes = await page.goto(`${url}/roadmap/BAT/999999`);
    const missingBody = await page.locator('body').innerText();
    expect([privateRes?.status(), missingRes?.status()]).toEqual([404, 404]);
    expect(privateBody).toBe(missingBody);
    expect((await page.goto(`${url}/roadmap/BAT/BAT-${hidden.number}`))?.status()).toBe(404);
    // the board, search and list view are plain HTML
    const { page: plain, errors } = await openPage({ javaScriptEnabled: false });
    await plain.goto(`${url}/roadmap/BAT`);
    await plain.getByLabel('Search ideas').fill('zzz-no-such-idea');
    await plain.getByRole('button', { name: 'Apply' }).click();
    await plain.waitForURL('**q=zzz-no-such-idea**');
    await plain.getByRole('link', { name: 'List', exact: true }).click();
    await plain.getByText('No ideas match.').waitFor();
    expect(errors).toEqual([]);
  }, 60_000);
});

// Abuse: scripts in every public field, floods from one address, over the real server.
const PAYLOADS = [
  `<script>alert('xss1')</script>`,
  `<img src=x onerror=alert('xss2')>`,
  `[click](javascript:alert('xss3'))`,
  `<a href="javascript:alert('xss4')">link</a>`,
  `<svg/onload=alert('xss5')>`,
  `"><iframe src=javascript:alert('xss6')></iframe>`,
  `<div style="background:url(javascript:alert('xss7'))">styled</div>`,
  `![x](javascript:alert('xss8'))`,
  `<math><mtext><table><mglyph><style><img src=x onerror=alert('xss9')>`,
];

describe('public roadmap under abuse', () => {
  it('neutralizes script in every public field, on every public page and feed', async () => {
    const { db, url } = server();
    const product = await db.product.findFirstOrThrow({ where: { key: 'BAT' }, orderBy: { createdAt: 'asc' } });
    await db.product.update({
      where: { id: product.id },
      data: { publicSettings: { enabled: true, types: ['feature', 'bug', 'task'], voteLimit: 5, publicComments: true } },
    });
    const all = PAYLOADS.join('\n\n');
    const items = [];
    for (const [i, p] of PAYLOADS.entries()) {
      const { nextItemNumber } = await db.product.update({ where: { id: product.id }, data: { nextItemNumber: { increment: 1 } } });
      items.push(
        await db.item.create({
          data: {
            productId: product.id,
            number: nextItemNumber - 1,
            type: 'feature',
            visibility: 'public',
            title: `${p} ${i}`,
            description: all,
            voteCount: 10_000 + i,
          },
        }),
      );
    }
    const pm = await db.user.findUniqueOrThrow({ where: { email: PM.email } });
    await db.comment.create({ data: { itemId: items[0]!.id, authorUserId: pm.id, body: all } });
    const release = await db.release.create({
      data: { productId: product.id, name: PAYLOADS[0]!, notes: all, isPublic: true, publishedAt: new Date() },
    });
    await db.item.update({ where: { id: items[1]!.id }, data: { releaseId: release.id } });
    // a submission through the API, carrying the payloads in its name, title and description
    const { page: solver } = await openPage();
    await solver.goto(`${url}/roadmap/BAT/submit`);
    await solver.getByText('Anti-spam check done.').waitFor({ timeout: 30_000 });
    const solution = await solver.locator('input[name="solution"]').inputValue();
    const { token } = await createClient({ url }).public.submit.mutate({
      productKey: 'BAT',
      name: `Eve ${PAYLOADS[1]}`,
      email: 'xss@example.test',
      type: 'feature',
      title: `Idea ${PAYLOADS[4]} ${PAYLOADS[0]}`,
      description: all,
      solution,
    });

    const { page, errors } = await openPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    for (const path of [
      '/roadmap/BAT',
      '/roadmap/BAT?view=list',
      `/roadmap/BAT/${items[0]!.number}`,
      `/roadmap/BAT/${items[1]!.number}`,
      `/submissions/${token}`,
      '/changelog/BAT',
      '/embed/BAT',
    ]) {
      await page.goto(url + path);
      // every element of the page: event-handler attributes, script URLs, and elements that can run or load code
      const unsafe = await page.locator('*').evaluateAll((els) =>
        els.flatMap((el) => [
          ...el
            .getAttributeNames()
            .filter((n: string) => /^on/i.test(n) || (/^(href|src|action|formaction|style)$/i.test(n) && /javascript:|url\(/i.test(el.getAttribute(n) ?? '')))
            .map((n: string) => `${el.tagName} ${n}=${el.getAttribute(n)}`),
          ...(['SCRIPT', 'IFRAME', 'IMG', 'SVG', 'MATH', 'STYLE'].includes(el.tagName.toUpperCase()) && !(el.getAttribute('src') ?? '').endsWith('/idea-form.js')
            ? [el.outerHTML.slice(0, 80)]
            : []),
        ]),
      );
      expect(unsafe, path).toEqual([]);
      // the text is still there, shown as text
      expect(await page.locator('body').innerText(), path).toMatch(/alert\('xss\d'\)/);
    }
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);

    const feed = await (await fetch(`${url}/changelog/BAT/feed.xml`)).text();
    expect(feed).toMatch(/^<\?xml/);
    expect(feed).not.toMatch(/<(script|img|iframe|svg|math|style|div)\b/i);
    const badge = await fetch(`${url}/badge/BAT-${items[2]!.number}.svg`);
    expect(badge.headers.get('content-type')).toContain('image/svg+xml');
    expect(await badge.text()).not.toMatch(/<(script|img|iframe)\b|onload=/i);
  }, 90_000);

  it('answers a flood of submissions or votes from one address with 429, and serves other visitors', async () => {
    const { db, url } = server();
    const product = await db.product.findFirstOrThrow({ where: { key: 'BAT' }, orderBy: { createdAt: 'asc' } });
    const item = await db.item.findFirstOrThrow({
      where: { productId: product.id, visibility: 'public', deletedAt: null, type: 'feature' },
    });
    const from = (ip: string) => createClient({ url, headers: { 'x-forwarded-for': ip } });
    const statusOf = (p: Promise<unknown>) =>
      p.then(
        () => 200,
        (e: { data?: { httpStatus?: number } }) => e.data?.httpStatus ?? 0,
      );

    const flood = from('203.0.113.7');
    const votes = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        statusOf(flood.public.vote.mutate({ productKey: 'BAT', ref: item.number, email: `flood-${i}@example.test` })),
      ),
    );
    expect(votes.filter((s) => s === 429).length).toBe(10);
    expect(votes.filter((s) => s === 200).length).toBe(30);
    expect(
      await statusOf(from('203.0.113.8').public.vote.mutate({ productKey: 'BAT', ref: item.number, email: 'calm@example.test' })),
    ).toBe(200);

    const idea = { productKey: 'BAT', name: 'Flood', email: 'flood@example.test', type: 'feature' as const, title: 'Flooding idea' };
    const submits: number[] = [];
    for (let i = 0; i < 12; i++) submits.push(await statusOf(flood.public.submit.mutate({ ...idea, solution: 'not-solved' })));
    // the limit is counted before the challenge is checked: the first 10 are refused for the solution, then 429s
    expect(submits).toEqual([...Array(10).fill(400), 429, 429]);
    const res = await fetch(`${url}/trpc/public.submit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.7' },
      body: JSON.stringify({ json: { ...idea, solution: 'x' } }),
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await statusOf(from('203.0.113.9').public.submit.mutate({ ...idea, solution: 'not-solved' }))).toBe(400);
  }, 60_000);
});
