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
  growthSql,
  isGroupSql,
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
  type RowsOf,
  type SchoolYearWindow,
} from './monitoring.rules.ts';
import { keptStatement } from './monitoring.kept.ts';
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

const oneDecimal = (value: string | null) => (value === null ? null : Math.round(Number(value) * 10) / 10);

type Figure = Exclude<keyof KeyIndicators, 'organizationId' | 'schoolYear'>;
type Source = 'formed' | 'mentees' | 'due' | 'completed' | 'checkins' | 'assessments' | 'respondents' | 'young' | 'growth' | 'mentors' | 'rose';

/**
 * The rows each figure aggregates (the named rules of monitoring.rules.ts), by the name the figures read them
 * under; a rule built on another comes after it (the statement's WITH names them in this order).
 */
const SOURCES: Record<Source, (ids: number[], w: SchoolYearWindow, rowsOf: RowsOf) => Sql.Sql> = {
  formed: pairsFormedSql,
  mentees: menteesOfYearSql,
  due: planItemsDueSql,
  completed: programmesCompletedSql,
  checkins: checkinScoresSql,
  assessments: assessmentScoresSql,
  respondents: monitoringRespondentsSql,
  young: youngSpecialistsSql,
  growth: growthSql(SELF_ASSESSMENT.key),
  mentors: mentorsOfYearSql,
  rose: menteesCategoryRoseSql,
};

/**
 * Each figure: the rows it reads and its aggregate over one organization's of them, the rows named as their
 * source (`formed`, `mentees`…). The figures of one source are aggregated together, in one pass over its rows.
 */
const FIGURES: Record<Figure, { from: Source; sql: Sql.Sql }> = {
  pairsFormed: { from: 'formed', sql: Sql.sql`count(*)::int` },
  // The groups (groupsFormedSql) are the formed pairs of its condition: counted in the pairs' pass, not in a second.
  groupsFormed: { from: 'formed', sql: Sql.sql`(count(*) FILTER (WHERE ${isGroupSql(Sql.raw('formed'))}))::int` },
  menteesWithMentor: { from: 'mentees', sql: Sql.sql`(count(*) FILTER (WHERE mentees."pairStartsOn" IS NOT NULL))::int` },
  menteesWithoutMentor: { from: 'mentees', sql: Sql.sql`(count(*) FILTER (WHERE mentees."pairStartsOn" IS NULL))::int` },
  averageWaitDays: { from: 'mentees', sql: Sql.sql`(avg(${waitDaysSql(Sql.raw('mentees'))}) FILTER (WHERE mentees."pairStartsOn" IS NOT NULL))::text` },
  planItemsDue: { from: 'due', sql: Sql.sql`count(*)::int` },
  planItemsOnTime: { from: 'due', sql: Sql.sql`(count(*) FILTER (WHERE due."onTime"))::int` },
  planItemsOnTimePercent: { from: 'due', sql: Sql.sql`round(100.0 * count(*) FILTER (WHERE due."onTime") / NULLIF(count(*), 0))::int` },
  programmesCompleted: { from: 'completed', sql: Sql.sql`count(*)::int` },
  checkinAnswers: { from: 'checkins', sql: Sql.sql`count(*)::int` },
  checkinAverage: { from: 'checkins', sql: Sql.sql`avg(checkins.score)::text` },
  assessmentAnswers: { from: 'assessments', sql: Sql.sql`count(*)::int` },
  assessmentAverage: { from: 'assessments', sql: Sql.sql`avg(assessments.score)::text` },
  monitoringExpected: { from: 'respondents', sql: Sql.sql`count(*)::int` },
  monitoringAnswered: { from: 'respondents', sql: Sql.sql`(count(*) FILTER (WHERE respondents.answered))::int` },
  satisfactionAnswers: { from: 'respondents', sql: Sql.sql`count(respondents.satisfaction)::int` },
  satisfactionAverage: { from: 'respondents', sql: Sql.sql`avg(respondents.satisfaction)::text` },
  youngSpecialists: { from: 'young', sql: Sql.sql`count(*)::int` },
  youngSpecialistsStayed: { from: 'young', sql: Sql.sql`(count(*) FILTER (WHERE young.stayed))::int` },
  growthMentees: { from: 'growth', sql: Sql.sql`count(DISTINCT (growth."programmeId", growth."staffMemberId"))::int` },
  growthAverageDelta: { from: 'growth', sql: Sql.sql`avg(growth."endScore" - growth."startScore")::text` },
  mentorsOfYear: { from: 'mentors', sql: Sql.sql`count(*)::int` },
  mentorsInEvents: { from: 'mentors', sql: Sql.sql`(count(*) FILTER (WHERE mentors.attended))::int` },
  menteesCategoryRose: { from: 'rose', sql: Sql.sql`count(*)::int` },
};

