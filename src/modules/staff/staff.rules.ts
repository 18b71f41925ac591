/**
 * The staff directory's named rules, for every other module (through the face): who works here, and who is
 * the head. Each is a Prisma condition on StaffMember and, side by side, the same rule for raw SQL over a
 * "StaffMember" alias — so a page's list and the dashboard's count can never disagree about either.
 */
import type { Prisma as P } from '../../generated/prisma/client.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';

/** A working staff member: the card is not in the archive. An archived card is someone who left. */
export function workingStaffWhere(): P.StaffMemberWhereInput {
  return { archivedAt: null };
}

/** workingStaffWhere for raw SQL: `staff` is the alias of a "StaffMember" row, e.g. Sql.raw('s'). */
export function isWorkingStaffSql(staff: Sql.Sql): Sql.Sql {
  return Sql.sql`${staff}."archivedAt" IS NULL`;
}

/**
 * How a head's position begins, whatever its form: «заведующий» (the directory's list), «Заведующая»,
 * «заведующий МБДОУ». Compared case-insensitively, as the beginning of the position.
 */
export const HEAD_POSITION_PREFIX = 'заведующ';

/**
 * The head of the organization (заведующий): the card whose position says so, OR the card linked to the
 * account with the head's role. Either alone is fragile — a position typed «Заведующая», a head whose
 * account is not linked to a card, a card without an account — so both count.
 */
export function headOfOrganizationWhere(): P.StaffMemberWhereInput {
  return { OR: [{ position: { startsWith: HEAD_POSITION_PREFIX, mode: 'insensitive' } }, { user: { is: { role: 'HEAD' } } }] };
}

/** headOfOrganizationWhere for raw SQL over a "StaffMember" alias. */
export function isHeadSql(staff: Sql.Sql): Sql.Sql {
  return Sql.sql`(${staff}.position ILIKE ${`${HEAD_POSITION_PREFIX}%`}
    OR EXISTS (SELECT 1 FROM "User" head_account WHERE head_account."organizationId" = ${staff}."organizationId"
                AND head_account."staffMemberId" = ${staff}.id AND head_account.role = 'HEAD'))`;
}
