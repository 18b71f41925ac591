-- The staff members one chooses from (collection.service.ts choicesSql: the author filter of /collection, the new
-- item's form) in the order of their names, without a sort: an index-only scan of the organization's current staff
-- in the order the list prints them. The names' sort (ICU collation) was ~0.2 ms of the list's backend CPU, city DB.
-- Partial and with INCLUDE: Prisma's schema cannot say it and leaves it alone (schema.prisma, StaffMember).
CREATE INDEX "StaffMember_current_names_idx" ON "StaffMember" ("organizationId", "lastName", "firstName", id) INCLUDE ("middleName") WHERE "archivedAt" IS NULL;
