import type { BatonClient } from './create-client.ts';

type Fn = (...args: never[]) => unknown;
type Rest<F extends Fn> = Omit<NonNullable<Parameters<F>[0]>, 'productId' | 'ref' | 'idempotencyKey'>;
type C = BatonClient;
type Read = <T>(call: () => Promise<T>) => Promise<T>;
type Write = <T>(call: (idempotencyKey: string) => Promise<T>) => Promise<T>;

/**
 * The agent helpers beyond the claim cycle (agent-client.ts): search, dependencies, checklist, comments, pull
 * requests, claim history and polling. One helper per agent capability; docs/agent-surface.md maps each to its
 * CLI command, MCP tool and REST route, and test/integration/agent-surface.int.test.ts holds the four together.
 */
export function moreItemHelpers(trpc: C, productId: string, read: Read, write: Write) {
  return {
    /** items matching a query-language search (`status:open label:api "login page"`, see the MCP search tool) */
    search: (query: string, opts: Omit<Rest<C['items']['search']['query']>, 'query'> = {}) =>
      read(() => trpc.items.search.query({ ...opts, query, productId })),
    /** `blocks` links: what `ref` waits for (blockedBy) and what waits for it (blocks) */
    dependencies: async (ref: string) => {
      const links = await read(() => trpc.items.links.list.query({ productId, ref }));
      return links.filter((l) => l.type === 'blocks');
    },
    /** makes `ref` wait for `blocker` (a `blocks` link from the blocker); a cycle is DEPENDENCY_CYCLE */
    addDependency: (ref: string, blocker: string) =>
      write((idempotencyKey) => trpc.items.links.add.mutate({ productId, ref: blocker, type: 'blocks', to: ref, idempotencyKey })),
    /** removes a link by the id `dependencies` answered */
    removeDependency: (ref: string, linkId: string) =>
      write((idempotencyKey) => trpc.items.links.remove.mutate({ productId, ref, linkId, idempotencyKey })),
    checklist: (ref: string) => read(() => trpc.items.checklist.list.query({ productId, ref })),
    /** ticks (or with done: false unticks) an acceptance criterion by the entry id `checklist` answered */
    check: (ref: string, entryId: string, done = true) =>
      write((idempotencyKey) => trpc.items.checklist.set.mutate({ productId, ref, entryId, done, idempotencyKey })),
    comments: (ref: string, opts: Rest<C['items']['comments']['list']['query']> = {}) =>
      read(() => trpc.items.comments.list.query({ ...opts, productId, ref })),
    pullRequests: (ref: string) => read(() => trpc.agent.pullRequests.query({ productId, ref })),
    /** every claim of the item as an attempt, oldest first: progress, evidence, PRs, usage, and totals (docs/attempts.md) */
    attempts: (ref: string, opts: Rest<C['items']['attempts']['query']> = {}) => read(() => trpc.items.attempts.query({ ...opts, productId, ref })),
    claimHistory: (ref: string, opts: Rest<C['claims']['history']['query']> = {}) =>
      read(() => trpc.claims.history.query({ ...opts, productId, ref })),
    /** items changed after `since`, for polling (a change shows once it is 5 s old; docs/events.md) */
    changed: (filter: Rest<C['agent']['changed']['query']> = {}) => read(() => trpc.agent.changed.query({ ...filter, productId })),
    report: (input: Rest<C['agent']['report']['mutate']>) =>
      write((idempotencyKey) => trpc.agent.report.mutate({ ...input, productId, idempotencyKey })),
  };
}
