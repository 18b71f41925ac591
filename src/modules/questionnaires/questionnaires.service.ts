import { audit } from '../../core/audit.ts';
import { ConflictError, FormError, NotFoundError } from '../../core/errors.ts';
import { pageOf } from '../../core/pagination.ts';
import { publish, transaction, type Scope } from '../../core/scope.ts';
import { dbDateOf, isoOfDbDate } from '../../domain/dates.ts';
import type { Prisma as P } from '../../generated/prisma/client.ts';
import type { QuestionnaireAudience, QuestionnaireStatus } from '../../generated/prisma/enums.ts';
import { findValidConsent } from '../consents/index.ts';
import { workingStaffWhere } from '../staff/index.ts';
import { listTopics } from '../topics/index.ts';
import { readAnswers } from './questionnaires.answers.ts';
import { answeredWhere, CONSENT_AUDIENCES, expectedRespondentsWhere } from './questionnaires.rules.ts';
import { parseQuestions, Questions, type Answers, type Question, type SaveQuestionnaireInput, type TemplateKey } from './questionnaires.schemas.ts';
import { regularQuestionnaireWhere } from './questionnaires.checkins.ts';
import { summarize } from './questionnaires.summary.ts';
import { TEMPLATES } from './questionnaires.templates.ts';

// ---- dates: questionnaires open and close by the calendar of the organization's time zone --------

export type WindowState = 'draft' | 'not_yet' | 'open' | 'closed';

/** Whether a questionnaire takes answers today; opensOn and closesOn are inclusive. */
export function windowState(q: { status: QuestionnaireStatus; opensOn: Date | null; closesOn: Date | null }, today: string): WindowState {
  if (q.status === 'DRAFT') return 'draft';
  if (q.status === 'ARCHIVED') return 'closed';
  const closes = isoOfDbDate(q.closesOn);
  if (closes && closes < today) return 'closed';
  const opens = isoOfDbDate(q.opensOn);
  if (opens && opens > today) return 'not_yet';
  return 'open';
}

function openNowWhere(today: string): P.QuestionnaireWhereInput {
  const day = dbDateOf(today);
  return {
    status: 'PUBLISHED',
    AND: [regularQuestionnaireWhere(), { OR: [{ opensOn: null }, { opensOn: { lte: day } }] }, { OR: [{ closesOn: null }, { closesOn: { gte: day } }] }],
  };
}

// ---- questionnaires: list, create, read ----------------------------------------------------------

export async function listQuestionnaires(scope: Scope, requestedPage: number) {
  const where: P.QuestionnaireWhereInput = regularQuestionnaireWhere();
  const [total, expected] = await Promise.all([scope.db.questionnaire.count({ where }), scope.db.staffMember.count({ where: expectedRespondentsWhere() })]);
  const page = pageOf(total, requestedPage);
  const rows = await scope.db.questionnaire.findMany({
    where,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    skip: page.skip,
    take: page.perPage,
    select: { id: true, title: true, audience: true, status: true, opensOn: true, closesOn: true, templateKey: true, currentVersion: { select: { number: true } } },
  });
  // One grouped query for «ответили N из M» on the whole page.
  const counts = await scope.db.questionnaireResponse.groupBy({
    by: ['questionnaireId'],
    where: { questionnaireId: { in: rows.map((r) => r.id) }, status: 'SUBMITTED', staffMember: expectedRespondentsWhere() },
    _count: { _all: true },
  });
  const submitted = new Map(counts.map((c) => [c.questionnaireId, c._count._all]));
  return { questionnaires: rows.map((r) => ({ ...r, submitted: submitted.get(r.id) ?? 0 })), expected, page };
}

