/**
 * The bank questionnaires' answers still waiting to enter a bank: one rule for the banks' lists (their hint
 * «Ответов анкеты, ещё не внесённых в банк: N» leads to the results page and its bulk «Внести в банк выбранных»).
 * A waiting response is a SUBMITTED response to a published or archived questionnaire of that audience, from a
 * working staff member who is not in the bank yet. Who is in the bank only the banks know: they pass it in as
 * SQL (a subquery of staff ids), so this module never reads the banks' tables, and the list page asks it all in
 * one statement.
 */
import type { Scope } from '../../core/scope.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import type { QuestionnaireAudience } from '../../generated/prisma/enums.ts';
import { isWorkingStaffSql } from '../staff/index.ts';

export interface ResponsesAwaitingBank {
  /** All waiting responses of that audience. */
  total: number;
  /** Per questionnaire, the one with most waiting first: where the results page's bulk action is. */
  questionnaires: { id: number; title: string; count: number; resultsHref: string }[];
}

/**
 * `staffInBank`: an SQL subquery selecting the ids of the staff members already in the bank (one column, no
 * nulls), e.g. `SELECT e."staffMemberId" FROM "MentorEntry" e WHERE e."organizationId" = …`.
 */
export async function responsesAwaitingBank(
  scope: Scope,
  audience: Extract<QuestionnaireAudience, 'MENTEE_REQUESTS' | 'MENTOR_CANDIDATES'>,
  staffInBank: Sql.Sql,
): Promise<ResponsesAwaitingBank> {
  const groups = await scope.db.$queryRaw<{ id: number; title: string; count: number }[]>`
    SELECT q.id, q.title, count(*)::int AS count
      FROM "QuestionnaireResponse" r JOIN "Questionnaire" q ON q."organizationId" = r."organizationId" AND q.id = r."questionnaireId"
     WHERE r."organizationId" = ${scope.organization.id} AND r.status = 'SUBMITTED'
       AND q.audience = ${audience}::"QuestionnaireAudience" AND q.status IN ('PUBLISHED', 'ARCHIVED')
       AND EXISTS (SELECT 1 FROM "StaffMember" s WHERE s."organizationId" = r."organizationId" AND s.id = r."staffMemberId" AND ${isWorkingStaffSql(Sql.raw('s'))})
       AND r."staffMemberId" NOT IN (${staffInBank})
     GROUP BY q.id, q.title
     ORDER BY count(*) DESC, q.id DESC`;
  const questionnaires = groups.map((g) => ({ ...g, resultsHref: `/questionnaires/${g.id}/results?answered=yes#respondents` }));
  return { total: questionnaires.reduce((sum, q) => sum + q.count, 0), questionnaires };
}
