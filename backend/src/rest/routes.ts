/**
 * The REST surface for agents that cannot use the typed client, defined once: the Express routes
 * (rest-router.ts) and the OpenAPI document (openapi.ts) are both generated from this table and from the
 * procedures' own input/output schemas, so a route cannot drift from the procedure it calls.
 *
 * Input is built the same way for every route: the query string (GET) or the JSON body (everything else),
 * then the path parameters, which name input fields (`:ref` -> `ref`). `productId` comes from the
 * `x-product-id` header or the `productId` query parameter (an id, or a key such as BAT); `Idempotency-Key`
 * becomes `idempotencyKey`.
 */
export type RestRoute = {
  /** the OpenAPI operationId */
  name: string;
  method: 'get' | 'post' | 'patch' | 'delete';
  /** Express path below /api/agent; each `:param` is an input field of the procedure */
  path: string;
  /** the tRPC procedure it calls, e.g. `queue.takeNext` */
  procedure: string;
  summary: string;
  /** success status (200 unless stated) */
  status?: 200 | 201;
  tag: 'items' | 'queue' | 'claims' | 'work' | 'dependencies';
};

export const REST_PREFIX = '/api/agent';

// one route per line: the table reads as the API's index
// prettier-ignore
export const REST_ROUTES: readonly RestRoute[] = [
  { name: 'changedItems', method: 'get', path: '/items', procedure: 'agent.changed', tag: 'items', summary: 'Items changed since a time, oldest change first (for polling; a change is listed once it is 5 s old, see docs/events.md)' },
  { name: 'reportItem', method: 'post', path: '/items', procedure: 'agent.report', tag: 'items', status: 201, summary: 'Report a new item (a bug found, a follow-up task)' },
  { name: 'getItem', method: 'get', path: '/items/:ref', procedure: 'items.get', tag: 'items', summary: 'One item by key (BAT-42) or id' },
  { name: 'searchItems', method: 'get', path: '/search', procedure: 'items.search', tag: 'items', summary: 'Items matching a query-language search (is:open label:api "login page"), any status' },

  { name: 'ready', method: 'get', path: '/ready', procedure: 'queue.ready', tag: 'queue', summary: 'The ready queue: open, unclaimed, unblocked work, best first' },
  { name: 'takeNext', method: 'post', path: '/next', procedure: 'queue.takeNext', tag: 'queue', summary: 'Claim the best ready item in one step (null when none is ready)' },
  { name: 'explain', method: 'get', path: '/items/:ref/explain', procedure: 'queue.explain', tag: 'queue', summary: 'Why an item is or is not ready' },

  { name: 'claim', method: 'patch', path: '/items/:ref/claim', procedure: 'claims.claim', tag: 'claims', summary: 'Claim an item under a lease; answers the fencing token' },
  { name: 'heartbeat', method: 'patch', path: '/items/:ref/heartbeat', procedure: 'claims.heartbeat', tag: 'claims', summary: 'Extend the lease' },
  { name: 'release', method: 'patch', path: '/items/:ref/release', procedure: 'claims.release', tag: 'claims', summary: 'Give the item back, with a reason' },
  { name: 'claimHistory', method: 'get', path: '/items/:ref/claims', procedure: 'claims.history', tag: 'claims', summary: 'Past and current claims of an item' },
  { name: 'listAttempts', method: 'get', path: '/items/:ref/attempts', procedure: 'items.attempts', tag: 'claims', summary: 'Every attempt (claim) at an item, oldest first: outcome, progress, evidence, PRs and usage, with totals' },

  { name: 'setStatus', method: 'patch', path: '/items/:ref/status', procedure: 'agent.setStatus', tag: 'work', summary: 'Move the item to a status, with evidence' },
  { name: 'progress', method: 'patch', path: '/items/:ref/progress', procedure: 'agent.progress', tag: 'work', summary: 'Report progress (percent and stage)' },
  { name: 'context', method: 'get', path: '/items/:ref/context', procedure: 'agent.context', tag: 'work', summary: 'Everything needed to work on the item, as markdown within a character budget' },
  { name: 'listComments', method: 'get', path: '/items/:ref/comments', procedure: 'items.comments.list', tag: 'work', summary: 'Comments, oldest first' },
  { name: 'addComment', method: 'post', path: '/items/:ref/comments', procedure: 'items.comments.add', tag: 'work', status: 201, summary: 'Comment on the item' },
  { name: 'listChecklist', method: 'get', path: '/items/:ref/checklist', procedure: 'items.checklist.list', tag: 'work', summary: 'Acceptance criteria (checklist entries) with their ids' },
  { name: 'setChecklistEntry', method: 'patch', path: '/items/:ref/checklist/:entryId', procedure: 'items.checklist.set', tag: 'work', summary: 'Tick or untick an acceptance criterion' },
  { name: 'listPullRequests', method: 'get', path: '/items/:ref/pull-requests', procedure: 'agent.pullRequests', tag: 'work', summary: 'Pull requests linked to the item' },
  { name: 'listDependencies', method: 'get', path: '/items/:ref/links', procedure: 'items.links.list', tag: 'dependencies', summary: 'Links of the item; type "blocks" are dependencies (incoming: what it waits for)' },
  { name: 'addDependency', method: 'post', path: '/items/:ref/links', procedure: 'items.links.add', tag: 'dependencies', status: 201, summary: 'Link the item to another: type "blocks" makes `to` wait for this item (a cycle is 422 DEPENDENCY_CYCLE)' },
  { name: 'removeDependency', method: 'delete', path: '/items/:ref/links/:linkId', procedure: 'items.links.remove', tag: 'dependencies', summary: 'Remove a link by its id' },
  { name: 'linkPullRequest', method: 'post', path: '/items/:ref/pull-requests', procedure: 'agent.linkPr', tag: 'work', status: 201, summary: 'Link (or update) a pull request' },
];

/** `/items/:ref` -> `/items/{ref}` */
export const openApiPath = (path: string) => REST_PREFIX + path.replace(/:(\w+)/g, '{$1}');
export const pathParams = (path: string) => [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
