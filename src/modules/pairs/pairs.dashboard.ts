/**
 * The pairs' part of the dashboard: stage 1 — the action «prepare the assignment order» while pairs wait for
 * one; stage 4 — pairs really formed; stage 5 — pairs at work, pairs waiting for an order, pairs that need
 * attention, mentees waiting for a pair and those of them without support. One statement with the SQL
 * twins of pairs.definitions.ts; every figure links to the pairs list or the waiting list filtered by the
 * Prisma twins — a test holds each figure equal to its list's total.
 */
import { countsByOrganizationSql, countsSql, type CountsOver, type DashboardFigures, type DashboardItem } from '../../core/dashboard.ts';
import type { Scope } from '../../core/scope.ts';
import { sqlList } from '../../core/sql-list.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import type { PairStatus } from '../../generated/prisma/enums.ts';
import { isAtRiskSql } from './pairs.at-risk.ts';
import { FORMED_STATUSES, isWaitingMenteeSql, needsAttentionSql } from './pairs.definitions.ts';

interface Figures {
  active: number;
  formed: number;
  awaitingOrder: number;
  attention: number;
  atRisk: number;
  waiting: number;
  /** Waiting mentees who got support: the unsupported are the others. */
  supported: number;
}

const AWAITING_ORDER: readonly PairStatus[] = ['DRAFT', 'PROPOSED'];

/** The figures' rules over the pairs (at risk: as of the organization's day and moment) and the waiting mentees. */
function pairCounts(at: Pick<Scope, 'now' | 'today'>): CountsOver {
  return {
    table: 'Pair',
    alias: 'p',
    counts: {
      active: Sql.sql`p.status = 'ACTIVE'`,
      formed: Sql.sql`p.status IN (${sqlList(FORMED_STATUSES)})`,
      awaitingOrder: Sql.sql`p.status IN (${sqlList(AWAITING_ORDER)})`,
      attention: needsAttentionSql(Sql.raw('p')),
      atRisk: isAtRiskSql(Sql.raw('p'), at),
    },
  };
}

const waiting = isWaitingMenteeSql(Sql.raw('e'));
/**
 * The waiting mentees, and those of them who got support: the list /pairs/waiting?support=none shows the rest.
 * Each FILTER evaluates its whole rule, so a count of the unsupported evaluated the waiting rule (a staff probe and
 * the open pairs) a second time for every entry; the support is checked first here (AND goes left to right), the
 * waiting rule again only for the few entries with support.
 */
const WAITING: CountsOver = {
  table: 'MenteeEntry',
  alias: 'e',
  counts: {
    waiting,
    supported: Sql.sql`EXISTS (SELECT 1 FROM "MenteeSupport" s WHERE s."organizationId" = e."organizationId" AND s."menteeEntryId" = e.id) AND ${waiting}`,
  },
};

export const pairsDashboard: DashboardFigures<Figures> = {
  figures: (scope) => countsSql(scope.organization.id, pairCounts(scope), WAITING),
  figuresByOrganization: (at) => countsByOrganizationSql(at.ids, pairCounts(at), WAITING),
  contribute(f) {
    const unsupported = f.waiting - f.supported;
    const list = (query: string) => ({ href: `/pairs?${query}`, permission: 'pairs:read' as const });

    const stage5: DashboardItem[] = [
      { key: 'active-pairs', text: 'Работают пары и группы', done: f.active > 0, figure: { count: f.active, ...list('status=ACTIVE') } },
      {
        key: 'awaiting-order',
        text: 'Пары и группы ждут приказа о закреплении (черновики и предложенные)',
        done: f.awaitingOrder === 0,
        figure: { count: f.awaitingOrder, ...list(`status=${AWAITING_ORDER.join(',')}`) },
      },
    ];
    if (f.attention > 0) {
      stage5.push({
        key: 'attention',
        text: 'Требуют внимания: участник отозвал согласие или прекратил работу в организации',
        done: false,
        alert: true,
        figure: { count: f.attention, ...list('attention=1') },
      });
    }
    // «Пары под риском»: the same rule as the list (pairs.at-risk.ts).
    stage5.push({
      key: 'at-risk',
      text: 'Пары под риском: работа остановилась, просрочены мероприятия или участник отозвал согласие',
      done: f.atRisk === 0,
      alert: f.atRisk > 0,
      figure: { count: f.atRisk, href: '/pairs/at-risk', permission: 'pairs:read' },
    });
    // Waiting mentees are fine while each gets support and the search goes on (roadmap, stage 5).
    stage5.push({
      key: 'waiting-mentees',
      text: 'Наставляемые без пары',
      done: unsupported === 0,
      figure: { count: f.waiting, href: '/pairs/waiting', permission: 'pairs:read' },
    });
    if (unsupported > 0) {
      stage5.push({
        key: 'waiting-unsupported',
        text: 'Из них ещё без психолого-педагогической поддержки',
        done: false,
        figure: { count: unsupported, href: '/pairs/waiting?support=none', permission: 'pairs:read' },
      });
    }
    return [
      {
        stage: 1,
        items: [],
        actions: f.awaitingOrder > 0 ? [{ href: '/orders/new?kind=ASSIGN_PAIRS', label: 'Подготовить приказ о закреплении пар', permission: 'orders:draft' }] : [],
      },
      {
        stage: 4,
        items: [
          {
            key: 'formed-pairs',
            text: 'Сформировано пар и групп (закреплены приказом)',
            done: f.formed > 0,
            figure: { count: f.formed, ...list(`status=${FORMED_STATUSES.join(',')}`) },
          },
        ],
        actions: [{ href: '/matching', label: 'Подбор наставников', permission: 'matching:use' }],
      },
      {
        stage: 5,
        items: stage5,
        actions: [
          { href: '/pairs', label: 'Пары и группы', permission: 'pairs:read' },
          { href: '/pairs/waiting', label: 'Наставляемые без пары', permission: 'pairs:read' },
          { href: '/pairs/at-risk', label: 'Пары под риском', permission: 'pairs:read' },
        ],
      },
    ];
  },
};
