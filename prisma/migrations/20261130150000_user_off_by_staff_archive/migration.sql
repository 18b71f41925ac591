-- An account switched off by archiving its staff card: restoring the card offers to switch it on again.
ALTER TABLE "User" ADD COLUMN     "offByStaffArchive" BOOLEAN NOT NULL DEFAULT false;
