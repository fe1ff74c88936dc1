-- CreateTable
CREATE TABLE "GithubIntegration" (
    "id" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "secretSetAt" TIMESTAMP(3) NOT NULL,
    "statusOnOpen" "ItemStatus" DEFAULT 'in_progress',
    "statusOnMerge" "ItemStatus" DEFAULT 'done',
    "releaseBranches" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GithubIntegration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "deliveryId" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "action" TEXT,
    "headers" JSONB NOT NULL,
    "body" TEXT NOT NULL,
    "httpStatus" INTEGER NOT NULL,
    "result" TEXT NOT NULL,
    "changes" JSONB NOT NULL DEFAULT '[]',
    "replayCount" INTEGER NOT NULL DEFAULT 0,
    "replayedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IntegrationProblem" (
    "id" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "itemKey" TEXT NOT NULL,
    "prUrl" TEXT NOT NULL,
    "prTitle" TEXT NOT NULL,
    "branch" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IntegrationProblem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "GithubIntegration_productId_key" ON "GithubIntegration"("productId");

-- CreateIndex
CREATE INDEX "WebhookDelivery_productId_createdAt_id_idx" ON "WebhookDelivery"("productId", "createdAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_productId_provider_deliveryId_key" ON "WebhookDelivery"("productId", "provider", "deliveryId");

-- CreateIndex
CREATE INDEX "IntegrationProblem_productId_updatedAt_id_idx" ON "IntegrationProblem"("productId", "updatedAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "IntegrationProblem_productId_provider_prUrl_itemKey_kind_key" ON "IntegrationProblem"("productId", "provider", "prUrl", "itemKey", "kind");

-- AddForeignKey
ALTER TABLE "GithubIntegration" ADD CONSTRAINT "GithubIntegration_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IntegrationProblem" ADD CONSTRAINT "IntegrationProblem_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- CreateIndex
CREATE INDEX "PullRequestLink_commitSha_idx" ON "PullRequestLink"("commitSha");
