import type { Prisma } from '../../core/database/client.ts';
import { plural } from '../../core/format.ts';
import { roadmapStages, type RoadmapStage } from './roadmap.stages.ts';

export interface StageCard extends RoadmapStage {
  /** What the data says about this stage; null where the portal cannot tell yet. */
  progress: { lines: string[]; done: boolean } | null;
  /** The next things to do, as links. */
  links: { href: string; label: string }[];
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
  published: string[];
}

/**
 * The figures behind stages 2 and 3 in ONE statement: the dashboard is everyone's home page, and
 * eight separate counts would queue for the connection pool under load.
 */
async function bankFigures(prisma: Prisma, organizationId: number) {
  const [f] = await prisma.$queryRaw<BankFigures[]>`
    WITH working AS (
      SELECT id FROM "StaffMember"
       WHERE "organizationId" = ${organizationId} AND "archivedAt" IS NULL AND position <> 'заведующий'
    )
    SELECT
      (SELECT count(*)::int FROM working) AS staff,
      (SELECT count(DISTINCT c."staffMemberId")::int FROM "Consent" c JOIN working w ON w.id = c."staffMemberId"
        WHERE c."organizationId" = ${organizationId} AND c.kind = 'PERSONAL_DATA' AND c."revokedAt" IS NULL) AS consents,
      (SELECT count(DISTINCT r."staffMemberId")::int FROM "QuestionnaireResponse" r JOIN "Questionnaire" q ON q.id = r."questionnaireId"
        WHERE r."organizationId" = ${organizationId} AND r.status = 'SUBMITTED' AND q.audience = 'MENTEE_REQUESTS') AS "menteeRequests",
      (SELECT count(DISTINCT r."staffMemberId")::int FROM "QuestionnaireResponse" r JOIN "Questionnaire" q ON q.id = r."questionnaireId"
        WHERE r."organizationId" = ${organizationId} AND r.status = 'SUBMITTED' AND q.audience = 'MENTOR_CANDIDATES') AS "mentorForms",
      (SELECT count(*)::int FROM "MenteeEntry" WHERE "organizationId" = ${organizationId} AND status <> 'WITHDRAWN') AS mentees,
      (SELECT count(*)::int FROM "MentorEntry" WHERE "organizationId" = ${organizationId} AND status <> 'LEFT') AS mentors,
      (SELECT count(*)::int FROM "MentorEntry" WHERE "organizationId" = ${organizationId} AND status IN ('APPROVED', 'ACTIVE')) AS "approvedMentors",
      ARRAY(SELECT DISTINCT audience::text FROM "Questionnaire" WHERE "organizationId" = ${organizationId} AND status = 'PUBLISHED') AS published`;
  return { ...f!, published: new Set(f!.published) };
}

/**
 * The dashboard's seven cards. Progress is derived from the organization's data; stages without
 * a module yet say so instead of showing invented numbers.
 */
export async function dashboardCards(prisma: Prisma, organizationId: number): Promise<StageCard[]> {
  const f = await bankFigures(prisma, organizationId);
  return roadmapStages().map((stage): StageCard => {
    const base = { ...stage, links: [] as StageCard['links'], pending: null };
    if (stage.number === 2) {
      const links = [];
      if (!f.published.has('MENTEE_REQUESTS')) links.push({ href: '/questionnaires', label: 'Опубликовать анкету профессиональных запросов' });
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
      if (!f.published.has('MENTOR_CANDIDATES')) links.push({ href: '/questionnaires', label: 'Опубликовать анкету потенциального наставника' });
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
    return { ...base, progress: null, pending: NOT_BUILT };
  });
}
