-- Stages 6 and 7: the methodological collection with its best practices (Russian full-text search) and the news
-- of the roadmap's stages for the public page /p/<slug>.

CREATE TYPE "CollectionKind" AS ENUM ('METHODICAL', 'BEST_PRACTICE', 'LESSON_NOTES', 'PRESENTATION', 'OTHER');

CREATE TYPE "CollectionVisibility" AS ENUM ('INTERNAL', 'PUBLIC');

CREATE TYPE "NewsStatus" AS ENUM ('DRAFT', 'PUBLISHED');

CREATE TABLE "CollectionItem" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "kind" "CollectionKind" NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "visibility" "CollectionVisibility" NOT NULL DEFAULT 'INTERNAL',
    "best" BOOLEAN NOT NULL DEFAULT false,
    "pairId" INTEGER,
    "topicIds" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "createdById" INTEGER,
    "searchVector" tsvector,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CollectionItem_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "CollectionItemAuthor" (
    "organizationId" INTEGER NOT NULL,
    "itemId" INTEGER NOT NULL,
    "staffMemberId" INTEGER NOT NULL,

    CONSTRAINT "CollectionItemAuthor_pkey" PRIMARY KEY ("itemId","staffMemberId")
);

CREATE TABLE "NewsPost" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT '',
    "html" TEXT NOT NULL DEFAULT '',
    "stage" INTEGER,
    "status" "NewsStatus" NOT NULL DEFAULT 'DRAFT',
    "publishedAt" TIMESTAMP(3),
    "authorId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "NewsPost_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "NewsPerson" (
    "organizationId" INTEGER NOT NULL,
    "newsId" INTEGER NOT NULL,
    "staffMemberId" INTEGER NOT NULL,

    CONSTRAINT "NewsPerson_pkey" PRIMARY KEY ("newsId","staffMemberId")
);

CREATE INDEX "CollectionItem_organizationId_visibility_idx" ON "CollectionItem"("organizationId", "visibility");

CREATE INDEX "CollectionItem_searchVector_idx" ON "CollectionItem" USING GIN ("searchVector");

CREATE UNIQUE INDEX "CollectionItem_organizationId_id_key" ON "CollectionItem"("organizationId", "id");

CREATE INDEX "CollectionItemAuthor_organizationId_staffMemberId_idx" ON "CollectionItemAuthor"("organizationId", "staffMemberId");

CREATE INDEX "NewsPost_organizationId_status_publishedAt_idx" ON "NewsPost"("organizationId", "status", "publishedAt");

CREATE UNIQUE INDEX "NewsPost_organizationId_id_key" ON "NewsPost"("organizationId", "id");

ALTER TABLE "CollectionItem" ADD CONSTRAINT "CollectionItem_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "CollectionItemAuthor" ADD CONSTRAINT "CollectionItemAuthor_organizationId_itemId_fkey" FOREIGN KEY ("organizationId", "itemId") REFERENCES "CollectionItem"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "CollectionItemAuthor" ADD CONSTRAINT "CollectionItemAuthor_organizationId_staffMemberId_fkey" FOREIGN KEY ("organizationId", "staffMemberId") REFERENCES "StaffMember"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "NewsPost" ADD CONSTRAINT "NewsPost_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "NewsPerson" ADD CONSTRAINT "NewsPerson_organizationId_newsId_fkey" FOREIGN KEY ("organizationId", "newsId") REFERENCES "NewsPost"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "NewsPerson" ADD CONSTRAINT "NewsPerson_organizationId_staffMemberId_fkey" FOREIGN KEY ("organizationId", "staffMemberId") REFERENCES "StaffMember"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The search vector of a collection item: Russian stemming («наставника» finds «наставник»), title weighted above
-- the description. Kept by a trigger (not a generated column) so Prisma's schema diff stays exact.
CREATE FUNCTION "CollectionItem_search_vector"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."searchVector" := setweight(to_tsvector('russian', coalesce(NEW.title, '')), 'A')
                     || setweight(to_tsvector('russian', coalesce(NEW.description, '')), 'B');
  RETURN NEW;
END
$$;

CREATE TRIGGER "CollectionItem_search_vector" BEFORE INSERT OR UPDATE OF title, description ON "CollectionItem"
  FOR EACH ROW EXECUTE FUNCTION "CollectionItem_search_vector"();
