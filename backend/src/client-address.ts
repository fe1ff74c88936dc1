import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * Who is calling, as Express's `trust proxy: 'loopback'` reads it (app.ts sets that for the routes Express
 * serves; the API's own handler, trpc-handler.ts, uses these): X-Forwarded-* headers count only when the hop
 * that set them is on this machine, so a remote caller cannot claim another address or scheme.
 */

/** 127.0.0.0/8 and ::1, also written IPv4-mapped (::ffff:127.0.0.1). */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
  return a === '::1' || (isIP(a) === 4 && a.startsWith('127.'));
}

/** The client's address: walk X-Forwarded-For from the nearest hop while each hop is a loopback proxy. */
export function clientIp(req: IncomingMessage): string | null {
  let address = req.socket.remoteAddress;
  if (!address) return null;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((h) => h.trim()).filter(Boolean);
  while (isLoopback(address) && hops.length) address = hops.pop()!;
  return address;
}

/** 'https' or 'http': the socket's, or the first X-Forwarded-Proto when a loopback proxy sent it. */
export function requestProtocol(req: IncomingMessage): string {
  const own = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  const header = req.headers['x-forwarded-proto'];
  if (!isLoopback(req.socket.remoteAddress) || typeof header !== 'string' || !header) return own;
  return header.split(',')[0]!.trim();
}

/** The path of a request URL, without its query. */
export const pathOf = (req: IncomingMessage): string => (req.url ?? '/').split('?')[0]!;
