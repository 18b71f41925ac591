/**
 * Monitoring's named rules (stage 6): every indicator of the monitoring page, the annual report, the city page
 * and the dashboard is defined ONCE here, as an SQL statement of ROWS (which pairs, mentees, plan items… it
 * counts, per organization, for one school year). The figures are aggregates over those rows, the lists behind
 * the figures select the same rows (figure = list). Other modules' rules are asked, never re-spelled: formed
 * pairs (pairs), a working staff card (staff), the check-in questionnaire (questionnaires), open plan items
 * (programmes). The rules are listed with their meaning in CONTEXT.md.
 *
 * A school year runs from 1 September to 31 August (`schoolYearWindow`); every rule takes the organizations
 * (an id array: one for the monitoring page, many for the city page) and the window, and mentions
 * "organizationId" first thing, so the scoped client accepts it. A table joined for what it says of the
 * organization (its time zone, its questionnaire) is bounded to the organizations too: under the forced generic
 * plan PostgreSQL does not carry `= ANY` across a join and otherwise hashes or scans every organization's rows.
 */
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import { sqlList } from '../../core/sql-list.ts';
import { attendedAnyEventSql } from '../events/index.ts';
import { FORMED_STATUSES, formedPairMembershipsSql } from '../pairs/index.ts';
import { CHECKIN_TEMPLATE_KEY } from '../questionnaires/index.ts';
import { categoryRoseSql, isWorkingStaffSql } from '../staff/index.ts';

export interface SchoolYearWindow {
  schoolYear: number;
  /** 'YYYY-09-01' */
  from: string;
  /** 'YYYY+1-08-31' */
  to: string;
  /** The day «due by now» is measured against ('YYYY-MM-DD', the organization's day). */
  today: string;
  /**
   * The organization's time zone, when the caller reads ONE organization (its scope's): the rules take it as a
   * value. Absent (many organizations: the city page), each row's organization is joined for its own (`clockOf`).
   */
  timeZone?: string;
}

export function schoolYearWindow(schoolYear: number, today: string, timeZone?: string): SchoolYearWindow {
  const w: SchoolYearWindow = { schoolYear, from: `${schoolYear}-09-01`, to: `${schoolYear + 1}-08-31`, today };
  if (timeZone !== undefined) w.timeZone = timeZone;
  return w;
}

/** «2026/2027» */
export function schoolYearLabel(schoolYear: number): string {
  return `${schoolYear}/${schoolYear + 1}`;
}

/** The monitoring questionnaires: answered about a programme (subjectType PROGRAMME) by its members. */
export const MONITORING_AUDIENCES = ['MENTOR_MONITORING', 'MENTEE_MONITORING'] as const;

type Rule = (organizationIds: number[], window: SchoolYearWindow, rowsOf?: RowsOf) => Sql.Sql;

/**
 * The rows of another rule a rule builds on, as a FROM item. By default that rule's statement, inline; the
 * indicators' statement, which holds some rules' rows already (its WITH), names those instead — so the mentees
 * of the year, the completed programmes and the formed pairs are read once there, not again under each rule
 * built on them.
 */
export type RowsOf = (rule: Rule) => Sql.Sql;

const inline = (ids: number[], w: SchoolYearWindow): RowsOf => (rule) => Sql.sql`(${rule(ids, w)})`;

const orgs = (organizationIds: number[]) => Sql.sql`${organizationIds}::int[]`;

/**
 * The clock a rule reads its rows' moments on (a sent answer's day…): `zone`, the window's time zone as a value
 * when it has one (one organization: no join — five rules joined "Organization" for it, ~10 % of the monitoring
 * page's statement), else each row's organization's, `join`ed on `organizationId` (bounded to the ids: under the
 * generic plan PostgreSQL does not carry `= ANY` across a join, and would hash every organization of the city).
 */
function clockOf(ids: number[], w: SchoolYearWindow, organizationId: Sql.Sql): { join: Sql.Sql; zone: Sql.Sql } {
  return w.timeZone === undefined
    ? { join: Sql.sql`JOIN "Organization" o ON o.id = ${organizationId} AND o.id = ANY(${orgs(ids)})`, zone: Sql.raw('o."timeZone"') }
    : { join: Sql.empty, zone: Sql.sql`${w.timeZone}::text` };
}

