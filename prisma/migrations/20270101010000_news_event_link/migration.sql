-- A news post may name one event of its organization (issue 12: «связанный этап и мероприятие»).
-- The composite key keeps the event in the same organization, like every other cross-table link.
-- AlterTable
ALTER TABLE "NewsPost" ADD COLUMN     "eventId" INTEGER;

-- CreateIndex
CREATE INDEX "NewsPost_organizationId_eventId_idx" ON "NewsPost"("organizationId", "eventId");

-- AddForeignKey
ALTER TABLE "NewsPost" ADD CONSTRAINT "NewsPost_organizationId_eventId_fkey" FOREIGN KEY ("organizationId", "eventId") REFERENCES "Event"("organizationId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;


