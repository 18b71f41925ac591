/**
 * The questionnaires' part of the to-do home (src/core/todo.ts): the questionnaires open today that the person is
 * expected to answer (the named rule of questionnaires.rules.ts) and has not sent yet — each only to whom it
 * concerns: a mentee of a pair is not asked to fill the candidate mentor's questionnaire (the pairs know who is
 * a mentee; the composition root passes their SQL twin in). The methodist may still send the link to anyone. One
 * row (the rules' SQL twins), composed with the other contributors' rows into the home's one statement.
 */
import type { Scope } from '../../core/scope.ts';
import type { TodoFigures } from '../../core/todo.ts';
import { keptSql } from '../../core/kept-sql.ts';
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

export const questionnairesTodo = (deps: QuestionnairesTodoDeps): TodoFigures<{ open: OpenQuestionnaire[] | null }> => {
  // One shape: the text composed once (keptSql), a request gives the person and the day.
  const q = Sql.raw('q');
  // Not expected to answer (archived, the head): NULL, no list. The organization given to the rule: PostgreSQL then
  // looks up that organization's head account only (0.13 → 0.05 ms on the city's data), not every organization's.
  const statement = keptSql(
    (_: 0, v: { organizationId: number; staffMemberId: number; today: string }) => Sql.sql`
      SELECT CASE WHEN EXISTS (SELECT 1 FROM "StaffMember" s WHERE s."organizationId" = ${v.organizationId} AND s.id = ${v.staffMemberId} AND ${isExpectedRespondentSql(Sql.raw('s'), v.organizationId)})
        THEN (SELECT coalesce(json_agg(x), '[]') FROM (
          SELECT q.id, q.title, q."closesOn",
                 EXISTS (SELECT 1 FROM "QuestionnaireResponse" r WHERE r."organizationId" = q."organizationId" AND r."questionnaireId" = q.id AND r."staffMemberId" = ${v.staffMemberId}) AS started
            FROM "Questionnaire" q
           WHERE q."organizationId" = ${v.organizationId} AND q.status = 'PUBLISHED' AND ${isRegularQuestionnaireSql(q)}
             AND (q."opensOn" IS NULL OR q."opensOn" <= ${v.today}::date) AND (q."closesOn" IS NULL OR q."closesOn" >= ${v.today}::date)
             AND NOT EXISTS (SELECT 1 FROM "QuestionnaireResponse" r WHERE r."organizationId" = q."organizationId" AND r."questionnaireId" = q.id
                                AND r."staffMemberId" = ${v.staffMemberId} AND r.status = 'SUBMITTED')
             AND (q.audience <> 'MENTOR_CANDIDATES' OR NOT ${deps.isMenteeSql(v.organizationId, v.staffMemberId)})
           ORDER BY q."closesOn" ASC NULLS LAST, q.id DESC LIMIT 20) x)
      END AS open`,
  );
  return {
    figures(scope: Scope) {
      const staffMemberId = scope.staffMemberId;
      if (staffMemberId === null || !scope.can('questionnaires:answer')) return null;
      return statement(0, { organizationId: scope.organization.id, staffMemberId, today: scope.today });
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
  };
};
