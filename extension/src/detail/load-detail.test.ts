import type { AgentClient } from '@baton/client';
import { describe, expect, it } from 'vitest';
import { loadDetail } from './load-detail.ts';

const DESCRIPTION = [
  '| Browser | Works |',
  '| --- | --- |',
  '| Safari | no |',
  '',
  '- [x] reproduce',
  '- [ ] fix',
  '',
  '<img src=x onerror=alert(1)><script>alert(2)</script><input type="text" value="form">',
].join('\n');

/** A server answering the item view's queries for one item, with `description` and one comment. */
function fakeApi(description: string, comment: string): AgentClient {
  const at = new Date(0);
  const q = (value: unknown) => ({ query: async () => value });
  const item = {
    id: 'i1', key: 'BAT-1', title: 'T', type: 'bug', status: 'open', state: null, priority: 'high', version: 1, description,
    assignee: null, reporter: null, submitterName: null, labels: [], milestone: null, sprint: null, parent: null,
    progress: { done: 0, total: 0 }, dueDate: null, createdAt: at, updatedAt: at,
  };
  const trpc = {
    items: {
      get: q(item),
      checklist: { list: q([]) },
      comments: { list: q({ items: [{ id: 'c1', author: { name: 'Pat' }, body: comment, createdAt: at }] }) },
      activity: q({ items: [] }),
      links: { list: q([]) },
      children: q([]),
    },
    agent: { pullRequests: q([{ id: 'pr1', url: 'https://github.com/acme/app/pull/12', number: 12, title: 'Fix', status: 'open', branch: null, commitSha: null, updatedAt: at, check: { name: 'CI', conclusion: 'failure', url: 'https://github.com/acme/app/runs/4' } }]) },
    claims: { active: q([]) },
    workflowStates: { list: q([]) },
  };
  return { trpc, productId: 'p1' } as unknown as AgentClient;
}

describe('loadDetail', () => {
  it('renders GitHub-flavoured markdown (tables, task lists) to sanitized HTML for the page', async () => {
    const d = await loadDetail(fakeApi(DESCRIPTION, '| a | b |\n| - | - |\n| 1 | 2 |\n\n- [ ] todo'), 'BAT-1', { userId: null });
    expect(d.description).toBe(DESCRIPTION);
    expect(d.descriptionHtml).toContain('<table>');
    expect(d.descriptionHtml).toContain('<td>Safari</td>');
    // task-list boxes stay, ticked as written and never editable; any other input goes
    expect(d.descriptionHtml).toMatch(/<input type="checkbox" disabled checked \/>\s*reproduce/);
    expect(d.descriptionHtml).toMatch(/<input type="checkbox" disabled \/>\s*fix/);
    expect(d.descriptionHtml).not.toMatch(/type="text"|<script|onerror|alert\(2\)/);
    expect(d.comments[0]).toMatchObject({ body: expect.stringContaining('| a | b |'), html: expect.stringContaining('<td>2</td>') });
    expect(d.comments[0]!.html).toContain('<input type="checkbox" disabled />');
  });

  it("carries each linked PR's state and latest check to the page", async () => {
    const d = await loadDetail(fakeApi('', 'x'), 'BAT-1', { userId: null });
    expect(d.pullRequests).toEqual([{ url: 'https://github.com/acme/app/pull/12', number: 12, title: 'Fix', status: 'open', check: { name: 'CI', conclusion: 'failure', url: 'https://github.com/acme/app/runs/4' } }]);
  });
});
