/**
 * The key indicators of one school year, per organization, in ONE statement: each figure is an aggregate over
 * the rows of its named rule (monitoring.rules.ts), so the page, the report, the city page and the lists
 * behind the figures cannot disagree. `keyIndicators` reads one organization through its scope;
 * `keyIndicatorsOf` many at once through the guarded cross-organization client (the city page).
 */
import type { Prisma } from '../../core/database/client.ts';
import type { Scope } from '../../core/scope.ts';
import { todayIn } from '../../domain/dates.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import {
  assessmentScoresSql,
  checkinScoresSql,
  groupsFormedSql,
  growthSql,
  menteesCategoryRoseSql,
  menteesOfYearSql,
  mentorsOfYearSql,
  monitoringRespondentsSql,
  pairsFormedSql,
  planItemsDueSql,
  programmesCompletedSql,
  schoolYearWindow,
  waitDaysSql,
  youngSpecialistsSql,
  type SchoolYearWindow,
} from './monitoring.rules.ts';
import { SELF_ASSESSMENT } from './monitoring.templates.ts';

export interface KeyIndicators {
  organizationId: number;
  schoolYear: number;
  pairsFormed: number;
  groupsFormed: number;
  menteesWithMentor: number;
  menteesWithoutMentor: number;
  /** Average days from the request to the first pair; null: no mentee with a mentor. */
  averageWaitDays: number | null;
  planItemsDue: number;
  planItemsOnTime: number;
  /** Percent of the items due that were done on time; null: no item due. */
  planItemsOnTimePercent: number | null;
  programmesCompleted: number;
  checkinAnswers: number;
  /** Average check-in score (1–10), one decimal; null: no answer. */
  checkinAverage: number | null;
  assessmentAnswers: number;
  assessmentAverage: number | null;
  monitoringExpected: number;
  monitoringAnswered: number;
  satisfactionAnswers: number;
  satisfactionAverage: number | null;
  youngSpecialists: number;
  youngSpecialistsStayed: number;
  /** Mentees with a self-assessment at both the start and the end of a programme (growth measured). */
  growthMentees: number;
  /** The average change of a competence score (end − start, on 1–10), one decimal; null: nobody measured. */
  growthAverageDelta: number | null;
  /** Mentees with a mentor whose qualification category rose in the year, after their pair started (menteesCategoryRoseSql). */
  menteesCategoryRose: number;
  /** Mentors of formed pairs working in the year (mentorsOfYearSql). */
  mentorsOfYear: number;
  /** Of them, those who attended at least one held event of the year (the events module's rule). */
  mentorsInEvents: number;
}

interface Row extends Omit<KeyIndicators, 'averageWaitDays' | 'checkinAverage' | 'assessmentAverage' | 'satisfactionAverage' | 'growthAverageDelta'> {
  growthAverageDelta: string | null;
  averageWaitDays: string | null;
  checkinAverage: string | null;
  assessmentAverage: string | null;
  satisfactionAverage: string | null;
}

const oneDecimal = (value: string | null) => (value === null ? null : Math.round(Number(value) * 10) / 10);

