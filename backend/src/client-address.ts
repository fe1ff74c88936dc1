import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import proxyaddr from 'proxy-addr';

/**
 * Who is calling. One setting, TRUST_PROXY (env.ts), says which hops may speak for a client through
 * X-Forwarded-For/-Proto: Express's routes (app.ts sets the same value as its `trust proxy`), the API's own
 * handler (trpc-handler.ts) and the web app (app.ts hands it the address computed here) all read it, so a
 * visitor behind the proxy is counted as themselves on every form and procedure, and a caller from an
 * untrusted hop cannot claim another address or scheme.
 */

/** Is this hop trusted to report the address before it? `i` counts hops from the socket (0 = the socket). */
export type TrustProxy = (address: string, i: number) => boolean;

/**
 * TRUST_PROXY's value: `off` (the default: X-Forwarded-* ignored), `loopback` (a proxy on this machine),
 * or a comma-separated list of proxy addresses and CIDR ranges (`10.0.0.0/8, 192.168.1.7`; the names
 * loopback, linklocal and uniquelocal may appear in it). Throws on anything else, naming the bad entry.
 */
export function compileTrustProxy(setting: string): TrustProxy {
  const value = setting.trim();
  if (value === 'off' || value === 'false') return () => false;
  const entries = value.split(',').map((e) => e.trim()).filter(Boolean);
  if (!entries.length) throw new Error('TRUST_PROXY: expected off, loopback, or a comma-separated list of addresses/CIDR ranges');
  try {
    return proxyaddr.compile(entries);
  } catch (error) {
    throw new Error(`TRUST_PROXY: ${(error as Error).message}; expected off, loopback, or addresses/CIDR ranges`);
  }
}

/** The header app.ts gives the web app the client's address in (adapter-node's ADDRESS_HEADER, set in server.ts). */
export const CLIENT_ADDRESS_HEADER = 'x-baton-client-address';

/**
 * The default: no hop is trusted. Off by default because a trusted hop can name any address: with no proxy in
 * front, trusting even loopback lets anything on this machine pick its own address and escape every limit.
 */
export const TRUST_NONE: TrustProxy = () => false;
/** Only a proxy on this machine (`TRUST_PROXY=loopback`). */
export const TRUST_LOOPBACK: TrustProxy = (address) => isLoopback(address);

/** 127.0.0.0/8 and ::1, also written IPv4-mapped (::ffff:127.0.0.1). */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
  return a === '::1' || (isIP(a) === 4 && a.startsWith('127.'));
}

/** The client's address: walk X-Forwarded-For from the nearest hop while each hop is a trusted proxy. */
export function clientIp(req: IncomingMessage, trust: TrustProxy = TRUST_NONE): string | null {
  let address = req.socket.remoteAddress;
  if (!address) return null;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((h) => h.trim()).filter(Boolean);
  for (let i = 0; trust(address, i) && hops.length; i++) address = hops.pop()!;
  return address;
}

/** 'https' or 'http': the socket's, or the first X-Forwarded-Proto when a trusted proxy sent it. */
export function requestProtocol(req: IncomingMessage, trust: TrustProxy = TRUST_NONE): string {
  const own = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  const header = req.headers['x-forwarded-proto'];
  const from = req.socket.remoteAddress;
  if (!from || !trust(from, 0) || typeof header !== 'string' || !header) return own;
  return header.split(',')[0]!.trim();
}

/** The path of a request URL, without its query. */
export const pathOf = (req: IncomingMessage): string => (req.url ?? '/').split('?')[0]!;
