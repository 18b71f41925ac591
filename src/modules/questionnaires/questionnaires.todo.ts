/**
 * The questionnaires' part of the to-do home (src/core/todo.ts): the questionnaires open today that the person is
 * expected to answer (the named rule of questionnaires.rules.ts) and has not sent yet. Two statements.
 */
import type { TodoGroup } from '../../core/todo.ts';
import type { Scope } from '../../core/scope.ts';
import { dbDateOf, isoOfDbDate, ruDate } from '../../domain/dates.ts';
import { expectedRespondentsWhere } from './questionnaires.rules.ts';

export async function questionnairesTodo(scope: Scope): Promise<TodoGroup[]> {
  const staffMemberId = scope.staffMemberId;
  if (staffMemberId === null || !scope.can('questionnaires:answer')) return [];
  const expected = await scope.db.staffMember.count({ where: { id: staffMemberId, ...expectedRespondentsWhere() } });
  if (!expected) return [];
  const day = dbDateOf(scope.today);
  const open = await scope.db.questionnaire.findMany({
    where: {
      status: 'PUBLISHED',
      AND: [{ OR: [{ opensOn: null }, { opensOn: { lte: day } }] }, { OR: [{ closesOn: null }, { closesOn: { gte: day } }] }],
      responses: { none: { staffMemberId, status: 'SUBMITTED' } },
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
}
