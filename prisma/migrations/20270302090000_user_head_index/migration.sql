-- The heads' accounts (staff.rules.ts isHeadSql: «the card linked to an account with the head's role»), probed for
-- every working staff member the questionnaires' expected respondents count (the dashboard's stage-2 figure, the
-- public page's stage states, the city page's rows for every kindergarten). Without it each probe reads the
-- member's account row to check its role, and the one-organization plan hashes every head of the city through
-- "User_organizationId_role_idx" (role is not its first column); with it a non-head's probe finds nothing in a
-- index of the heads alone. Partial: Prisma's schema cannot say it and leaves it alone (schema.prisma, User).
CREATE INDEX "User_organizationId_staffMemberId_head_idx" ON "User" ("organizationId", "staffMemberId") WHERE role = 'HEAD';
