/**
 * The questionnaires' named rule: who is expected to answer. One definition for the results page («Ответили
 * N из M»), the list of those who have not answered, the list of questionnaires and the dashboard — as a
 * Prisma condition on StaffMember and, side by side, the same rule for raw SQL.
 *
 * Expected respondents are the organization's working staff (the card is not in the archive), except the
 * head (staff.rules.ts: the position «заведующий…» or the head's account). An account is NOT required: a
 * teacher without one is a teacher whose request is still missing — the list of those who have not answered
 * names them, and the methodist gives them an account (or records the request from paper). A switched-off
 * account does not take a working person out either.
 */
import type { Prisma as P } from '../../generated/prisma/client.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import { headOfOrganizationWhere, isHeadSql, isWorkingStaffSql, workingStaffWhere } from '../staff/index.ts';

export function expectedRespondentsWhere(): P.StaffMemberWhereInput {
  return { ...workingStaffWhere(), NOT: headOfOrganizationWhere() };
}

/**
 * expectedRespondentsWhere for raw SQL: `staff` is the alias of a "StaffMember" row (of the organization
 * `organizationId`, when the statement reads one: isHeadSql then looks up that organization's head accounts only).
 */
export function isExpectedRespondentSql(staff: Sql.Sql, organizationId?: number): Sql.Sql {
  return Sql.sql`(${isWorkingStaffSql(staff)} AND NOT ${isHeadSql(staff, organizationId)})`;
}

/** Has answered: the person's response to the questionnaire is sent (a draft is not an answer). */
export function answeredWhere(questionnaireId: number): P.StaffMemberWhereInput {
  return { responses: { some: { questionnaireId, status: 'SUBMITTED' } } };
}

/** answeredWhere for raw SQL over a "StaffMember" alias; the questionnaire as an id or an SQL expression. */
export function hasAnsweredSql(staff: Sql.Sql, questionnaireId: number | Sql.Sql): Sql.Sql {
  return Sql.sql`EXISTS (SELECT 1 FROM ${answeredSql(questionnaireId)} AND answer."organizationId" = ${staff}."organizationId" AND answer."staffMemberId" = ${staff}.id)`;
}

/**
 * The same rule as a set, for `staff.id IN (…)` where the questionnaire does not depend on the row (a response is of
 * its questionnaire's organization): PostgreSQL reads the set once and hashes it — one probe of the questionnaire's
 * responses for a whole count instead of one per card (hasAnsweredSql, when the questionnaire is the row's own).
 */
export function answeredStaffIdsSql(questionnaireId: number | Sql.Sql): Sql.Sql {
  return Sql.sql`(SELECT answer."staffMemberId" FROM ${answeredSql(questionnaireId)})`;
}

/** The sent responses to the questionnaire (a draft is not an answer): `FROM` that, alias `answer`. */
const answeredSql = (questionnaireId: number | Sql.Sql) =>
  Sql.sql`"QuestionnaireResponse" answer WHERE answer."questionnaireId" = ${questionnaireId} AND answer.status = 'SUBMITTED'`;

/**
 * Audiences whose answers carry personal data into the banks (the personal-data consent covers them): the
 * answers may be sent only with a valid consent; a draft stays allowed.
 */
export const CONSENT_AUDIENCES = ['MENTEE_REQUESTS', 'MENTOR_CANDIDATES'] as const;
