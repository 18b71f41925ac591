/**
 * The news' part of the dashboard, stage 7: «the roadmap's events are covered on the organization's site and
 * in social networks» — done once news is published on the public page. The figure links to exactly those
 * news (/news?status=PUBLISHED, the list carries data-total). Its figure is one row of the news' SQL, composed
 * with the other contributors' into the dashboard's one statement.
 */
import { countsByOrganizationSql, countsSql, type DashboardFigures } from '../../core/dashboard.ts';
import { PUBLISHED_NEWS } from './news.service.ts';

export const newsDashboard: DashboardFigures<{ published: number }> = {
  figures: (scope) => countsSql(scope.organization.id, PUBLISHED_NEWS),
  figuresByOrganization: ({ ids }) => countsByOrganizationSql(ids, PUBLISHED_NEWS),
  contribute({ published }) {
    return [
      {
        stage: 7,
        items: [
          {
            key: 'news',
            text: 'Новости этапов опубликованы на публичной странице',
            done: published > 0,
            figure: { count: published, href: '/news?status=PUBLISHED', permission: 'news:read' },
          },
        ],
        actions: [{ href: '/news/new', label: 'Написать новость', permission: 'news:manage' }],
      },
    ];
  },
};
