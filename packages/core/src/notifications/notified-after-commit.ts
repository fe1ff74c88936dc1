import type { Tx } from '../deps.ts';

// Who got notifications in a transaction, told to the bus only once it commits (writeTransaction): a bell must
// not count a notification a rollback took back. Keyed by the transaction, so nothing else needs to carry it.
const pending = new WeakMap<Tx, Set<string>>();

export function noteNotified(tx: Tx, userIds: Iterable<string>): void {
  const set = pending.get(tx) ?? new Set<string>();
  for (const id of userIds) set.add(id);
  pending.set(tx, set);
}

export function takeNotified(tx: Tx): string[] {
  const set = pending.get(tx);
  pending.delete(tx);
  return set ? [...set] : [];
}

// Transactions that write history (an import) rather than news: they raise no notifications.
const quiet = new WeakSet<Tx>();

export function quietNotifications(tx: Tx): void {
  quiet.add(tx);
}

export const isQuiet = (tx: Tx): boolean => quiet.has(tx);
