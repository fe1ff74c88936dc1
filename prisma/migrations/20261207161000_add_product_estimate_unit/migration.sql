-- CreateEnum: what an item's estimate counts, per product
CREATE TYPE "EstimateUnit" AS ENUM ('points', 'hours');

-- AlterTable: points by default, as planning has always summed estimates (sprint capacity, velocity)
ALTER TABLE "Product" ADD COLUMN     "estimateUnit" "EstimateUnit" NOT NULL DEFAULT 'points';