export async function createQuestionnaire(scope: Scope, input: SaveQuestionnaireInput, templateKey: string | null = null, questions: Question[] = []) {
  Questions.parse(questions);
  return transaction(scope, async (tx) => {
    const created = await tx.db.questionnaire.create({
      data: { organizationId: tx.organization.id, ...input, templateKey, createdById: tx.actor.userId },
      select: { id: true, title: true, status: true },
    });
    const version = await tx.db.questionnaireVersion.create({ data: { questionnaireId: created.id, number: 1, questions }, select: { id: true } });
    await tx.db.questionnaire.update({ where: { id: created.id }, data: { currentVersionId: version.id } });
    await audit(tx, { action: 'questionnaire.create', entityType: 'Questionnaire', entityId: created.id, details: { templateKey, questions: questions.length } });
    return created;
  });
}

/**
 * The questionnaire made from a shipped template: an existing one (draft or published) is reused,
 * otherwise a DRAFT is created with the organization's current topics as options.
 */
export async function ensureTemplateQuestionnaire(
  scope: Scope,
  templateKey: TemplateKey,
): Promise<{ id: number; title: string; status: QuestionnaireStatus; created: boolean }> {
  const template = TEMPLATES[templateKey];
  if (!template) throw new NotFoundError('Нет такого шаблона анкеты');
  const existing = await scope.db.questionnaire.findFirst({
    where: { templateKey, status: { in: ['DRAFT', 'PUBLISHED'] } },
    orderBy: { id: 'desc' },
    select: { id: true, title: true, status: true },
  });
  if (existing) return { ...existing, created: false };
  const topics = await listTopics(scope);
  if (topics.length < 2) throw new ConflictError('Сначала заполните список тем профессиональных запросов: в анкете нужно не меньше двух тем.');
  const created = await createQuestionnaire(
    scope,
    { title: template.title, description: template.description, audience: template.audience, opensOn: null, closesOn: null },
    templateKey,
    template.questions(topics),
  );
  return { ...created, created: true };
}

/** A questionnaire of this organization with its current version's questions. */
export async function getQuestionnaire(scope: Scope, id: number) {
  const q = await scope.db.questionnaire.findFirst({
    where: { id, ...regularQuestionnaireWhere() },
    select: {
      id: true,
      title: true,
      description: true,
      audience: true,
      status: true,
      opensOn: true,
      closesOn: true,
      templateKey: true,
      createdAt: true,
      updatedAt: true,
      currentVersion: { select: { id: true, number: true, questions: true, _count: { select: { responses: true } } } },
    },
  });
  if (!q || !q.currentVersion) throw new NotFoundError('Анкета не найдена');
  const { currentVersion, ...rest } = q;
  return {
    ...rest,
    version: { id: currentVersion.id, number: currentVersion.number, responses: currentVersion._count.responses },
    questions: parseQuestions(currentVersion.questions),
  };
}
export type QuestionnaireDetails = Awaited<ReturnType<typeof getQuestionnaire>>;

/** The settings as the form shows them. */
export function settingsValues(q: { title: string; description: string; audience: QuestionnaireAudience; opensOn: Date | null; closesOn: Date | null }) {
  return { title: q.title, description: q.description, audience: q.audience, opensOn: isoOfDbDate(q.opensOn), closesOn: isoOfDbDate(q.closesOn) };
}

// ---- builder: settings and questions, versioned --------------------------------------------------

/**
 * Saves the settings and the questions. Questions already answered (the current version has any
 * response, even a draft) are never changed in place: a new version is made and becomes current,
 * and the existing responses keep the version they answered.
 */
