/**
 * The staff directory's named rules, for every other module (through the face): who works here, and who is
 * the head, whose category rose. Each is a Prisma condition on StaffMember and, side by side, the same rule for raw SQL over a
 * "StaffMember" alias — so a page's list and the dashboard's count can never disagree about either.
 */
import type { Prisma as P } from '../../generated/prisma/client.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import type { QualificationCategory } from '../../generated/prisma/enums.ts';
import { dbDateOf } from '../../domain/dates.ts';

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
 * «заведующий МБДОУ». Compared case-insensitively, as the beginning of the position (written in lower case: isHeadSql).
 */
export const HEAD_POSITION_PREFIX = 'заведующ';
/** The letters a position whose lower case begins with the prefix may begin with. */
const HEAD_FIRST_LETTERS = [HEAD_POSITION_PREFIX[0]!, HEAD_POSITION_PREFIX[0]!.toUpperCase()] as const;

/**
 * The head of the organization (заведующий): the card whose position says so, OR the card linked to the
 * account with the head's role. Either alone is fragile — a position typed «Заведующая», a head whose
 * account is not linked to a card, a card without an account — so both count.
 */
export function headOfOrganizationWhere(): P.StaffMemberWhereInput {
  return { OR: [{ position: { startsWith: HEAD_POSITION_PREFIX, mode: 'insensitive' } }, { user: { is: { role: 'HEAD' } } }] };
}

/**
 * headOfOrganizationWhere for raw SQL over a "StaffMember" alias (of the organization `organizationId`, when given). The position's test is what ILIKE does under the
 * database's ICU collation — lower case both sides, then LIKE — with the prefix written in lower case already: one
 * ICU case mapping per card instead of two (ILIKE was 0.3 of the 0.42 ms the dashboard's respondents count took).
 */
export function isHeadSql(staff: Sql.Sql, organizationId?: number): Sql.Sql {
  // With the organization given (a statement over one organization's cards), PostgreSQL hashes that organization's
  // head accounts once instead of every organization's (the city's 200 in the dashboard's count of respondents).
  const accounts = organizationId === undefined ? Sql.sql`${staff}."organizationId"` : Sql.sql`${organizationId}`;
  // The first letter first: only «з»/«З» lowers to the prefix's «з», and the ICU case mapping of the whole position
  // (2 µs a card) is then left for the few cards that begin so — 0.17 of the 0.46 ms of the respondents' count.
  return Sql.sql`((left(${staff}.position, 1) IN (${HEAD_FIRST_LETTERS[0]}, ${HEAD_FIRST_LETTERS[1]}) AND lower(${staff}.position) LIKE ${`${HEAD_POSITION_PREFIX}%`})
    OR EXISTS (SELECT 1 FROM "User" head_account WHERE head_account."organizationId" = ${accounts}
                AND head_account."staffMemberId" = ${staff}.id AND head_account.role = 'HEAD'))`;
}

// ---- the qualification category: its rank and «category rose» ------------------------------------

/**
 * The rank of each qualification category, in ONE place: «rose» means a higher rank. Without a category and
 * «соответствие занимаемой должности» share the bottom (attestation for compliance is not a category: passing it
 * is no rise), then first, highest, and on top the two categories of 2023 (педагог-методист, педагог-наставник;
 * приказ Минпросвещения № 196), equal to each other: one is not above the other, and both need the highest first.
 */
export const CATEGORY_RANK: Record<QualificationCategory, number> = {
  NONE: 0,
  CORRESPONDENCE: 0,
  FIRST: 1,
  HIGHEST: 2,
  METHODIST: 3,
  MENTOR: 3,
};

/** True when going from `from` to `to` is a rise (rank(to) > rank(from)). */
export function categoryRose(from: QualificationCategory, to: QualificationCategory): boolean {
  return CATEGORY_RANK[to] > CATEGORY_RANK[from];
}

/** CATEGORY_RANK for raw SQL: the rank of a "QualificationCategory" expression (a CASE over the same table). */
export function categoryRankSql(category: Sql.Sql): Sql.Sql {
  const cases = Object.entries(CATEGORY_RANK).map(([c, rank]) => `WHEN '${c}' THEN ${rank}`).join(' ');
  return Sql.sql`(CASE ${category}::text ${Sql.raw(cases)} END)`;
}

/** A period of days, both ends included ('YYYY-MM-DD'). */
export interface CategoryPeriod {
  from: string;
  to: string;
}

/**
 * «The category rose between [from, to]»: a recorded change (StaffCategoryChange) whose attestation order's date
 * (`effectiveOn`) is in the period and whose new category ranks above the old one (CATEGORY_RANK). The Prisma
 * condition is on StaffCategoryChange (every pair of categories that is a rise, spelled from the rank).
 */
export function categoryRoseWhere(period: CategoryPeriod): P.StaffCategoryChangeWhereInput {
  const categories = Object.keys(CATEGORY_RANK) as QualificationCategory[];
  return {
    effectiveOn: { gte: dbDateOf(period.from), lte: dbDateOf(period.to) },
    OR: categories.map((from) => ({ fromCategory: from, toCategory: { in: categories.filter((to) => categoryRose(from, to)) } })),
  };
}

/**
 * categoryRoseWhere for raw SQL, as rows of the organizations `organizationIds` (an SQL int[] expression):
 * "organizationId", "staffMemberId", "changeId", "effectiveOn", "fromCategory", "toCategory". A caller narrows
 * them (e.g. «after the person's pair started») by joining on ("organizationId", "staffMemberId").
 */
export function categoryRoseSql(organizationIds: Sql.Sql, period: CategoryPeriod): Sql.Sql {
  return Sql.sql`SELECT rose."organizationId", rose."staffMemberId", rose.id AS "changeId", rose."effectiveOn", rose."fromCategory", rose."toCategory"
    FROM "StaffCategoryChange" rose
   WHERE rose."organizationId" = ANY(${organizationIds}) AND rose."effectiveOn" BETWEEN ${period.from}::date AND ${period.to}::date
     AND ${categoryRankSql(Sql.raw('rose."toCategory"'))} > ${categoryRankSql(Sql.raw('rose."fromCategory"'))}`;
}
