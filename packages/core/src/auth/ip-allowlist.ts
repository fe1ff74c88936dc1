import { BlockList, isIP } from 'node:net';

/** True when `ip` falls in one of the allowlist's addresses or CIDR ranges (IPv4 and IPv6). */
export function ipAllowed(ip: string | null, allowlist: string[]): boolean {
  if (!ip) return false;
  const addr = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  const family = isIP(addr) === 6 ? 'ipv6' : 'ipv4';
  const list = new BlockList();
  for (const entry of allowlist) {
    const [net, bits] = entry.split('/');
    if (!net || !isIP(net)) continue;
    const fam = isIP(net) === 6 ? 'ipv6' : 'ipv4';
    try {
      if (bits) list.addSubnet(net, Number(bits), fam);
      else list.addAddress(net, fam);
    } catch {
      // an entry stored before validation tightened (e.g. /99 on IPv4) matches nothing rather than failing the request
    }
  }
  return list.check(addr, family);
}