export async function saveQuestionnaire(scope: Scope, id: number, settings: SaveQuestionnaireInput, questions: Question[]) {
  const valid = Questions.parse(questions);
  // A closed questionnaire may be edited too (e.g. a new closing date before publishing it again).
  const q = await getQuestionnaire(scope, id);
  const changed = JSON.stringify(valid) !== JSON.stringify(q.questions);
  return transaction(scope, async (tx) => {
    let versionNumber = q.version.number;
    let newVersion = false;
    if (changed && q.version.responses > 0) {
      const last = await tx.db.questionnaireVersion.aggregate({ where: { questionnaireId: id }, _max: { number: true } });
      versionNumber = (last._max.number ?? 0) + 1;
      const version = await tx.db.questionnaireVersion.create({ data: { questionnaireId: id, number: versionNumber, questions: valid }, select: { id: true } });
      await tx.db.questionnaire.update({ where: { id }, data: { ...settings, currentVersionId: version.id } });
      newVersion = true;
    } else {
      if (changed) await tx.db.questionnaireVersion.update({ where: { id: q.version.id }, data: { questions: valid } });
      await tx.db.questionnaire.update({ where: { id }, data: settings });
    }
    await audit(tx, {
      action: 'questionnaire.update',
      entityType: 'Questionnaire',
      entityId: id,
      details: { version: versionNumber, newVersion, questionsChanged: changed, questions: valid.length },
    });
    return { versionNumber, newVersion };
  });
}

/** Opens the questionnaire for answers (also re-opens a closed one). */
export async function publishQuestionnaire(scope: Scope, id: number) {
  const q = await getQuestionnaire(scope, id);
  if (q.status === 'PUBLISHED') throw new ConflictError('Анкета уже опубликована.');
  if (!q.questions.length) throw new FormError({}, 'Добавьте хотя бы один вопрос, чтобы опубликовать анкету.');
  const closes = isoOfDbDate(q.closesOn);
  if (closes && closes < scope.today) throw new FormError({ closesOn: 'Срок приёма ответов уже прошёл: измените дату окончания, чтобы опубликовать анкету' });
  await transaction(scope, async (tx) => {
    await tx.db.questionnaire.update({ where: { id }, data: { status: 'PUBLISHED' } });
    await publish(tx, 'questionnaire.published', { questionnaireId: id, title: q.title });
    await audit(tx, { action: 'questionnaire.publish', entityType: 'Questionnaire', entityId: id, details: { version: q.version.number } });
  });
  return q;
}

/** Stops taking answers (a draft goes to the archive the same way). */
export async function closeQuestionnaire(scope: Scope, id: number) {
  const q = await getQuestionnaire(scope, id);
  if (q.status === 'ARCHIVED') throw new ConflictError('Анкета уже закрыта.');
  await transaction(scope, async (tx) => {
    await tx.db.questionnaire.update({ where: { id }, data: { status: 'ARCHIVED' } });
    await audit(tx, { action: 'questionnaire.close', entityType: 'Questionnaire', entityId: id, details: { from: q.status } });
  });
  return q;
}

// ---- answering -------------------------------------------------------------------------------------

/** The working staff card behind the signed-in user, if any (an administrator usually has none). */
export async function staffMemberIdOf(scope: Scope): Promise<number | null> {
  if (!scope.user || scope.staffMemberId === null) return null;
  const user = await scope.db.user.findFirst({
    where: { id: scope.user.id, staffMember: { is: workingStaffWhere() } },
    select: { staffMemberId: true },
  });
  return user?.staffMemberId ?? null;
}

/** What a teacher sees on /questionnaires: what is open now, and their own responses. */
export async function listForRespondent(scope: Scope, staffMemberId: number) {
  // Both lists are short by nature (a handful of questionnaires a year), so they are not paginated.
  const [open, mine] = await Promise.all([
    scope.db.questionnaire.findMany({
      where: openNowWhere(scope.today),
      orderBy: [{ closesOn: { sort: 'asc', nulls: 'last' } }, { id: 'desc' }],
      select: { id: true, title: true, description: true, closesOn: true, responses: { where: { staffMemberId }, select: { status: true } } },
      take: 100,
    }),
    scope.db.questionnaireResponse.findMany({
      where: { staffMemberId, questionnaire: regularQuestionnaireWhere() },
      orderBy: { updatedAt: 'desc' },
      take: 100,
      select: {
        id: true,
        status: true,
        submittedAt: true,
        updatedAt: true,
        questionnaire: { select: { id: true, title: true, status: true, opensOn: true, closesOn: true } },
      },
    }),
  ]);
  return {
    open: open.map(({ responses, ...q }) => ({ ...q, responseStatus: responses[0]?.status ?? null })),
    mine: mine.map((r) => ({ ...r, state: windowState(r.questionnaire, scope.today) })),
  };
}

