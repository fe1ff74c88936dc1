import { Cursor, Limit, type Attempt, type AttemptTotals, type Usage } from '@baton/contracts';
import { checked, int, str } from '../args/values.ts';
import { defineCommand } from './command.ts';

const usageText = (u: Pick<Usage, 'inputTokens' | 'outputTokens' | 'wallSeconds'> & { cost?: { amount: number; currency: string }[] }) =>
  [
    u.inputTokens !== undefined || u.outputTokens !== undefined ? `${u.inputTokens ?? 0} in / ${u.outputTokens ?? 0} out tokens` : '',
    ...(u.cost ?? []).map((c) => `${c.amount} ${c.currency}`),
    u.wallSeconds !== undefined ? `${u.wallSeconds} s` : '',
  ]
    .filter(Boolean)
    .join(' · ');

function attemptText(a: Attempt): string {
  const who = a.agent ? `${a.agent.name}${a.agent.version ? `/${a.agent.version}` : ''}${a.agent.model ? ` (${a.agent.model})` : ''} as ` : '';
  const ended = a.endedAt ? ` → ${a.endedAt.toISOString()}` : '';
  const lines = [`#${a.number} ${who}${a.holder?.name ?? 'someone'} · ${a.outcome}${a.endNote ? `: ${a.endNote}` : ''} · ${a.startedAt.toISOString()}${ended}`];
  if (a.progressCount > a.progress.length) lines.push(`   (${a.progressCount - a.progress.length} earlier reports)`);
  for (const p of a.progress) lines.push(`   ${p.percent}% ${p.stage}${p.message ? ` — ${p.message}` : ''}`);
  if (a.usage) lines.push(`   usage: ${usageText({ ...a.usage, cost: a.usage.cost && [a.usage.cost] })}${a.usage.runId ? ` · run ${a.usage.runId}` : ''}`);
  for (const link of a.evidence?.links ?? []) lines.push(`   evidence: ${link}`);
  if (a.evidence?.testOutput) lines.push(`   tests: ${a.evidence.testOutput.split('\n')[0]}`);
  for (const pr of a.pullRequests) lines.push(`   PR: ${pr.url} (${pr.status})`);
  return lines.join('\n');
}

const totalsText = (t: AttemptTotals) =>
  `${t.attempts} attempt${t.attempts === 1 ? '' : 's'}, ${t.completed} completed${t.attempts ? ` · ${usageText({ ...t, wallSeconds: t.wallSeconds || undefined })}` : ''}`;

export const attempts = defineCommand({
  name: 'attempts',
  args: ['<KEY>'],
  summary: 'Every attempt at an item, oldest first: who, how it ended, progress, evidence, PRs and usage, with totals.',
  options: {
    limit: { type: 'string', value: 'N', help: 'attempts per page (1-100, default 50)' },
    cursor: { type: 'string', value: 'ID', help: 'the next page, from the previous answer' },
  },
  async run(s, [key], values) {
    const ref = await s.itemRef(key!);
    const limit = str(values, 'limit');
    const cursor = str(values, 'cursor');
    const page = await s.api.items.attempts.query({
      ...ref,
      ...(limit !== undefined && { limit: checked(Limit, int(limit, '--limit', 'attempts'), '--limit', 'attempts') }),
      ...(cursor !== undefined && { cursor: checked(Cursor, cursor, '--cursor', 'attempts') }),
    });
    s.out.result(page, () =>
      [
        page.items.length ? page.items.map(attemptText).join('\n') : `Nobody has attempted ${ref.ref} yet.`,
        `Totals: ${totalsText(page.totals)}`,
        ...(page.nextCursor ? [`More: baton attempts ${ref.ref} --cursor ${page.nextCursor}`] : []),
      ].join('\n'),
    );
  },
});
