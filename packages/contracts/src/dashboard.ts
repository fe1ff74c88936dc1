import { z } from 'zod';
import { Id } from './common.ts';
import { ItemPriority, ItemStatus, ItemType } from './enums.ts';

const Ref = z.object({ id: z.string(), key: z.string(), title: z.string() });
const Person = z.object({ kind: z.enum(['user', 'agent']), name: z.string() });

/** What a PM opens first (core/dashboard/product-dashboard.ts). Every list is capped; counts cover open items only. */
export const ProductDashboard = z.object({
  now: z.date(),
  inProgress: z.array(
    Ref.extend({
      priority: ItemPriority,
      assignee: Person.nullable(),
      /** the live claim, if any: who holds it (an agent's own name for itself when it gave one) and until when */
      lease: z.object({ holder: Person, agentName: z.string().nullable(), expiresAt: z.date(), lastHeartbeatAt: z.date() }).nullable(),
    }),
  ),
  blocked: z.array(Ref.extend({ status: ItemStatus, blockers: z.array(Ref.extend({ status: ItemStatus })) })),
  overdue: z.array(Ref.extend({ dueDate: z.date(), assignee: Person.nullable() })),
  dueSoon: z.array(Ref.extend({ dueDate: z.date(), assignee: Person.nullable() })),
  recentlyDone: z.array(Ref.extend({ doneAt: z.date().nullable() })),
  activity: z.array(z.object({ id: z.string(), at: z.date(), actorName: z.string(), action: z.string(), field: z.string().nullable(), item: Ref.nullable() })),
  /** open work only (not done, closed, won't fix, or ideas in triage) */
  open: z.object({ total: z.number().int(), byType: z.record(ItemType, z.number().int()), byPriority: z.record(ItemPriority, z.number().int()) }),
});
export type ProductDashboard = z.infer<typeof ProductDashboard>;
export const DashboardInput = z.strictObject({ productId: Id });
