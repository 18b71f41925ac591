/**
 * The banks' part of the dashboard: stage 2 — the mentee bank; stage 3 — candidates waiting for a decision,
 * approved mentors, and approved mentors without both documents they need; stage 4 — approved mentors trained
 * (the status follows attendance at set-up sessions: banks.rules.ts trainingStatusOf). One statement; each figure links to the bank list filtered by the same statuses.
 */
import { countsByOrganizationSql, countsSql, type CountsOver, type DashboardFigures } from '../../core/dashboard.ts';
import { sqlList } from '../../core/sql-list.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import type { MentorTraining } from '../../generated/prisma/enums.ts';
import { hasValidConsentSql } from '../consents/index.ts';
import { APPROVED_MENTOR_STATUSES, CURRENT_MENTEE_STATUSES } from './banks.rules.ts';

/** Approved mentors who have not finished the set-up sessions. */
const UNTRAINED: MentorTraining[] = ['NOT_TRAINED', 'IN_TRAINING'];

interface Figures {
  mentees: number;
  candidates: number;
  approved: number;
  withoutConsents: number;
  untrained: number;
  trained: number;
}

const approved = Sql.sql`m.status IN (${sqlList(APPROVED_MENTOR_STATUSES)})`;

/** The figures' rules: the mentee bank's current entries, and the mentor bank by status, consents and training. */
const MENTEES: CountsOver = { table: 'MenteeEntry', alias: 'e', counts: { mentees: Sql.sql`e.status IN (${sqlList(CURRENT_MENTEE_STATUSES)})` } };
const MENTORS: CountsOver = {
  table: 'MentorEntry',
  alias: 'm',
  counts: {
    candidates: Sql.sql`m.status = 'CANDIDATE'`,
    approved,
    withoutConsents: Sql.sql`${approved} AND NOT (${hasValidConsentSql(Sql.raw('m."staffMemberId"'), Sql.raw('m."organizationId"'), 'PERSONAL_DATA')}
                                             AND ${hasValidConsentSql(Sql.raw('m."staffMemberId"'), Sql.raw('m."organizationId"'), 'MENTORING')})`,
    untrained: Sql.sql`${approved} AND m."trainingStatus" IN (${sqlList(UNTRAINED)})`,
    trained: Sql.sql`${approved} AND m."trainingStatus" = 'TRAINED'`,
  },
};

export const banksDashboard: DashboardFigures<Figures> = {
  figures: (scope) => countsSql(scope.organization.id, MENTEES, MENTORS),
  figuresByOrganization: ({ ids }) => countsByOrganizationSql(ids, MENTEES, MENTORS),
  contribute(f) {
    const approvedList = `/bank/mentors?status=${APPROVED_MENTOR_STATUSES.join(',')}`;
    return [
      {
        stage: 2,
        items: [
          {
            key: 'mentee-bank',
            text: 'Запросов в банке наставляемых',
            done: f.mentees > 0,
            figure: { count: f.mentees, href: `/bank/mentees?status=${CURRENT_MENTEE_STATUSES.join(',')}`, permission: 'banks:read' },
          },
        ],
        actions: [{ href: '/bank/mentees', label: 'Банк наставляемых', permission: 'banks:read' }],
      },
      {
        stage: 3,
        items: [
          {
            key: 'candidates',
            text: 'Кандидаты в наставники ждут решения',
            done: f.candidates === 0,
            figure: { count: f.candidates, href: '/bank/mentors?status=CANDIDATE', permission: 'banks:read' },
          },
          { key: 'approved-mentors', text: 'Одобрено наставников', done: f.approved > 0, figure: { count: f.approved, href: approvedList, permission: 'banks:read' } },
          f.withoutConsents === 0
            ? {
                key: 'mentor-consents',
                text: 'У каждого одобренного наставника есть согласие на обработку ПД и письменное согласие на наставническую деятельность',
                done: true,
              }
            : {
                key: 'mentor-consents',
                text: 'Одобренные наставники без согласия на обработку ПД или письменного согласия на наставническую деятельность (ст. 351.8 ТК РФ)',
                done: false,
                alert: true,
                figure: { count: f.withoutConsents, href: `${approvedList}&consents=missing`, permission: 'banks:read' },
              },
        ],
        actions: [{ href: '/bank/mentors', label: 'Банк наставников', permission: 'banks:read' }],
      },
      {
        stage: 4,
        items: [
          {
            key: 'training',
            text: `Обучено наставников (прошли установочные сессии): {figure} из ${f.approved}`,
            done: f.approved > 0 && f.untrained === 0,
            figure: { count: f.trained, href: `${approvedList}&training=TRAINED`, permission: 'banks:read' },
          },
        ],
      },
    ];
  },
};
