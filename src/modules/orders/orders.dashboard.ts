/**
 * The orders' part of the dashboard (stage 1): the Regulation approved by order, and the assignment orders
 * approved. Their figure links to the order list filtered the same way. Its figures are the one statement of
 * stage 1's orders, composed with the other contributors' into the dashboard's one statement (core/dashboard.ts).
 */
import type { DashboardFigures } from '../../core/dashboard.ts';
import { stageOneOrdersByOrganizationSql, stageOneOrdersOf, stageOneOrdersSql, type StageOneOrdersRow } from './orders.service.ts';

export const ordersDashboard: DashboardFigures<StageOneOrdersRow> = {
  figures: stageOneOrdersSql,
  figuresByOrganization: ({ ids }) => stageOneOrdersByOrganizationSql(ids),
  contribute(row) {
    const { regulation, approvedAssignments: assignments } = stageOneOrdersOf(row);
    return [
      {
        stage: 1,
        items: [
          { key: 'regulation', text: regulation.line, done: regulation.approved },
          {
            key: 'assignment-orders',
            text: 'Утверждено приказов о закреплении наставнических пар (групп)',
            done: assignments > 0,
            figure: { count: assignments, href: '/orders?kind=ASSIGN_PAIRS&status=APPROVED', permission: 'orders:read' },
          },
        ],
        actions: [
          ...(regulation.approved || regulation.pending ? [] : [{ href: '/orders/new?kind=REGULATION', label: 'Подготовить приказ об утверждении Положения', permission: 'orders:draft' as const }]),
          { href: '/orders', label: 'Приказы', permission: 'orders:read' },
        ],
      },
    ];
  },
};
