-- CreateEnum
CREATE TYPE "ResponseSubject" AS ENUM ('NONE', 'PAIR', 'PROGRAMME', 'EVENT');

-- CreateEnum
CREATE TYPE "AttachmentPurpose" AS ENUM ('CONSENT_SCAN', 'PLAN_EVIDENCE', 'EVENT_PHOTO', 'EVENT_MATERIAL', 'EVENT_MINUTES', 'COLLECTION_FILE', 'NEWS_COVER', 'ORDER_SIGNATURE');

-- DropForeignKey
ALTER TABLE "BankStatusChange" DROP CONSTRAINT "BankStatusChange_menteeEntryId_fkey";

-- DropForeignKey
ALTER TABLE "BankStatusChange" DROP CONSTRAINT "BankStatusChange_mentorEntryId_fkey";

-- DropForeignKey
ALTER TABLE "Consent" DROP CONSTRAINT "Consent_scanFileId_fkey";

-- DropForeignKey
ALTER TABLE "Consent" DROP CONSTRAINT "Consent_staffMemberId_fkey";

-- DropForeignKey
ALTER TABLE "Consent" DROP CONSTRAINT "Consent_templateId_fkey";

-- DropForeignKey
ALTER TABLE "MenteeEntry" DROP CONSTRAINT "MenteeEntry_staffMemberId_fkey";

-- DropForeignKey
ALTER TABLE "MenteeEntryTopic" DROP CONSTRAINT "MenteeEntryTopic_entryId_fkey";

-- DropForeignKey
ALTER TABLE "MenteeEntryTopic" DROP CONSTRAINT "MenteeEntryTopic_topicId_fkey";

-- DropForeignKey
ALTER TABLE "MenteeSupport" DROP CONSTRAINT "MenteeSupport_menteeEntryId_fkey";

-- DropForeignKey
ALTER TABLE "MentorEntry" DROP CONSTRAINT "MentorEntry_staffMemberId_fkey";

-- DropForeignKey
ALTER TABLE "MentorEntryTopic" DROP CONSTRAINT "MentorEntryTopic_entryId_fkey";

-- DropForeignKey
ALTER TABLE "MentorEntryTopic" DROP CONSTRAINT "MentorEntryTopic_topicId_fkey";

-- DropForeignKey
ALTER TABLE "Order" DROP CONSTRAINT "Order_amendsOrderId_fkey";

-- DropForeignKey
ALTER TABLE "OrderAcknowledgment" DROP CONSTRAINT "OrderAcknowledgment_orderId_fkey";

-- DropForeignKey
ALTER TABLE "OrderAcknowledgment" DROP CONSTRAINT "OrderAcknowledgment_staffMemberId_fkey";

-- DropForeignKey
ALTER TABLE "OrderPair" DROP CONSTRAINT "OrderPair_orderId_fkey";

-- DropForeignKey
ALTER TABLE "OrderPair" DROP CONSTRAINT "OrderPair_pairId_fkey";

-- DropForeignKey
ALTER TABLE "PairMember" DROP CONSTRAINT "PairMember_menteeEntryId_fkey";

-- DropForeignKey
ALTER TABLE "PairMember" DROP CONSTRAINT "PairMember_mentorEntryId_fkey";

-- DropForeignKey
ALTER TABLE "PairMember" DROP CONSTRAINT "PairMember_pairId_fkey";

-- DropForeignKey
ALTER TABLE "PairMember" DROP CONSTRAINT "PairMember_staffMemberId_fkey";

-- DropForeignKey
ALTER TABLE "QuestionnaireResponse" DROP CONSTRAINT "QuestionnaireResponse_questionnaireId_fkey";

-- DropForeignKey
ALTER TABLE "QuestionnaireResponse" DROP CONSTRAINT "QuestionnaireResponse_staffMemberId_fkey";

-- DropForeignKey
ALTER TABLE "StaffMember" DROP CONSTRAINT "StaffMember_lineManagerId_fkey";

-- DropForeignKey
ALTER TABLE "User" DROP CONSTRAINT "User_staffMemberId_fkey";

-- DropIndex
DROP INDEX "Consent_scanFileId_key";

-- DropIndex
DROP INDEX "MenteeEntry_organizationId_staffMemberId_key";

