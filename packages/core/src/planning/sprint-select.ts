import type { Sprint } from '@baton/contracts';
import type { Prisma } from '@baton/db';
import type { Tx } from '../deps.ts';
import { progressOf } from './plan-progress.ts';

export const sprintSelect = {
  id: true,
  productId: true,
  name: true,
  goal: true,
  startsAt: true,
  endsAt: true,
  capacity: true,
  closedAt: true,
  committedPoints: true,
  completedPoints: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.SprintSelect;
type Row = Prisma.SprintGetPayload<{ select: typeof sprintSelect }>;

/** Sprints with their progress, read in one grouped query. */
export async function toSprints(db: Pick<Tx, 'item'>, rows: Row[]): Promise<Sprint[]> {
  const progress = await progressOf(db, 'sprintId', rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, progress: progress.get(r.id)! }));
}