/**
 * Pairs and groups formed in the school year: a pair an approved order made active (pairs' FORMED_STATUSES:
 * active, completed or ended early — an early end still counts as formed) whose work started within the year.
 * Rows: "organizationId", "pairId", "startsOn", members (mentors + mentees).
 */
export const pairsFormedSql: Rule = (ids, w) => Sql.sql`
  SELECT p."organizationId", p.id AS "pairId", p."startsOn",
         (SELECT count(*)::int FROM "PairMember" pm WHERE pm."organizationId" = p."organizationId" AND pm."pairId" = p.id) AS members
    FROM "Pair" p
   WHERE p."organizationId" = ANY(${orgs(ids)}) AND p.status IN (${sqlList(FORMED_STATUSES)})
     AND p."startsOn" BETWEEN ${w.from}::date AND ${w.to}::date`;

/**
 * Groups formed: the formed pairs with more than two members (several mentees or mentors). `isGroupSql` is the
 * condition on a formed pair's row, for the indicators, which count the groups in the same pass as the pairs.
 */
export const isGroupSql = (formed: Sql.Sql) => Sql.sql`${formed}.members > 2`;
export const groupsFormedSql: Rule = (ids, w, rowsOf = inline(ids, w)) => Sql.sql`SELECT formed.* FROM ${rowsOf(pairsFormedSql)} formed WHERE ${isGroupSql(Sql.raw('formed'))}`;

/**
 * Mentees of the school year: the mentee bank's entries of that year (MenteeEntry.schoolYear), except those
 * withdrawn. «With a mentor»: the person is a mentee of a formed pair whose work overlaps the year (started by
 * its end, not ended before its start — the pairs module's rule formedPairMembershipsSql); `pairStartsOn` is the
 * earliest such pair's start. «Without»: the rest.
 * Rows: "organizationId", "entryId", "staffMemberId", "enteredOn", "pairStartsOn" (null without a mentor).
 */
export const menteesOfYearSql: Rule = (ids, w) => {
  const clock = clockOf(ids, w, Sql.raw('e."organizationId"'));
  return Sql.sql`
  SELECT e."organizationId", e.id AS "entryId", e."staffMemberId", e.category,
         (e."enteredAt" AT TIME ZONE ${clock.zone})::date AS "enteredOn",
         (SELECT min(mm."startsOn") FROM (${formedPairMembershipsSql(Sql.sql`ARRAY[e."organizationId"]`, 'MENTEE', w)}) mm
           WHERE mm."staffMemberId" = e."staffMemberId") AS "pairStartsOn"
    FROM "MenteeEntry" e ${clock.join}
   WHERE e."organizationId" = ANY(${orgs(ids)}) AND e."schoolYear" = ${w.schoolYear} AND e.status <> 'WITHDRAWN'`;
};

export const menteesWithMentorSql: Rule = (ids, w, rowsOf = inline(ids, w)) => Sql.sql`SELECT m.* FROM ${rowsOf(menteesOfYearSql)} m WHERE m."pairStartsOn" IS NOT NULL`;
export const menteesWithoutMentorSql: Rule = (ids, w, rowsOf = inline(ids, w)) => Sql.sql`SELECT m.* FROM ${rowsOf(menteesOfYearSql)} m WHERE m."pairStartsOn" IS NULL`;

/**
 * The wait for a mentor, in days, of each mentee with a mentor: from the day the request entered the bank to
 * the start of the first pair (0 when the pair was there first). The indicator is its average.
 */
export const waitDaysSql = (mentee: Sql.Sql) => Sql.sql`GREATEST(0, ${mentee}."pairStartsOn" - ${mentee}."enteredOn")`;