/** The statement: every organization of `ids` gets a row (zeros when it has no data). */
function indicatorsSql(ids: number[], w: SchoolYearWindow): Sql.Sql {
  const m = Sql.raw('m');
  return Sql.sql`
    WITH formed AS (${pairsFormedSql(ids, w)}),
         groups AS (${groupsFormedSql(ids, w)}),
         mentees AS (${menteesOfYearSql(ids, w)}),
         due AS (${planItemsDueSql(ids, w)}),
         completed AS (${programmesCompletedSql(ids, w)}),
         checkins AS (${checkinScoresSql(ids, w)}),
         assessments AS (${assessmentScoresSql(ids, w)}),
         respondents AS (${monitoringRespondentsSql(ids, w)}),
         young AS (${youngSpecialistsSql(ids, w)}),
         growth AS (${growthSql(SELF_ASSESSMENT.key)(ids, w)}),
         mentors AS (${mentorsOfYearSql(ids, w)}),
         rose AS (${menteesCategoryRoseSql(ids, w)})
    SELECT o.id AS "organizationId", ${w.schoolYear}::int AS "schoolYear",
      (SELECT count(*)::int FROM formed WHERE formed."organizationId" = o.id) AS "pairsFormed",
      (SELECT count(*)::int FROM groups WHERE groups."organizationId" = o.id) AS "groupsFormed",
      (SELECT count(*)::int FROM mentees m WHERE m."organizationId" = o.id AND m."pairStartsOn" IS NOT NULL) AS "menteesWithMentor",
      (SELECT count(*)::int FROM mentees m WHERE m."organizationId" = o.id AND m."pairStartsOn" IS NULL) AS "menteesWithoutMentor",
      (SELECT avg(${waitDaysSql(m)})::text FROM mentees m WHERE m."organizationId" = o.id AND m."pairStartsOn" IS NOT NULL) AS "averageWaitDays",
      (SELECT count(*)::int FROM due WHERE due."organizationId" = o.id) AS "planItemsDue",
      (SELECT count(*)::int FROM due WHERE due."organizationId" = o.id AND due."onTime") AS "planItemsOnTime",
      (SELECT round(100.0 * count(*) FILTER (WHERE due."onTime") / NULLIF(count(*), 0))::int FROM due WHERE due."organizationId" = o.id) AS "planItemsOnTimePercent",
      (SELECT count(*)::int FROM completed WHERE completed."organizationId" = o.id) AS "programmesCompleted",
      (SELECT count(*)::int FROM checkins WHERE checkins."organizationId" = o.id) AS "checkinAnswers",
      (SELECT avg(checkins.score)::text FROM checkins WHERE checkins."organizationId" = o.id) AS "checkinAverage",
      (SELECT count(*)::int FROM assessments WHERE assessments."organizationId" = o.id) AS "assessmentAnswers",
      (SELECT avg(assessments.score)::text FROM assessments WHERE assessments."organizationId" = o.id) AS "assessmentAverage",
      (SELECT count(*)::int FROM respondents WHERE respondents."organizationId" = o.id) AS "monitoringExpected",
      (SELECT count(*)::int FROM respondents WHERE respondents."organizationId" = o.id AND respondents.answered) AS "monitoringAnswered",
      (SELECT count(respondents.satisfaction)::int FROM respondents WHERE respondents."organizationId" = o.id) AS "satisfactionAnswers",
      (SELECT avg(respondents.satisfaction)::text FROM respondents WHERE respondents."organizationId" = o.id) AS "satisfactionAverage",
      (SELECT count(*)::int FROM young WHERE young."organizationId" = o.id) AS "youngSpecialists",
      (SELECT count(*)::int FROM young WHERE young."organizationId" = o.id AND young.stayed) AS "youngSpecialistsStayed",
      (SELECT count(DISTINCT (growth."programmeId", growth."staffMemberId"))::int FROM growth WHERE growth."organizationId" = o.id) AS "growthMentees",
      (SELECT avg(growth."endScore" - growth."startScore")::text FROM growth WHERE growth."organizationId" = o.id) AS "growthAverageDelta",
      (SELECT count(*)::int FROM mentors WHERE mentors."organizationId" = o.id) AS "mentorsOfYear",
      (SELECT count(*)::int FROM mentors WHERE mentors."organizationId" = o.id AND mentors.attended) AS "mentorsInEvents",
      (SELECT count(*)::int FROM rose WHERE rose."organizationId" = o.id) AS "menteesCategoryRose"
    FROM "Organization" o WHERE o.id = ANY(${ids}::int[])
    ORDER BY o.id`;
}

function indicatorsOf(row: Row): KeyIndicators {
  return {
    ...row,
    averageWaitDays: row.averageWaitDays === null ? null : Math.round(Number(row.averageWaitDays)),
    checkinAverage: oneDecimal(row.checkinAverage),
    assessmentAverage: oneDecimal(row.assessmentAverage),
    satisfactionAverage: oneDecimal(row.satisfactionAverage),
    growthAverageDelta: oneDecimal(row.growthAverageDelta),
  };
}

/** One competence's row of `growthByCompetenceSql`: averages as text (numeric). */
export interface CompetenceGrowthRow {
  competence: string;
  mentees: number;
  start: string;
  end: string;
}

/** The change per competence (the page's and the report's table): average start and end per competence, rows of one SELECT. */
export function growthByCompetenceSql(scope: Scope, schoolYear: number): Sql.Sql {
  return Sql.sql`
    SELECT g.competence, count(*)::int AS mentees, avg(g."startScore")::text AS start, avg(g."endScore")::text AS "end"
      FROM (${growthSql(SELF_ASSESSMENT.key)([scope.organization.id], schoolYearWindow(schoolYear, scope.today))}) g GROUP BY g.competence`;
}

/** Those rows by competence, each with its average start, end and change (one decimal). */
export function growthOf(rows: CompetenceGrowthRow[]): Map<string, { mentees: number; start: number; end: number; delta: number }> {
  return new Map(rows.map((r) => [r.competence, { mentees: r.mentees, start: oneDecimal(r.start)!, end: oneDecimal(r.end)!, delta: oneDecimal(String(Number(r.end) - Number(r.start)))! }]));
}

/** The change per competence, asked on its own (the report). */
export async function growthByCompetence(scope: Scope, schoolYear: number): Promise<Map<string, { mentees: number; start: number; end: number; delta: number }>> {
  return growthOf(await scope.db.$queryRaw<CompetenceGrowthRow[]>(growthByCompetenceSql(scope, schoolYear)));
}

/** One organization's key indicators for the school year (its scope: one statement). */
export async function keyIndicators(scope: Scope, schoolYear: number): Promise<KeyIndicators> {
  const [row] = await scope.db.$queryRaw<Row[]>(indicatorsSql([scope.organization.id], schoolYearWindow(schoolYear, scope.today)));
  return indicatorsOf(row!);
}

/**
 * Many organizations' key indicators for the school year (the city page), in ONE statement whatever their
 * number, through the guarded cross-organization client (`portal`). `today`: the day «due by now» counts to.
 */
export async function keyIndicatorsOf(portal: Prisma, organizationIds: number[], schoolYear: number, today = todayIn('Europe/Moscow')): Promise<Map<number, KeyIndicators>> {
  if (!organizationIds.length) return new Map();
  const rows = await portal.$queryRaw<Row[]>(indicatorsSql(organizationIds, schoolYearWindow(schoolYear, today)));
  return new Map(rows.map((row) => [row.organizationId, indicatorsOf(row)]));
}
