/**
 * The questionnaires' part of the dashboard: stage 2 — the professional requests collected from the expected
 * respondents; stage 3 — the candidate-mentor questionnaire answered. Counted in one statement with the SQL
 * twins of questionnaires.rules.ts; each figure links to the results page's table filtered the same way.
 */
import type { DashboardItem, StageContribution } from '../../core/dashboard.ts';
import type { Scope } from '../../core/scope.ts';
import { plural } from '../../domain/words.ts';
import type { QuestionnaireAudience } from '../../generated/prisma/enums.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import { hasAnsweredSql, isExpectedRespondentSql } from './questionnaires.rules.ts';

/** The questionnaire of an audience the stage is about: the newest one that was published (open or closed). */
async function currentOf(scope: Scope, audience: QuestionnaireAudience) {
  return scope.db.questionnaire.findFirst({
    where: { audience, status: { not: 'DRAFT' } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: { id: true },
  });
}

const teachers = (n: number) => `${n} ${plural(n, ['педагога', 'педагогов', 'педагогов'])}`;

export async function questionnairesDashboard(scope: Scope): Promise<StageContribution[]> {
  const [requests, candidates] = await Promise.all([currentOf(scope, 'MENTEE_REQUESTS'), currentOf(scope, 'MENTOR_CANDIDATES')]);
  const s = Sql.raw('s');
  const [f] = await scope.db.$queryRaw<{ expected: number; requests: number; candidates: number }[]>`
    SELECT count(*)::int AS expected,
           count(*) FILTER (WHERE ${hasAnsweredSql(s, requests?.id ?? -1)})::int AS requests,
           count(*) FILTER (WHERE ${hasAnsweredSql(s, candidates?.id ?? -1)})::int AS candidates
      FROM "StaffMember" s
     WHERE s."organizationId" = ${scope.organization.id} AND ${isExpectedRespondentSql(s)}`;
  const { expected, requests: requestsAnswered, candidates: candidatesAnswered } = f!;
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
}
