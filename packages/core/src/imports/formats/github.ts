import { IMPORT_LIMITS, type ImportComment, type ImportProblem } from '@baton/contracts';
import { z } from 'zod';
import { badField } from '../../errors.ts';
import { buildRow, type ParsedImport } from './source-row.ts';

// What `gh issue list --state all --json number,title,body,state,stateReason,labels,assignees,url,comments` prints
// (GitHub CLI): an array of issues. Only the fields read here are checked; gh adds others with more --json fields.
const GhIssue = z.object({
  number: z.number().int(),
  title: z.string(),
  body: z.string().nullish(),
  state: z.string().nullish(),
  stateReason: z.string().nullish(),
  labels: z.array(z.object({ name: z.string() })).nullish(),
  assignees: z.array(z.object({ login: z.string(), name: z.string().nullish() })).nullish(),
  url: z.string().nullish(),
  comments: z.array(z.object({ author: z.object({ login: z.string() }).nullish(), body: z.string(), createdAt: z.string().nullish() })).nullish(),
});

export function parseGithubIssues(content: string): ParsedImport {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (err) {
    throw badField('content', `is not JSON as \`gh issue list --json ...\` prints it (${(err as Error).message})`);
  }
  if (!Array.isArray(json)) throw badField('content', 'must be the JSON array that `gh issue list --json ...` prints');
  if (json.length > IMPORT_LIMITS.rows) throw badField('content', `has ${json.length} issues; import at most ${IMPORT_LIMITS.rows} at a time`);
  const problems: ImportProblem[] = [];
  const rows = json.flatMap((entry, i) => {
    const line = i + 1;
    const parsed = GhIssue.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      problems.push({ line, field: issue.path.join('.') || 'issue', reason: `is not a GitHub issue as gh prints it (${issue.message})`, skipped: true });
      return [];
    }
    const gh = parsed.data;
    const closed = gh.state?.toUpperCase() === 'CLOSED';
    const comments: ImportComment[] = (gh.comments ?? []).map((c) => ({ author: c.author?.login ?? 'ghost', at: c.createdAt ? new Date(c.createdAt) : null, body: c.body }));
    const row = buildRow(
      {
        line,
        externalId: String(gh.number),
        title: gh.title,
        description: gh.body ?? '',
        status: closed ? (gh.stateReason?.toUpperCase() === 'NOT_PLANNED' ? 'not planned' : 'done') : 'open',
        labels: (gh.labels ?? []).map((l) => l.name),
        // gh prints logins, not emails: a login is matched to a member by name, else reported (see match-assignees)
        assignee: gh.assignees?.[0]?.login,
        url: gh.url ?? undefined,
        comments,
      },
      problems,
    );
    return row ? [row] : [];
  });
  return { columns: [], mapping: {}, rows, problems };
}
