-- AlterTable
ALTER TABLE "Sprint" ADD COLUMN     "committedPoints" DOUBLE PRECISION,
ADD COLUMN     "completedPoints" DOUBLE PRECISION;

-- CreateIndex
CREATE INDEX "Milestone_productId_createdAt_idx" ON "Milestone"("productId", "createdAt");

-- CreateIndex
CREATE INDEX "Sprint_productId_closedAt_idx" ON "Sprint"("productId", "closedAt");

-- CreateIndex
CREATE INDEX "Item_productId_status_updatedAt_id_idx" ON "Item"("productId", "status", "updatedAt", "id");
