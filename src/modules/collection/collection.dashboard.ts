/**
 * The collection's part of the dashboard, stage 6: «the final round table is held, best practices are in the
 * methodological collection» — done once at least one best practice is in it. The figure links to the
 * collection filtered exactly the same way (/collection?best=1, the list carries data-total).
 */
import type { StageContribution } from '../../core/dashboard.ts';
import type { Scope } from '../../core/scope.ts';
import { bestPracticeCount } from './collection.service.ts';

export async function collectionDashboard(scope: Scope): Promise<StageContribution[]> {
  const best = await bestPracticeCount(scope);
  return [
    {
      stage: 6,
      items: [
        {
          key: 'round-table',
          text: 'Лучшие практики отобраны, методическая копилка пополнена',
          done: best > 0,
          figure: { count: best, href: '/collection?best=1', permission: 'collection:read' },
        },
      ],
      actions: [{ href: '/collection/new?best=1', label: 'Добавить лучшую практику', permission: 'collection:manage' }],
    },
  ];
}