/**
 * Plan items due in the school year by now: items of the programmes (any state past the draft) whose date —
 * the current one, after a move — falls in the year and has passed (before `today`); a cancelled item is not
 * due. On time: done, on or before its date. A programme without items adds nothing; no items due → no share.
 * Rows: "organizationId", "itemId", "programmeId", "dueOn", "doneOn", "onTime".
 */
export const planItemsDueSql: Rule = (ids, w) => Sql.sql`
  SELECT i."organizationId", i.id AS "itemId", i."programmeId", i."dueOn", i."doneOn",
         (i.status = 'DONE' AND i."doneOn" IS NOT NULL AND i."doneOn" <= i."dueOn") AS "onTime"
    FROM "PlanItem" i JOIN "Programme" ip ON ip."organizationId" = i."organizationId" AND ip.id = i."programmeId"
   WHERE i."organizationId" = ANY(${orgs(ids)}) AND ip.status NOT IN ('DRAFT', 'SUBMITTED') AND i.status <> 'CANCELLED'
     AND i."dueOn" BETWEEN ${w.from}::date AND ${w.to}::date AND i."dueOn" < ${w.today}::date`;

export const planItemsOnTimeSql: Rule = (ids, w, rowsOf = inline(ids, w)) => Sql.sql`SELECT due.* FROM ${rowsOf(planItemsDueSql)} due WHERE due."onTime"`;

/**
 * Programmes completed in the school year: status COMPLETED (not closed early) and completed on a day of the
 * year in the organization's time zone. Rows: "organizationId", "programmeId", "pairId", "completedOn".
 */
export const programmesCompletedSql: Rule = (ids, w) => {
  const clock = clockOf(ids, w, Sql.raw('pc."organizationId"'));
  return Sql.sql`
  SELECT pc."organizationId", pc.id AS "programmeId", pc."pairId", (pc."completedAt" AT TIME ZONE ${clock.zone})::date AS "completedOn"
    FROM "Programme" pc ${clock.join}
   WHERE pc."organizationId" = ANY(${orgs(ids)}) AND pc.status = 'COMPLETED' AND pc."completedAt" IS NOT NULL
     AND (pc."completedAt" AT TIME ZONE ${clock.zone})::date BETWEEN ${w.from}::date AND ${w.to}::date`;
};

/**
 * Check-in scores of the school year: each sent answer of the pairs' check-in «Как идёт работа в паре?»
 * (questionnaires' CHECKIN_TEMPLATE_KEY) with a numeric score 1–10, sent on a day of the year.
 * Rows: "organizationId", "responseId", "pairId", score.
 */
export const checkinScoresSql: Rule = (ids, w) => {
  const clock = clockOf(ids, w, Sql.raw('r."organizationId"'));
  return Sql.sql`
  SELECT r."organizationId", r.id AS "responseId", r."subjectId" AS "pairId", (r.answers->>'score')::numeric AS score
    FROM "QuestionnaireResponse" r
    JOIN "Questionnaire" q ON q."organizationId" = r."organizationId" AND q.id = r."questionnaireId" AND q."templateKey" = ${CHECKIN_TEMPLATE_KEY}
    ${clock.join}
   WHERE r."organizationId" = ANY(${orgs(ids)}) AND r."subjectType" = 'PAIR' AND r.status = 'SUBMITTED'
     AND jsonb_typeof(r.answers->'score') = 'number'
     AND (r."submittedAt" AT TIME ZONE ${clock.zone})::date BETWEEN ${w.from}::date AND ${w.to}::date`;
};

/**
 * The members' final assessment of the programmes completed in the year (ProgrammeAssessment.score, 1–10:
 * how far the request is met for a mentee, the results reached for a mentor). Rows: "organizationId",
 * "programmeId", "staffMemberId", role, score.
 */
export const assessmentScoresSql: Rule = (ids, w, rowsOf = inline(ids, w)) => Sql.sql`
  SELECT a."organizationId", a."programmeId", a."staffMemberId", a.role, a.score
    FROM "ProgrammeAssessment" a JOIN ${rowsOf(programmesCompletedSql)} done
      ON done."organizationId" = a."organizationId" AND done."programmeId" = a."programmeId"
   WHERE a."organizationId" = ANY(${orgs(ids)})`;

