/**
 * The monitoring page of a school year, as one model: the kindergarten's own /monitoring and the city
 * specialist's read-only view of it (city module) render the same figures from `monitoringPage`. Apart from
 * monitoring.page.ts (what a figure or chart looks like, used by the annual report too) so that the report's
 * chain (formed → report → page) does not lead back here.
 */
import { z } from 'zod';
import type { Scope } from '../../core/scope.ts';
import { schoolYearOf } from '../../domain/dates.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import { formedReportOf, formedReportSql, type FormedReport } from './monitoring.formed.ts';
import { keyIndicatorsAndGrowth, type BesideColumns } from './monitoring.indicators.ts';
import { chartsOf, competenceRows, figuresOf, schoolYearChoices, type Chart, type CompetenceRow, type Figure } from './monitoring.page.ts';
import { schoolYearLabel } from './monitoring.rules.ts';

/**
 * The page's reads beside the indicators, as columns of the indicators' statement (each statement costs a round
 * trip, a plan and the client's per-query work): the first school year that has data — a mentee entry or a pair —
 * for the selector (null: none yet), and the formed report. The change per competence comes with them.
 */
const pageReadsSql: BesideColumns<{ earliest: number | null; formed: Parameters<typeof formedReportOf>[0] }> = (id, schoolYear) => ({
  earliest: Sql.sql`least((SELECT min(e."schoolYear") FROM "MenteeEntry" e WHERE e."organizationId" = ${id}),
               (SELECT min(CASE WHEN extract(month FROM p."startsOn") >= 9 THEN extract(year FROM p."startsOn") ELSE extract(year FROM p."startsOn") - 1 END)::int
                  FROM "Pair" p WHERE p."organizationId" = ${id}))`,
  formed: formedReportSql(id, schoolYear),
});

const YEAR = z.coerce.number().int().min(2000).max(2100);

/** ?year=2025 — a school year by its first calendar year; absent or odd: the scope's current one. */
export function requestedSchoolYear(query: unknown, scope: Scope): number {
  const year = YEAR.safeParse((query as { year?: unknown } | undefined)?.year);
  return year.success ? year.data : schoolYearOf(scope.today);
}

export interface MonitoringPage {
  schoolYear: number;
  yearLabel: string;
  years: { value: number; label: string }[];
  figures: { process: Figure[]; growth: Figure[] };
  charts: Chart[];
  competences: CompetenceRow[];
  formed: FormedReport | null;
}

/** Everything the monitoring page shows of a school year. */
export async function monitoringPage(scope: Scope, schoolYear: number): Promise<MonitoringPage> {
  const { indicators, growth, beside } = await keyIndicatorsAndGrowth(scope, schoolYear, pageReadsSql);
  const { earliest } = beside;
  const formed = formedReportOf(beside.formed);
  const years = schoolYearChoices(scope.today, earliest);
  if (!years.includes(schoolYear)) years.push(schoolYear);
  return {
    schoolYear,
    yearLabel: schoolYearLabel(schoolYear),
    years: years.sort((a, b) => b - a).map((y) => ({ value: y, label: schoolYearLabel(y) })),
    figures: figuresOf(indicators),
    charts: chartsOf(indicators),
    competences: competenceRows(growth),
    formed,
  };
}
