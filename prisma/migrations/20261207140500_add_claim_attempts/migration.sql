-- Attempts (docs/attempts.md): every claim is an attempt with the holder's last heartbeat, its declared usage,
-- metadata and evidence, its progress reports in order, and the pull requests linked during it.
ALTER TABLE "Claim" ADD COLUMN     "costAmount" DECIMAL(18,6),
ADD COLUMN     "costCurrency" TEXT,
ADD COLUMN     "evidence" JSONB,
ADD COLUMN     "inputTokens" BIGINT,
ADD COLUMN     "lastHeartbeatAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "metadata" JSONB,
ADD COLUMN     "outputTokens" BIGINT,
ADD COLUMN     "runId" TEXT,
ADD COLUMN     "wallSeconds" DOUBLE PRECISION;

-- claims made before this migration: their last known sign of life is the claim itself
UPDATE "Claim" SET "lastHeartbeatAt" = "createdAt";

ALTER TABLE "PullRequestLink" ADD COLUMN     "claimId" TEXT;

-- CreateTable
CREATE TABLE "ClaimProgress" (
    "id" TEXT NOT NULL,
    "claimId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "percent" INTEGER NOT NULL,
    "stage" TEXT NOT NULL,
    "message" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ClaimProgress_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ClaimProgress_claimId_number_key" ON "ClaimProgress"("claimId", "number");

-- CreateIndex
CREATE INDEX "PullRequestLink_claimId_idx" ON "PullRequestLink"("claimId");

-- AddForeignKey
ALTER TABLE "PullRequestLink" ADD CONSTRAINT "PullRequestLink_claimId_fkey" FOREIGN KEY ("claimId") REFERENCES "Claim"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClaimProgress" ADD CONSTRAINT "ClaimProgress_claimId_fkey" FOREIGN KEY ("claimId") REFERENCES "Claim"("id") ON DELETE CASCADE ON UPDATE CASCADE;