const ALL_FIGURES = Object.keys(FIGURES) as Figure[];

/**
 * The statement: every organization of `ids` gets a row (zeros when it has no data) with the figures asked for;
 * only their rules' rows are read (a caller that shows a few figures does not pay for the others). `beside`: more
 * columns of the same row (named, they may read the rules' rows by their source name, e.g. `growth`).
 */
function indicatorsSql(ids: number[], w: SchoolYearWindow, figures: readonly Figure[], beside: Record<string, Sql.Sql> = {}): Sql.Sql {
  const sources = (Object.keys(SOURCES) as Source[]).filter((s) => figures.some((f) => FIGURES[f].from === s));
  // A rule built on another source's rule reads that source's rows by name.
  const named = new Map(sources.map((s) => [SOURCES[s], s]));
  const rowsOf: RowsOf = (rule) => {
    const source = named.get(rule);
    return source ? Sql.raw(source) : Sql.sql`(${rule(ids, w, rowsOf)})`;
  };
  // One aggregate per source over the organization's rows, its figures side by side (a subquery per figure
  // scanned the same rows again for each).
  const aggregates = sources.map((s) => {
    const own = figures.filter((f) => FIGURES[f].from === s).map((f) => Sql.sql`${FIGURES[f].sql} AS ${Sql.raw(`"${f}"`)}`);
    return Sql.sql`CROSS JOIN LATERAL (SELECT ${Sql.join(own, ', ')} FROM ${Sql.raw(s)} WHERE ${Sql.raw(s)}."organizationId" = o.id) ${Sql.raw(`${s}_figures`)}`;
  });
  const columns = [
    ...figures.map((f) => Sql.raw(`"${f}"`)),
    ...Object.entries(beside).map(([name, sql]) => Sql.sql`${sql} AS ${Sql.raw(`"${name}"`)}`),
  ];
  return Sql.sql`
    WITH ${Sql.join(sources.map((s) => Sql.sql`${Sql.raw(s)} AS (${SOURCES[s](ids, w, rowsOf)})`), ',\n         ')}
    SELECT o.id AS "organizationId", ${w.schoolYear}::int AS "schoolYear", ${Sql.join(columns, ',\n      ')}
    FROM "Organization" o
    ${Sql.join(aggregates, '\n    ')}
    WHERE o.id = ANY(${ids}::int[])
    ORDER BY o.id`;
}

/** The averages come as numeric text: rounded as the page shows them (the figures asked for only). */
const AVERAGES: Partial<Record<Figure, (value: string) => number>> = {
  averageWaitDays: (value) => Math.round(Number(value)),
  checkinAverage: (value) => oneDecimal(value)!,
  assessmentAverage: (value) => oneDecimal(value)!,
  satisfactionAverage: (value) => oneDecimal(value)!,
  growthAverageDelta: (value) => oneDecimal(value)!,
};

/** The row's organization, year and `figures` (the averages rounded), as one new object: nothing else of the row. */
function indicatorsOf<K extends Partial<KeyIndicators>>(row: Record<string, unknown>, figures: readonly Figure[]): K {
  const k: Record<string, unknown> = { organizationId: row.organizationId, schoolYear: row.schoolYear };
  for (const figure of figures) {
    const value = row[figure];
    const convert = AVERAGES[figure];
    k[figure] = convert && value !== null ? convert(value as string) : value;
  }
  return k as K;
}

/** One competence's row of `growthByCompetenceSql`: averages as text (numeric). */
export interface CompetenceGrowthRow {
  competence: string;
  mentees: number;
  start: string;
  end: string;
}

/**
 * The change per competence (the page's and the report's table): average start and end per competence over the
 * growth rule's rows `growth` (a subquery, or the indicators statement's own `growth` rows), rows of one SELECT.
 */
function growthByCompetenceSql(growth: Sql.Sql): Sql.Sql {
  return Sql.sql`
    SELECT g.competence, count(*)::int AS mentees, avg(g."startScore")::text AS start, avg(g."endScore")::text AS "end"
      FROM ${growth} g GROUP BY g.competence`;
}

/** Those rows by competence, each with its average start, end and change (one decimal). */
export function growthOf(rows: CompetenceGrowthRow[]): Map<string, { mentees: number; start: number; end: number; delta: number }> {
  return new Map(rows.map((r) => [r.competence, { mentees: r.mentees, start: oneDecimal(r.start)!, end: oneDecimal(r.end)!, delta: oneDecimal(String(Number(r.end) - Number(r.start)))! }]));
}

