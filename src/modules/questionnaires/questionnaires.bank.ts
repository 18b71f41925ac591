/**
 * The bank questionnaires' answers still waiting to enter a bank: one rule for the banks' lists (their hint
 * «Ответов анкеты, ещё не внесённых в банк: N» leads to the results page and its bulk «Внести в банк выбранных»).
 * A waiting response is a SUBMITTED response to a published or archived questionnaire of that audience, from a
 * working staff member who is not in the bank yet. Who is in the bank only the banks know: they pass it in as
 * SQL (a subquery of staff ids), so this module never reads the banks' tables; the list page asks it inside its own
 * one statement.
 */
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import type { QuestionnaireAudience } from '../../generated/prisma/enums.ts';
import { isWorkingStaffSql } from '../staff/index.ts';

export interface ResponsesAwaitingBank {
  /** All waiting responses of that audience. */
  total: number;
  /** Per questionnaire, the one with most waiting first: where the results page's bulk action is. */
  questionnaires: { id: number; title: string; count: number; resultsHref: string }[];
}

/** One row of responsesAwaitingBankSql: a questionnaire and how many of its responses wait. */
export interface AwaitingGroup {
  id: number;
  title: string;
  count: number;
}

/**
 * The waiting responses per questionnaire as SQL rows (`AwaitingGroup`), the one with most waiting first — a part of
 * the bank list's one statement. `staffInBank`: an SQL subquery selecting the ids of the staff members already in
 * the bank (one column, no nulls), e.g. `SELECT e."staffMemberId" FROM "MentorEntry" e WHERE e."organizationId" = …`.
 */
export function responsesAwaitingBankSql(
  organizationId: number,
  audience: Extract<QuestionnaireAudience, 'MENTEE_REQUESTS' | 'MENTOR_CANDIDATES'>,
  staffInBank: Sql.Sql,
): Sql.Sql {
  return Sql.sql`
    SELECT q.id, q.title, count(*)::int AS count
      FROM "QuestionnaireResponse" r JOIN "Questionnaire" q ON q."organizationId" = r."organizationId" AND q.id = r."questionnaireId"
     WHERE r."organizationId" = ${organizationId} AND r.status = 'SUBMITTED'
       AND q.audience = ${audience}::"QuestionnaireAudience" AND q.status IN ('PUBLISHED', 'ARCHIVED')
       AND EXISTS (SELECT 1 FROM "StaffMember" s WHERE s."organizationId" = r."organizationId" AND s.id = r."staffMemberId" AND ${isWorkingStaffSql(Sql.raw('s'))})
       AND r."staffMemberId" NOT IN (${staffInBank})
     GROUP BY q.id, q.title
     ORDER BY count(*) DESC, q.id DESC`;
}

/** The rows of responsesAwaitingBankSql as the banks' hint shows them: the total, and where each questionnaire's results are. */
export function responsesAwaitingBank(groups: AwaitingGroup[]): ResponsesAwaitingBank {
  let total = 0;
  const questionnaires = groups.map((g) => {
    total += g.count;
    return { id: g.id, title: g.title, count: g.count, resultsHref: `/questionnaires/${g.id}/results?answered=yes#respondents` };
  });
  return { total, questionnaires };
}
