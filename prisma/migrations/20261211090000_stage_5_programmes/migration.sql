-- Stage 5: personalised mentoring programmes (ПНП), their plans, marks, comments, final assessments, history and
-- templates; the organization's choice of who approves them; the order kind that approves them.

-- CreateEnum
CREATE TYPE "ProgrammeApproval" AS ENUM ('METHODIST', 'ORDER');

-- CreateEnum
CREATE TYPE "ProgrammeStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'APPROVED', 'IN_PROGRESS', 'COMPLETED', 'CLOSED_EARLY');

-- CreateEnum
CREATE TYPE "PlanItemStatus" AS ENUM ('PLANNED', 'IN_PROGRESS', 'DONE', 'MOVED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "PlanResponsible" AS ENUM ('MENTOR', 'MENTEE', 'BOTH');

-- AlterEnum
ALTER TYPE "OrderKind" ADD VALUE 'APPROVE_PROGRAMMES';

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "programmeApproval" "ProgrammeApproval" NOT NULL DEFAULT 'METHODIST';

-- CreateTable
CREATE TABLE "Programme" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "pairId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "goal" TEXT NOT NULL DEFAULT '',
    "tasks" TEXT NOT NULL DEFAULT '',
    "request" TEXT NOT NULL DEFAULT '',
    "expectedResults" TEXT NOT NULL DEFAULT '',
    "startsOn" DATE NOT NULL,
    "endsOn" DATE NOT NULL,
    "status" "ProgrammeStatus" NOT NULL DEFAULT 'DRAFT',
    "templateId" INTEGER,
    "templateTitle" TEXT NOT NULL DEFAULT '',
    "submittedAt" TIMESTAMP(3),
    "returnedAt" TIMESTAMP(3),
    "returnComment" TEXT NOT NULL DEFAULT '',
    "approvedAt" TIMESTAMP(3),
    "approvedById" INTEGER,
    "approvalOrderId" INTEGER,
    "approvalOrderLabel" TEXT NOT NULL DEFAULT '',
    "startedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "closedReason" TEXT NOT NULL DEFAULT '',
    "lastActivityAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Programme_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlanItem" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "programmeId" INTEGER NOT NULL,
    "section" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "activity" TEXT NOT NULL,
    "form" TEXT NOT NULL DEFAULT '',
    "dueOn" DATE NOT NULL,
    "expectedResult" TEXT NOT NULL DEFAULT '',
    "responsible" "PlanResponsible" NOT NULL DEFAULT 'BOTH',
    "status" "PlanItemStatus" NOT NULL DEFAULT 'PLANNED',
    "movedFromOn" DATE,
    "moveReason" TEXT NOT NULL DEFAULT '',
    "doneOn" DATE,
    "forRequest" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PlanItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlanItemMark" (
    "organizationId" INTEGER NOT NULL,
    "itemId" INTEGER NOT NULL,
    "staffMemberId" INTEGER NOT NULL,
    "role" "PairRole" NOT NULL,
    "mark" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PlanItemMark_pkey" PRIMARY KEY ("itemId","staffMemberId")
);

-- CreateTable
CREATE TABLE "PlanItemComment" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "itemId" INTEGER NOT NULL,
    "staffMemberId" INTEGER NOT NULL,
    "role" "PairRole" NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PlanItemComment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProgrammeAssessment" (
    "organizationId" INTEGER NOT NULL,
    "programmeId" INTEGER NOT NULL,
    "staffMemberId" INTEGER NOT NULL,
    "role" "PairRole" NOT NULL,
    "score" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProgrammeAssessment_pkey" PRIMARY KEY ("programmeId","staffMemberId")
);

-- CreateTable
CREATE TABLE "ProgrammeChange" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "programmeId" INTEGER NOT NULL,
    "itemId" INTEGER,
    "userId" INTEGER,
    "subject" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "before" TEXT NOT NULL DEFAULT '',
    "after" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProgrammeChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProgrammeTemplate" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "key" TEXT,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "categories" "MenteeCategory"[],
    "goal" TEXT NOT NULL DEFAULT '',
    "tasks" TEXT NOT NULL DEFAULT '',
    "expectedResults" TEXT NOT NULL DEFAULT '',
    "archivedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProgrammeTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProgrammeTemplateItem" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "templateId" INTEGER NOT NULL,
    "section" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "activity" TEXT NOT NULL,
    "form" TEXT NOT NULL DEFAULT '',
    "month" INTEGER NOT NULL,
    "expectedResult" TEXT NOT NULL DEFAULT '',
    "responsible" "PlanResponsible" NOT NULL DEFAULT 'BOTH',
    "topics" TEXT[],

    CONSTRAINT "ProgrammeTemplateItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Programme_organizationId_status_idx" ON "Programme"("organizationId", "status");

