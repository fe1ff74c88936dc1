import { BlockList, isIP } from 'node:net';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';

// Where outbound webhooks may not go (SSRF): loopback, private, link-local (cloud metadata at 169.254.169.254),
// carrier-grade NAT, unspecified, multicast and reserved ranges, in IPv4 and IPv6, and IPv4 hidden in IPv6.
const REFUSED = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) REFUSED.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) REFUSED.addSubnet(net, bits, 'ipv6');

/** IPv4 carried in IPv6 (::ffff:a.b.c.d, 64:ff9b::a.b.c.d NAT64): judged as the IPv4 address it reaches. */
function embeddedIpv4(address: string): string | null {
  const m = /^(?:::ffff:|64:ff9b::)(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(address);
  if (!m) return null;
  if (m[1]) return m[1];
  const hi = parseInt(m[2]!, 16);
  const lo = parseInt(m[3]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** The allowlist setting (addresses and CIDR ranges), compiled once per list. */
const compiled = new WeakMap<readonly string[], BlockList>();
export function compileAllowlist(entries: readonly string[]): BlockList {
  let list = compiled.get(entries);
  if (list) return list;
  list = new BlockList();
  for (const raw of entries) {
    const [address, bits] = raw.trim().split('/');
    const family = isIP(address ?? '');
    if (!family || (bits !== undefined && !/^\d+$/.test(bits))) throw new Error(`not an address or CIDR range: ${raw}`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(address!, type);
    else list.addSubnet(address!, Number(bits), type);
  }
  compiled.set(entries, list);
  return list;
}

/** Why an address may not be sent to, or null when it may. */
export function refusedAddress(address: string, allow: readonly string[]): string | null {
  const family = isIP(address);
  if (!family) return `${address} is not an IP address`;
  const allowed = compileAllowlist(allow);
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (allowed.check(address, type)) return null;
  const v4 = family === 6 ? embeddedIpv4(address) : null;
  if (v4 && allowed.check(v4, 'ipv4')) return null;
  if (REFUSED.check(address, type) || (v4 && REFUSED.check(v4, 'ipv4'))) {
    return `${address} is a private, loopback or link-local address (allow it with WEBHOOK_ALLOW_ADDRESSES)`;
  }
  return null;
}

/**
 * A `lookup` for http.request that resolves the name and refuses the connection when any address it resolves to
 * is refused. The socket connects to the address checked here, so a name that answers differently a moment
 * later (DNS rebinding) cannot slip past.
 */
export function guardedLookup(allow: readonly string[]) {
  return (hostname: string, options: object, callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const refused = addresses.map((a) => refusedAddress(a.address, allow)).find(Boolean);
      if (refused) return callback(Object.assign(new Error(`refused: ${hostname} resolves to ${refused}`), { code: 'EREFUSEDADDRESS' }), []);
      const all = (options as { all?: boolean }).all;
      if (all) return callback(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}
