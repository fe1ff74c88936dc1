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
  updatedAt: true,
} satisfies Prisma.PullRequestLinkSelect;

export const toPullRequest = (row: Prisma.PullRequestLinkGetPayload<{ select: typeof pullRequestSelect }>): PullRequest => ({ ...row });
