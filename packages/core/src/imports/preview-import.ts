import { formatItemKey, ImportInput, type ImportPreview, type ImportProblem, type ImportRow } from '@baton/contracts';
import { requireProductAccess, type ProductAccess } from '../access/product-access.ts';
import type { Ctx } from '../deps.ts';
import { badField } from '../errors.ts';
import { matchAssignees } from './match-assignees.ts';
import { parseImport } from './parse-import.ts';

export type PlannedImport = ImportPreview & { access: ProductAccess };

/**
 * What an import would do, writing nothing: the rows mapped, each assignee matched to a member (or reported), rows
 * imported before marked with the item they became, repeated ids and unusable rows reported as skipped.
 * Managers and up import (it creates many items at once, under their name).
 */
export async function planImport(ctx: Ctx, raw: ImportInput): Promise<PlannedImport> {
  const input = ImportInput.parse(raw);
  if (input.mapping && input.format !== 'csv') throw badField('mapping', `is for plain CSV files; a ${input.format} export is read by its own columns`);
  const access = await requireProductAccess(ctx, input.productId, 'configure');
  const parsed = parseImport(input);
  const problems: ImportProblem[] = [...parsed.problems];

  const seen = new Set<string>();
  const unique = parsed.rows.filter((row) => {
    if (!seen.has(row.externalId)) return seen.add(row.externalId), true;
    problems.push({ line: row.line, field: 'externalId', reason: `"${row.externalId}" appears earlier in the file`, skipped: true });
    return false;
  });

  const earlier = new Map<string, string>();
  for (let i = 0; i < unique.length; i += 500) {
    const found = await ctx.db.importedItem.findMany({
      where: { productId: access.product.id, source: input.format, externalId: { in: unique.slice(i, i + 500).map((r) => r.externalId) } },
      select: { externalId: true, item: { select: { number: true } } },
    });
    for (const f of found) earlier.set(f.externalId, formatItemKey(access.product.key, f.item.number));
  }

  const members = await matchAssignees(ctx, access.product.organizationId, unique.map((r) => r.assignee));
  const rows: ImportRow[] = unique.map((row) => {
    const assigneeUserId = row.assignee ? (members.get(row.assignee) ?? null) : null;
    if (row.assignee && !assigneeUserId && !earlier.has(row.externalId)) {
      problems.push({ line: row.line, field: 'assignee', reason: `"${row.assignee}" matches no member by email or name; left unassigned`, skipped: false });
    }
    return { ...row, assigneeUserId, existingKey: earlier.get(row.externalId) ?? null };
  });
  problems.sort((a, b) => a.line - b.line);
  const skipped = new Set(problems.filter((p) => p.skipped).map((p) => p.line)).size;
  return {
    access,
    format: input.format,
    columns: parsed.columns,
    mapping: parsed.mapping,
    rows,
    problems,
    counts: { rows: rows.length + skipped, toCreate: rows.filter((r) => !r.existingKey).length, alreadyImported: earlier.size, skipped },
  };
}

export async function previewImport(ctx: Ctx, raw: ImportInput): Promise<ImportPreview> {
  const { access: _a, ...preview } = await planImport(ctx, raw);
  return preview;
}