/**
 * Who is expected to answer the monitoring questionnaires of the year: each member (mentor or mentee) of each
 * programme completed in it, once per programme. Answered: the member sent a response to a monitoring
 * questionnaire (MONITORING_AUDIENCES) about that programme (subjectType PROGRAMME, subjectId the programme), once
 * (occasion "": the self-assessment at the start and the end, occasions "start"/"end", is not this questionnaire).
 * «satisfaction» is the answer to the shipped question of that key (1–10), when the questionnaire has it.
 * Rows: "organizationId", "programmeId", "staffMemberId", role, answered, satisfaction.
 */
export const monitoringRespondentsSql: Rule = (ids, w, rowsOf = inline(ids, w)) => Sql.sql`
  SELECT mr."organizationId", done."programmeId", mr."staffMemberId", mr.role,
         (ans."responseId" IS NOT NULL) AS answered, ans.satisfaction
    FROM ${rowsOf(programmesCompletedSql)} done
    JOIN "PairMember" mr ON mr."organizationId" = done."organizationId" AND mr."pairId" = done."pairId"
    LEFT JOIN LATERAL (
      SELECT mrs.id AS "responseId", CASE WHEN jsonb_typeof(mrs.answers->'satisfaction') = 'number' THEN (mrs.answers->>'satisfaction')::numeric END AS satisfaction
        FROM "QuestionnaireResponse" mrs JOIN "Questionnaire" mq ON mq."organizationId" = mrs."organizationId" AND mq.id = mrs."questionnaireId"
       WHERE mrs."organizationId" = mr."organizationId" AND mrs."staffMemberId" = mr."staffMemberId" AND mrs."subjectType" = 'PROGRAMME'
         AND mrs."subjectId" = done."programmeId" AND mrs.occasion = '' AND mrs.status = 'SUBMITTED' AND mq.audience::text IN (${sqlList(MONITORING_AUDIENCES)})
       ORDER BY mrs."submittedAt" DESC LIMIT 1) ans ON true`;

/**
 * Young specialists who stayed in the profession: the mentees of the year (with a mentor) of the category
 * «молодой специалист», and whether their staff card is still working a year after their pair started (not in
 * the archive, or archived later than that). For a year not yet a year old it reads «still working today».
 * Rows: "organizationId", "entryId", "staffMemberId", "pairStartsOn", stayed.
 */
export const youngSpecialistsSql: Rule = (ids, w, rowsOf = inline(ids, w)) => {
  const clock = clockOf(ids, w, Sql.raw('ys."organizationId"'));
  return Sql.sql`
  SELECT ys."organizationId", ys."entryId", ys."staffMemberId", ys."pairStartsOn",
         (${isWorkingStaffSql(Sql.raw('ys_staff'))} OR (ys_staff."archivedAt" AT TIME ZONE ${clock.zone})::date >= (ys."pairStartsOn" + interval '1 year')::date) AS stayed
    FROM ${rowsOf(menteesWithMentorSql)} ys
    JOIN "StaffMember" ys_staff ON ys_staff."organizationId" = ys."organizationId" AND ys_staff.id = ys."staffMemberId"
    ${clock.join}
   WHERE ys.category = 'YOUNG_SPECIALIST'`;
};

/**
 * Mentees whose qualification category rose: the mentees of the year with a mentor (menteesWithMentorSql) with a
 * rise of category (the staff module's rule categoryRoseSql: a higher rank, the attestation order dated in the
 * school year) dated AFTER the day their first formed pair of the year started (`pairStartsOn`). Why that window:
 * the year bounds it like every indicator of the page (a rise counts in the year of its order, once); «after the
 * pair started» keeps out an attestation the person had before any mentoring (an order on the pair's first day
 * was prepared before it). One row per mentee, with the latest such rise.
 * Rows: "organizationId", "entryId", "staffMemberId", "pairStartsOn", "effectiveOn", "fromCategory", "toCategory".
 */
