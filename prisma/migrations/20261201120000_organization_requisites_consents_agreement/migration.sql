-- CreateEnum
CREATE TYPE "Gender" AS ENUM ('FEMALE', 'MALE');

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "labourEdocBasis" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "fullNameDative" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "fullNameGenitive" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "inn" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "ogrn" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "postalAddress" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "processorAddress" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "processorInn" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "processorName" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "signatureBasis" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "socialPages" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "StaffMember" ADD COLUMN     "gender" "Gender",
ADD COLUMN     "labourContractDate" DATE,
ADD COLUMN     "labourContractNumber" TEXT NOT NULL DEFAULT '';


