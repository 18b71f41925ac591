import type { Permission } from '../../core/auth/permissions.ts';
import type { Scope } from '../../core/scope.ts';
import { plural } from '../../domain/words.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import { hasValidConsentSql } from '../consents/index.ts';
import { roadmapStages, type RoadmapStage } from './roadmap.stages.ts';

export interface StageCard extends RoadmapStage {
  /** What the data says about this stage; null where the portal cannot tell yet. */
  progress: { lines: string[]; done: boolean } | null;
  /** The next things to do, as links; `permission`: only for those who may follow it (else any reader of the banks). */
  links: { href: string; label: string; permission?: Permission }[];
  /** Honest note for stages whose part of the portal is not built yet. */
  pending: string | null;
}

const NOT_BUILT = 'Учёт этого этапа в портале ещё не реализован: раздел появится в следующих версиях.';

const teachers = (n: number) => `${n} ${plural(n, ['педагога', 'педагогов', 'педагогов'])}`;

interface BankFigures {
  staff: number;
  consents: number;
  menteeRequests: number;
  mentorForms: number;
  mentees: number;
  mentors: number;
  approvedMentors: number;
  trainedMentors: number;
  published: string[];
  pairsDraft: number;
  pairsProposed: number;
  pairsActive: number;
  pairsFinished: number;
  waitingMentees: number;
  supportedWaiting: number;
  assignOrders: number;
  regulation: { numberText: string; orderDate: string } | null;
}

/**
 * The figures behind stages 2 and 3 in ONE statement: the dashboard is everyone's home page, and
 * eight separate counts would queue for the connection pool under load.
 */
async function bankFigures(scope: Scope) {
  const organizationId = scope.organization.id;
  const [f] = await scope.db.$queryRaw<BankFigures[]>`
    WITH working AS (
      SELECT id FROM "StaffMember"
       WHERE "organizationId" = ${organizationId} AND "archivedAt" IS NULL AND position <> 'заведующий'
    )
    SELECT
      (SELECT count(*)::int FROM working) AS staff,
      (SELECT count(*)::int FROM working w WHERE ${hasValidConsentSql(Sql.raw('w.id'), Sql.sql`${organizationId}`, 'PERSONAL_DATA')}) AS consents,
      (SELECT count(DISTINCT r."staffMemberId")::int FROM "QuestionnaireResponse" r JOIN "Questionnaire" q ON q.id = r."questionnaireId"
        WHERE r."organizationId" = ${organizationId} AND r.status = 'SUBMITTED' AND q.audience = 'MENTEE_REQUESTS') AS "menteeRequests",
      (SELECT count(DISTINCT r."staffMemberId")::int FROM "QuestionnaireResponse" r JOIN "Questionnaire" q ON q.id = r."questionnaireId"
        WHERE r."organizationId" = ${organizationId} AND r.status = 'SUBMITTED' AND q.audience = 'MENTOR_CANDIDATES') AS "mentorForms",
      (SELECT count(*)::int FROM "MenteeEntry" WHERE "organizationId" = ${organizationId} AND status <> 'WITHDRAWN') AS mentees,
      (SELECT count(*)::int FROM "MentorEntry" WHERE "organizationId" = ${organizationId} AND status <> 'LEFT') AS mentors,
      (SELECT count(*)::int FROM "MentorEntry" WHERE "organizationId" = ${organizationId} AND status IN ('APPROVED', 'ACTIVE')) AS "approvedMentors",
      (SELECT count(*)::int FROM "MentorEntry" WHERE "organizationId" = ${organizationId} AND status IN ('APPROVED', 'ACTIVE') AND "trainingStatus" = 'TRAINED') AS "trainedMentors",
      (SELECT count(*)::int FROM "Pair" WHERE "organizationId" = ${organizationId} AND status = 'DRAFT') AS "pairsDraft",
      (SELECT count(*)::int FROM "Pair" WHERE "organizationId" = ${organizationId} AND status = 'PROPOSED') AS "pairsProposed",
      (SELECT count(*)::int FROM "Pair" WHERE "organizationId" = ${organizationId} AND status = 'ACTIVE') AS "pairsActive",
      (SELECT count(*)::int FROM "Pair" WHERE "organizationId" = ${organizationId} AND status IN ('COMPLETED', 'ENDED_EARLY')) AS "pairsFinished",
      (SELECT count(*)::int FROM "MenteeEntry" e WHERE e."organizationId" = ${organizationId} AND e.status IN ('NEW', 'IN_BANK')
         AND NOT EXISTS (SELECT 1 FROM "PairMember" m JOIN "Pair" p ON p.id = m."pairId"
                          WHERE m."menteeEntryId" = e.id AND p.status IN ('DRAFT', 'PROPOSED', 'ACTIVE'))) AS "waitingMentees",
      (SELECT count(DISTINCT s."menteeEntryId")::int FROM "MenteeSupport" s JOIN "MenteeEntry" e ON e.id = s."menteeEntryId"
        WHERE s."organizationId" = ${organizationId} AND e.status IN ('NEW', 'IN_BANK')) AS "supportedWaiting",
      (SELECT count(*)::int FROM "Order" WHERE "organizationId" = ${organizationId} AND kind = 'ASSIGN_PAIRS' AND status = 'APPROVED') AS "assignOrders",
      (SELECT json_build_object('numberText', "numberText", 'orderDate', to_char("orderDate", 'DD.MM.YYYY')) FROM "Order"
        WHERE "organizationId" = ${organizationId} AND kind = 'REGULATION' AND status = 'APPROVED'
        ORDER BY "approvedAt" DESC LIMIT 1) AS regulation,
      ARRAY(SELECT DISTINCT audience::text FROM "Questionnaire" WHERE "organizationId" = ${organizationId} AND status = 'PUBLISHED') AS published`;
  return { ...f!, published: new Set(f!.published) };
}