export const menteesCategoryRoseSql: Rule = (ids, w, rowsOf = inline(ids, w)) => Sql.sql`
  SELECT cr."organizationId", cr."entryId", cr."staffMemberId", cr."pairStartsOn", rise."effectiveOn", rise."fromCategory", rise."toCategory"
    FROM ${rowsOf(menteesWithMentorSql)} cr
    JOIN LATERAL (SELECT r."effectiveOn", r."fromCategory", r."toCategory"
                    FROM (${categoryRoseSql(Sql.sql`ARRAY[cr."organizationId"]`, w)}) r
                   WHERE r."staffMemberId" = cr."staffMemberId" AND r."effectiveOn" > cr."pairStartsOn"
                   ORDER BY r."effectiveOn" DESC, r."changeId" DESC LIMIT 1) rise ON true`;

/**
 * Growth of competencies: each mentee's self-assessment (templateKey `selfAssessmentKey`) sent at the start
 * AND at the end of the same programme, the end sent on a day of the school year; one row per competence
 * answered both times, with the two scores. A mentee who answered only once adds nothing.
 * Rows: "organizationId", "programmeId", "staffMemberId", competence, "startScore", "endScore".
 */
export const growthSql = (selfAssessmentKey: string): Rule => (ids, w) => {
  const clock = clockOf(ids, w, Sql.raw('g_end."organizationId"'));
  return Sql.sql`
  SELECT g_end."organizationId", g_end."subjectId" AS "programmeId", g_end."staffMemberId", score.key AS competence,
         (g_start.answers->>score.key)::numeric AS "startScore", (score.value #>> '{}')::numeric AS "endScore"
    FROM "QuestionnaireResponse" g_end
    JOIN "Questionnaire" g_q ON g_q."organizationId" = g_end."organizationId" AND g_q.id = g_end."questionnaireId" AND g_q."templateKey" = ${selfAssessmentKey}
     AND g_q."organizationId" = ANY(${orgs(ids)})
    JOIN "QuestionnaireResponse" g_start ON g_start."organizationId" = g_end."organizationId" AND g_start."questionnaireId" = g_end."questionnaireId"
     AND g_start."staffMemberId" = g_end."staffMemberId" AND g_start."subjectType" = 'PROGRAMME' AND g_start."subjectId" = g_end."subjectId"
     AND g_start.occasion = 'start' AND g_start.status = 'SUBMITTED'
    ${clock.join}
    CROSS JOIN LATERAL jsonb_each(g_end.answers) score
   WHERE g_end."organizationId" = ANY(${orgs(ids)}) AND g_end."subjectType" = 'PROGRAMME' AND g_end.occasion = 'end' AND g_end.status = 'SUBMITTED'
     AND (g_end."submittedAt" AT TIME ZONE ${clock.zone})::date BETWEEN ${w.from}::date AND ${w.to}::date
     AND jsonb_typeof(score.value) = 'number' AND jsonb_typeof(g_start.answers->score.key) = 'number'`;
};

/**
 * Mentors of the school year and their part in events: each person who is a mentor of a formed pair whose work
 * overlaps the year (the pairs module's formedPairMembershipsSql), and whether they attended at least one held
 * event of the year (the events module's rule, attendedAnyEventSql). The year's moments are taken at UTC midnight:
 * an event held between midnight and 3 a.m. of 1 September in Moscow would count for the previous year —
 * kindergartens hold none at night.
 * Rows: "organizationId", "staffMemberId", attended.
 */
export const mentorsOfYearSql: Rule = (ids, w) => {
  const period = { from: new Date(`${w.from}T00:00:00Z`), to: new Date(new Date(`${w.to}T00:00:00Z`).getTime() + 86_400_000) };
  return Sql.sql`
  SELECT mentors."organizationId", mentors."staffMemberId",
         ${attendedAnyEventSql(Sql.sql`mentors."staffMemberId"`, Sql.sql`mentors."organizationId"`, period)} AS attended
    FROM (SELECT DISTINCT pm."organizationId", pm."staffMemberId" FROM (${formedPairMembershipsSql(orgs(ids), 'MENTOR', w)}) pm) mentors`;
};