-- CreateIndex
CREATE INDEX "Programme_organizationId_lastActivityAt_idx" ON "Programme"("organizationId", "lastActivityAt");

-- CreateIndex
CREATE UNIQUE INDEX "Programme_organizationId_id_key" ON "Programme"("organizationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Programme_organizationId_pairId_key" ON "Programme"("organizationId", "pairId");

-- CreateIndex
CREATE INDEX "PlanItem_programmeId_section_position_idx" ON "PlanItem"("programmeId", "section", "position");

-- CreateIndex
CREATE INDEX "PlanItem_programmeId_dueOn_idx" ON "PlanItem"("programmeId", "dueOn");

-- CreateIndex
CREATE INDEX "PlanItem_organizationId_dueOn_idx" ON "PlanItem"("organizationId", "dueOn");

-- CreateIndex
CREATE UNIQUE INDEX "PlanItem_organizationId_id_key" ON "PlanItem"("organizationId", "id");

-- CreateIndex
CREATE INDEX "PlanItemComment_itemId_createdAt_idx" ON "PlanItemComment"("itemId", "createdAt");

-- CreateIndex
CREATE INDEX "ProgrammeChange_programmeId_createdAt_idx" ON "ProgrammeChange"("programmeId", "createdAt");

-- CreateIndex
CREATE INDEX "ProgrammeTemplate_organizationId_archivedAt_idx" ON "ProgrammeTemplate"("organizationId", "archivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ProgrammeTemplate_organizationId_id_key" ON "ProgrammeTemplate"("organizationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "ProgrammeTemplate_organizationId_key_key" ON "ProgrammeTemplate"("organizationId", "key");

-- CreateIndex
CREATE INDEX "ProgrammeTemplateItem_templateId_section_position_idx" ON "ProgrammeTemplateItem"("templateId", "section", "position");

-- AddForeignKey
ALTER TABLE "Programme" ADD CONSTRAINT "Programme_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Programme" ADD CONSTRAINT "Programme_organizationId_pairId_fkey" FOREIGN KEY ("organizationId", "pairId") REFERENCES "Pair"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Programme" ADD CONSTRAINT "Programme_approvedById_fkey" FOREIGN KEY ("approvedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlanItem" ADD CONSTRAINT "PlanItem_organizationId_programmeId_fkey" FOREIGN KEY ("organizationId", "programmeId") REFERENCES "Programme"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlanItemMark" ADD CONSTRAINT "PlanItemMark_organizationId_itemId_fkey" FOREIGN KEY ("organizationId", "itemId") REFERENCES "PlanItem"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlanItemMark" ADD CONSTRAINT "PlanItemMark_organizationId_staffMemberId_fkey" FOREIGN KEY ("organizationId", "staffMemberId") REFERENCES "StaffMember"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlanItemComment" ADD CONSTRAINT "PlanItemComment_organizationId_itemId_fkey" FOREIGN KEY ("organizationId", "itemId") REFERENCES "PlanItem"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlanItemComment" ADD CONSTRAINT "PlanItemComment_organizationId_staffMemberId_fkey" FOREIGN KEY ("organizationId", "staffMemberId") REFERENCES "StaffMember"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgrammeAssessment" ADD CONSTRAINT "ProgrammeAssessment_organizationId_programmeId_fkey" FOREIGN KEY ("organizationId", "programmeId") REFERENCES "Programme"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgrammeAssessment" ADD CONSTRAINT "ProgrammeAssessment_organizationId_staffMemberId_fkey" FOREIGN KEY ("organizationId", "staffMemberId") REFERENCES "StaffMember"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgrammeChange" ADD CONSTRAINT "ProgrammeChange_organizationId_programmeId_fkey" FOREIGN KEY ("organizationId", "programmeId") REFERENCES "Programme"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgrammeChange" ADD CONSTRAINT "ProgrammeChange_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgrammeTemplate" ADD CONSTRAINT "ProgrammeTemplate_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgrammeTemplateItem" ADD CONSTRAINT "ProgrammeTemplateItem_organizationId_templateId_fkey" FOREIGN KEY ("organizationId", "templateId") REFERENCES "ProgrammeTemplate"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Rules the database itself keeps (Prisma has no syntax for CHECK; its migrations leave them alone).
ALTER TABLE "Programme" ADD CONSTRAINT "Programme_end_not_before_start" CHECK ("endsOn" >= "startsOn");
ALTER TABLE "PlanItemMark" ADD CONSTRAINT "PlanItemMark_mark_1_to_5" CHECK ("mark" BETWEEN 1 AND 5);
ALTER TABLE "ProgrammeAssessment" ADD CONSTRAINT "ProgrammeAssessment_score_1_to_10" CHECK ("score" BETWEEN 1 AND 10);
ALTER TABLE "ProgrammeTemplateItem" ADD CONSTRAINT "ProgrammeTemplateItem_month_1_to_12" CHECK ("month" BETWEEN 1 AND 12);
