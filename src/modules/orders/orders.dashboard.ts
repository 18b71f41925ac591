/**
 * The orders' part of the dashboard (stage 1): the Regulation approved by order, and the assignment orders
 * approved. Their figure links to the order list filtered the same way.
 */
import type { StageContribution } from '../../core/dashboard.ts';
import type { Scope } from '../../core/scope.ts';
import { stageOneOrders } from './orders.service.ts';

export async function ordersDashboard(scope: Scope): Promise<StageContribution[]> {
  const { regulation, approvedAssignments: assignments } = await stageOneOrders(scope);
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
}
