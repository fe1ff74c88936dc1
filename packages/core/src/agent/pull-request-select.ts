import type { PullRequest } from '@baton/contracts';
import type { Prisma } from '@baton/db';

export const pullRequestSelect = {
  id: true,
  url: true,
  number: true,
  title: true,
  status: true,
  branch: true,
  commitSha: true,
  checkName: true,
  checkConclusion: true,
  checkUrl: true,
  updatedAt: true,
} satisfies Prisma.PullRequestLinkSelect;

export const toPullRequest = ({ checkName, checkConclusion, checkUrl, ...row }: Prisma.PullRequestLinkGetPayload<{ select: typeof pullRequestSelect }>): PullRequest => ({
  ...row,
  check: checkName && checkConclusion ? { name: checkName, conclusion: checkConclusion, url: checkUrl } : null,
});
