-- CreateEnum
CREATE TYPE "SignedDocumentKind" AS ENUM ('ORDER', 'CONSENT', 'PROGRAMME');

-- CreateTable
CREATE TABLE "DocumentSignature" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "documentKind" "SignedDocumentKind" NOT NULL,
    "documentId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "signerName" TEXT NOT NULL,
    "signerPosition" TEXT NOT NULL,
    "signerUserId" INTEGER,
    "signedAt" TIMESTAMP(3) NOT NULL,
    "timeZone" TEXT NOT NULL,
    "contentSha256" TEXT NOT NULL,
    "documentNumber" TEXT NOT NULL DEFAULT '',
    "documentDate" DATE,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DocumentSignature_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QualifiedSignature" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "signatureId" INTEGER NOT NULL,
    "attachmentId" INTEGER NOT NULL,
    "certificateSerial" TEXT NOT NULL,
    "ownerName" TEXT NOT NULL,
    "ownerOrganization" TEXT NOT NULL DEFAULT '',
    "ownerTitle" TEXT NOT NULL DEFAULT '',
    "issuerName" TEXT NOT NULL,
    "validFrom" TIMESTAMP(3) NOT NULL,
    "validTo" TIMESTAMP(3) NOT NULL,
    "signingTime" TIMESTAMP(3),
    "uploadedById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QualifiedSignature_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DocumentSignature_code_key" ON "DocumentSignature"("code");

-- CreateIndex
CREATE INDEX "DocumentSignature_organizationId_documentKind_documentId_idx" ON "DocumentSignature"("organizationId", "documentKind", "documentId");

-- CreateIndex
CREATE UNIQUE INDEX "DocumentSignature_organizationId_id_key" ON "DocumentSignature"("organizationId", "id");

-- CreateIndex
CREATE INDEX "QualifiedSignature_organizationId_signatureId_idx" ON "QualifiedSignature"("organizationId", "signatureId");

-- CreateIndex
CREATE UNIQUE INDEX "QualifiedSignature_organizationId_id_key" ON "QualifiedSignature"("organizationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "QualifiedSignature_organizationId_attachmentId_key" ON "QualifiedSignature"("organizationId", "attachmentId");

-- AddForeignKey
ALTER TABLE "DocumentSignature" ADD CONSTRAINT "DocumentSignature_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QualifiedSignature" ADD CONSTRAINT "QualifiedSignature_organizationId_signatureId_fkey" FOREIGN KEY ("organizationId", "signatureId") REFERENCES "DocumentSignature"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QualifiedSignature" ADD CONSTRAINT "QualifiedSignature_organizationId_attachmentId_fkey" FOREIGN KEY ("organizationId", "attachmentId") REFERENCES "Attachment"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;


