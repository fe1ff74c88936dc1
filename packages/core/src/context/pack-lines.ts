// The lines and small text helpers a context pack is built from (render-context-pack.ts composes them).
import type { ContextPackData } from './render-context-pack.ts';

export function bugSection(b: ContextPackData['bug']): string | null {
  const parts: string[] = [];
  if (b.stepsToReproduce) parts.push(`**Steps to reproduce**\n${b.stepsToReproduce}`);
  if (b.expected) parts.push(`**Expected**\n${b.expected}`);
  if (b.actual) parts.push(`**Actual**\n${b.actual}`);
  const facts = [
    b.environment && `Environment: ${oneLine(b.environment)}`,
    b.affectedVersion && `Affected version: ${oneLine(b.affectedVersion)}`,
    b.fixedVersion && `Fixed in: ${oneLine(b.fixedVersion)}`,
  ].filter((x): x is string => typeof x === 'string' && x.length > 0);
  if (facts.length) parts.push(facts.join(' · '));
  return parts.length ? `## Bug details\n${parts.join('\n')}` : null;
}

export function pullRequestLine(pr: ContextPackData['pullRequests'][number]): string {
  const name = [pr.number !== null ? `#${pr.number}` : '', pr.title ? oneLine(pr.title) : ''].filter(Boolean).join(' ') || pr.url;
  const facts = [
    pr.status,
    pr.branch ? `branch \`${pr.branch}\`` : '',
    pr.commitSha ? `commit \`${pr.commitSha.slice(0, 12)}\`` : '',
  ].filter(Boolean);
  return `- [${name}](${pr.url}): ${facts.join(', ')}`;
}

export function claimLine(c: ContextPackData['claims'][number], now: Date): string {
  const outcome = c.endedAt
    ? `${c.endReason ?? 'ended'} ${when(c.endedAt)}${c.endNote ? `: "${oneLine(c.endNote)}"` : ''}`
    : c.leaseExpiresAt.getTime() <= now.getTime()
      ? `lease lapsed ${when(c.leaseExpiresAt)}`
      : `active, lease until ${when(c.leaseExpiresAt)}`;
  return `- ${c.holder ?? 'someone'} claimed ${when(c.claimedAt)}; ${outcome}`;
}

export const when = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
export const oneLine = (t: string) => t.replace(/\s*\n\s*/g, ' ');
export const quote = (t: string) =>
  t
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The first `n` characters or fewer: never half a surrogate pair, and at a space when one is near the cut. */
export function cut(text: string, n: number): string {
  let end = Math.min(n, text.length);
  if (end === text.length) return text;
  if (end > 0 && /[\uD800-\uDBFF]/.test(text[end - 1]!)) end--;
  const space = text.lastIndexOf(' ', end);
  if (space > 0 && space > end - 40) end = space;
  return text.slice(0, end).trimEnd();
}
