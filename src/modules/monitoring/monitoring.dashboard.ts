/**
 * Monitoring's part of the dashboard, stage 6: «the monitoring questionnaires are answered» — by the members of
 * the programmes completed this school year (monitoringRespondentsSql, one statement). The figure links to the
 * list of those who answered, the same rule's rows. And «the annual report of the year is formed» (monitoring.formed.ts).
 */
import type { StageContribution } from '../../core/dashboard.ts';
import type { Scope } from '../../core/scope.ts';
import { ruDate, schoolYearOf, todayIn } from '../../domain/dates.ts';
import { formedReport } from './monitoring.formed.ts';
import { monitoringRespondentsSql, schoolYearLabel, schoolYearWindow } from './monitoring.rules.ts';

export async function monitoringDashboard(scope: Scope): Promise<StageContribution[]> {
  const schoolYear = schoolYearOf(scope.today);
  const [counts] = await scope.db.$queryRaw<{ expected: number; answered: number }[]>`
    SELECT count(*)::int AS expected, count(*) FILTER (WHERE r.answered)::int AS answered
      FROM (${monitoringRespondentsSql([scope.organization.id], schoolYearWindow(schoolYear, scope.today))}) r`;
  const { expected, answered } = counts!;
  const formed = await formedReport(scope, schoolYear);
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
        formed
          ? { key: 'annual-report', text: `Отчёт за ${year} учебный год сформирован ${ruDate(todayIn(scope.organization.timeZone, formed.formedAt))}`, done: true }
          : { key: 'annual-report', text: `Отчёт за ${year} учебный год ещё не сформирован`, done: false },
      ],
      actions: [{ href: '/monitoring', label: 'Открыть мониторинг', permission: 'monitoring:read' }],
    },
  ];
}
