-- The latest CI result a forge reported for each linked pull request (docs/forges.md), shown with the PR on the item.
-- AlterTable
ALTER TABLE "PullRequestLink" ADD COLUMN     "checkConclusion" TEXT,
ADD COLUMN     "checkName" TEXT,
ADD COLUMN     "checkUrl" TEXT;
