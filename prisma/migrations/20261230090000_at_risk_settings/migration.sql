-- «Пары под риском» (src/modules/pairs/pairs.at-risk.ts): the organization's thresholds.
-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "atRiskCheckinScore" INTEGER NOT NULL DEFAULT 4,
ADD COLUMN     "atRiskQuietDays" INTEGER NOT NULL DEFAULT 21;