-- DropIndex
DROP INDEX "QuestionnaireResponse_questionnaireId_staffMemberId_key";

-- DropIndex
DROP INDEX "User_staffMemberId_key";

-- AlterTable
ALTER TABLE "MenteeEntry" ADD COLUMN     "schoolYear" INTEGER;

-- AlterTable
ALTER TABLE "MenteeEntryTopic" ADD COLUMN     "organizationId" INTEGER;

-- AlterTable
ALTER TABLE "MentorEntryTopic" ADD COLUMN     "organizationId" INTEGER;

-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "frozen" JSONB,
ADD COLUMN     "frozenSha256" TEXT;

-- AlterTable
ALTER TABLE "OrderAcknowledgment" ADD COLUMN     "organizationId" INTEGER;

-- AlterTable
ALTER TABLE "OrderPair" ADD COLUMN     "organizationId" INTEGER;

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "demo" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "PairMember" ADD COLUMN     "organizationId" INTEGER;

-- AlterTable
ALTER TABLE "QuestionnaireResponse" ADD COLUMN     "occasion" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "subjectId" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "subjectType" "ResponseSubject" NOT NULL DEFAULT 'NONE';

-- Uploaded files become attachments (same rows, same files on disk): rename, then add the owner columns.
ALTER TABLE "StoredFile" RENAME TO "Attachment";
ALTER TABLE "Attachment" RENAME CONSTRAINT "StoredFile_pkey" TO "Attachment_pkey";
ALTER TABLE "Attachment" RENAME CONSTRAINT "StoredFile_organizationId_fkey" TO "Attachment_organizationId_fkey";
ALTER SEQUENCE "StoredFile_id_seq" RENAME TO "Attachment_id_seq";
ALTER INDEX "StoredFile_storagePath_key" RENAME TO "Attachment_storagePath_key";
DROP INDEX "StoredFile_organizationId_idx";
ALTER TABLE "Attachment" ADD COLUMN "purpose" "AttachmentPurpose", ADD COLUMN "ownerId" INTEGER;
-- Every file stored so far is a consent scan.
UPDATE "Attachment" a SET "purpose" = 'CONSENT_SCAN', "ownerId" = c.id FROM "Consent" c WHERE c."scanFileId" = a.id;
UPDATE "Attachment" SET "purpose" = 'CONSENT_SCAN' WHERE "purpose" IS NULL;
ALTER TABLE "Attachment" ALTER COLUMN "purpose" SET NOT NULL;

-- Child rows carry their organization, taken from their parent.
UPDATE "MenteeEntryTopic" x SET "organizationId" = e."organizationId" FROM "MenteeEntry" e WHERE e.id = x."entryId";
UPDATE "MentorEntryTopic" x SET "organizationId" = e."organizationId" FROM "MentorEntry" e WHERE e.id = x."entryId";
UPDATE "PairMember" x SET "organizationId" = p."organizationId" FROM "Pair" p WHERE p.id = x."pairId";
UPDATE "OrderPair" x SET "organizationId" = o."organizationId" FROM "Order" o WHERE o.id = x."orderId";
UPDATE "OrderAcknowledgment" x SET "organizationId" = o."organizationId" FROM "Order" o WHERE o.id = x."orderId";
ALTER TABLE "MenteeEntryTopic" ALTER COLUMN "organizationId" SET NOT NULL;
ALTER TABLE "MentorEntryTopic" ALTER COLUMN "organizationId" SET NOT NULL;
ALTER TABLE "PairMember" ALTER COLUMN "organizationId" SET NOT NULL;
ALTER TABLE "OrderPair" ALTER COLUMN "organizationId" SET NOT NULL;
ALTER TABLE "OrderAcknowledgment" ALTER COLUMN "organizationId" SET NOT NULL;

-- A mentee's request belongs to the school year it entered the bank in (from 1 September, organization's zone).
UPDATE "MenteeEntry" e SET "schoolYear" = CASE
    WHEN EXTRACT(MONTH FROM e."enteredAt" AT TIME ZONE 'UTC' AT TIME ZONE o."timeZone") >= 9
    THEN EXTRACT(YEAR FROM e."enteredAt" AT TIME ZONE 'UTC' AT TIME ZONE o."timeZone")::int
    ELSE EXTRACT(YEAR FROM e."enteredAt" AT TIME ZONE 'UTC' AT TIME ZONE o."timeZone")::int - 1 END
  FROM "Organization" o WHERE o.id = e."organizationId";
