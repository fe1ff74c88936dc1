import type { AgentClient } from '@baton/client';
import type { Connection } from '../connection/connection.ts';
import type { SavedView } from '../settings.ts';
import { ItemsTree, type Loaded } from './items-tree.ts';
import { activeClaims, searchAll } from './load-items.ts';

/** My work: what is assigned to me and not finished, plus what I finished this week. */
const MY_ITEMS_QUERIES = ['assignee:me status:open,in_progress', 'assignee:me status:done updated:<7d'] as const;

async function withClaims(api: AgentClient, loaded: Omit<Loaded, 'claims'>): Promise<Loaded> {
  return { ...loaded, claims: await activeClaims(api, loaded.items) };
}

export function createTrees(connection: Connection, workingOn: () => string | undefined, savedViews: () => SavedView[]) {
  const api = () => connection.require().api;
  const myItems = new ItemsTree(
    connection,
    {
      grouped: true,
      load: async () => {
        const [open, done] = await Promise.all(MY_ITEMS_QUERIES.map((q) => searchAll(api(), q)));
        return withClaims(api(), { items: [...open!.items, ...done!.items], truncated: open!.truncated || done!.truncated });
      },
    },
    workingOn,
  );
  const ready = new ItemsTree(
    connection,
    {
      grouped: false,
      load: async () => {
        const page = await api().items.ready({ limit: 50 });
        return { items: page.items, claims: new Map(), truncated: page.nextCursor !== null };
      },
    },
    workingOn,
  );
  const search = new ItemsTree(
    connection,
    { grouped: false, views: savedViews, load: async (view) => withClaims(api(), await searchAll(api(), view!.query, 100)) },
    workingOn,
  );
  return { myItems, ready, search };
}
