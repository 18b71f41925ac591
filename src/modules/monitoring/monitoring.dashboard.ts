/**
 * Monitoring's part of the dashboard, stage 6: «the monitoring questionnaires are answered» — by the members of
 * the programmes completed this school year (monitoringRespondentsSql, one statement). The figure links to the
 * list of those who answered, the same rule's rows. And «the annual report of the year is formed» (monitoring.formed.ts).
 */
import { listedOrganizationsSql, type DashboardFigures } from '../../core/dashboard.ts';
import type { Scope } from '../../core/scope.ts';
import { ruDate, schoolYearOf, todayIn } from '../../domain/dates.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import { formedAtSql } from './monitoring.formed.ts';
import { monitoringRespondentsSql, schoolYearLabel, schoolYearWindow } from './monitoring.rules.ts';

interface Figures {
  expected: number;
  answered: number;
  /** The formed report's moment as JSON carries a `timestamp` (ISO, UTC, no zone); null: not formed yet. */
  formedAt: string | null;
}

/** Its figures (the respondents' counts and the formed report) are one row, composed with the other contributors' (core/dashboard.ts). */
export const monitoringDashboard: DashboardFigures<Figures> = {
  figures(scope: Scope) {
    const schoolYear = schoolYearOf(scope.today);
    return Sql.sql`
      SELECT count(*)::int AS expected, count(*) FILTER (WHERE r.answered)::int AS answered, ${formedAtSql(scope.organization.id, schoolYear)} AS "formedAt"
        FROM (${monitoringRespondentsSql([scope.organization.id], schoolYearWindow(schoolYear, scope.today, scope.organization.timeZone))}) r`;
  },
  figuresByOrganization({ ids, today }) {
    const schoolYear = schoolYearOf(today);
    return Sql.sql`
      SELECT listed.id AS "organizationId", count(r."organizationId")::int AS expected, count(r."organizationId") FILTER (WHERE r.answered)::int AS answered,
             ${formedAtSql(Sql.raw('listed.id'), schoolYear)} AS "formedAt"
        FROM ${listedOrganizationsSql(ids)} LEFT JOIN (${monitoringRespondentsSql(ids, schoolYearWindow(schoolYear, today))}) r ON r."organizationId" = listed.id
       GROUP BY listed.id`;
  },
  contribute({ expected, answered, formedAt }, scope) {
    const schoolYear = schoolYearOf(scope.today);
    const year = schoolYearLabel(schoolYear);
    return [
      {
        stage: 6,
        items: [
          expected
            ? {
                key: 'monitoring',
                text: `Мониторинг: анкеты заполнили {figure} из ${expected} участников завершённых программ`,
                done: answered >= expected,
                figure: { count: answered, href: `/monitoring/lists/monitoring-answered?year=${schoolYear}`, permission: 'monitoring:read' },
              }
            : { key: 'monitoring', text: 'Мониторинг: в этом учебном году ещё нет завершённых программ, анкетировать некого', done: false },
          // The annual report of the current school year: formed (a record), or not yet. The roadmap's stage 6 state
          // reads this item like every other (stageStateOf over the dashboard's items).
          formedAt
            ? { key: 'annual-report', text: `Отчёт за ${year} учебный год сформирован ${ruDate(todayIn(scope.organization.timeZone, new Date(`${formedAt}Z`)))}`, done: true }
            : { key: 'annual-report', text: `Отчёт за ${year} учебный год ещё не сформирован`, done: false },
        ],
        actions: [{ href: '/monitoring', label: 'Открыть мониторинг', permission: 'monitoring:read' }],
      },
    ];
  },
};
