-- Untriaged public ideas get a status of their own (triage), items a public status set by the team (null follows the
-- internal status), and published releases a fixed list of what they shipped (ReleaseItem), so a later release no
-- longer rewrites an earlier one's list. Moving pending ideas to triage is the next migration: a new enum value
-- cannot be used in the transaction that adds it.

-- CreateEnum
CREATE TYPE "PublicStatus" AS ENUM ('under_review', 'planned', 'in_progress', 'done', 'declined', 'duplicate');

-- AlterEnum
ALTER TYPE "ItemStatus" ADD VALUE 'triage';

-- AlterTable
ALTER TABLE "Item" ADD COLUMN     "publicStatus" "PublicStatus";

-- CreateTable
CREATE TABLE "ReleaseItem" (
    "releaseId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "isPublic" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReleaseItem_pkey" PRIMARY KEY ("releaseId","itemId")
);

-- CreateIndex
CREATE INDEX "ReleaseItem_itemId_idx" ON "ReleaseItem"("itemId");

-- AddForeignKey
ALTER TABLE "ReleaseItem" ADD CONSTRAINT "ReleaseItem_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReleaseItem" ADD CONSTRAINT "ReleaseItem_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- What published releases shipped until now: their items as they point at them today, public if public today.
INSERT INTO "ReleaseItem" ("releaseId", "itemId", "isPublic")
SELECT r."id", i."id", i."visibility" = 'public'
FROM "Release" r JOIN "Item" i ON i."releaseId" = r."id"
WHERE r."publishedAt" IS NOT NULL;

-- Public items keep the word the roadmap gave them so far (open read as planned); closed ones say declined.
UPDATE "Item" SET "publicStatus" = 'planned' WHERE "visibility" = 'public' AND "status" = 'open';
UPDATE "Item" SET "publicStatus" = 'declined' WHERE "visibility" = 'public' AND "status" IN ('closed', 'wont_fix');
UPDATE "Item" i SET "publicStatus" = 'duplicate' FROM "Submission" s WHERE s."itemId" = i."id" AND s."state" = 'merged';
UPDATE "Item" i SET "publicStatus" = 'declined' FROM "Submission" s WHERE s."itemId" = i."id" AND s."state" = 'declined';
-- an accepted idea was only promised a review
UPDATE "Item" i SET "publicStatus" = 'under_review' FROM "Submission" s
WHERE s."itemId" = i."id" AND s."state" = 'accepted' AND i."status" = 'open';
