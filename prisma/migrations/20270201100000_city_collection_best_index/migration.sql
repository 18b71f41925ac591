-- The best practices of an organization (collection.service.ts bestPracticeCountSql: the dashboard's stage-6 figure,
-- counted for every kindergarten of a /city page; the list /collection?best=1): a few of its items. Without it the
-- count reads all of the organization's items to keep the best. Partial: Prisma's schema cannot say it and leaves
-- it alone (schema.prisma, CollectionItem).
CREATE INDEX "CollectionItem_organizationId_best_idx" ON "CollectionItem" ("organizationId") WHERE best;
