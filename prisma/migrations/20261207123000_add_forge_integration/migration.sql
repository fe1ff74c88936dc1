-- Gitea and GitLab webhooks keep the same settings as GitHub's: the GitHub table becomes one row per product and
-- forge, renamed in place so existing GitHub set-ups (and their secrets) carry over untouched.
ALTER TABLE "GithubIntegration" RENAME TO "ForgeIntegration";
ALTER TABLE "ForgeIntegration" RENAME CONSTRAINT "GithubIntegration_pkey" TO "ForgeIntegration_pkey";
ALTER TABLE "ForgeIntegration" RENAME CONSTRAINT "GithubIntegration_productId_fkey" TO "ForgeIntegration_productId_fkey";

ALTER TABLE "ForgeIntegration" ADD COLUMN "forge" TEXT NOT NULL DEFAULT 'github';
ALTER TABLE "ForgeIntegration" ALTER COLUMN "forge" DROP DEFAULT;

DROP INDEX "GithubIntegration_productId_key";
CREATE UNIQUE INDEX "ForgeIntegration_productId_forge_key" ON "ForgeIntegration"("productId", "forge");
