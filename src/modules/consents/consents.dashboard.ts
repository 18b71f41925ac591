/**
 * The consents' part of the dashboard (stage 2): working staff without a valid personal-data consent. One
 * statement with the SQL twins of the rules; the figure links to the register filtered the same way.
 */
import { countsByOrganizationSql, countsSql, type CountsOver, type DashboardFigures } from '../../core/dashboard.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import { isWorkingStaffSql } from '../staff/index.ts';
import { hasValidConsentSql } from './consents.rules.ts';

const MISSING: CountsOver = {
  table: 'StaffMember',
  alias: 's',
  counts: { missing: Sql.sql`${isWorkingStaffSql(Sql.raw('s'))} AND NOT ${hasValidConsentSql(Sql.raw('s.id'), Sql.raw('s."organizationId"'), 'PERSONAL_DATA')}` },
};

export const consentsDashboard: DashboardFigures<{ missing: number }> = {
  figures: (scope) => countsSql(scope.organization.id, MISSING),
  figuresByOrganization: ({ ids }) => countsByOrganizationSql(ids, MISSING),
  contribute({ missing }) {
    return [
      {
        stage: 2,
        items: [
          {
            key: 'personal-data-consents',
            text: 'Сотрудники без действующего согласия на обработку персональных данных',
            done: missing === 0,
            figure: { count: missing, href: '/consents?kind=PERSONAL_DATA&state=missing', permission: 'consents:read' },
          },
        ],
        actions: [{ href: '/consents', label: 'Реестр согласий', permission: 'consents:read' }],
      },
    ];
  },
};