/**
 * The respond form: the version to answer is the one the person's response already has,
 * otherwise the current one. Drafts of questionnaires are invisible to respondents.
 */
export async function getRespondForm(scope: Scope, id: number, staffMemberId: number) {
  const q = await scope.db.questionnaire.findFirst({
    where: { id, status: { not: 'DRAFT' }, ...regularQuestionnaireWhere() },
    select: {
      id: true,
      title: true,
      description: true,
      audience: true,
      status: true,
      opensOn: true,
      closesOn: true,
      currentVersionId: true,
      currentVersion: { select: { id: true, number: true, questions: true } },
      responses: {
        where: { staffMemberId },
        select: { id: true, status: true, answers: true, submittedAt: true, updatedAt: true, version: { select: { id: true, number: true, questions: true } } },
      },
    },
  });
  if (!q || !q.currentVersion) throw new NotFoundError('Анкета не найдена');
  const { responses, currentVersion, ...questionnaire } = q;
  const response = responses[0] ?? null;
  const version = response?.version ?? currentVersion;
  return {
    questionnaire,
    version: { id: version.id, number: version.number, isCurrent: version.id === q.currentVersionId },
    questions: parseQuestions(version.questions),
    response: response ? { id: response.id, status: response.status, answers: response.answers as Answers, submittedAt: response.submittedAt, updatedAt: response.updatedAt } : null,
    state: windowState(q, scope.today),
    consentNeeded: await consentNeeded(scope, questionnaire.audience, staffMemberId),
  };
}
export type RespondForm = Awaited<ReturnType<typeof getRespondForm>>;

/**
 * The answers of the professional-requests and candidate-mentor questionnaires feed the banks with personal
 * data, which the personal-data consent covers: without a valid one they may be saved, not sent.
 */
async function consentNeeded(scope: Scope, audience: QuestionnaireAudience, staffMemberId: number): Promise<boolean> {
  if (!(CONSENT_AUDIENCES as readonly QuestionnaireAudience[]).includes(audience)) return false;
  return !(await findValidConsent(scope, staffMemberId, 'PERSONAL_DATA'));
}

/** Sending refused for want of the personal-data consent; `savedAsDraft`: the answers were kept as a draft. */
export class ConsentNeededError extends ConflictError {
  constructor(readonly savedAsDraft: boolean) {
    super(
      savedAsDraft
        ? 'Ответы сохранены как черновик, но отправить анкету можно только после согласия на обработку персональных данных: ответы попадают в банк наставничества.'
        : 'Отправить изменения можно только при действующем согласии на обработку персональных данных: ответы попадают в банк наставничества.',
    );
  }
}

/**
 * Saves a draft (well-formed values only) or submits (every required answer too). A submitted
 * response stays submitted: editing it before the questionnaire closes re-submits it.
 */
