-- Email in (docs/email-in.md): per-product settings, and the item a notification email is about (threading replies).
ALTER TABLE "Product" ADD COLUMN     "emailInSettings" JSONB NOT NULL DEFAULT '{}';

ALTER TABLE "EmailMessage" ADD COLUMN     "itemId" TEXT;
