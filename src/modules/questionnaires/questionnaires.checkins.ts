/**
 * The pair check-in «Как идёт работа в паре?»: three questions, one minute on a phone. It is an ordinary
 * questionnaire of the organization (made once, from the shipped questions below, marked by its templateKey)
 * answered per pair — subjectType PAIR, subjectId the pair's id, occasion "checkin-N" — so the answers live
 * where every other answer lives. It is NOT one of the regular questionnaires: `regularQuestionnaireWhere`
 * keeps it out of the methodist's list, the teachers' open list, the results and the «Заполнить анкеты» to-do
 * group, and its pages are reached only through the pair (the pairs module owns who is due which check-in).
 */
import { audit } from '../../core/audit.ts';
import { FormError } from '../../core/errors.ts';
import { transaction, type Scope } from '../../core/scope.ts';
import type { Prisma as P } from '../../generated/prisma/client.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import { formValuesOf, readAnswers, type AnswerFormValues } from './questionnaires.answers.ts';
import { parseQuestions, type Answers, type Question } from './questionnaires.schemas.ts';
import { SUBJECT_TEMPLATE_PREFIX } from './questionnaires.subjects.ts';

export const CHECKIN_TEMPLATE_KEY = 'pair-checkin';

export const CHECKIN_TITLE = 'Как идёт работа в паре?';

/** The shipped questions; `score` is the figure monitoring and the at-risk list read (1..10). */
export const CHECKIN_QUESTIONS: Question[] = [
  { key: 'score', kind: 'SCALE', text: 'Насколько продуктивны ваши встречи?', hint: '1 — совсем не продуктивны, 10 — очень продуктивны', required: true },
  {
    key: 'meetings',
    kind: 'SINGLE',
    text: 'Как часто вы встречались за последний месяц?',
    required: true,
    options: [
      { value: 'none', label: 'Ни разу' },
      { value: 'once', label: 'Один раз' },
      { value: 'few', label: '2–3 раза' },
      { value: 'weekly', label: 'Каждую неделю или чаще' },
    ],
  },
  { key: 'note', kind: 'SHORT_TEXT', text: 'Что мешает или что помогло бы?', required: false },
];

/**
 * Every questionnaire except the pair check-in and the questionnaires answered about a subject that another
 * module opens (questionnaires.subjects.ts): the lists, results and to-do of regular questionnaires.
 */
export function regularQuestionnaireWhere(): P.QuestionnaireWhereInput {
  return { OR: [{ templateKey: null }, { AND: [{ templateKey: { not: CHECKIN_TEMPLATE_KEY } }, { NOT: { templateKey: { startsWith: SUBJECT_TEMPLATE_PREFIX } } }] }] };
}

/** regularQuestionnaireWhere in SQL over a "Questionnaire" alias. */
export function isRegularQuestionnaireSql(q: Sql.Sql): Sql.Sql {
  return Sql.sql`(${q}."templateKey" IS NULL OR (${q}."templateKey" <> ${CHECKIN_TEMPLATE_KEY} AND NOT starts_with(${q}."templateKey", ${SUBJECT_TEMPLATE_PREFIX})))`;
}

/** The organization's check-in questionnaire, made on first use (published, no dates: it opens per pair). */
async function checkinQuestionnaire(scope: Scope): Promise<{ id: number; versionId: number; questions: Question[] }> {
  const select = { id: true, currentVersion: { select: { id: true, questions: true } } } as const;
  let found = await scope.db.questionnaire.findFirst({ where: { templateKey: CHECKIN_TEMPLATE_KEY }, orderBy: { id: 'asc' }, select });
  if (!found?.currentVersion) {
    found = await transaction(scope, async (tx) => {
      const created = await tx.db.questionnaire.create({
        data: {
          organizationId: tx.organization.id,
          title: CHECKIN_TITLE,
          description: 'Короткий опрос участников пары: на 30-й день работы и затем каждые 60 дней.',
          audience: 'MENTOR_MONITORING',
          status: 'PUBLISHED',
          templateKey: CHECKIN_TEMPLATE_KEY,
          createdById: tx.actor.userId,
        },
        select: { id: true },
      });
      const version = await tx.db.questionnaireVersion.create({ data: { questionnaireId: created.id, number: 1, questions: CHECKIN_QUESTIONS }, select: { id: true } });
      await tx.db.questionnaire.update({ where: { id: created.id }, data: { currentVersionId: version.id } });
      await audit(tx, { action: 'questionnaire.create', entityType: 'Questionnaire', entityId: created.id, details: { templateKey: CHECKIN_TEMPLATE_KEY } });
      return { id: created.id, currentVersion: { id: version.id, questions: CHECKIN_QUESTIONS as unknown as P.JsonValue } };
    });
  }
  const version = found.currentVersion!;
  return { id: found.id, versionId: version.id, questions: parseQuestions(version.questions) };
}

