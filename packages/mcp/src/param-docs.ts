import type { z } from 'zod';

/**
 * What each tool parameter means, for the model: one text per parameter name, used by every tool that takes it
 * (test/integration/agent-surface.int.test.ts fails on a parameter left undescribed). A description the schema
 * already carries (from contracts) wins.
 */
const PARAM_DOCS: Record<string, string> = {
  label: 'only items with one of these label names',
  type: 'item types to include (bug, feature, task, ...)',
  priority: 'priorities to include (critical, high, medium, low)',
  milestoneId: 'only items of this milestone (its id)',
  query: 'the query language on top of the ready conditions, e.g. label:api type:bug (see the search tool)',
  cursor: "the previous page's nextCursor, to read the next page",
  limit: 'items per page (1-100, default 50)',
  ttlSeconds: "lease length in seconds (30-86400); default: this key's or the product's agent lease (5 minutes unless set)",
  reason: 'why, in a sentence (kept in the history)',
  budget: 'the most characters the context pack may have (200-200000, default 8000); the least important parts go first',
  status: 'the status to move to: open, in_progress, in_review, done, closed or wont_fix',
  evidence: 'proof for done: links (CI runs, PRs) and test output',
  expectedVersion: "the item's version you last read; a newer one answers CONFLICT instead of overwriting",
  body: 'the comment, in markdown',
  url: 'the pull request URL (https://...)',
  number: 'the pull request number',
  title: 'the title',
  branch: 'the branch name',
  commitSha: 'the head commit SHA',
  done: 'true to tick it (default), false to untick',
  description: 'the description, in markdown',
  labels: 'label names to set (created when new)',
  stepsToReproduce: '(bugs) steps to reproduce, in markdown',
  expected: '(bugs) what should happen',
  actual: '(bugs) what happens instead',
  environment: '(bugs) where it happens: OS, browser, version',
  affectedVersion: '(bugs) the version that has the bug',
  parentId: 'the parent item (key or id), to file a sub-item',
  autoDetected: 'true for failures found by tooling (test runs, CI): the item is marked auto-detected',
};

/** The shape with every parameter described: its own description, else the shared one above. */
export function documented<S extends Record<string, z.ZodType>>(shape: S): S {
  return Object.fromEntries(
    Object.entries(shape).map(([name, schema]) => [
      name,
      schema.description || !PARAM_DOCS[name] ? schema : schema.describe(PARAM_DOCS[name]!),
    ]),
  ) as S;
}
