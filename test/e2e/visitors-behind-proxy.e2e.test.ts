import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, useServerAndBrowser, type Page } from '../support/browser.ts';
import { DEMO } from '../support/session.ts';

// Baton behind a reverse proxy (TRUST_PROXY names it): each visitor of the web app's forms is counted as
// themselves, not as the proxy. The proxy here is a real one on this machine that forwards every request and
// appends the visitor's address to X-Forwarded-For, as nginx's $proxy_add_x_forwarded_for does; the visitor's
// address comes from the browser profile (a header the proxy consumes), since every profile connects from
// 127.0.0.1 here.

const { server, openPage } = useServerAndBrowser({ env: { TRUST_PROXY: 'loopback' }, authRateLimit: 3 });

let proxy: Server;
let proxyUrl: string;
beforeAll(async () => {
  const target = new URL(server().url);
  proxy = createServer((req, res) => {
    const visitor = String(req.headers['x-test-visitor'] ?? req.socket.remoteAddress);
    // the Host header goes through as the visitor sent it (nginx: proxy_set_header Host $host)
    const { 'x-test-visitor': _consumed, ...passed } = req.headers;
    const headers = { ...passed, 'x-forwarded-for': visitor };
    const upstream = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => proxy.close(() => resolve())));

const visitor = (address: string) => openPage({ extraHTTPHeaders: { 'x-test-visitor': address } });
const alertText = (page: Page) => page.getByRole('alert').innerText();

describe('web forms behind a trusted proxy', () => {
  it("limits one visitor's sign-in attempts without locking out the next visitor", async () => {
    const { page: mallory } = await visitor('203.0.113.66');
    for (let attempt = 1; attempt <= 3; attempt++) {
      await logIn(mallory, proxyUrl, DEMO.manager.email, `wrong password ${attempt}`);
      await expect.poll(() => alertText(mallory)).toMatch(/wrong email or password/i);
    }
    await logIn(mallory, proxyUrl, DEMO.manager.email, DEMO.manager.password);
    await expect.poll(() => alertText(mallory)).toMatch(/too many attempts/i);
    expect(new URL(mallory.url()).pathname).toBe('/login');

    // another visitor through the same proxy has a budget of their own
    const { page: pm } = await visitor('198.51.100.20');
    await logIn(pm, proxyUrl, DEMO.manager.email, DEMO.manager.password);
    await pm.waitForURL((u) => !u.pathname.startsWith('/login'));
  });
});
