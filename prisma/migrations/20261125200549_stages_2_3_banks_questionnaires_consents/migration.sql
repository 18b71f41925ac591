-- CreateEnum
CREATE TYPE "StaffImportStatus" AS ENUM ('PREVIEW', 'RUNNING', 'DONE', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "QuestionnaireAudience" AS ENUM ('MENTOR_CANDIDATES', 'MENTEE_REQUESTS', 'MENTOR_MONITORING', 'MENTEE_MONITORING', 'EVENT_FEEDBACK');

-- CreateEnum
CREATE TYPE "QuestionnaireStatus" AS ENUM ('DRAFT', 'PUBLISHED', 'ARCHIVED');

-- CreateEnum
CREATE TYPE "ResponseStatus" AS ENUM ('DRAFT', 'SUBMITTED');

-- CreateEnum
CREATE TYPE "ConsentKind" AS ENUM ('PERSONAL_DATA', 'DISTRIBUTION', 'MENTORING');

-- CreateEnum
CREATE TYPE "ConsentMethod" AS ENUM ('PAPER_SCAN', 'ELECTRONIC');

-- CreateEnum
CREATE TYPE "MentoringForm" AS ENUM ('TRADITIONAL', 'GROUP', 'PEER', 'HEAD_TEACHER', 'EXPERIENCED_YOUNG', 'REVERSE', 'SITUATIONAL', 'VIRTUAL', 'FLASH');

-- CreateEnum
CREATE TYPE "MenteeCategory" AS ENUM ('YOUNG_SPECIALIST', 'NEW_EMPLOYEE', 'AFTER_BREAK', 'NEW_POSITION', 'DIFFICULTIES', 'CERTIFICATION');

-- CreateEnum
CREATE TYPE "MenteeStatus" AS ENUM ('NEW', 'IN_BANK', 'PAIRED', 'COMPLETED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "MentorStatus" AS ENUM ('CANDIDATE', 'APPROVED', 'ACTIVE', 'PAUSED', 'LEFT');

-- CreateEnum
CREATE TYPE "MentorTraining" AS ENUM ('NOT_TRAINED', 'IN_TRAINING', 'TRAINED');

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "defaultMaxMentees" INTEGER NOT NULL DEFAULT 3;

-- CreateTable
CREATE TABLE "StaffImport" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "fileName" TEXT NOT NULL,
    "status" "StaffImportStatus" NOT NULL DEFAULT 'PREVIEW',
    "rows" JSONB NOT NULL,
    "totalRows" INTEGER NOT NULL,
    "validRows" INTEGER NOT NULL,
    "processedRows" INTEGER NOT NULL DEFAULT 0,
    "createdCount" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT NOT NULL DEFAULT '',
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "StaffImport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Topic" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "framework" TEXT NOT NULL DEFAULT '',
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "archivedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Topic_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Questionnaire" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "audience" "QuestionnaireAudience" NOT NULL,
    "status" "QuestionnaireStatus" NOT NULL DEFAULT 'DRAFT',
    "opensOn" DATE,
    "closesOn" DATE,
    "templateKey" TEXT,
    "currentVersionId" INTEGER,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Questionnaire_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QuestionnaireVersion" (
    "id" SERIAL NOT NULL,
    "questionnaireId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "questions" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QuestionnaireVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QuestionnaireResponse" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "questionnaireId" INTEGER NOT NULL,
    "versionId" INTEGER NOT NULL,
    "staffMemberId" INTEGER NOT NULL,
    "status" "ResponseStatus" NOT NULL DEFAULT 'DRAFT',
    "answers" JSONB NOT NULL,
    "submittedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "QuestionnaireResponse_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsentTemplate" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "kind" "ConsentKind" NOT NULL,
    "version" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConsentTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Consent" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "staffMemberId" INTEGER NOT NULL,
    "kind" "ConsentKind" NOT NULL,
    "templateId" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "textSha256" TEXT NOT NULL,
    "method" "ConsentMethod" NOT NULL,
    "givenAt" TIMESTAMP(3) NOT NULL,
    "ip" TEXT NOT NULL DEFAULT '',
    "userAgent" TEXT NOT NULL DEFAULT '',
    "scanFileId" INTEGER,
    "recordedById" INTEGER,
    "revokedAt" TIMESTAMP(3),
    "revokeReason" TEXT NOT NULL DEFAULT '',
    "revokedById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Consent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StoredFile" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "originalName" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "storagePath" TEXT NOT NULL,
    "uploadedById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StoredFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MenteeEntry" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "staffMemberId" INTEGER NOT NULL,
    "category" "MenteeCategory" NOT NULL,
    "requestText" TEXT NOT NULL DEFAULT '',
    "desiredForm" "MentoringForm",
    "status" "MenteeStatus" NOT NULL DEFAULT 'NEW',
    "enteredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "responseId" INTEGER,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MenteeEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MenteeEntryTopic" (
    "entryId" INTEGER NOT NULL,
    "topicId" INTEGER NOT NULL,

    CONSTRAINT "MenteeEntryTopic_pkey" PRIMARY KEY ("entryId","topicId")
);

-- CreateTable
CREATE TABLE "MentorEntry" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "staffMemberId" INTEGER NOT NULL,
    "motivation" TEXT NOT NULL DEFAULT '',
    "availability" TEXT NOT NULL DEFAULT '',
    "maxMentees" INTEGER NOT NULL DEFAULT 3,
    "forms" "MentoringForm"[],
    "trainingStatus" "MentorTraining" NOT NULL DEFAULT 'NOT_TRAINED',
    "status" "MentorStatus" NOT NULL DEFAULT 'CANDIDATE',
    "enteredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "approvedAt" TIMESTAMP(3),
    "approvedById" INTEGER,
    "responseId" INTEGER,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MentorEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MentorEntryTopic" (
    "entryId" INTEGER NOT NULL,
    "topicId" INTEGER NOT NULL,

    CONSTRAINT "MentorEntryTopic_pkey" PRIMARY KEY ("entryId","topicId")
);

-- CreateTable
CREATE TABLE "BankStatusChange" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "menteeEntryId" INTEGER,
    "mentorEntryId" INTEGER,
    "fromStatus" TEXT NOT NULL DEFAULT '',
    "toStatus" TEXT NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "changedById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BankStatusChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StaffImport_organizationId_createdAt_idx" ON "StaffImport"("organizationId", "createdAt");

-- CreateIndex
CREATE INDEX "Topic_organizationId_sortOrder_idx" ON "Topic"("organizationId", "sortOrder");

-- CreateIndex
CREATE UNIQUE INDEX "Topic_organizationId_name_key" ON "Topic"("organizationId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Questionnaire_currentVersionId_key" ON "Questionnaire"("currentVersionId");

-- CreateIndex
CREATE INDEX "Questionnaire_organizationId_status_idx" ON "Questionnaire"("organizationId", "status");

-- CreateIndex
CREATE INDEX "Questionnaire_organizationId_audience_idx" ON "Questionnaire"("organizationId", "audience");

-- CreateIndex
CREATE UNIQUE INDEX "QuestionnaireVersion_questionnaireId_number_key" ON "QuestionnaireVersion"("questionnaireId", "number");

-- CreateIndex
CREATE INDEX "QuestionnaireResponse_organizationId_staffMemberId_idx" ON "QuestionnaireResponse"("organizationId", "staffMemberId");

-- CreateIndex
CREATE INDEX "QuestionnaireResponse_questionnaireId_status_idx" ON "QuestionnaireResponse"("questionnaireId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "QuestionnaireResponse_questionnaireId_staffMemberId_key" ON "QuestionnaireResponse"("questionnaireId", "staffMemberId");

-- CreateIndex
CREATE UNIQUE INDEX "ConsentTemplate_organizationId_kind_version_key" ON "ConsentTemplate"("organizationId", "kind", "version");

-- CreateIndex
CREATE UNIQUE INDEX "Consent_scanFileId_key" ON "Consent"("scanFileId");

-- CreateIndex
CREATE INDEX "Consent_organizationId_kind_revokedAt_idx" ON "Consent"("organizationId", "kind", "revokedAt");

-- CreateIndex
CREATE INDEX "Consent_staffMemberId_kind_idx" ON "Consent"("staffMemberId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "StoredFile_storagePath_key" ON "StoredFile"("storagePath");

-- CreateIndex
CREATE INDEX "StoredFile_organizationId_idx" ON "StoredFile"("organizationId");

-- CreateIndex
CREATE INDEX "MenteeEntry_organizationId_status_idx" ON "MenteeEntry"("organizationId", "status");

-- CreateIndex
CREATE INDEX "MenteeEntry_organizationId_category_idx" ON "MenteeEntry"("organizationId", "category");

-- CreateIndex
CREATE INDEX "MenteeEntry_organizationId_enteredAt_idx" ON "MenteeEntry"("organizationId", "enteredAt");

-- CreateIndex
CREATE UNIQUE INDEX "MenteeEntry_organizationId_staffMemberId_key" ON "MenteeEntry"("organizationId", "staffMemberId");

-- CreateIndex
CREATE INDEX "MenteeEntryTopic_topicId_idx" ON "MenteeEntryTopic"("topicId");

-- CreateIndex
CREATE INDEX "MentorEntry_organizationId_status_idx" ON "MentorEntry"("organizationId", "status");

-- CreateIndex
CREATE INDEX "MentorEntry_organizationId_enteredAt_idx" ON "MentorEntry"("organizationId", "enteredAt");

-- CreateIndex
CREATE UNIQUE INDEX "MentorEntry_organizationId_staffMemberId_key" ON "MentorEntry"("organizationId", "staffMemberId");

-- CreateIndex
CREATE INDEX "MentorEntryTopic_topicId_idx" ON "MentorEntryTopic"("topicId");

-- CreateIndex
CREATE INDEX "BankStatusChange_menteeEntryId_createdAt_idx" ON "BankStatusChange"("menteeEntryId", "createdAt");

-- CreateIndex
CREATE INDEX "BankStatusChange_mentorEntryId_createdAt_idx" ON "BankStatusChange"("mentorEntryId", "createdAt");

-- CreateIndex
CREATE INDEX "StaffMember_organizationId_qualificationCategory_idx" ON "StaffMember"("organizationId", "qualificationCategory");

-- CreateIndex
CREATE INDEX "StaffMember_organizationId_experienceYears_idx" ON "StaffMember"("organizationId", "experienceYears");

-- CreateIndex
CREATE INDEX "StaffMember_organizationId_email_idx" ON "StaffMember"("organizationId", "email");

-- CreateIndex
CREATE INDEX "StaffMember_organizationId_archivedAt_idx" ON "StaffMember"("organizationId", "archivedAt");

-- AddForeignKey
ALTER TABLE "StaffImport" ADD CONSTRAINT "StaffImport_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Topic" ADD CONSTRAINT "Topic_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Questionnaire" ADD CONSTRAINT "Questionnaire_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Questionnaire" ADD CONSTRAINT "Questionnaire_currentVersionId_fkey" FOREIGN KEY ("currentVersionId") REFERENCES "QuestionnaireVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuestionnaireVersion" ADD CONSTRAINT "QuestionnaireVersion_questionnaireId_fkey" FOREIGN KEY ("questionnaireId") REFERENCES "Questionnaire"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuestionnaireResponse" ADD CONSTRAINT "QuestionnaireResponse_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuestionnaireResponse" ADD CONSTRAINT "QuestionnaireResponse_questionnaireId_fkey" FOREIGN KEY ("questionnaireId") REFERENCES "Questionnaire"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuestionnaireResponse" ADD CONSTRAINT "QuestionnaireResponse_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "QuestionnaireVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuestionnaireResponse" ADD CONSTRAINT "QuestionnaireResponse_staffMemberId_fkey" FOREIGN KEY ("staffMemberId") REFERENCES "StaffMember"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentTemplate" ADD CONSTRAINT "ConsentTemplate_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Consent" ADD CONSTRAINT "Consent_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Consent" ADD CONSTRAINT "Consent_staffMemberId_fkey" FOREIGN KEY ("staffMemberId") REFERENCES "StaffMember"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Consent" ADD CONSTRAINT "Consent_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "ConsentTemplate"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Consent" ADD CONSTRAINT "Consent_scanFileId_fkey" FOREIGN KEY ("scanFileId") REFERENCES "StoredFile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StoredFile" ADD CONSTRAINT "StoredFile_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MenteeEntry" ADD CONSTRAINT "MenteeEntry_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MenteeEntry" ADD CONSTRAINT "MenteeEntry_staffMemberId_fkey" FOREIGN KEY ("staffMemberId") REFERENCES "StaffMember"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MenteeEntry" ADD CONSTRAINT "MenteeEntry_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "QuestionnaireResponse"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MenteeEntryTopic" ADD CONSTRAINT "MenteeEntryTopic_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "MenteeEntry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MenteeEntryTopic" ADD CONSTRAINT "MenteeEntryTopic_topicId_fkey" FOREIGN KEY ("topicId") REFERENCES "Topic"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentorEntry" ADD CONSTRAINT "MentorEntry_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentorEntry" ADD CONSTRAINT "MentorEntry_staffMemberId_fkey" FOREIGN KEY ("staffMemberId") REFERENCES "StaffMember"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentorEntry" ADD CONSTRAINT "MentorEntry_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "QuestionnaireResponse"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentorEntryTopic" ADD CONSTRAINT "MentorEntryTopic_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "MentorEntry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentorEntryTopic" ADD CONSTRAINT "MentorEntryTopic_topicId_fkey" FOREIGN KEY ("topicId") REFERENCES "Topic"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BankStatusChange" ADD CONSTRAINT "BankStatusChange_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BankStatusChange" ADD CONSTRAINT "BankStatusChange_menteeEntryId_fkey" FOREIGN KEY ("menteeEntryId") REFERENCES "MenteeEntry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BankStatusChange" ADD CONSTRAINT "BankStatusChange_mentorEntryId_fkey" FOREIGN KEY ("mentorEntryId") REFERENCES "MentorEntry"("id") ON DELETE CASCADE ON UPDATE CASCADE;
