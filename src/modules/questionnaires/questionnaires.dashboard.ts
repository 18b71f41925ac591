/**
 * The questionnaires' part of the dashboard: stage 2 — the professional requests collected from the expected
 * respondents; stage 3 — the candidate-mentor questionnaire answered. Counted in one statement with the SQL
 * twins of questionnaires.rules.ts; each figure links to the results page's table filtered the same way.
 */
import { listedOrganizationsSql, type DashboardFigures, type DashboardItem } from '../../core/dashboard.ts';
import type { Scope } from '../../core/scope.ts';
import { plural } from '../../domain/words.ts';
import type { QuestionnaireAudience } from '../../generated/prisma/enums.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import { answeredStaffIdsSql, hasAnsweredSql, isExpectedRespondentSql } from './questionnaires.rules.ts';

const teachers = (n: number) => `${n} ${plural(n, ['педагога', 'педагогов', 'педагогов'])}`;

interface Figures {
  requestsId: number | null;
  candidatesId: number | null;
  expected: number;
  requests: number;
  candidates: number;
}

/** The questionnaire of an audience the stage is about: the newest one that was published (open or closed). */
const current = (organization: number | Sql.Sql, audience: QuestionnaireAudience) => Sql.sql`(SELECT q.id FROM "Questionnaire" q
    WHERE q."organizationId" = ${organization} AND q.audience = ${audience}::"QuestionnaireAudience" AND q.status <> 'DRAFT'
    ORDER BY q."createdAt" DESC, q.id DESC LIMIT 1)`;

/**
 * The expected respondents and who of them answered the current questionnaires: over `current` and staff `s`. One
 * organization's questionnaires do not depend on the row (`(SELECT … FROM current)`): the sets of those who answered
 * are read once (answeredStaffIdsSql); many organizations' `current` is the row's own (hasAnsweredSql, per card).
 */
const s = Sql.raw('s');
const ANSWERED_ONE = Sql.sql`count(s.id)::int AS expected,
    count(s.id) FILTER (WHERE s.id IN ${answeredStaffIdsSql(Sql.raw('(SELECT current."requestsId" FROM current)'))})::int AS requests,
    count(s.id) FILTER (WHERE s.id IN ${answeredStaffIdsSql(Sql.raw('(SELECT current."candidatesId" FROM current)'))})::int AS candidates`;
const ANSWERED_MANY = Sql.sql`count(s.id)::int AS expected,
    count(s.id) FILTER (WHERE ${hasAnsweredSql(s, Sql.raw('current."requestsId"'))})::int AS requests,
    count(s.id) FILTER (WHERE ${hasAnsweredSql(s, Sql.raw('current."candidatesId"'))})::int AS candidates`;

export const questionnairesDashboard: DashboardFigures<Figures> = {
  // An aggregate without GROUP BY: one row even with no staff, and no join of `current` to every staff row to sort and
  // group back into one (-0.07 ms of the dashboard statement's 1.7 in PostgreSQL, EXPLAIN ANALYZE on the city data).
  figures(scope: Scope) {
    const organizationId = scope.organization.id;
    return Sql.sql`
      WITH current AS (SELECT ${current(organizationId, 'MENTEE_REQUESTS')} AS "requestsId", ${current(organizationId, 'MENTOR_CANDIDATES')} AS "candidatesId")
      SELECT (SELECT current."requestsId" FROM current) AS "requestsId", (SELECT current."candidatesId" FROM current) AS "candidatesId", ${ANSWERED_ONE}
        FROM "StaffMember" s WHERE s."organizationId" = ${organizationId} AND ${isExpectedRespondentSql(s, organizationId)}`;
  },
  figuresByOrganization({ ids }) {
    const listed = Sql.raw('listed.id');
    return Sql.sql`
      WITH current AS MATERIALIZED (SELECT listed.id AS "organizationId", ${current(listed, 'MENTEE_REQUESTS')} AS "requestsId", ${current(listed, 'MENTOR_CANDIDATES')} AS "candidatesId"
                         FROM ${listedOrganizationsSql(ids)})
      SELECT current."organizationId", current."requestsId", current."candidatesId", ${ANSWERED_MANY}
        FROM current LEFT JOIN "StaffMember" s ON s."organizationId" = current."organizationId" AND s."organizationId" = ANY(${ids}::int[]) AND ${isExpectedRespondentSql(s)}
       GROUP BY current."organizationId", current."requestsId", current."candidatesId"`;
  },
  contribute(f) {
    const requests = f.requestsId === null ? null : { id: f.requestsId };
    const candidates = f.candidatesId === null ? null : { id: f.candidatesId };
    const { expected, requests: requestsAnswered, candidates: candidatesAnswered } = f;
    const answeredList = (id: number) => `/questionnaires/${id}/results?answered=yes#respondents`;

    const requestsItem: DashboardItem = requests
      ? {
          key: 'requests',
          text: `Запросы собраны у {figure} из ${teachers(expected)}`,
          done: expected > 0 && requestsAnswered >= expected,
          figure: { count: requestsAnswered, href: answeredList(requests.id), permission: 'questionnaires:results' },
        }
      : { key: 'requests', text: 'Анкета профессиональных запросов педагогов ещё не опубликована', done: false };
    const candidatesItem: DashboardItem = candidates
      ? {
          key: 'candidates-questionnaire',
          text: 'Анкету потенциального наставника заполнили',
          done: candidatesAnswered > 0,
          figure: { count: candidatesAnswered, href: answeredList(candidates.id), permission: 'questionnaires:results' },
        }
      : { key: 'candidates-questionnaire', text: 'Анкета потенциального наставника ещё не опубликована', done: false };
    return [
      {
        stage: 2,
        items: [requestsItem],
        actions: requests ? [] : [{ href: '/questionnaires', label: 'Опубликовать анкету профессиональных запросов', permission: 'questionnaires:manage' }],
      },
      {
        stage: 3,
        items: [candidatesItem],
        actions: candidates ? [] : [{ href: '/questionnaires', label: 'Опубликовать анкету потенциального наставника', permission: 'questionnaires:manage' }],
      },
    ];
  },
};
