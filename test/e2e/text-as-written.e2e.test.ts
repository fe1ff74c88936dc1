import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../support/browser.ts';
import { DEMO, signIn, useSession } from '../support/session.ts';

// Text is stored as written and escaped where it is rendered (docs/input.md). A title with markup-like text, quotes,
// an ampersand and an emoji sequence goes through every place that renders it: the item page, the public item page,
// the changelog, its Atom feed and the status badge; each shows it exactly as written, and the XML ones still parse.

const { server, openPage } = useServerAndBrowser();

const TITLE = `Support <= and >= in "Promise<Item[]>" & O'Brien's 👩‍💻 <script>alert(1)</script>`;

describe('text as written, on every page that renders it', () => {
  it('shows a tricky title exactly as written on the item page, the roadmap, the changelog, its feed and the badge', async () => {
    const { url } = server();
    const pm = await signIn(url, DEMO.manager);
    const item = await pm.client.items.create.mutate({ productId: pm.productId, type: 'feature', title: TITLE, visibility: 'public' });
    expect(item.title).toBe(TITLE);
    const release = await pm.client.releases.create.mutate({ productId: pm.productId, name: `Release of ${TITLE}`, notes: '', itemIds: [item.id], isPublic: true });
    await pm.client.releases.publish.mutate({ id: release.id });

    const { page, errors } = await openPage();
    await useSession(page, url, pm.token);
    await page.goto(`${url}/p/BAT/items/${item.key}`);
    expect(await page.getByLabel('Title', { exact: true }).inputValue()).toBe(TITLE);
    expect(await page.title()).toBe(`${item.key} ${TITLE} · Baton`);

    await page.goto(`${url}/roadmap/BAT/${item.number}`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(TITLE);
    await page.goto(`${url}/changelog/BAT`);
    expect(await page.getByText(TITLE, { exact: true }).count()).toBeGreaterThan(0);

    // the XML documents parse, and their text decodes to the title as written
    const parsed = await page.evaluate(
      async ({ feedUrl, badgeUrl }) => {
        const parse = async (u: string, type: DOMParserSupportedType) => new DOMParser().parseFromString(await (await fetch(u)).text(), type);
        const feed = await parse(feedUrl, 'application/xml');
        const badge = await parse(badgeUrl, 'image/svg+xml');
        const entry = Array.from(feed.querySelectorAll('entry')).find((e) => e.querySelector('title')?.textContent?.startsWith('Release of'));
        const html = new DOMParser().parseFromString(entry?.querySelector('content')?.textContent ?? '', 'text/html');
        return {
          feedErrors: feed.querySelectorAll('parsererror').length,
          badgeErrors: badge.querySelectorAll('parsererror').length,
          entryTitle: entry?.querySelector('title')?.textContent ?? null,
          shipped: Array.from(html.querySelectorAll('li')).map((li) => li.textContent),
          scripts: html.querySelectorAll('script').length,
          badgeTitle: badge.querySelector('title')?.textContent ?? null,
        };
      },
      { feedUrl: `${url}/changelog/BAT/feed.xml`, badgeUrl: `${url}/badge/${item.key}.svg` },
    );
    expect(parsed).toEqual({
      feedErrors: 0,
      badgeErrors: 0,
      entryTitle: `Release of ${TITLE}`,
      shipped: [`${TITLE} (${item.key})`],
      scripts: 0,
      badgeTitle: expect.stringMatching(new RegExp(`^${TITLE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `)),
    });
    expect(errors).toEqual([]);
  });
});
