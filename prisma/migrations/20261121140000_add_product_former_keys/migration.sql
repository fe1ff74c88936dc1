-- AlterTable
ALTER TABLE "Product" ADD COLUMN     "formerKeys" TEXT[] DEFAULT ARRAY[]::TEXT[];

