-- CreateTable
CREATE TABLE "MonitoringSwotNote" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "schoolYear" INTEGER NOT NULL,
    "quadrant" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "authorName" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MonitoringSwotNote_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MonitoringSwotNote_organizationId_schoolYear_idx" ON "MonitoringSwotNote"("organizationId", "schoolYear");

-- CreateIndex
CREATE UNIQUE INDEX "MonitoringSwotNote_organizationId_id_key" ON "MonitoringSwotNote"("organizationId", "id");

-- AddForeignKey
ALTER TABLE "MonitoringSwotNote" ADD CONSTRAINT "MonitoringSwotNote_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;


