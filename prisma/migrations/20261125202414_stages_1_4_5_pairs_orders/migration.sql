-- CreateEnum
CREATE TYPE "PairStatus" AS ENUM ('DRAFT', 'PROPOSED', 'ACTIVE', 'COMPLETED', 'ENDED_EARLY');

-- CreateEnum
CREATE TYPE "PairRole" AS ENUM ('MENTOR', 'MENTEE');

-- CreateEnum
CREATE TYPE "OrderKind" AS ENUM ('REGULATION', 'ASSIGN_PAIRS', 'AMEND', 'TERMINATE');

-- CreateEnum
CREATE TYPE "OrderStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'APPROVED', 'RETURNED');

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "extraPayConditions" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "matchingWeights" JSONB,
ADD COLUMN     "mentorExtraPay" DECIMAL(10,2) NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "Pair" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "form" "MentoringForm" NOT NULL,
    "status" "PairStatus" NOT NULL DEFAULT 'DRAFT',
    "startsOn" DATE NOT NULL,
    "plannedEndOn" DATE NOT NULL,
    "requestSummary" TEXT NOT NULL DEFAULT '',
    "extraPay" DECIMAL(10,2),
    "activatedAt" TIMESTAMP(3),
    "endedOn" DATE,
    "endReason" TEXT NOT NULL DEFAULT '',
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Pair_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PairMember" (
    "id" SERIAL NOT NULL,
    "pairId" INTEGER NOT NULL,
    "staffMemberId" INTEGER NOT NULL,
    "role" "PairRole" NOT NULL,
    "menteeEntryId" INTEGER,
    "mentorEntryId" INTEGER,

    CONSTRAINT "PairMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MenteeSupport" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "menteeEntryId" INTEGER NOT NULL,
    "providedBy" TEXT NOT NULL,
    "providedOn" DATE NOT NULL,
    "notes" TEXT NOT NULL,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MenteeSupport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Order" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "kind" "OrderKind" NOT NULL,
    "status" "OrderStatus" NOT NULL DEFAULT 'DRAFT',
    "title" TEXT NOT NULL,
    "preamble" TEXT NOT NULL DEFAULT '',
    "points" JSONB NOT NULL,
    "appendices" JSONB NOT NULL,
    "number" INTEGER,
    "numberYear" INTEGER,
    "numberText" TEXT,
    "orderDate" DATE,
    "amendsOrderId" INTEGER,
    "authorId" INTEGER,
    "submittedAt" TIMESTAMP(3),
    "approverId" INTEGER,
    "approvedAt" TIMESTAMP(3),
    "returnedAt" TIMESTAMP(3),
    "returnComment" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Order_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrderPair" (
    "orderId" INTEGER NOT NULL,
    "pairId" INTEGER NOT NULL,

    CONSTRAINT "OrderPair_pkey" PRIMARY KEY ("orderId","pairId")
);

-- CreateTable
CREATE TABLE "OrderNumberCounter" (
    "organizationId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "lastNumber" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "OrderNumberCounter_pkey" PRIMARY KEY ("organizationId","year")
);

-- CreateTable
CREATE TABLE "OrderAcknowledgment" (
    "id" SERIAL NOT NULL,
    "orderId" INTEGER NOT NULL,
    "staffMemberId" INTEGER NOT NULL,
    "acknowledgedAt" TIMESTAMP(3),

    CONSTRAINT "OrderAcknowledgment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Pair_organizationId_status_idx" ON "Pair"("organizationId", "status");

-- CreateIndex
CREATE INDEX "Pair_organizationId_startsOn_idx" ON "Pair"("organizationId", "startsOn");

-- CreateIndex
CREATE INDEX "PairMember_staffMemberId_role_idx" ON "PairMember"("staffMemberId", "role");

-- CreateIndex
CREATE INDEX "PairMember_mentorEntryId_idx" ON "PairMember"("mentorEntryId");

-- CreateIndex
CREATE INDEX "PairMember_menteeEntryId_idx" ON "PairMember"("menteeEntryId");

-- CreateIndex
CREATE UNIQUE INDEX "PairMember_pairId_staffMemberId_key" ON "PairMember"("pairId", "staffMemberId");

-- CreateIndex
CREATE INDEX "MenteeSupport_menteeEntryId_providedOn_idx" ON "MenteeSupport"("menteeEntryId", "providedOn");

-- CreateIndex
CREATE INDEX "Order_organizationId_status_idx" ON "Order"("organizationId", "status");

-- CreateIndex
CREATE INDEX "Order_organizationId_createdAt_idx" ON "Order"("organizationId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Order_organizationId_numberYear_number_key" ON "Order"("organizationId", "numberYear", "number");

-- CreateIndex
CREATE INDEX "OrderPair_pairId_idx" ON "OrderPair"("pairId");

-- CreateIndex
CREATE INDEX "OrderAcknowledgment_staffMemberId_acknowledgedAt_idx" ON "OrderAcknowledgment"("staffMemberId", "acknowledgedAt");

-- CreateIndex
CREATE UNIQUE INDEX "OrderAcknowledgment_orderId_staffMemberId_key" ON "OrderAcknowledgment"("orderId", "staffMemberId");

-- AddForeignKey
ALTER TABLE "Pair" ADD CONSTRAINT "Pair_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PairMember" ADD CONSTRAINT "PairMember_pairId_fkey" FOREIGN KEY ("pairId") REFERENCES "Pair"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PairMember" ADD CONSTRAINT "PairMember_staffMemberId_fkey" FOREIGN KEY ("staffMemberId") REFERENCES "StaffMember"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PairMember" ADD CONSTRAINT "PairMember_menteeEntryId_fkey" FOREIGN KEY ("menteeEntryId") REFERENCES "MenteeEntry"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PairMember" ADD CONSTRAINT "PairMember_mentorEntryId_fkey" FOREIGN KEY ("mentorEntryId") REFERENCES "MentorEntry"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MenteeSupport" ADD CONSTRAINT "MenteeSupport_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MenteeSupport" ADD CONSTRAINT "MenteeSupport_menteeEntryId_fkey" FOREIGN KEY ("menteeEntryId") REFERENCES "MenteeEntry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Order" ADD CONSTRAINT "Order_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Order" ADD CONSTRAINT "Order_amendsOrderId_fkey" FOREIGN KEY ("amendsOrderId") REFERENCES "Order"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderPair" ADD CONSTRAINT "OrderPair_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderPair" ADD CONSTRAINT "OrderPair_pairId_fkey" FOREIGN KEY ("pairId") REFERENCES "Pair"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderNumberCounter" ADD CONSTRAINT "OrderNumberCounter_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderAcknowledgment" ADD CONSTRAINT "OrderAcknowledgment_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderAcknowledgment" ADD CONSTRAINT "OrderAcknowledgment_staffMemberId_fkey" FOREIGN KEY ("staffMemberId") REFERENCES "StaffMember"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
