import { itemKeyInBranch, parseItemKey } from '@baton/contracts';

// Which items a pull request names, and how: the rules Linear users know (branch, title, magic words), for one
// product's keys. Pure, so the rules are unit-tested apart from deliveries.

/** How a PR named an item. Branch, title and closing words close it on merge; link-only words just link. */
export type RefVia = 'branch' | 'title' | 'closes' | 'refs';
export type PrRefs = { closes: Map<number, RefVia[]>; refs: Set<number> };

/** Words that close the item when the PR merges (GitHub's own closing keywords). */
const CLOSING = String.raw`close[sd]?|fix(?:e[sd])?|resolve[sd]?`;
/** Words that link without closing. */
const LINK_ONLY = String.raw`refs?|references|part\s+of|towards?`;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A key of the product, any case, not inside a longer word or number; `capture` captures the item number. */
const keyPattern = (keys: string[], capture = true) =>
  String.raw`(?<![a-z0-9])(?:${keys.map(escape).join('|')})-${capture ? '(' : '(?:'}\d{1,9})(?![0-9])`;

function numbers(text: string, pattern: string): number[] {
  return [...text.matchAll(new RegExp(pattern, 'gi'))].map((m) => Number(m[1])).filter((n) => n > 0);
}

/** Keys listed after a word: `Fixes BAT-1`, `closes: BAT-1, BAT-2 and BAT-3`. */
function afterWords(text: string, words: string, keys: string[]): number[] {
  const one = keyPattern(keys, false);
  // one way to match any run of spaces (no `\s*:?\s+`, which backtracks quadratically over a long run): a
  // description is attacker-written text of up to a megabyte
  const list = new RegExp(String.raw`\b(?:${words})\b\s*(?::\s*)?(${one}(?:\s*(?:,|and|&)\s*${one})*)`, 'gi');
  return [...text.matchAll(list)].flatMap((m) => numbers(m[1] ?? '', keyPattern(keys)));
}

/**
 * The item numbers a PR names under any of `keys` (the product's key and its former keys): in its head branch
 * (`feature/bat-42-login`, the first key standing as a word), its title (`BAT-42: login`), after closing words in its body (`Fixes BAT-42`), or
 * after link-only words (`Part of BAT-42`). An item named both ways closes.
 */
export function pullRequestRefs(pr: { branch: string; title: string; body: string | null }, keys: string[]): PrRefs {
  const closes = new Map<number, RefVia[]>();
  const add = (n: number, via: RefVia) => closes.set(n, [...new Set([...(closes.get(n) ?? []), via])]);
  const key = keyPattern(keys);
  // the branch is read exactly as the editor and CLI read it (contracts' itemKeyInBranch), under each key it had
  for (const k of keys) {
    const found = parseItemKey(itemKeyInBranch(pr.branch, k) ?? '');
    if (found) add(found.number, 'branch');
  }
  for (const n of numbers(pr.title, key)) add(n, 'title');
  const body = pr.body ?? '';
  for (const n of afterWords(body, CLOSING, keys)) add(n, 'closes');
  const refs = new Set(afterWords(body, LINK_ONLY, keys).filter((n) => !closes.has(n)));
  return { closes, refs };
}
