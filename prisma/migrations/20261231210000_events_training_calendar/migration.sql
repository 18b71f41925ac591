-- CreateEnum
CREATE TYPE "EventKind" AS ENUM ('SETUP_SESSION', 'CONSULTATION', 'EXPERIENCE_EXCHANGE', 'SEMINAR', 'ROUND_TABLE');

-- CreateEnum
CREATE TYPE "EventStatus" AS ENUM ('PLANNED', 'HELD', 'CANCELLED');

-- CreateEnum
CREATE TYPE "EventAudience" AS ENUM ('MENTORS', 'MENTEES', 'PAIRS', 'ALL_STAFF', 'CHOSEN');

-- CreateEnum
CREATE TYPE "EventReply" AS ENUM ('COMING', 'NOT_COMING');

-- AlterEnum


ALTER TYPE "NotificationKind" ADD VALUE 'EVENT_INVITATION';
ALTER TYPE "NotificationKind" ADD VALUE 'EVENT_CHANGED';
ALTER TYPE "NotificationKind" ADD VALUE 'EVENT_CANCELLED';

-- AlterTable
ALTER TABLE "MentorEntry" ADD COLUMN     "setupSessionsBefore" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "Event" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "kind" "EventKind" NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "durationMinutes" INTEGER NOT NULL,
    "place" TEXT NOT NULL DEFAULT '',
    "link" TEXT NOT NULL DEFAULT '',
    "audience" "EventAudience" NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "isPublic" BOOLEAN NOT NULL DEFAULT false,
    "status" "EventStatus" NOT NULL DEFAULT 'PLANNED',
    "sequence" INTEGER NOT NULL DEFAULT 0,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EventInvitation" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "eventId" INTEGER NOT NULL,
    "staffMemberId" INTEGER NOT NULL,
    "reply" "EventReply",
    "repliedAt" TIMESTAMP(3),
    "attended" BOOLEAN,
    "markedAt" TIMESTAMP(3),
    "markedById" INTEGER,

    CONSTRAINT "EventInvitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CalendarFeed" (
    "organizationId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "token" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CalendarFeed_pkey" PRIMARY KEY ("userId")
);

-- CreateIndex
CREATE INDEX "Event_organizationId_startsAt_idx" ON "Event"("organizationId", "startsAt");

-- CreateIndex
CREATE INDEX "Event_organizationId_kind_status_idx" ON "Event"("organizationId", "kind", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Event_organizationId_id_key" ON "Event"("organizationId", "id");

-- CreateIndex
CREATE INDEX "EventInvitation_organizationId_staffMemberId_idx" ON "EventInvitation"("organizationId", "staffMemberId");

-- CreateIndex
CREATE UNIQUE INDEX "EventInvitation_organizationId_id_key" ON "EventInvitation"("organizationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "EventInvitation_eventId_staffMemberId_key" ON "EventInvitation"("eventId", "staffMemberId");

-- CreateIndex
CREATE UNIQUE INDEX "CalendarFeed_token_key" ON "CalendarFeed"("token");

-- CreateIndex
CREATE UNIQUE INDEX "CalendarFeed_organizationId_userId_key" ON "CalendarFeed"("organizationId", "userId");

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventInvitation" ADD CONSTRAINT "EventInvitation_organizationId_eventId_fkey" FOREIGN KEY ("organizationId", "eventId") REFERENCES "Event"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventInvitation" ADD CONSTRAINT "EventInvitation_organizationId_staffMemberId_fkey" FOREIGN KEY ("organizationId", "staffMemberId") REFERENCES "StaffMember"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CalendarFeed" ADD CONSTRAINT "CalendarFeed_organizationId_userId_fkey" FOREIGN KEY ("organizationId", "userId") REFERENCES "User"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;



-- The mentor's training status is derived from attendance at set-up sessions from now on (banks.rules.ts).
-- What the methodist had set by hand stands for sessions attended before the portal recorded them, so no
-- mentor loses the status: «прошёл» counts as the two sessions the rule asks for, «проходит» as one.
UPDATE "MentorEntry" SET "setupSessionsBefore" = CASE "trainingStatus" WHEN 'TRAINED' THEN 2 WHEN 'IN_TRAINING' THEN 1 ELSE 0 END;
