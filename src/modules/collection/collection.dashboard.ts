/**
 * The collection's part of the dashboard, stage 6: «the final round table is held, best practices are in the
 * methodological collection» — done once at least one best practice is in it. The figure links to the
 * collection filtered exactly the same way (/collection?best=1, the list carries data-total). Its figure is one
 * row of the collection's SQL, composed with the other contributors' into the dashboard's one statement.
 */
import { countsByOrganizationSql, countsSql, type DashboardFigures } from '../../core/dashboard.ts';
import { BEST_PRACTICES } from './collection.service.ts';

export const collectionDashboard: DashboardFigures<{ best: number }> = {
  figures: (scope) => countsSql(scope.organization.id, BEST_PRACTICES),
  figuresByOrganization: ({ ids }) => countsByOrganizationSql(ids, BEST_PRACTICES),
  contribute({ best }) {
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
  },
};
