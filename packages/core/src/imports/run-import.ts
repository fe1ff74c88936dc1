import { CreateItemInput, formatItemKey, IMPORT_LIMITS, type ImportInput, type ImportReport, type ImportRow } from '@baton/contracts';
import { writeTransaction } from '../activity/record-activity.ts';
import type { Ctx } from '../deps.ts';
import { insertItem } from '../items/create-item.ts';
import { writeComment } from '../items/comments.ts';
import { quietNotifications } from '../notifications/notified-after-commit.ts';
import { planImport, type PlannedImport } from './preview-import.ts';

type Report = ImportReport;

/**
 * Imports what previewImport shows: each batch of rows in one transaction (an item, its labels, assignee and
 * comments, and the record of its original id), so a failure leaves whole items or none. Rows imported before are
 * skipped, so running the same file again (after a failure, or by mistake) creates nothing twice; two runs at once
 * race on the original id's unique index, and the loser's batch is read again and skips what the winner made.
 */
export async function runImport(ctx: Ctx, raw: ImportInput): Promise<ImportReport> {
  const plan = await planImport(ctx, raw);
  const report: Report = {
    created: [],
    alreadyImported: plan.rows.filter((r) => r.existingKey).map((r) => ({ line: r.line, externalId: r.externalId, key: r.existingKey! })),
    problems: plan.problems,
  };
  const todo = plan.rows.filter((r) => !r.existingKey);
  for (let i = 0; i < todo.length; i += IMPORT_LIMITS.batch) await importBatch(ctx, plan, todo.slice(i, i + IMPORT_LIMITS.batch), report);
  return report;
}

async function importBatch(ctx: Ctx, plan: PlannedImport, rows: ImportRow[], report: Report): Promise<void> {
  const { product } = plan.access;
  for (let attempt = 0; rows.length; attempt++) {
    try {
      const created = await writeTransaction(ctx, async (tx, emit) => {
        // imported items and comments are history: their @names belong to the other tracker, and a whole backlog
        // assigned at once is not news to anyone, so nobody is notified
        quietNotifications(tx);
        const made: Report['created'] = [];
        for (const row of rows) {
          const item = await insertItem(ctx, tx, emit, product, toCreateInput(product.id, row), { status: row.status });
          await tx.importedItem.create({ data: { productId: product.id, source: plan.format, externalId: row.externalId, itemId: item.id, url: row.url } });
          for (const c of row.comments) {
            await writeComment(ctx, tx, emit, { itemId: item.id, product, body: commentBody(c) });
          }
          made.push({ line: row.line, externalId: row.externalId, key: item.key });
        }
        return made;
      });
      report.created.push(...created);
      return;
    } catch (e) {
      // another run imported some of these first: skip those and try the rest again
      if ((e as { code?: unknown })?.code !== 'P2002' || attempt >= 3) throw e;
      const taken = await ctx.db.importedItem.findMany({
        where: { productId: product.id, source: plan.format, externalId: { in: rows.map((r) => r.externalId) } },
        select: { externalId: true, item: { select: { number: true } } },
      });
      const keys = new Map(taken.map((t) => [t.externalId, formatItemKey(product.key, t.item.number)]));
      for (const row of rows) if (keys.has(row.externalId)) report.alreadyImported.push({ line: row.line, externalId: row.externalId, key: keys.get(row.externalId)! });
      rows = rows.filter((r) => !keys.has(r.externalId));
    }
  }
}

function toCreateInput(productId: string, row: ImportRow) {
  return CreateItemInput.parse({
    productId,
    type: row.type,
    priority: row.priority,
    title: row.title,
    description: row.description,
    labels: row.labels,
    ...(row.assigneeUserId && { assigneeUserId: row.assigneeUserId }),
    ...(row.dueDate && { dueDate: row.dueDate }),
    ...(row.estimate !== null && { estimate: row.estimate }),
  });
}

/** An imported comment says who wrote it and when in the other tracker: here its author is the importer. */
function commentBody(c: ImportRow['comments'][number]): string {
  const who = c.author ? `**${c.author}**` : 'Someone';
  const when = c.at ? ` on ${c.at.toISOString().slice(0, 10)}` : '';
  return `${who} wrote${when} (imported):\n\n${c.body}`;
}