export async function respond(
  scope: Scope,
  form: RespondForm,
  staffMemberId: number,
  body: Record<string, unknown>,
  action: 'save' | 'submit',
) {
  if (form.state === 'closed') throw new ConflictError('Приём ответов на эту анкету завершён: изменить ответы уже нельзя.');
  if (form.state !== 'open') throw new ConflictError('Приём ответов на эту анкету ещё не начался.');
  const wasSubmitted = form.response?.status === 'SUBMITTED';
  let submit = action === 'submit' || wasSubmitted;
  const { answers, errors } = readAnswers(form.questions, body, submit ? 'submit' : 'draft');
  if (Object.keys(errors).length) throw new FormError(errors, submit ? 'Ответьте на обязательные вопросы' : 'Проверьте ответы');
  // Checked now, not with the form: the consent may have been revoked (or given) meanwhile.
  const withoutConsent = submit && (await consentNeeded(scope, form.questionnaire.audience, staffMemberId));
  if (withoutConsent && wasSubmitted) throw new ConsentNeededError(false);
  if (withoutConsent) submit = false;
  const questionnaireId = form.questionnaire.id;
  const data = { answers, versionId: form.version.id, status: submit ? ('SUBMITTED' as const) : ('DRAFT' as const), submittedAt: submit ? new Date() : null };
  const saved = await transaction(scope, async (tx) => {
    const saved = await tx.db.questionnaireResponse.upsert({
      // Answered once, about nothing else than the questionnaire itself (no pair, programme or event).
      where: { questionnaireId_staffMemberId_subjectType_subjectId_occasion: { questionnaireId, staffMemberId, subjectType: 'NONE', subjectId: 0, occasion: '' } },
      create: { organizationId: tx.organization.id, questionnaireId, staffMemberId, ...data },
      // The version never changes under an existing response.
      update: { answers: data.answers, status: data.status, submittedAt: data.submittedAt },
      select: { id: true, status: true },
    });
    if (submit) {
      await audit(tx, {
        action: 'questionnaire.submit',
        entityType: 'QuestionnaireResponse',
        entityId: saved.id,
        details: { questionnaireId, version: form.version.number, answered: Object.keys(answers).length },
      });
    }
    return saved;
  });
  // The draft is kept (outside the refusal): the teacher gives the consent and sends it later.
  if (withoutConsent) throw new ConsentNeededError(true);
  return saved;
}

// ---- results ---------------------------------------------------------------------------------------

/**
 * The results page: the summary of sent answers, «Ответили N из M» over the expected respondents
 * (questionnaires.rules.ts), the reminder list of those who have not answered, and the table of expected
 * respondents with their response — all of them, or only those who answered (`answered: 'yes'`) or not.
 */
export async function getResults(scope: Scope, id: number, query: { page: number; answered?: 'yes' | 'no' }) {
  const q = await getQuestionnaire(scope, id);
  const expectedWhere = expectedRespondentsWhere();
  const pendingWhere: P.StaffMemberWhereInput = { AND: [expectedWhere, { NOT: answeredWhere(id) }] };
  const listWhere: P.StaffMemberWhereInput =
    query.answered === 'yes' ? { AND: [expectedWhere, answeredWhere(id)] } : query.answered === 'no' ? pendingWhere : expectedWhere;
  const [submittedResponses, expected, pending, listed] = await Promise.all([
    scope.db.questionnaireResponse.findMany({ where: { questionnaireId: id, status: 'SUBMITTED' }, select: { answers: true } }),
    scope.db.staffMember.count({ where: expectedWhere }),
    scope.db.staffMember.findMany({
      where: pendingWhere,
      orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }, { id: 'asc' }],
      select: { id: true, lastName: true, firstName: true, middleName: true, email: true, user: { select: { login: true } } },
    }),
    scope.db.staffMember.count({ where: listWhere }),
  ]);
  const page = pageOf(listed, query.page);
  const respondents = await scope.db.staffMember.findMany({
    where: listWhere,
    orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }, { id: 'asc' }],
    skip: page.skip,
    take: page.perPage,
    select: {
      id: true,
      lastName: true,
      firstName: true,
      middleName: true,
      position: true,
      user: { select: { id: true } },
      responses: { where: { questionnaireId: id }, select: { id: true, status: true, submittedAt: true, version: { select: { number: true } } } },
    },
  });
  return {
    questionnaire: q,
    summary: summarize(q.questions, submittedResponses.map((r) => r.answers as Answers)),
    expected,
    submitted: expected - pending.length,
    pending,
    respondents: respondents.map(({ responses, ...s }) => ({ ...s, response: responses[0] ?? null })),
    answered: query.answered ?? null,
    page,
  };
}

