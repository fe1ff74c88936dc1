import type { ContextPack, ItemPriority, ItemStatus, ItemType } from '@baton/contracts';
import { FINISHED_STATUSES } from '@baton/contracts';
import { bugSection, claimLine, cut, oneLine, plural, pullRequestLine, quote, when } from './pack-lines.ts';

/** Everything a context pack may say about an item, already loaded (see load-context-pack-data.ts). */
export type ContextPackData = {
  key: string;
  title: string;
  type: ItemType;
  status: ItemStatus;
  priority: ItemPriority;
  assignee: string | null;
  labels: string[];
  milestone: string | null;
  description: string;
  criteria: { text: string; done: boolean }[];
  bug: {
    stepsToReproduce: string | null;
    expected: string | null;
    actual: string | null;
    environment: string | null;
    affectedVersion: string | null;
    fixedVersion: string | null;
  };
  /** items with a `blocks` link to this one */
  blockers: { key: string; title: string; status: ItemStatus }[];
  pullRequests: {
    url: string;
    number: number | null;
    title: string | null;
    status: string;
    branch: string | null;
    commitSha: string | null;
  }[];
  /** newest first */
  claims: {
    holder: string | null;
    claimedAt: Date;
    leaseExpiresAt: Date;
    endedAt: Date | null;
    endReason: string | null;
    endNote: string | null;
  }[];
  /** older claims that were not loaded */
  claimsNotLoaded: number;
  /** newest first */
  comments: { author: string | null; at: Date; body: string }[];
  /** older comments that were not loaded */
  commentsNotLoaded: number;
  /** tells a lease that is still running from one that lapsed without being ended */
  now: Date;
};

/** How much of each part is shown: everything at first, then less, one notch at a time. */
type Shape = {
  commentsCapped: boolean;
  comments: number;
  claims: number;
  pullRequestsHidden: boolean;
  detailsHidden: boolean;
  bugHidden: boolean;
  blockersHidden: boolean;
  /** characters of the description shown; null: all of it */
  description: number | null;
  shortFooter: boolean;
  criteria: number;
  /** characters of the title shown; null: all of it */
  title: number | null;
};
type Flag = 'commentsCapped' | 'pullRequestsHidden' | 'detailsHidden' | 'bugHidden' | 'blockersHidden' | 'shortFooter';

/** Long comments are cut to this many characters before any comment is dropped. */
export const COMMENT_CAP = 1_000;

type Fit = { data: ContextPackData; budget: number; measure: (s: Shape) => number };
type Shrink = (s: Shape, fit: Fit) => boolean;

/**
 * What gives way when the pack is over budget, least important first. Each step shrinks one notch and says
 * whether it could. The description is cut after everything else optional is gone; the acceptance criteria and
 * the title are only cut when nothing else is left (a budget too small for them alone).
 */
const SHRINKS: Shrink[] = [
  (s, { data }) =>
    flip(
      s,
      'commentsCapped',
      data.comments.some((c) => c.body.length > COMMENT_CAP),
    ),
  (s) => drop(s, 'comments'),
  (s) => drop(s, 'claims'),
  (s) => flip(s, 'pullRequestsHidden'),
  (s) => flip(s, 'detailsHidden'),
  (s) => flip(s, 'bugHidden'),
  (s) => flip(s, 'blockersHidden'),
  (s, fit) => fitText(s, fit, 'description', fit.data.description.length),
  (s) => flip(s, 'shortFooter'),
  (s) => drop(s, 'criteria'),
  (s, fit) => fitText(s, fit, 'title', fit.data.title.length),
];

/** The optional parts again, most important first, one notch bigger each (null: nothing left to put back). */
const GROWS: ((s: Shape, d: ContextPackData) => Shape | null)[] = [
  (s) => (s.blockersHidden ? { ...s, blockersHidden: false } : null),
  (s) => (s.bugHidden ? { ...s, bugHidden: false } : null),
  (s) => (s.detailsHidden ? { ...s, detailsHidden: false } : null),
  (s) => (s.pullRequestsHidden ? { ...s, pullRequestsHidden: false } : null),
  (s, d) => (s.claims < d.claims.length ? { ...s, claims: s.claims + 1 } : null),
  (s, d) => (s.comments < d.comments.length ? { ...s, comments: s.comments + 1 } : null),
];

/**
 * Renders the pack as markdown for an LLM prompt within `budget` characters. Parts give way in SHRINKS order
 * until it fits, then GROWS puts back what fits in the room left; whatever stays out is listed in `omitted`
 * and in a final italic line.
 */
export function renderContextPack(data: ContextPackData, budget: number): ContextPack {
  let shape: Shape = {
    commentsCapped: false,
    comments: data.comments.length,
    claims: data.claims.length,
    pullRequestsHidden: false,
    detailsHidden: false,
    bugHidden: false,
    blockersHidden: false,
    description: null,
    shortFooter: false,
    criteria: data.criteria.length,
    title: null,
  };
  const fit: Fit = { data, budget, measure: (s) => compose(data, s, budget).markdown.length };
  let pack = compose(data, shape, budget);
  for (const shrink of SHRINKS) {
    while (pack.markdown.length > budget && shrink(shape, fit)) pack = compose(data, shape, budget);
  }
  // a part that gave way early may fit in the room a bigger one left behind: put back the most important first
  for (const grow of GROWS) {
    for (let next = grow(shape, data); next; next = grow(shape, data)) {
      const bigger = compose(data, next, budget);
      if (bigger.markdown.length > budget) break;
      shape = next;
      pack = bigger;
    }
  }
  // only reachable when the key, the markers and the footer alone exceed the budget
  if (pack.markdown.length > budget) pack = { ...pack, markdown: `${pack.markdown.slice(0, budget - 1)}…` };
  return { ...pack, chars: pack.markdown.length };
}