export interface CheckinForm {
  questions: Question[];
  values: AnswerFormValues;
  submittedAt: Date | null;
}

/** The person's check-in form for the pair and occasion: the questions and their own answers so far. */
export async function getCheckinForm(scope: Scope, pairId: number, occasion: string, staffMemberId: number): Promise<CheckinForm> {
  const q = await checkinQuestionnaire(scope);
  const mine = await scope.db.questionnaireResponse.findFirst({
    where: { questionnaireId: q.id, staffMemberId, subjectType: 'PAIR', subjectId: pairId, occasion },
    select: { answers: true, submittedAt: true },
  });
  return { questions: q.questions, values: mine ? formValuesOf(q.questions, mine.answers as Answers) : {}, submittedAt: mine?.submittedAt ?? null };
}

/**
 * Sends the person's check-in for the pair and occasion. One response per member and occasion (the unique key
 * of responses): sending again while the check-in is open updates their own answers.
 */
export async function submitCheckin(scope: Scope, pairId: number, occasion: string, staffMemberId: number, body: Record<string, unknown>) {
  const q = await checkinQuestionnaire(scope);
  const { answers, errors } = readAnswers(q.questions, body, 'submit');
  if (Object.keys(errors).length) throw new FormError(errors, 'Ответьте на обязательные вопросы');
  return transaction(scope, async (tx) => {
    const key = { questionnaireId: q.id, staffMemberId, subjectType: 'PAIR' as const, subjectId: pairId, occasion };
    const saved = await tx.db.questionnaireResponse.upsert({
      where: { questionnaireId_staffMemberId_subjectType_subjectId_occasion: key },
      create: { organizationId: tx.organization.id, ...key, versionId: q.versionId, answers, status: 'SUBMITTED', submittedAt: new Date() },
      update: { answers, submittedAt: new Date() },
      select: { id: true },
    });
    await audit(tx, { action: 'questionnaire.submit', entityType: 'QuestionnaireResponse', entityId: saved.id, details: { questionnaireId: q.id, pairId, occasion } });
    return saved;
  });
}

/**
 * `answeredCheckins` in SQL, for a statement that asks more (the to-do home's): the person has sent the check-in of
 * `occasion` about the pair `pairId` (SQL expressions of the caller's row). The organization is the caller's.
 */
export function answeredCheckinSql(organizationId: number, staffMemberId: number, pairId: Sql.Sql, occasion: Sql.Sql): Sql.Sql {
  return Sql.sql`EXISTS (SELECT 1 FROM "QuestionnaireResponse" r
      JOIN "Questionnaire" q ON q."organizationId" = r."organizationId" AND q.id = r."questionnaireId"
     WHERE r."organizationId" = ${organizationId} AND r."staffMemberId" = ${staffMemberId} AND r.status = 'SUBMITTED'
       AND r."subjectType" = 'PAIR' AND r."subjectId" = ${pairId} AND r.occasion = ${occasion} AND q."templateKey" = ${CHECKIN_TEMPLATE_KEY})`;
}

/** The (pair, occasion) check-ins the person has sent, among those asked: "pairId:occasion" keys. */
export async function answeredCheckins(scope: Scope, staffMemberId: number, due: { pairId: number; occasion: string }[]): Promise<Set<string>> {
  if (!due.length) return new Set();
  const rows = await scope.db.questionnaireResponse.findMany({
    where: {
      staffMemberId,
      status: 'SUBMITTED',
      subjectType: 'PAIR',
      questionnaire: { templateKey: CHECKIN_TEMPLATE_KEY },
      OR: due.map((d) => ({ subjectId: d.pairId, occasion: d.occasion })),
    },
    select: { subjectId: true, occasion: true },
  });
  return new Set(rows.map((r) => `${r.subjectId}:${r.occasion}`));
}

