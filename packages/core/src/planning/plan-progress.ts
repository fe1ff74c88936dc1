import type { PlanProgress } from '@baton/contracts';
import type { Prisma } from '@baton/db';
import type { Tx } from '../deps.ts';

type Reader = Pick<Tx, 'item'>;
const EMPTY: PlanProgress = { doneItems: 0, totalItems: 0, donePoints: 0, totalPoints: 0 };
/** Finished work: done or closed. Won't-fix items are dropped from both sides, as Linear drops cancelled ones. */
const DONE = new Set(['done', 'closed']);

/**
 * Progress of many milestones or sprints in one grouped query (a page of them, never one query each), keyed
 * by milestone or sprint id.
 */
export async function progressOf(db: Reader, by: 'milestoneId' | 'sprintId', ids: string[]): Promise<Map<string, PlanProgress>> {
  const out = new Map<string, PlanProgress>(ids.map((id) => [id, { ...EMPTY }]));
  if (!ids.length) return out;
  const where: Prisma.ItemWhereInput = { [by]: { in: ids }, deletedAt: null, status: { notIn: ['wont_fix', 'triage'] } };
  const groups = await db.item.groupBy({ by: [by, 'status'], where, _count: { _all: true }, _sum: { estimate: true } });
  for (const g of groups) {
    const id = g[by];
    const p = id ? out.get(id) : undefined;
    if (!p) continue;
    const n = g._count._all;
    const pts = g._sum.estimate ?? 0;
    p.totalItems += n;
    p.totalPoints += pts;
    if (DONE.has(g.status)) {
      p.doneItems += n;
      p.donePoints += pts;
    }
  }
  return out;
}
