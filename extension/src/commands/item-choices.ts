import type { ItemSummary, ReadyItem } from '@baton/contracts';

export type ItemChoice = { key: string; title: string; detail: string; group: 'mine' | 'ready' };

/**
 * What a picker offers, in order: the open items assigned to me, then the product's ready queue (what `baton ready`
 * and agents see) without the ones already listed. The ready queue offers an item assigned to someone else to them
 * only, so everything in it is mine to claim.
 */
export function itemChoices(mine: readonly ItemSummary[], ready: readonly ReadyItem[] = []): ItemChoice[] {
  const seen = new Set(mine.map((i) => i.key));
  return [
    ...mine.map((i) => ({ key: i.key, title: i.title, detail: `${i.type} · ${i.priority} · ${i.state?.name ?? i.status}`, group: 'mine' as const })),
    ...ready
      .filter((i) => !seen.has(i.key))
      .map((i) => ({ key: i.key, title: i.title, detail: `${i.type} · ${i.priority} · ${i.reason}`, group: 'ready' as const })),
  ];
}