ALTER TABLE "MenteeEntry" ALTER COLUMN "schoolYear" SET NOT NULL;

-- Before «one valid consent per person and kind» becomes an index: an older duplicate (should there be one) is
-- marked as replaced by the newer, as the paper replacement already does.
UPDATE "Consent" old SET "revokedAt" = newer."givenAt", "revokeReason" = 'Заменено более поздним согласием'
  FROM "Consent" newer
 WHERE old."revokedAt" IS NULL AND newer."revokedAt" IS NULL AND old."staffMemberId" = newer."staffMemberId"
   AND old.kind = newer.kind AND (old."givenAt", old.id) < (newer."givenAt", newer.id);

-- Who-did-it columns may name a user who no longer exists: such names are cleared before the foreign keys.
UPDATE "StaffImport" SET "createdById" = NULL WHERE "createdById" IS NOT NULL AND "createdById" NOT IN (SELECT id FROM "User");
UPDATE "Questionnaire" SET "createdById" = NULL WHERE "createdById" IS NOT NULL AND "createdById" NOT IN (SELECT id FROM "User");
UPDATE "ConsentTemplate" SET "createdById" = NULL WHERE "createdById" IS NOT NULL AND "createdById" NOT IN (SELECT id FROM "User");
UPDATE "Consent" SET "recordedById" = NULL WHERE "recordedById" IS NOT NULL AND "recordedById" NOT IN (SELECT id FROM "User");
UPDATE "Consent" SET "revokedById" = NULL WHERE "revokedById" IS NOT NULL AND "revokedById" NOT IN (SELECT id FROM "User");
UPDATE "Attachment" SET "uploadedById" = NULL WHERE "uploadedById" IS NOT NULL AND "uploadedById" NOT IN (SELECT id FROM "User");
UPDATE "MenteeEntry" SET "createdById" = NULL WHERE "createdById" IS NOT NULL AND "createdById" NOT IN (SELECT id FROM "User");
UPDATE "MentorEntry" SET "createdById" = NULL WHERE "createdById" IS NOT NULL AND "createdById" NOT IN (SELECT id FROM "User");
UPDATE "MentorEntry" SET "approvedById" = NULL WHERE "approvedById" IS NOT NULL AND "approvedById" NOT IN (SELECT id FROM "User");
UPDATE "BankStatusChange" SET "changedById" = NULL WHERE "changedById" IS NOT NULL AND "changedById" NOT IN (SELECT id FROM "User");
UPDATE "Pair" SET "createdById" = NULL WHERE "createdById" IS NOT NULL AND "createdById" NOT IN (SELECT id FROM "User");
UPDATE "MenteeSupport" SET "createdById" = NULL WHERE "createdById" IS NOT NULL AND "createdById" NOT IN (SELECT id FROM "User");
UPDATE "Order" SET "authorId" = NULL WHERE "authorId" IS NOT NULL AND "authorId" NOT IN (SELECT id FROM "User");
UPDATE "Order" SET "approverId" = NULL WHERE "approverId" IS NOT NULL AND "approverId" NOT IN (SELECT id FROM "User");

-- Rules the database itself keeps (Prisma has no syntax for CHECK; its migrations leave them alone).
ALTER TABLE "Organization" ADD CONSTRAINT "Organization_defaultMaxMentees_positive" CHECK ("defaultMaxMentees" > 0);
ALTER TABLE "Organization" ADD CONSTRAINT "Organization_mentorExtraPay_not_negative" CHECK ("mentorExtraPay" >= 0);
ALTER TABLE "MentorEntry" ADD CONSTRAINT "MentorEntry_maxMentees_positive" CHECK ("maxMentees" > 0);
ALTER TABLE "StaffMember" ADD CONSTRAINT "StaffMember_experience_not_negative" CHECK ("experienceYears" >= 0 AND "experienceHereYears" >= 0);
-- Only the plan: a pair that never worked may be cancelled (and a termination dated) before its planned start.
ALTER TABLE "Pair" ADD CONSTRAINT "Pair_end_not_before_start" CHECK ("plannedEndOn" >= "startsOn");
ALTER TABLE "Pair" ADD CONSTRAINT "Pair_extraPay_not_negative" CHECK ("extraPay" IS NULL OR "extraPay" >= 0);
ALTER TABLE "Questionnaire" ADD CONSTRAINT "Questionnaire_closes_not_before_opens" CHECK ("opensOn" IS NULL OR "closesOn" IS NULL OR "closesOn" >= "opensOn");
ALTER TABLE "Order" ADD CONSTRAINT "Order_number_positive" CHECK ("number" IS NULL OR "number" > 0);

