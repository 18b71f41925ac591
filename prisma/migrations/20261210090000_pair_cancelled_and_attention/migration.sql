-- A draft or proposed pair that is called off is «отменена», not «прекращена досрочно»: it never worked.
-- (A new enum value cannot be used in the transaction that adds it: the data follow in the next migration.)
ALTER TYPE "PairStatus" ADD VALUE 'CANCELLED';

-- A pair that something outside it broke (a member revoked a consent, went to the archive) waits for the methodist.
ALTER TABLE "Pair" ADD COLUMN "attentionSince" TIMESTAMP(3),
ADD COLUMN     "attentionReason" TEXT NOT NULL DEFAULT '';
