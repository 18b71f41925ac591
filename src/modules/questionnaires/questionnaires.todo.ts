/**
 * The questionnaires' part of the to-do home (src/core/todo.ts): the questionnaires open today that the person is
 * expected to answer (the named rule of questionnaires.rules.ts) and has not sent yet — each only to whom it
 * concerns: a mentee of a pair is not asked to fill the candidate mentor's questionnaire (the pairs know who is
 * a mentee; the composition root passes their SQL twin in). The methodist may still send the link to anyone. One
 * row (the rules' SQL twins), composed with the other contributors' rows into the home's one statement.
 */
import type { Scope } from '../../core/scope.ts';
import type { TodoFigures } from '../../core/todo.ts';
import { isoOfDbDate, ruDate } from '../../domain/dates.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import { isRegularQuestionnaireSql } from './questionnaires.checkins.ts';
import { isExpectedRespondentSql } from './questionnaires.rules.ts';

export interface QuestionnairesTodoDeps {
  /** The person is a mentee of an open pair or group: a boolean SQL expression. */
  isMenteeSql(organizationId: number, staffMemberId: number): Sql.Sql;
}

interface OpenQuestionnaire {
  id: number;
  title: string;
  /** 'YYYY-MM-DD' (JSON) or null. */
  closesOn: string | Date | null;
  /** A draft of the person's answer exists. */
  started: boolean;
}

export const questionnairesTodo = (deps: QuestionnairesTodoDeps): TodoFigures<{ open: OpenQuestionnaire[] | null }> => ({
  figures(scope: Scope) {
    const staffMemberId = scope.staffMemberId;
    if (staffMemberId === null || !scope.can('questionnaires:answer')) return null;
    const organizationId = scope.organization.id;
    const q = Sql.raw('q');
    // Not expected to answer (archived, the head): NULL, no list.
    return Sql.sql`
      SELECT CASE WHEN EXISTS (SELECT 1 FROM "StaffMember" s WHERE s."organizationId" = ${organizationId} AND s.id = ${staffMemberId} AND ${isExpectedRespondentSql(Sql.raw('s'))})
        THEN (SELECT coalesce(json_agg(x), '[]') FROM (
          SELECT q.id, q.title, q."closesOn",
                 EXISTS (SELECT 1 FROM "QuestionnaireResponse" r WHERE r."organizationId" = q."organizationId" AND r."questionnaireId" = q.id AND r."staffMemberId" = ${staffMemberId}) AS started
            FROM "Questionnaire" q
           WHERE q."organizationId" = ${organizationId} AND q.status = 'PUBLISHED' AND ${isRegularQuestionnaireSql(q)}
             AND (q."opensOn" IS NULL OR q."opensOn" <= ${scope.today}::date) AND (q."closesOn" IS NULL OR q."closesOn" >= ${scope.today}::date)
             AND NOT EXISTS (SELECT 1 FROM "QuestionnaireResponse" r WHERE r."organizationId" = q."organizationId" AND r."questionnaireId" = q.id
                                AND r."staffMemberId" = ${staffMemberId} AND r.status = 'SUBMITTED')
             AND (q.audience <> 'MENTOR_CANDIDATES' OR NOT ${deps.isMenteeSql(organizationId, staffMemberId)})
           ORDER BY q."closesOn" ASC NULLS LAST, q.id DESC LIMIT 20) x)
      END AS open`;
  },
  groups({ open }) {
    if (!open) return [];
    return [
      {
        key: 'questionnaires',
        title: 'Заполнить анкеты',
        items: open.map((q) => {
          const closes = typeof q.closesOn === 'string' ? q.closesOn : isoOfDbDate(q.closesOn);
          return {
            text: q.started ? `Дописать и отправить анкету «${q.title}»` : `Заполнить анкету «${q.title}»`,
            href: `/questionnaires/${q.id}/respond`,
            ...(closes ? { due: closes, detail: `Приём ответов до ${ruDate(closes)}` } : {}),
          };
        }),
      },
    ];
  },
});
