/**
 * The bank questionnaires' answers still waiting to enter a bank: one rule for the banks' lists (their hint
 * «Ответов анкеты, ещё не внесённых в банк: N» leads to the results page and its bulk «Внести в банк выбранных»).
 * A waiting response is a SUBMITTED response to a published or archived questionnaire of that audience, from a
 * working staff member who is not in the bank yet. Who is in the bank only the banks know: they pass those staff
 * ids in, so this module never reads the banks' tables.
 */
import type { Scope } from '../../core/scope.ts';
import type { QuestionnaireAudience } from '../../generated/prisma/enums.ts';
import { workingStaffWhere } from '../staff/index.ts';

export interface ResponsesAwaitingBank {
  /** All waiting responses of that audience. */
  total: number;
  /** Per questionnaire, the one with most waiting first: where the results page's bulk action is. */
  questionnaires: { id: number; title: string; count: number; resultsHref: string }[];
}

export async function responsesAwaitingBank(
  scope: Scope,
  audience: Extract<QuestionnaireAudience, 'MENTEE_REQUESTS' | 'MENTOR_CANDIDATES'>,
  staffInBank: number[],
): Promise<ResponsesAwaitingBank> {
  const groups = await scope.db.questionnaireResponse.groupBy({
    by: ['questionnaireId'],
    where: {
      status: 'SUBMITTED',
      questionnaire: { audience, status: { in: ['PUBLISHED', 'ARCHIVED'] } },
      staffMember: workingStaffWhere(),
      ...(staffInBank.length ? { staffMemberId: { notIn: staffInBank } } : {}),
    },
    _count: { _all: true },
  });
  if (!groups.length) return { total: 0, questionnaires: [] };
  const titles = await scope.db.questionnaire.findMany({ where: { id: { in: groups.map((g) => g.questionnaireId) } }, select: { id: true, title: true } });
  const questionnaires = groups
    .map((g) => ({ id: g.questionnaireId, title: titles.find((t) => t.id === g.questionnaireId)?.title ?? '', count: g._count._all, resultsHref: `/questionnaires/${g.questionnaireId}/results?answered=yes#respondents` }))
    .sort((a, b) => b.count - a.count || b.id - a.id);
  return { total: questionnaires.reduce((sum, q) => sum + q.count, 0), questionnaires };
}