/**
 * The dashboard's seven cards. Progress is derived from the organization's data; stages without
 * a module yet say so instead of showing invented numbers.
 */
export async function dashboardCards(scope: Scope): Promise<StageCard[]> {
  const f = await bankFigures(scope);
  return roadmapStages().map((stage): StageCard => {
    const base = { ...stage, links: [] as StageCard['links'], pending: null };
    if (stage.number === 2) {
      const links = [];
      if (!f.published.has('MENTEE_REQUESTS')) links.push({ href: '/questionnaires', label: 'Опубликовать анкету профессиональных запросов', permission: 'questionnaires:manage' as const });
      if (f.consents < f.staff) links.push({ href: '/consents', label: `Согласия на обработку ПД нет у ${teachers(f.staff - f.consents)}` });
      links.push({ href: '/bank/mentees', label: 'Банк наставляемых' });
      return {
        ...base,
        links,
        progress: {
          lines: [
            `Запросы собраны у ${f.menteeRequests} из ${teachers(f.staff)}; согласия на обработку ПД: ${f.consents}`,
            `В банке наставляемых: ${f.mentees}`,
          ],
          done: f.staff > 0 && f.menteeRequests >= f.staff && f.mentees > 0,
        },
      };
    }
    if (stage.number === 3) {
      const links = [];
      if (!f.published.has('MENTOR_CANDIDATES')) links.push({ href: '/questionnaires', label: 'Опубликовать анкету потенциального наставника', permission: 'questionnaires:manage' as const });
      links.push({ href: '/bank/mentors', label: 'Банк наставников' });
      return {
        ...base,
        links,
        progress: {
          lines: [`Анкеты потенциальных наставников: ${f.mentorForms}`, `В банке наставников: ${f.mentors}, из них одобрено: ${f.approvedMentors}`],
          done: f.approvedMentors > 0,
        },
      };
    }
    if (stage.number === 1) {
      const links = [];
      if (!f.regulation) links.push({ href: '/orders/new?kind=REGULATION', label: 'Подготовить приказ об утверждении Положения', permission: 'orders:draft' as const });
      if (f.pairsDraft + f.pairsProposed > 0) links.push({ href: '/orders/new?kind=ASSIGN_PAIRS', label: 'Подготовить приказ о закреплении пар', permission: 'orders:draft' as const });
      links.push({ href: '/orders', label: 'Приказы' });
      return {
        ...base,
        links,
        progress: {
          lines: [
            f.regulation
              ? `Приказ об утверждении Положения: № ${f.regulation.numberText} от ${f.regulation.orderDate}`
              : 'Приказ об утверждении Положения ещё не утверждён',
            `Приказов о закреплении пар (групп) утверждено: ${f.assignOrders}`,
          ],
          done: Boolean(f.regulation) && f.assignOrders > 0,
        },
        pending: 'Персонализированные программы наставничества появятся в следующих версиях портала.',
      };
    }
    if (stage.number === 4) {
      return {
        ...base,
        links: [{ href: '/matching', label: 'Подбор наставников', permission: 'matching:use' as const }],
        progress: {
          lines: [
            `Одобрено наставников: ${f.approvedMentors}, прошли установочные сессии: ${f.trainedMentors}`,
            `Подобрано пар и групп: ${f.pairsDraft + f.pairsProposed + f.pairsActive + f.pairsFinished}`,
          ],
          done: f.approvedMentors > 0 && f.trainedMentors >= f.approvedMentors && f.pairsActive > 0,
        },
        pending: 'Методические материалы и учёт установочных сессий появятся в следующих версиях портала.',
      };
    }
    if (stage.number === 5) {
      const links = [{ href: '/pairs', label: 'Пары и группы' }];
      if (f.waitingMentees > 0) links.push({ href: '/pairs/waiting', label: `Без пары: ${f.waitingMentees}` });
      return {
        ...base,
        links,
        progress: {
          lines: [
            `Пар и групп работает: ${f.pairsActive}; на согласовании: ${f.pairsProposed}; черновиков: ${f.pairsDraft}`,
            `Наставляемых без пары: ${f.waitingMentees}, из них получают поддержку: ${f.supportedWaiting}`,
          ],
          done: f.pairsActive > 0 && f.waitingMentees === 0,
        },
        pending: null,
      };
    }
    return { ...base, progress: null, pending: NOT_BUILT };
  });
}
