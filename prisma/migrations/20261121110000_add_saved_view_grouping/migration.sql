-- AlterTable
ALTER TABLE "SavedView" ADD COLUMN     "groupBy" TEXT;

-- CreateIndex
CREATE INDEX "SavedView_productId_shared_idx" ON "SavedView"("productId", "shared");
