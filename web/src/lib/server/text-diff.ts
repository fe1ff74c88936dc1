import { diffWordsWithSpace } from 'diff';

/** One run of a word diff: unchanged text, or text only the old / only the new version has. */
export type DiffPart = { kind: 'same' | 'added' | 'removed'; text: string };

/** A word-level diff of two texts, computed on the server so the diff library stays out of the page's JS. */
export function textDiff(before: string, after: string): DiffPart[] {
  return diffWordsWithSpace(before, after).map((c) => ({ kind: c.added ? 'added' : c.removed ? 'removed' : 'same', text: c.value }));
}
