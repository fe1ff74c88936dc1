// Pure helpers for item keys in editors (no `vscode` import): what a key's hover says, and which typed text a
// completion replaces. Keys themselves are found with contracts' itemKeysInText, the one key grammar.
import { STATUS_LABEL, TYPE_LABEL } from '@baton/contracts/item-labels';
import type { ItemPriority, ItemStatus, ItemType } from '@baton/contracts';
import { leaseLeft } from '../work/lease-left.ts';

/** What a hover shows about an item. */
export type KeyInfo = {
  id: string;
  key: string;
  title: string;
  type: ItemType;
  status: ItemStatus;
  priority: ItemPriority;
  assignee: string | null;
  claim: { holder: string; mine: boolean; leaseExpiresAt: Date } | null;
};

/** The hover's lines under the key and title, as plain text: type and status, assignee, who works on it. */
export function keyHoverLines(info: KeyInfo, now: Date): string[] {
  const lease = info.claim && leaseLeft(info.claim.leaseExpiresAt, now);
  return [
    `${TYPE_LABEL[info.type]} · ${STATUS_LABEL[info.status]} · ${info.priority} priority`,
    info.assignee ? `Assigned to ${info.assignee}` : 'Unassigned',
    info.claim ? `${info.claim.mine ? 'You are' : `${info.claim.holder} is`} working on it (claim ${lease!.text})` : 'Nobody is working on it',
  ];
}

/**
 * The text a key completion replaces, ending at the cursor: `#`, `#42`, `#chec` (a `#` and what follows it), or the
 * start of a key of one of `productKeys` (`BA`, `BAT`, `bat-`, `BAT-4`); null when the cursor is not in such text.
 */
export function completionPrefix(linePrefix: string, productKeys: readonly string[]): { start: number; text: string } | null {
  let start = linePrefix.length;
  while (start > 0 && /[#\w-]/.test(linePrefix[start - 1]!)) start--;
  const text = linePrefix.slice(start);
  if (text.startsWith('#')) return text.indexOf('#', 1) === -1 ? { start, text } : null;
  // one letter is too little to offer keys on (every word starting with B would)
  if (text.length < 2) return null;
  const upper = text.toUpperCase();
  const [product = '', number] = upper.split('-', 2) as [string, string | undefined];
  const fits = productKeys.some((k) =>
    number === undefined ? k.startsWith(product) : k === product && /^\d*$/.test(number) && !upper.slice(product.length + 1).includes('-'),
  );
  return fits ? { start, text } : null;
}

/** Text shown as written in a markdown hover: markdown's punctuation escaped (a title like `*nix [draft]`). */
export const escapeMarkdown = (text: string) => text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