/** The change per competence, asked on its own (the report). */
export async function growthByCompetence(scope: Scope, schoolYear: number): Promise<Map<string, { mentees: number; start: number; end: number; delta: number }>> {
  const growth = Sql.sql`(${growthSql(SELF_ASSESSMENT.key)([scope.organization.id], schoolYearWindow(schoolYear, scope.today, scope.organization.timeZone))})`;
  return growthOf(await scope.db.$queryRaw<CompetenceGrowthRow[]>(growthByCompetenceSql(growth)));
}

/** One organization's key indicators for the school year (its scope: one statement). */
export async function keyIndicators(scope: Scope, schoolYear: number): Promise<KeyIndicators> {
  const [row] = await scope.db.$queryRaw<Record<string, unknown>[]>(indicatorsSql([scope.organization.id], schoolYearWindow(schoolYear, scope.today, scope.organization.timeZone), ALL_FIGURES));
  return indicatorsOf<KeyIndicators>(row!, ALL_FIGURES);
}

/** Each `beside` function's number, for the keys of the kept statements. */
const besideIds = new WeakMap<object, number>();
let besideCount = 0;

/**
 * The caller's columns beside the indicators: SQL expressions of one value each, by name, of the organization and
 * the school year only — a function the caller defines once (its statements are kept by it, the organization, the
 * year and the day).
 */
export type BesideColumns<B> = (organizationId: number, schoolYear: number) => { [K in keyof B]: Sql.Sql };

/**
 * The key indicators, the change per competence and the caller's `beside` columns in ONE statement — the
 * monitoring page's: the table per competence aggregates the `growth` rows the growth figures read, so the rule
 * runs once, and the page pays one statement, not two.
 */
export async function keyIndicatorsAndGrowth<B extends Record<string, unknown>>(
  scope: Scope,
  schoolYear: number,
  beside: BesideColumns<B>,
): Promise<{ indicators: KeyIndicators; growth: ReturnType<typeof growthOf>; beside: B }> {
  const organizationId = scope.organization.id;
  let besideId = besideIds.get(beside);
  if (besideId === undefined) besideIds.set(beside, (besideId = besideCount++));
  const statement = keptStatement(`indicators:${besideId}:${organizationId}:${schoolYear}:${scope.today}:${scope.organization.timeZone}`, () => {
    const columns: Record<string, Sql.Sql> = { ...beside(organizationId, schoolYear), growthByCompetence: Sql.sql`(SELECT json_agg(g) FROM (${growthByCompetenceSql(Sql.raw('growth'))}) g)` };
    return indicatorsSql([organizationId], schoolYearWindow(schoolYear, scope.today, scope.organization.timeZone), ALL_FIGURES, columns);
  });
  const [row] = await scope.db.$queryRaw<Record<string, unknown>[]>(statement);
  // The row's other columns are the caller's.
  const besideValues: Record<string, unknown> = {};
  for (const name of Object.keys(row!)) {
    if (name !== 'organizationId' && name !== 'schoolYear' && name !== 'growthByCompetence' && !(name in FIGURES)) besideValues[name] = row![name];
  }
  return { indicators: indicatorsOf<KeyIndicators>(row!, ALL_FIGURES), growth: growthOf((row!.growthByCompetence as CompetenceGrowthRow[] | null) ?? []), beside: besideValues as B };
}

/**
 * Many organizations' key indicators for the school year (the city page), in ONE statement whatever their
 * number, through the guarded cross-organization client (`portal`): the `figures` asked for, by the same rules
 * as `keyIndicators` (only their rules' rows are read; all by default). `today`: the day «due by now» counts to.
 */
export async function keyIndicatorsOf<F extends Figure>(
  portal: Prisma,
  organizationIds: number[],
  schoolYear: number,
  today = todayIn('Europe/Moscow'),
  figures?: readonly F[],
): Promise<Map<number, Pick<KeyIndicators, 'organizationId' | 'schoolYear' | F>>> {
  if (!organizationIds.length) return new Map();
  const rows = await portal.$queryRaw<Record<string, unknown>[]>(indicatorsSql(organizationIds, schoolYearWindow(schoolYear, today), figures ?? ALL_FIGURES));
  return new Map(rows.map((row) => [row.organizationId as number, indicatorsOf<Pick<KeyIndicators, 'organizationId' | 'schoolYear' | F>>(row, figures ?? ALL_FIGURES)]));
}
