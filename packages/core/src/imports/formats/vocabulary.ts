import type { ItemPriority, ItemStatus, ItemType } from '@baton/contracts';

// How other trackers' words map onto Baton's fixed categories. Each tool names its states and priorities its own
// way (and teams rename them), so the match is by keyword; anything unknown falls back to the default and the
// importer reports it, so nothing is guessed silently.

const norm = (s: string) => s.trim().toLowerCase().replace(/[\s_-]+/g, ' ');

const STATUS: [RegExp, ItemStatus][] = [
  [/^(won'?t (fix|do)|cancel+ed|declined|duplicate|not planned|invalid|rejected|obsolete)$/, 'wont_fix'],
  [/^(closed|archived)$/, 'closed'],
  [/^(done|completed?|resolved|fixed|shipped|released|merged)$/, 'done'],
  [/^(in progress|started|doing|in review|review|in qa|qa|testing|in development|active)$/, 'in_progress'],
  [/^(open|to ?do|backlog|new|triage|planned|todo|selected for development|reopened|unstarted|icebox)$/, 'open'],
];

const PRIORITY: [RegExp, ItemPriority][] = [
  [/^(urgent|critical|highest|blocker|p0|1)$/, 'critical'],
  [/^(high|major|p1|2)$/, 'high'],
  [/^(medium|normal|p2|3|no priority|none)$/, 'medium'],
  [/^(low|lowest|minor|trivial|p3|p4|4)$/, 'low'],
];

const TYPE: [RegExp, ItemType][] = [
  [/^(bug|defect|incident|problem|regression)$/, 'bug'],
  [/^(feature|story|user story|enhancement|improvement|epic|new feature|feature request)$/, 'feature'],
  [/^(task|sub ?task|chore|spike|todo|issue)$/, 'task'],
];

function match<T>(table: [RegExp, T][], raw: string): T | null {
  const word = norm(raw);
  return table.find(([re]) => re.test(word))?.[1] ?? null;
}

/** null when the word is empty or unknown (the caller keeps its default and reports an unknown word). */
export const statusFromWord = (raw: string) => match(STATUS, raw);
export const priorityFromWord = (raw: string) => match(PRIORITY, raw);
export const typeFromWord = (raw: string) => match(TYPE, raw);

/** GitHub and others carry the type in a label ("bug", "enhancement"): the first label that names one. */
export const typeFromLabels = (labels: string[]): ItemType | null => labels.map(typeFromWord).find((t) => t !== null) ?? null;
