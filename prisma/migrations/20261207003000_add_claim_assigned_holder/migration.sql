-- AlterTable
ALTER TABLE "Claim" ADD COLUMN     "assignedHolder" BOOLEAN NOT NULL DEFAULT false;

-- Claims granted before this column existed always assigned their holder; those still active whose item is still
-- assigned to the holder keep the old give-back (unassign on release or expiry).
UPDATE "Claim" c SET "assignedHolder" = true
FROM "Item" i
WHERE c."itemId" = i."id" AND c."endedAt" IS NULL
  AND ((c."holderUserId" IS NOT NULL AND i."assigneeUserId" = c."holderUserId")
    OR (c."holderAgentId" IS NOT NULL AND i."assigneeAgentId" = c."holderAgentId"));
