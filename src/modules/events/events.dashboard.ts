/**
 * The events' part of the dashboard. Stage 4: set-up sessions held this school year (the mentors' training
 * figure «обучено M из K» is the banks', who keep the derived status). Stage 6: a seminar / pedagogical
 * conference and the final round table held this school year. Each figure links to exactly those events:
 * /events?kind=…&status=HELD&year=… (the list says data-total). Its figures are one row of the events' SQL,
 * composed with the other contributors' into the dashboard's one statement.
 */
import type { DashboardFigures } from '../../core/dashboard.ts';
import type { Scope } from '../../core/scope.ts';
import type { EventKind } from '../../generated/prisma/enums.ts';
import { currentSchoolYear, heldCountsByOrganizationSql, heldCountsOf, heldCountsSql } from './events.service.ts';

export function heldListHref(kind: EventKind, schoolYear: number): string {
  return `/events?kind=${kind}&status=HELD&year=${schoolYear}`;
}

export const eventsDashboard: DashboardFigures<{ counts: Partial<Record<EventKind, number>> }> = {
  figures: (scope: Scope) => heldCountsSql(scope, currentSchoolYear(scope)),
  figuresByOrganization: ({ ids, timeZone, today }) => heldCountsByOrganizationSql(ids, timeZone, currentSchoolYear({ today })),
  contribute(row, scope) {
    const year = currentSchoolYear(scope);
    const { SETUP_SESSION: setup, SEMINAR: seminars, ROUND_TABLE: roundTables } = heldCountsOf(row);
    const figure = (count: number, kind: EventKind) => ({ count, href: heldListHref(kind, year), permission: 'events:read' as const });
    return [
      {
        stage: 4,
        items: [{ key: 'setup-sessions', text: 'Установочные сессии для наставников: проведено {figure}', done: setup > 0, figure: figure(setup, 'SETUP_SESSION') }],
        actions: [{ href: '/events/new', label: 'Запланировать мероприятие', permission: 'events:manage' }],
      },
      {
        stage: 6,
        items: [
          { key: 'conference', text: 'Семинар / педагогическая конференция: проведено {figure}', done: seminars > 0, figure: figure(seminars, 'SEMINAR') },
          { key: 'round-table-held', text: 'Итоговый круглый стол: проведено {figure}', done: roundTables > 0, figure: figure(roundTables, 'ROUND_TABLE') },
        ],
        actions: [{ href: '/events', label: 'Календарь мероприятий', permission: 'events:read' }],
      },
    ];
  },
};
