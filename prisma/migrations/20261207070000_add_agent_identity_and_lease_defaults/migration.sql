-- AlterTable: the default lease of API-key claims, per product (short: a crashed agent strands work minutes, not
-- half an hour) and per key
ALTER TABLE "Product" ADD COLUMN     "agentClaimTtlSeconds" INTEGER NOT NULL DEFAULT 300;
ALTER TABLE "ApiKey" ADD COLUMN     "claimTtlSeconds" INTEGER;

-- AlterTable: the agent identity a claim was made with (Baton-Agent header)
ALTER TABLE "Claim" ADD COLUMN     "agentName" TEXT,
ADD COLUMN     "agentVersion" TEXT,
ADD COLUMN     "agentModel" TEXT;
