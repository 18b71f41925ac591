-- CreateTable
CREATE TABLE "RoadmapPlan" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "schoolYear" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RoadmapPlan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoadmapMeasure" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "planId" INTEGER NOT NULL,
    "stage" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "fromMonth" INTEGER,
    "toMonth" INTEGER,
    "dueOn" DATE,
    "responsible" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RoadmapMeasure_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RoadmapPlan_organizationId_id_key" ON "RoadmapPlan"("organizationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "RoadmapPlan_organizationId_schoolYear_key" ON "RoadmapPlan"("organizationId", "schoolYear");

-- CreateIndex
CREATE INDEX "RoadmapMeasure_organizationId_planId_stage_position_idx" ON "RoadmapMeasure"("organizationId", "planId", "stage", "position");

-- CreateIndex
CREATE UNIQUE INDEX "RoadmapMeasure_organizationId_id_key" ON "RoadmapMeasure"("organizationId", "id");

-- AddForeignKey
ALTER TABLE "RoadmapPlan" ADD CONSTRAINT "RoadmapPlan_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoadmapMeasure" ADD CONSTRAINT "RoadmapMeasure_organizationId_planId_fkey" FOREIGN KEY ("organizationId", "planId") REFERENCES "RoadmapPlan"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;