const responseSelect = {
  id: true,
  status: true,
  answers: true,
  submittedAt: true,
  updatedAt: true,
  staffMemberId: true,
  staffMember: { select: { lastName: true, firstName: true, middleName: true, position: true } },
  version: { select: { id: true, number: true, questions: true } },
  questionnaire: { select: { id: true, title: true, templateKey: true, audience: true, status: true, currentVersion: { select: { number: true } } } },
} as const;

function shapeResponse<T extends { answers: unknown; version: { questions: unknown; number: number }; questionnaire: { currentVersion: { number: number } | null } }>(r: T) {
  return {
    ...r,
    answers: r.answers as Answers,
    questions: parseQuestions(r.version.questions),
    isCurrentVersion: r.version.number === r.questionnaire.currentVersion?.number,
  };
}

/** One submitted response for the methodist or the head; reading it is audited. */
export async function getResponseForReview(scope: Scope, questionnaireId: number, responseId: number) {
  const r = await scope.db.questionnaireResponse.findFirst({
    where: { id: responseId, questionnaireId, status: 'SUBMITTED', questionnaire: regularQuestionnaireWhere() },
    select: responseSelect,
  });
  if (!r) throw new NotFoundError('Ответ не найден');
  await audit(scope, {
    action: 'questionnaire.response_read',
    entityType: 'QuestionnaireResponse',
    entityId: r.id,
    details: { questionnaireId, staffMemberId: r.staffMemberId },
  });
  return shapeResponse(r);
}

/** The person's own response (any status). */
export async function getOwnResponse(scope: Scope, questionnaireId: number, staffMemberId: number) {
  const r = await scope.db.questionnaireResponse.findFirst({
    where: { questionnaireId, staffMemberId, questionnaire: { status: { not: 'DRAFT' }, ...regularQuestionnaireWhere() } },
    select: { ...responseSelect, questionnaire: { select: { ...responseSelect.questionnaire.select, opensOn: true, closesOn: true } } },
  });
  if (!r) throw new NotFoundError('Вы ещё не отвечали на эту анкету');
  return { ...shapeResponse(r), state: windowState(r.questionnaire, scope.today) };
}

/**
 * For the banks module: a SUBMITTED response of this organization with the questions of the version it
 * answered. Another organization's response or an unsubmitted one → NotFoundError.
 */
export async function getSubmittedResponse(
  scope: Scope,
  responseId: number,
): Promise<{
  id: number;
  staffMemberId: number;
  submittedAt: Date;
  questionnaire: { id: number; templateKey: string | null; audience: QuestionnaireAudience; title: string };
  questions: Question[];
  answers: Answers;
}> {
  const r = await scope.db.questionnaireResponse.findFirst({
    where: { id: responseId, status: 'SUBMITTED' },
    select: {
      id: true,
      staffMemberId: true,
      submittedAt: true,
      answers: true,
      version: { select: { questions: true } },
      questionnaire: { select: { id: true, templateKey: true, audience: true, title: true } },
    },
  });
  if (!r || !r.submittedAt) throw new NotFoundError('Ответ на анкету не найден');
  return {
    id: r.id,
    staffMemberId: r.staffMemberId,
    submittedAt: r.submittedAt,
    questionnaire: r.questionnaire,
    questions: parseQuestions(r.version.questions),
    answers: r.answers as Answers,
  };
}

/** Where a response is read (for the banks' «back to the answers» link): its page's path; another organization's → 404. */
export async function responsePagePath(scope: Scope, responseId: number): Promise<string> {
  const response = await scope.db.questionnaireResponse.findFirst({ where: { id: responseId }, select: { questionnaireId: true } });
  if (!response) throw new NotFoundError();
  return `/questionnaires/${response.questionnaireId}/responses/${responseId}`;
}
