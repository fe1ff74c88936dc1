import type { SubmitFunction } from '@sveltejs/kit';
import { SaveQueue } from './save-queue';

export type ItemSave = (opts?: { onSaved?: () => void }) => SubmitFunction;

/**
 * `use:enhance` for the item page's `?/update` forms, one per page. Saves go through a SaveQueue (save-queue.ts):
 * each carries the version the previous one produced, and as its `original` (the base core merges against) the
 * value this page last saved in that field, not the one the page loaded, so a field saved twice never conflicts
 * with itself. The page reloads once, after the last queued save: a reload in between would show a value the
 * next save is about to replace.
 */
export function itemSaves(itemId: () => string): ItemSave {
  const queue = new SaveQueue();
  const lastSaved = new Map<string, string>();
  return (opts = {}) =>
    async ({ formData }) => {
      const id = itemId();
      const field = String(formData.get('field'));
      const turn = await queue.turn(id, Number(formData.get('expectedVersion')));
      formData.set('expectedVersion', String(turn.version));
      const mine = lastSaved.get(`${id}:${field}`);
      if (mine !== undefined && formData.has('original')) formData.set('original', mine);
      return async ({ result, update }) => {
        const saved = result.type === 'success' ? Number(result.data?.version) : NaN;
        if (Number.isInteger(saved)) lastSaved.set(`${id}:${field}`, String(formData.get('value')));
        turn.done(Number.isInteger(saved) ? saved : null);
        if (result.type === 'success' && queue.pending(id)) return;
        await update({ reset: false });
        if (result.type !== 'success') return;
        // reloaded, the page shows the server's values: what it saved is now what it loaded
        lastSaved.clear();
        opts.onSaved?.();
      };
    };
}
