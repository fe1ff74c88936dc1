-- Slack (docs/slack.md): a product's slash-command signing secret, and outbound endpoints that send Slack messages
-- AlterTable
ALTER TABLE "WebhookEndpoint" ADD COLUMN     "format" TEXT NOT NULL DEFAULT 'standard';

-- CreateTable
CREATE TABLE "SlackIntegration" (
    "id" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "signingSecret" TEXT,
    "signingSecretSetAt" TIMESTAMP(3),
    "responseType" TEXT NOT NULL DEFAULT 'ephemeral',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SlackIntegration_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SlackIntegration_productId_key" ON "SlackIntegration"("productId");

-- AddForeignKey
ALTER TABLE "SlackIntegration" ADD CONSTRAINT "SlackIntegration_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE CASCADE ON UPDATE CASCADE;
