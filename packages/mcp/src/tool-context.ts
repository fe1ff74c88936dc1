import type { AgentClient } from '@baton/client';
import { ItemRef } from '@baton/contracts';
import type { LeaseBook } from './leases.ts';

/**
 * What every tool gets: the agent client (helpers scoped to the product, with idempotent retried writes; its
 * `trpc` is the typed client for what has no helper) and this process's leases.
 */
export type ToolContext = { agent: AgentClient; leases: LeaseBook };

/** The item reference every item tool takes (the product is fixed by the server's configuration). */
export const refField = ItemRef.shape.ref.describe('Item key (e.g. BAT-42) or id');
