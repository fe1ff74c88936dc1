-- The items list's default order (updatedAt desc, id desc) and its priority order (priority, id desc) read a page
-- straight off an index; with only (productId, updatedAt) every tie on updatedAt was sorted first.

-- DropIndex
DROP INDEX "Item_productId_priority_idx";

-- DropIndex
DROP INDEX "Item_productId_updatedAt_idx";

-- CreateIndex
CREATE INDEX "Item_productId_priority_id_idx" ON "Item"("productId", "priority" ASC, "id" DESC);

-- CreateIndex
CREATE INDEX "Item_productId_updatedAt_id_idx" ON "Item"("productId", "updatedAt", "id");
