import type { ChecklistEntry } from '@baton/contracts';
import { CliFailure, UsageError } from '../cli-error.ts';
import { oneLine } from '../output/text.ts';
import { defineCommand } from './command.ts';

/** The entry a person means: its number as `show` prints it, its exact text, or a unique part of it. */
export function pickEntry(entries: readonly ChecklistEntry[], which: string): ChecklistEntry {
  const w = which.trim();
  if (/^\d+$/.test(w)) {
    const entry = entries[Number(w) - 1];
    if (!entry)
      throw new CliFailure(
        'NOT_FOUND',
        `the checklist has ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}; there is no number ${w}`,
      );
    return entry;
  }
  const lower = w.toLowerCase();
  const exact = entries.filter((e) => e.text.trim().toLowerCase() === lower);
  if (exact.length === 1) return exact[0]!;
  const partial = entries.filter((e) => e.text.toLowerCase().includes(lower));
  if (partial.length === 1) return partial[0]!;
  if (!partial.length) throw new CliFailure('NOT_FOUND', `no checklist entry matches "${w}"`);
  const numbered = partial.map((e) => `${entries.indexOf(e) + 1}. ${oneLine(e.text)}`).join('; ');
  throw new UsageError(`"${w}" matches ${partial.length} entries (${numbered}); give the number`, 'check');
}

export const check = defineCommand({
  name: 'check',
  args: ['<KEY>', '<N|TEXT...>'],
  summary: 'Tick a checklist entry, by its number in `baton show` or by its text; --uncheck to untick.',
  options: { uncheck: { type: 'boolean', help: 'mark the entry not done' } },
  async run(s, [key, ...which], values) {
    const ref = await s.itemRef(key!);
    const entry = pickEntry(await s.api.items.checklist.list.query(ref), which.join(' '));
    const done = values.uncheck !== true;
    const updated = await s.write((idempotencyKey) =>
      s.api.items.checklist.set.mutate({ ...ref, entryId: entry.id, done, idempotencyKey }),
    );
    s.out.result(updated, () => `${done ? 'Checked' : 'Unchecked'} "${oneLine(updated.text)}" on ${ref.ref}.`);
  },
});
