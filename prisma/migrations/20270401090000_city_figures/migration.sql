-- The city page's stored rows (src/modules/city/city.figures.ts): one per kindergarten, recomputed when older than
-- CITY_FIGURES_MAX_AGE_SECONDS; gone with the organization.
-- CreateTable
CREATE TABLE "CityFigures" (
    "organizationId" INTEGER NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL,
    "day" DATE NOT NULL,
    "stages" JSONB NOT NULL,
    "indicators" JSONB NOT NULL,

    CONSTRAINT "CityFigures_pkey" PRIMARY KEY ("organizationId")
);

-- AddForeignKey
ALTER TABLE "CityFigures" ADD CONSTRAINT "CityFigures_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
