import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A webhook receiver on a real loopback socket for the outbound webhook tests: it records every request and
// answers as the test says (fail N times, hang, succeed), per path.

export type Received = { path: string; headers: Record<string, string>; body: string; answered: number | null };
/** What to do with the n-th request (from 0) on a path: a status to answer, or 'hang' (never answer). */
export type Behaviour = (n: number) => number | 'hang';

export async function startReceiver() {
  const received: Received[] = [];
  const behaviours = new Map<string, Behaviour>();
  const hanging = new Set<ServerResponse>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const n = received.filter((r) => r.path === path).length;
      const what = (behaviours.get(path) ?? (() => 200))(n);
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, [v].flat().join(', ')]));
      const entry: Received = { path, headers, body, answered: what === 'hang' ? null : what };
      received.push(entry);
      if (what === 'hang') {
        hanging.add(res);
        return;
      }
      res.writeHead(what, { 'content-type': 'text/plain' }).end(what < 300 ? 'thanks' : `failing on purpose (${n + 1})`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    on(path: string, behaviour: Behaviour) {
      behaviours.set(path, behaviour);
    },
    at: (path: string) => received.filter((r) => r.path === path),
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback port nothing listens on (taken, then released): a receiver that is down. */
export async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

export const waitUntil = async (what: string, pred: () => boolean | Promise<boolean>, ms = 30_000) => {
  const until = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};
