/** Size limits enforced at every edge; errors quote them so callers know what to trim. */
export const LIMITS = {
  title: 200,
  description: 50_000,
  comment: 20_000,
  shortText: 500,
  labelName: 50,
  checklistText: 500,
  query: 1_000,
  pageSize: 100,
  labelsPerItem: 20,
  viewName: 80,
  bulkItems: 100,
} as const;