export interface CheckinAnswer {
  occasion: string;
  staffMemberId: number;
  score: number | null;
  meetings: string;
  note: string;
  submittedAt: Date | null;
}

const occasionNumber = (occasion: string) => Number(occasion.replace('checkin-', '')) || 0;

/** A pair's sent check-ins, newest occasion first, with the meetings answer in words. */
export async function checkinAnswers(scope: Scope, pairId: number): Promise<CheckinAnswer[]> {
  const rows = await scope.db.questionnaireResponse.findMany({
    where: { subjectType: 'PAIR', subjectId: pairId, status: 'SUBMITTED', questionnaire: { templateKey: CHECKIN_TEMPLATE_KEY } },
    select: { occasion: true, staffMemberId: true, answers: true, submittedAt: true, version: { select: { questions: true } } },
    take: 200,
  });
  return rows
    .map((r) => {
      const a = r.answers as Answers;
      const meetings = parseQuestions(r.version.questions).find((q) => q.key === 'meetings')?.options?.find((o) => o.value === a.meetings)?.label ?? '';
      return {
        occasion: r.occasion,
        staffMemberId: r.staffMemberId,
        score: typeof a.score === 'number' ? a.score : null,
        meetings,
        note: typeof a.note === 'string' ? a.note : '',
        submittedAt: r.submittedAt,
      };
    })
    .sort((x, y) => occasionNumber(y.occasion) - occasionNumber(x.occasion) || x.staffMemberId - y.staffMemberId);
}

/**
 * For monitoring and the at-risk rule: each pair's latest check-in (the highest occasion anyone answered) and
 * its average score over the members who answered it. Pairs without a check-in are absent. One statement.
 */
export async function checkinScores(scope: Scope, pairIds: number[]): Promise<Map<number, { occasion: string; average: number }>> {
  if (!pairIds.length) return new Map();
  const rows = await scope.db.questionnaireResponse.findMany({
    where: { subjectType: 'PAIR', subjectId: { in: pairIds }, status: 'SUBMITTED', questionnaire: { templateKey: CHECKIN_TEMPLATE_KEY } },
    select: { subjectId: true, occasion: true, answers: true },
  });
  const latest = new Map<number, { occasion: string; scores: number[] }>();
  for (const r of rows) {
    const score = (r.answers as Answers).score;
    if (typeof score !== 'number') continue;
    const seen = latest.get(r.subjectId);
    if (!seen || occasionNumber(r.occasion) > occasionNumber(seen.occasion)) latest.set(r.subjectId, { occasion: r.occasion, scores: [score] });
    else if (seen.occasion === r.occasion) seen.scores.push(score);
  }
  return new Map([...latest].map(([pairId, l]) => [pairId, { occasion: l.occasion, average: l.scores.reduce((s, x) => s + x, 0) / l.scores.length }]));
}

/**
 * checkinScores' «low» in SQL, for the at-risk rule: over a "Pair" alias, true when the average score of the
 * pair's latest answered check-in is at or below the organization's Organization.atRiskCheckinScore.
 */
export function checkinLowScoreSql(pair: Sql.Sql): Sql.Sql {
  return Sql.sql`EXISTS (SELECT 1 FROM (
      SELECT avg((r.answers->>'score')::numeric) AS average
        FROM "QuestionnaireResponse" r
        JOIN "Questionnaire" q ON q."organizationId" = r."organizationId" AND q.id = r."questionnaireId" AND q."templateKey" = ${CHECKIN_TEMPLATE_KEY}
       WHERE r."organizationId" = ${pair}."organizationId" AND r."subjectType" = 'PAIR' AND r."subjectId" = ${pair}.id
         AND r.status = 'SUBMITTED' AND jsonb_typeof(r.answers->'score') = 'number'
       GROUP BY r.occasion
       ORDER BY NULLIF(substring(r.occasion from 9), '')::int DESC
       LIMIT 1) latest
    WHERE latest.average <= (SELECT low_o."atRiskCheckinScore" FROM "Organization" low_o WHERE low_o.id = ${pair}."organizationId"))`;
}
