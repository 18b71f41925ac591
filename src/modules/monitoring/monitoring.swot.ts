/**
 * The curator's SWOT analysis of a school year, built from the end-of-programme questionnaires answered about
 * the programmes completed in it (monitoringRespondentsSql's programmes; the curator's own questionnaire too).
 * The mapping from answers to quadrants is fixed and documented here and in CONTEXT.md:
 *
 * | quadrant          | from                                                                                   |
 * |-------------------|----------------------------------------------------------------------------------------|
 * | S — сильные       | «что помогло» (наставник, наставляемый); куратор: «сильные стороны»; оценки 1–10 со средним ≥ 8 |
 * | W — слабые        | «какие трудности» (наставник, наставляемый); куратор: «что не получилось»; оценки со средним ≤ 5 |
 * | O — возможности   | «что изменить» (предложения участников); куратор: «возможности»; «да» на вопрос о продолжении  |
 * | T — угрозы        | куратор: «риски»; «нет» на вопрос о продолжении (наставник не готов продолжать, наставляемый не хочет) |
 *
 * Each statement carries the answers behind it (who answered, about which programme). The methodist adds her
 * own statements and notes to a quadrant (MonitoringSwotNote): the answers stay as they were sent.
 */
import { z } from 'zod';
import { audit } from '../../core/audit.ts';
import { NotFoundError } from '../../core/errors.ts';
import { transaction, type Scope } from '../../core/scope.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import { programmesCompletedSql, schoolYearWindow } from './monitoring.rules.ts';
import { CURATOR_MONITORING, MENTEE_MONITORING, MENTOR_MONITORING } from './monitoring.templates.ts';

export const QUADRANTS = ['S', 'W', 'O', 'T'] as const;
export type Quadrant = (typeof QUADRANTS)[number];

export const QUADRANT_LABELS: Record<Quadrant, string> = {
  S: 'Сильные стороны',
  W: 'Слабые стороны',
  O: 'Возможности',
  T: 'Угрозы',
};

type Who = 'MENTOR' | 'MENTEE' | 'CURATOR';
const WHO_LABELS: Record<Who, string> = { MENTOR: 'наставник', MENTEE: 'наставляемый', CURATOR: 'куратор' };

export interface SwotAnswer {
  text: string;
  who: string;
  programmeId: number;
}

export interface SwotStatement {
  quadrant: Quadrant;
  text: string;
  answers: SwotAnswer[];
}

/** Text questions → quadrant. */
const TEXT_MAPPING: { quadrant: Quadrant; statement: string; from: { who: Who; key: string }[] }[] = [
  { quadrant: 'S', statement: 'Участникам помогло', from: [{ who: 'MENTOR', key: 'helped' }, { who: 'MENTEE', key: 'helped' }] },
  { quadrant: 'S', statement: 'Сильные стороны работы пар (оценка куратора)', from: [{ who: 'CURATOR', key: 'strengths' }] },
  { quadrant: 'W', statement: 'Трудности, которые называют участники', from: [{ who: 'MENTOR', key: 'difficulties' }, { who: 'MENTEE', key: 'difficulties' }] },
  { quadrant: 'W', statement: 'Что не получилось (оценка куратора)', from: [{ who: 'CURATOR', key: 'weaknesses' }] },
  { quadrant: 'O', statement: 'Предложения участников: что изменить', from: [{ who: 'MENTOR', key: 'change' }, { who: 'MENTEE', key: 'change' }] },
  { quadrant: 'O', statement: 'Возможности (оценка куратора)', from: [{ who: 'CURATOR', key: 'opportunities' }] },
  { quadrant: 'T', statement: 'Риски (оценка куратора)', from: [{ who: 'CURATOR', key: 'threats' }] },
];

/** A scale's average at or above it is a strength, at or below LOW a weakness. */
export const HIGH = 8;
export const LOW = 5;

const TEMPLATES: Record<Who, typeof MENTOR_MONITORING> = { MENTOR: MENTOR_MONITORING, MENTEE: MENTEE_MONITORING, CURATOR: CURATOR_MONITORING };

interface Response {
  who: Who;
  programmeId: number;
  answers: Record<string, unknown>;
}

