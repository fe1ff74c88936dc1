import type { ItemSummary } from '@baton/contracts';

// Items as the API lists them, for the extension's unit tests: numbered in order (BAT-1, BAT-2, ...) within a file.
let n = 0;
export const itemSummary = (over: Partial<ItemSummary> = {}): ItemSummary => ({
  id: `id${++n}`,
  key: `BAT-${n}`,
  number: n,
  productId: 'p',
  type: 'bug',
  status: 'open',
  state: { id: 's-open', name: 'Open', category: 'open' },
  priority: 'medium',
  visibility: 'internal',
  title: `Item ${n}`,
  assignee: null,
  labels: [],
  milestone: null,
  voteCount: 0,
  commentCount: 0,
  dueDate: null,
  version: 1,
  createdAt: new Date(0),
  updatedAt: new Date(0),
  ...over,
});