-- CreateIndex
CREATE INDEX "Attachment_organizationId_purpose_ownerId_idx" ON "Attachment"("organizationId", "purpose", "ownerId");

-- CreateIndex
CREATE UNIQUE INDEX "Attachment_organizationId_id_key" ON "Attachment"("organizationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Consent_one_valid_per_kind" ON "Consent"("organizationId", "staffMemberId", "kind") WHERE ("revokedAt" IS NULL);

-- CreateIndex
CREATE UNIQUE INDEX "Consent_organizationId_scanFileId_key" ON "Consent"("organizationId", "scanFileId");

-- CreateIndex
CREATE UNIQUE INDEX "ConsentTemplate_organizationId_id_key" ON "ConsentTemplate"("organizationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "MenteeEntry_organizationId_staffMemberId_schoolYear_key" ON "MenteeEntry"("organizationId", "staffMemberId", "schoolYear");

-- CreateIndex
CREATE UNIQUE INDEX "MenteeEntry_organizationId_id_key" ON "MenteeEntry"("organizationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "MentorEntry_organizationId_id_key" ON "MentorEntry"("organizationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Order_organizationId_id_key" ON "Order"("organizationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Pair_organizationId_id_key" ON "Pair"("organizationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Questionnaire_organizationId_id_key" ON "Questionnaire"("organizationId", "id");

-- CreateIndex
CREATE INDEX "QuestionnaireResponse_organizationId_subjectType_subjectId_idx" ON "QuestionnaireResponse"("organizationId", "subjectType", "subjectId");

-- CreateIndex
CREATE UNIQUE INDEX "QuestionnaireResponse_questionnaireId_staffMemberId_subject_key" ON "QuestionnaireResponse"("questionnaireId", "staffMemberId", "subjectType", "subjectId", "occasion");

-- CreateIndex
CREATE UNIQUE INDEX "StaffMember_organizationId_id_key" ON "StaffMember"("organizationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Topic_organizationId_id_key" ON "Topic"("organizationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "User_organizationId_staffMemberId_key" ON "User"("organizationId", "staffMemberId");

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_organizationId_staffMemberId_fkey" FOREIGN KEY ("organizationId", "staffMemberId") REFERENCES "StaffMember"("organizationId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffMember" ADD CONSTRAINT "StaffMember_organizationId_lineManagerId_fkey" FOREIGN KEY ("organizationId", "lineManagerId") REFERENCES "StaffMember"("organizationId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffImport" ADD CONSTRAINT "StaffImport_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Questionnaire" ADD CONSTRAINT "Questionnaire_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuestionnaireResponse" ADD CONSTRAINT "QuestionnaireResponse_organizationId_questionnaireId_fkey" FOREIGN KEY ("organizationId", "questionnaireId") REFERENCES "Questionnaire"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuestionnaireResponse" ADD CONSTRAINT "QuestionnaireResponse_organizationId_staffMemberId_fkey" FOREIGN KEY ("organizationId", "staffMemberId") REFERENCES "StaffMember"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentTemplate" ADD CONSTRAINT "ConsentTemplate_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Consent" ADD CONSTRAINT "Consent_organizationId_staffMemberId_fkey" FOREIGN KEY ("organizationId", "staffMemberId") REFERENCES "StaffMember"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Consent" ADD CONSTRAINT "Consent_organizationId_templateId_fkey" FOREIGN KEY ("organizationId", "templateId") REFERENCES "ConsentTemplate"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Consent" ADD CONSTRAINT "Consent_organizationId_scanFileId_fkey" FOREIGN KEY ("organizationId", "scanFileId") REFERENCES "Attachment"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Consent" ADD CONSTRAINT "Consent_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Consent" ADD CONSTRAINT "Consent_revokedById_fkey" FOREIGN KEY ("revokedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_uploadedById_fkey" FOREIGN KEY ("uploadedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MenteeEntry" ADD CONSTRAINT "MenteeEntry_organizationId_staffMemberId_fkey" FOREIGN KEY ("organizationId", "staffMemberId") REFERENCES "StaffMember"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MenteeEntry" ADD CONSTRAINT "MenteeEntry_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MenteeEntryTopic" ADD CONSTRAINT "MenteeEntryTopic_organizationId_entryId_fkey" FOREIGN KEY ("organizationId", "entryId") REFERENCES "MenteeEntry"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MenteeEntryTopic" ADD CONSTRAINT "MenteeEntryTopic_organizationId_topicId_fkey" FOREIGN KEY ("organizationId", "topicId") REFERENCES "Topic"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentorEntry" ADD CONSTRAINT "MentorEntry_organizationId_staffMemberId_fkey" FOREIGN KEY ("organizationId", "staffMemberId") REFERENCES "StaffMember"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentorEntry" ADD CONSTRAINT "MentorEntry_approvedById_fkey" FOREIGN KEY ("approvedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentorEntry" ADD CONSTRAINT "MentorEntry_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentorEntryTopic" ADD CONSTRAINT "MentorEntryTopic_organizationId_entryId_fkey" FOREIGN KEY ("organizationId", "entryId") REFERENCES "MentorEntry"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentorEntryTopic" ADD CONSTRAINT "MentorEntryTopic_organizationId_topicId_fkey" FOREIGN KEY ("organizationId", "topicId") REFERENCES "Topic"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BankStatusChange" ADD CONSTRAINT "BankStatusChange_organizationId_menteeEntryId_fkey" FOREIGN KEY ("organizationId", "menteeEntryId") REFERENCES "MenteeEntry"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BankStatusChange" ADD CONSTRAINT "BankStatusChange_organizationId_mentorEntryId_fkey" FOREIGN KEY ("organizationId", "mentorEntryId") REFERENCES "MentorEntry"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BankStatusChange" ADD CONSTRAINT "BankStatusChange_changedById_fkey" FOREIGN KEY ("changedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Pair" ADD CONSTRAINT "Pair_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PairMember" ADD CONSTRAINT "PairMember_organizationId_pairId_fkey" FOREIGN KEY ("organizationId", "pairId") REFERENCES "Pair"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PairMember" ADD CONSTRAINT "PairMember_organizationId_staffMemberId_fkey" FOREIGN KEY ("organizationId", "staffMemberId") REFERENCES "StaffMember"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PairMember" ADD CONSTRAINT "PairMember_organizationId_menteeEntryId_fkey" FOREIGN KEY ("organizationId", "menteeEntryId") REFERENCES "MenteeEntry"("organizationId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PairMember" ADD CONSTRAINT "PairMember_organizationId_mentorEntryId_fkey" FOREIGN KEY ("organizationId", "mentorEntryId") REFERENCES "MentorEntry"("organizationId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MenteeSupport" ADD CONSTRAINT "MenteeSupport_organizationId_menteeEntryId_fkey" FOREIGN KEY ("organizationId", "menteeEntryId") REFERENCES "MenteeEntry"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MenteeSupport" ADD CONSTRAINT "MenteeSupport_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Order" ADD CONSTRAINT "Order_organizationId_amendsOrderId_fkey" FOREIGN KEY ("organizationId", "amendsOrderId") REFERENCES "Order"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Order" ADD CONSTRAINT "Order_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Order" ADD CONSTRAINT "Order_approverId_fkey" FOREIGN KEY ("approverId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderPair" ADD CONSTRAINT "OrderPair_organizationId_orderId_fkey" FOREIGN KEY ("organizationId", "orderId") REFERENCES "Order"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderPair" ADD CONSTRAINT "OrderPair_organizationId_pairId_fkey" FOREIGN KEY ("organizationId", "pairId") REFERENCES "Pair"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderAcknowledgment" ADD CONSTRAINT "OrderAcknowledgment_organizationId_orderId_fkey" FOREIGN KEY ("organizationId", "orderId") REFERENCES "Order"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderAcknowledgment" ADD CONSTRAINT "OrderAcknowledgment_organizationId_staffMemberId_fkey" FOREIGN KEY ("organizationId", "staffMemberId") REFERENCES "StaffMember"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
