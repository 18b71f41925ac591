-- CreateEnum
CREATE TYPE "StaffCategorySource" AS ENUM ('FORM', 'IMPORT');

-- CreateTable
CREATE TABLE "StaffCategoryChange" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "staffMemberId" INTEGER NOT NULL,
    "fromCategory" "QualificationCategory" NOT NULL,
    "toCategory" "QualificationCategory" NOT NULL,
    "effectiveOn" DATE NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "recordedById" INTEGER,
    "recordedByName" TEXT NOT NULL DEFAULT '',
    "source" "StaffCategorySource" NOT NULL,

    CONSTRAINT "StaffCategoryChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MonitoringAnnualReport" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "schoolYear" INTEGER NOT NULL,
    "formedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "formedById" INTEGER,
    "formedByName" TEXT NOT NULL DEFAULT '',
    "contentSha256" TEXT NOT NULL,

    CONSTRAINT "MonitoringAnnualReport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StaffCategoryChange_organizationId_staffMemberId_effectiveO_idx" ON "StaffCategoryChange"("organizationId", "staffMemberId", "effectiveOn");

-- CreateIndex
CREATE INDEX "StaffCategoryChange_organizationId_effectiveOn_idx" ON "StaffCategoryChange"("organizationId", "effectiveOn");

-- CreateIndex
CREATE UNIQUE INDEX "StaffCategoryChange_organizationId_id_key" ON "StaffCategoryChange"("organizationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "MonitoringAnnualReport_organizationId_id_key" ON "MonitoringAnnualReport"("organizationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "MonitoringAnnualReport_organizationId_schoolYear_key" ON "MonitoringAnnualReport"("organizationId", "schoolYear");

-- AddForeignKey
ALTER TABLE "StaffCategoryChange" ADD CONSTRAINT "StaffCategoryChange_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffCategoryChange" ADD CONSTRAINT "StaffCategoryChange_organizationId_staffMemberId_fkey" FOREIGN KEY ("organizationId", "staffMemberId") REFERENCES "StaffMember"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MonitoringAnnualReport" ADD CONSTRAINT "MonitoringAnnualReport_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;


