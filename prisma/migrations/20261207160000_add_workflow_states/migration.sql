-- Workflow states per product (docs/status-changes.md): a product names its own states, each in one of the fixed
-- statuses (its category) that every rule works on. An item's stateId is null while it sits in its category's
-- default state, so existing items need no backfill: they are in the default state of their status.
ALTER TABLE "Item" ADD COLUMN     "stateId" TEXT;

-- CreateTable
CREATE TABLE "WorkflowState" (
    "id" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "category" "ItemStatus" NOT NULL,
    "defaultFor" "ItemStatus",
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WorkflowState_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "WorkflowState_productId_nameKey_key" ON "WorkflowState"("productId", "nameKey");

-- CreateIndex
CREATE UNIQUE INDEX "WorkflowState_productId_defaultFor_key" ON "WorkflowState"("productId", "defaultFor");

-- CreateIndex
CREATE INDEX "Item_stateId_idx" ON "Item"("stateId");

-- AddForeignKey
ALTER TABLE "WorkflowState" ADD CONSTRAINT "WorkflowState_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Item" ADD CONSTRAINT "Item_stateId_fkey" FOREIGN KEY ("stateId") REFERENCES "WorkflowState"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- every existing product gets the default state of each category, named as core/products/default-states.ts names
-- them (ids from gen_random_uuid(): Prisma's cuid() default is made by the client, not the database)
INSERT INTO "WorkflowState" ("id", "productId", "name", "nameKey", "category", "defaultFor", "position", "updatedAt")
SELECT gen_random_uuid()::text, p."id", d.name, lower(d.name), d.category::"ItemStatus", d.category::"ItemStatus", d.position, CURRENT_TIMESTAMP
FROM "Product" p
CROSS JOIN (VALUES ('Open', 'open', 0), ('In progress', 'in_progress', 1), ('Done', 'done', 2), ('Closed', 'closed', 3), ('Won''t fix', 'wont_fix', 4)) AS d(name, category, position);