/** Shows one entry fewer of a list part: the oldest comment or claim shown, or the last criterion. */
function drop(s: Shape, part: 'comments' | 'claims' | 'criteria'): boolean {
  if (s[part] === 0) return false;
  s[part]--;
  return true;
}

/** Sets a flag once; false when it was set already or does not apply. */
function flip(s: Shape, flag: Flag, applies = true): boolean {
  if (s[flag] || !applies) return false;
  s[flag] = true;
  return true;
}

/** Shows as many characters of a text part as fit (found by measuring, since the cut marker has a length too). */
function fitText(s: Shape, fit: Fit, part: 'description' | 'title', total: number): boolean {
  if (s[part] !== null || total === 0) return false;
  s[part] = 0;
  const floor = fit.measure(s);
  if (floor > fit.budget) return true;
  let n = Math.min(total - 1, fit.budget - floor);
  for (;;) {
    s[part] = n;
    const over = fit.measure(s) - fit.budget;
    if (over <= 0 || n === 0) return true;
    n = Math.max(0, n - over);
  }
}

function compose(d: ContextPackData, s: Shape, budget: number): Omit<ContextPack, 'chars'> {
  const sections: string[] = [];
  const title = s.title === null ? d.title : `${cut(d.title, s.title)}…`;
  sections.push(`# ${d.key} (${d.type}, ${d.status}, ${d.priority} priority): ${title}`);

  const details = [
    d.assignee && `Assignee: ${d.assignee}`,
    d.labels.length > 0 && `Labels: ${d.labels.join(', ')}`,
    d.milestone && `Milestone: ${d.milestone}`,
  ].filter((x): x is string => typeof x === 'string');
  if (details.length && !s.detailsHidden) sections.push(details.join(' · '));

  const description = s.description === null ? d.description : cut(d.description, s.description);
  if (d.description) {
    if (s.description === null) sections.push(`## Description\n${d.description}`);
    else if (!description) sections.push(`## Description\n_[description left out: ${d.description.length} characters]_`);
    else
      sections.push(
        `## Description\n${description}\n_[description cut: ${description.length} of ${d.description.length} characters shown]_`,
      );
  }

  const criteria = d.criteria.slice(0, s.criteria).map((c) => `- [${c.done ? 'x' : ' '}] ${oneLine(c.text)}`);
  if (s.criteria < d.criteria.length) criteria.push(`- … ${d.criteria.length - s.criteria} more not shown`);
  sections.push(`## Acceptance criteria\n${criteria.length ? criteria.join('\n') : '_None written._'}`);

  const bug = bugSection(d.bug);
  if (bug && !s.bugHidden) sections.push(bug);

  if (d.blockers.length && !s.blockersHidden) {
    const unfinished = d.blockers.filter((b) => !FINISHED_STATUSES.includes(b.status)).length;
    const lines = d.blockers.map((b) => `- ${b.key} (${b.status}): ${oneLine(b.title)}`);
    sections.push(`## Blocked by (${unfinished} of ${d.blockers.length} unfinished)\n${lines.join('\n')}`);
  }

  if (d.pullRequests.length && !s.pullRequestsHidden) sections.push(`## Pull requests\n${d.pullRequests.map(pullRequestLine).join('\n')}`);

  const claims = d.claims.slice(0, s.claims);
  if (claims.length) sections.push(`## Claim history (newest first)\n${claims.map((c) => claimLine(c, d.now)).join('\n')}`);

  const comments = d.comments.slice(0, s.comments);
  const capped = (t: string) => s.commentsCapped && t.length > COMMENT_CAP;
  if (comments.length) {
    const body = (t: string) => (capped(t) ? `${cut(t, COMMENT_CAP)} …[cut]` : t);
    const blocks = comments.map((c) => `**${c.author ?? 'someone'}**, ${when(c.at)}:\n${quote(body(c.body))}`);
    sections.push(`## Recent comments (newest first)\n${blocks.join('\n\n')}`);
  }

  // least important first, in SHRINKS order
  const omitted: string[] = [];
  const longComments = comments.filter((c) => capped(c.body)).length;
  if (longComments) omitted.push(`the end of ${plural(longComments, 'long comment')}`);
  const hiddenComments = d.comments.length - comments.length + d.commentsNotLoaded;
  if (hiddenComments) omitted.push(plural(hiddenComments, comments.length ? 'older comment' : 'comment'));
  const hiddenClaims = d.claims.length - claims.length + d.claimsNotLoaded;
  if (hiddenClaims) omitted.push(plural(hiddenClaims, claims.length ? 'older claim attempt' : 'claim attempt'));
  if (s.pullRequestsHidden && d.pullRequests.length) omitted.push(plural(d.pullRequests.length, 'linked pull request'));
  if (s.detailsHidden && details.length) omitted.push('assignee, labels and milestone');
  if (s.bugHidden && bug) omitted.push('bug details');
  if (s.blockersHidden && d.blockers.length) omitted.push(plural(d.blockers.length, 'blocker'));
  if (s.description !== null && d.description)
    omitted.push(`description (${description.length} of ${d.description.length} characters shown)`);
  if (s.criteria < d.criteria.length) omitted.push(plural(d.criteria.length - s.criteria, 'acceptance criterion', 'acceptance criteria'));
  if (s.title !== null) omitted.push('the end of the title');

  if (omitted.length) {
    sections.push(
      s.shortFooter ? `_Trimmed to fit ${budget} characters._` : `_Trimmed to fit ${budget} characters; left out: ${omitted.join('; ')}._`,
    );
  }
  return { markdown: sections.join('\n\n'), omitted };
}
