/**
 * The questionnaires' part of the to-do home (src/core/todo.ts): the questionnaires open today that the person is
 * expected to answer (the named rule of questionnaires.rules.ts) and has not sent yet — each only to whom it
 * concerns: a mentee of a pair is not asked to fill the candidate mentor's questionnaire (the pairs know who is
 * a mentee; the composition root passes it in). The methodist may still send the link to anyone. Three statements.
 */
import type { TodoContributor, TodoGroup } from '../../core/todo.ts';
import type { Scope } from '../../core/scope.ts';
import { dbDateOf, isoOfDbDate, ruDate } from '../../domain/dates.ts';
import { regularQuestionnaireWhere } from './questionnaires.checkins.ts';
import { expectedRespondentsWhere } from './questionnaires.rules.ts';

export interface QuestionnairesTodoDeps {
  /** The person is a mentee of an open pair or group. */
  isMentee(scope: Scope, staffMemberId: number): Promise<boolean>;
}

export const questionnairesTodo = (deps: QuestionnairesTodoDeps): TodoContributor => async (scope: Scope): Promise<TodoGroup[]> => {
  const staffMemberId = scope.staffMemberId;
  if (staffMemberId === null || !scope.can('questionnaires:answer')) return [];
  const [expected, mentee] = await Promise.all([
    scope.db.staffMember.count({ where: { id: staffMemberId, ...expectedRespondentsWhere() } }),
    deps.isMentee(scope, staffMemberId),
  ]);
  if (!expected) return [];
  const day = dbDateOf(scope.today);
  const open = await scope.db.questionnaire.findMany({
    where: {
      status: 'PUBLISHED',
      AND: [regularQuestionnaireWhere(), { OR: [{ opensOn: null }, { opensOn: { lte: day } }] }, { OR: [{ closesOn: null }, { closesOn: { gte: day } }] }],
      responses: { none: { staffMemberId, status: 'SUBMITTED' } },
      ...(mentee ? { audience: { not: 'MENTOR_CANDIDATES' as const } } : {}),
    },
    orderBy: [{ closesOn: { sort: 'asc', nulls: 'last' } }, { id: 'desc' }],
    take: 20,
    select: { id: true, title: true, closesOn: true, responses: { where: { staffMemberId }, select: { id: true }, take: 1 } },
  });
  return [
    {
      key: 'questionnaires',
      title: 'Заполнить анкеты',
      items: open.map((q) => {
        const closes = isoOfDbDate(q.closesOn);
        return {
          text: q.responses.length ? `Дописать и отправить анкету «${q.title}»` : `Заполнить анкету «${q.title}»`,
          href: `/questionnaires/${q.id}/respond`,
          ...(closes ? { due: closes, detail: `Приём ответов до ${ruDate(closes)}` } : {}),
        };
      }),
    },
  ];
};
