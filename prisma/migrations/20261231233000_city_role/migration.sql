-- The city-level role (src/modules/city): «специалист управления образования», read-only across kindergartens.
ALTER TYPE "Role" ADD VALUE 'CITY';

-- An organization is a kindergarten or an education authority (управление образования).
CREATE TYPE "OrganizationKind" AS ENUM ('KINDERGARTEN', 'AUTHORITY');

ALTER TABLE "Organization" ADD COLUMN "kind" "OrganizationKind" NOT NULL DEFAULT 'KINDERGARTEN';
