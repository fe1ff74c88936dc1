import type { ItemSummary, Lease } from '@baton/contracts';

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : d);

/** One line per item: what an agent needs to choose (key, title, type, priority, status, labels). */
export function itemLine(
  item: Pick<ItemSummary, 'key' | 'title' | 'type' | 'priority' | 'status' | 'labels'> & { state?: ItemSummary['state']; reason?: string },
): string {
  const labels = item.labels.length ? ` [${item.labels.map((l) => l.name).join(', ')}]` : '';
  const reason = item.reason ? ` (${item.reason})` : '';
  return `- **${item.key}** ${item.title} - ${item.type}, ${item.priority}, ${item.state?.name ?? item.status}${labels}${reason}`;
}

export function leaseLine(lease: Pick<Lease, 'itemKey' | 'fencingToken' | 'leaseExpiresAt'>): string {
  return `Lease on ${lease.itemKey} until ${iso(lease.leaseExpiresAt)} (fencing token ${lease.fencingToken}, remembered: heartbeat, release and status use it).`;
}