/** Pure: the answers → the statements of the four quadrants (unit-tested apart from the database). */
export function swotOf(responses: Response[]): SwotStatement[] {
  const statements: SwotStatement[] = [];
  for (const m of TEXT_MAPPING) {
    const answers: SwotAnswer[] = [];
    for (const r of responses) {
      for (const f of m.from) {
        const value = r.answers[f.key];
        if (r.who === f.who && typeof value === 'string' && value.trim()) answers.push({ text: value.trim(), who: WHO_LABELS[r.who], programmeId: r.programmeId });
      }
    }
    if (answers.length) statements.push({ quadrant: m.quadrant, text: m.statement, answers });
  }
  for (const who of ['MENTEE', 'MENTOR', 'CURATOR'] as const) {
    for (const q of TEMPLATES[who].questions.filter((question) => question.kind === 'SCALE')) {
      const scores = responses.filter((r) => r.who === who && typeof r.answers[q.key] === 'number').map((r) => ({ score: r.answers[q.key] as number, programmeId: r.programmeId }));
      if (!scores.length) continue;
      const average = Math.round((scores.reduce((s, x) => s + x.score, 0) / scores.length) * 10) / 10;
      const quadrant: Quadrant | null = average >= HIGH ? 'S' : average <= LOW ? 'W' : null;
      if (!quadrant) continue;
      statements.push({
        quadrant,
        text: `${quadrant === 'S' ? 'Высокая' : 'Низкая'} оценка (${WHO_LABELS[who]}): «${q.text}» — в среднем ${average.toLocaleString('ru-RU')} из 10`,
        answers: scores.map((s) => ({ text: `оценка ${s.score}`, who: WHO_LABELS[who], programmeId: s.programmeId })),
      });
    }
  }
  for (const who of ['MENTOR', 'MENTEE'] as const) {
    const answered = responses.filter((r) => r.who === who && typeof r.answers.continue === 'boolean');
    const yes = answered.filter((r) => r.answers.continue === true);
    const no = answered.filter((r) => r.answers.continue === false);
    const label = who === 'MENTOR' ? ['Наставники готовы продолжить наставническую деятельность', 'Наставники не готовы продолжать наставническую деятельность'] : ['Наставляемые хотят продолжить работу или стать наставниками', 'Наставляемые не хотят продолжать работу с наставником'];
    if (yes.length) statements.push({ quadrant: 'O', text: `${label[0]}: ${yes.length}`, answers: yes.map((r) => ({ text: 'да', who: WHO_LABELS[who], programmeId: r.programmeId })) });
    if (no.length) statements.push({ quadrant: 'T', text: `${label[1]}: ${no.length}`, answers: no.map((r) => ({ text: 'нет', who: WHO_LABELS[who], programmeId: r.programmeId })) });
  }
  return statements;
}

/** The sent end-of-programme answers about the programmes completed in the school year (one statement). */
export async function swotResponses(scope: Scope, schoolYear: number): Promise<Response[]> {
  const keys = { [MENTOR_MONITORING.key]: 'MENTOR', [MENTEE_MONITORING.key]: 'MENTEE', [CURATOR_MONITORING.key]: 'CURATOR' } as Record<string, Who>;
  const rows = await scope.db.$queryRaw<{ templateKey: string; programmeId: number; answers: Record<string, unknown> }[]>`
    SELECT q."templateKey", r."subjectId" AS "programmeId", r.answers
      FROM "QuestionnaireResponse" r
      JOIN "Questionnaire" q ON q."organizationId" = r."organizationId" AND q.id = r."questionnaireId"
      JOIN (${programmesCompletedSql([scope.organization.id], schoolYearWindow(schoolYear, scope.today, scope.organization.timeZone))}) done
        ON done."organizationId" = r."organizationId" AND done."programmeId" = r."subjectId"
     WHERE r."organizationId" = ${scope.organization.id} AND r."subjectType" = 'PROGRAMME' AND r.status = 'SUBMITTED'
       AND q."templateKey" IN (${Sql.join(Object.keys(keys))})
     ORDER BY r."submittedAt", r.id`;
  return rows.map((r) => ({ who: keys[r.templateKey]!, programmeId: r.programmeId, answers: r.answers }));
}

// ---- the methodist's own statements and notes -------------------------------------------------------

export interface SwotNote {
  id: number;
  quadrant: Quadrant;
  text: string;
  authorName: string;
  createdAt: Date;
}

export const SwotNoteForm = z.object({
  quadrant: z.enum(QUADRANTS, { error: 'Выберите раздел SWOT-анализа' }),
  text: z.string().trim().min(1, 'Напишите утверждение или заметку').max(2000, 'Не длиннее 2000 символов'),
});

export async function swotNotes(scope: Scope, schoolYear: number): Promise<SwotNote[]> {
  const rows = await scope.db.monitoringSwotNote.findMany({ where: { schoolYear }, orderBy: { id: 'asc' }, select: { id: true, quadrant: true, text: true, authorName: true, createdAt: true } });
  return rows.map((r) => ({ ...r, quadrant: r.quadrant as Quadrant }));
}

export async function addSwotNote(scope: Scope, schoolYear: number, body: unknown): Promise<{ ok: true } | { ok: false; errors: Record<string, string> }> {
  const parsed = SwotNoteForm.safeParse(body);
  if (!parsed.success) return { ok: false, errors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])) };
  await transaction(scope, async (tx) => {
    const note = await tx.db.monitoringSwotNote.create({
      data: { organizationId: tx.organization.id, schoolYear, quadrant: parsed.data.quadrant, text: parsed.data.text, authorName: tx.user?.fullName ?? '' },
      select: { id: true },
    });
    await audit(tx, { action: 'monitoring.swot-note.add', entityType: 'MonitoringSwotNote', entityId: note.id, details: { schoolYear, quadrant: parsed.data.quadrant } });
  });
  return { ok: true };
}

export async function deleteSwotNote(scope: Scope, id: number): Promise<void> {
  await transaction(scope, async (tx) => {
    const { count } = await tx.db.monitoringSwotNote.deleteMany({ where: { id } });
    if (!count) throw new NotFoundError('Заметка не найдена');
    await audit(tx, { action: 'monitoring.swot-note.delete', entityType: 'MonitoringSwotNote', entityId: id });
  });
}
