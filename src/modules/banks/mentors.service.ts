import type { z } from 'zod';
import { audit } from '../../core/audit.ts';
import { ConflictError, FormError, NotFoundError } from '../../core/errors.ts';
import { transaction, type Scope } from '../../core/scope.ts';
import { MENTOR_STATUS_LABELS } from '../../domain/mentoring.ts';
import { fullNameOf } from '../../domain/people.ts';
import { MentoringForm, type MentorStatus } from '../../generated/prisma/enums.ts';
import { requireValidConsent } from '../consents/index.ts';
import { getSubmittedResponse } from '../questionnaires/index.ts';
import { activeTopicIds } from '../topics/index.ts';
import { personDossier, recordStatusChange } from './bank-history.ts';
import { recountTraining } from './banks.service.ts';
import { listMentorRows } from './bank-lists.ts';
import type { CreateMentorEntry, MentorListFilter, SaveMentorEntry } from './banks.schemas.ts';
import { usersById } from './mentees.service.ts';
import { workingStaffWhere } from '../staff/index.ts';

/** Statuses the methodist may set by hand; ACTIVE comes from pairs. Approval has its own action. */
const MANUAL_TRANSITIONS: Record<MentorStatus, MentorStatus[]> = {
  CANDIDATE: ['LEFT'],
  APPROVED: ['PAUSED', 'LEFT'],
  ACTIVE: ['PAUSED', 'LEFT'],
  PAUSED: ['APPROVED', 'LEFT'],
  LEFT: ['CANDIDATE'],
};

export function allowedMentorTransitions(status: MentorStatus): MentorStatus[] {
  return MANUAL_TRANSITIONS[status];
}

export function listMentors(scope: Scope, filter: MentorListFilter) {
  return listMentorRows(scope, filter);
}

export async function getMentor(scope: Scope, id: number) {
  const entry = await scope.db.mentorEntry.findFirst({
    where: { id },
    include: {
      staffMember: true,
      competencies: { select: { topicId: true, topic: { select: { name: true } } } },
      response: { select: { id: true, questionnaireId: true, submittedAt: true } },
      history: { orderBy: { createdAt: 'desc' } },
    },
  });
  if (!entry) throw new NotFoundError('Запись банка наставников не найдена');
  return entry;
}

export async function mentorCard(scope: Scope, id: number) {
  const entry = await getMentor(scope, id);
  const dossier = await personDossier(scope, entry.staffMemberId);
  const changedBy = await usersById(scope, [...entry.history.map((h) => h.changedById), entry.approvedById]);
  await audit(scope, { action: 'bank.mentor_read', entityType: 'MentorEntry', entityId: id });
  return { entry, ...dossier, changedBy };
}

export async function mentorCandidates(scope: Scope) {
  return scope.db.staffMember.findMany({
    where: { ...workingStaffWhere(), mentorEntries: { none: {} } },
    orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }],
    select: { id: true, lastName: true, firstName: true, middleName: true, position: true, experienceYears: true },
  });
}

export async function defaultMaxMentees(scope: Scope): Promise<number> {
  const org = await scope.db.organization.findFirst({ select: { defaultMaxMentees: true } });
  return org?.defaultMaxMentees ?? 3;
}

/** Adds a candidate mentor. Refused without a valid personal-data consent (152-ФЗ). */
export async function addMentor(
  scope: Scope,
  input: z.infer<typeof CreateMentorEntry>,
  source: { responseId?: number } = {},
) {
  const staff = await scope.db.staffMember.findFirst({ where: { id: input.staffMemberId }, select: { id: true, lastName: true, firstName: true, middleName: true, archivedAt: true } });
  if (!staff) throw new NotFoundError('Сотрудник не найден');
  if (staff.archivedAt) throw new ConflictError(`${fullNameOf(staff)} в архиве: в банк включают только работающих педагогов`);
  const topicIds = await activeTopicIds(scope, input.topicIds);
  if (topicIds.length === 0) throw new FormError({ topicIds: 'Отметьте хотя бы одну компетенцию' });
  return transaction(scope, async (tx) => {
    await requireValidConsent(tx, staff.id, 'PERSONAL_DATA', fullNameOf(staff));
    const existing = await tx.db.mentorEntry.findUnique({ where: { organizationId_staffMemberId: { organizationId: tx.organization.id, staffMemberId: staff.id } }, select: { id: true } });
    if (existing) throw new ConflictError(`${fullNameOf(staff)} уже есть в банке наставников`);
    const entry = await tx.db.mentorEntry.create({
      data: {
        organizationId: tx.organization.id,
        staffMemberId: staff.id,
        motivation: input.motivation,
        availability: input.availability,
        maxMentees: input.maxMentees,
        forms: input.forms,
        status: 'CANDIDATE',
        responseId: source.responseId ?? null,
        createdById: tx.actor.userId,
        competencies: { create: topicIds.map((topicId) => ({ topicId })) },
      },
    });
    await recordStatusChange(tx, { mentorEntryId: entry.id }, {
      from: '',
      to: 'CANDIDATE',
      reason: source.responseId ? 'По анкете потенциального наставника' : 'Внесён методистом',
    });
    await audit(tx, { action: 'bank.mentor_add', entityType: 'MentorEntry', entityId: entry.id, details: { fromResponse: source.responseId ?? null } });
    // Set-up sessions attended before entering the bank count too.
    await recountTraining(tx, [staff.id]);
    return entry;
  });
}

export async function updateMentor(scope: Scope, id: number, input: z.infer<typeof SaveMentorEntry>) {
  const entry = await getMentor(scope, id);
  const topicIds = await activeTopicIds(scope, input.topicIds);
  if (topicIds.length === 0) throw new FormError({ topicIds: 'Отметьте хотя бы одну компетенцию' });
  await transaction(scope, async (tx) => {
    await tx.db.mentorEntryTopic.deleteMany({ where: { entryId: entry.id } });
    await tx.db.mentorEntry.update({
      where: { id: entry.id },
      data: {
        motivation: input.motivation,
        availability: input.availability,
        maxMentees: input.maxMentees,
        forms: input.forms,
        competencies: { create: topicIds.map((topicId) => ({ topicId })) },
      },
    });
    await audit(tx, { action: 'bank.mentor_update', entityType: 'MentorEntry', entityId: entry.id });
  });
}

/** The methodist approves a candidate: only with a valid consent. */
export async function approveMentor(scope: Scope, id: number) {
  const entry = await getMentor(scope, id);
  if (entry.status !== 'CANDIDATE') throw new ConflictError(`Одобрить можно только кандидата; сейчас статус «${MENTOR_STATUS_LABELS[entry.status]}»`);
  await transaction(scope, async (tx) => {
    await requireValidConsent(tx, entry.staffMemberId, 'PERSONAL_DATA', fullNameOf(entry.staffMember));
    await tx.db.mentorEntry.update({ where: { id }, data: { status: 'APPROVED', approvedAt: new Date(), approvedById: tx.actor.userId } });
    await recordStatusChange(tx, { mentorEntryId: id }, { from: entry.status, to: 'APPROVED', reason: 'Кандидатура одобрена методистом' });
    await audit(tx, { action: 'bank.mentor_approve', entityType: 'MentorEntry', entityId: id });
  });
}

export async function changeMentorStatus(scope: Scope, id: number, to: string, reason: string) {
  const entry = await getMentor(scope, id);
  const allowed = MANUAL_TRANSITIONS[entry.status];
  if (!allowed.includes(to as MentorStatus)) {
    throw new FormError({ status: `Из статуса «${MENTOR_STATUS_LABELS[entry.status]}» можно перевести только в: ${allowed.map((s) => `«${MENTOR_STATUS_LABELS[s]}»`).join(', ')}` });
  }
  if (to === 'LEFT' && !reason) throw new FormError({ reason: 'Укажите причину выбытия' });
  await transaction(scope, async (tx) => {
    if (to !== 'LEFT' && to !== 'PAUSED') await requireValidConsent(tx, entry.staffMemberId, 'PERSONAL_DATA', fullNameOf(entry.staffMember));
    await tx.db.mentorEntry.update({ where: { id }, data: { status: to as MentorStatus } });
    await recordStatusChange(tx, { mentorEntryId: id }, { from: entry.status, to, reason });
    await audit(tx, { action: 'bank.mentor_status', entityType: 'MentorEntry', entityId: id, details: { from: entry.status, to } });
  });
}

/** Makes (or refreshes) a mentor entry from a submitted «Анкета потенциального наставника». */
export async function addMentorFromResponse(scope: Scope, responseId: number) {
  const response = await getSubmittedResponse(scope, responseId);
  if (response.questionnaire.templateKey !== 'mentor-candidate') {
    throw new ConflictError('Эта анкета не является анкетой потенциального наставника');
  }
  const answers = response.answers as Record<string, unknown>;
  const forms = [answers.forms ?? []].flat().map(String).filter((f): f is MentoringForm => f in MentoringForm);
  const maxMentees = Number(answers.maxMentees) || (await defaultMaxMentees(scope));
  const input = {
    staffMemberId: response.staffMemberId,
    topicIds: [answers.competencies ?? []].flat().map(Number).filter(Number.isInteger),
    motivation: String(answers.motivation ?? '').slice(0, 4000),
    availability: labelOf(response.questions, 'availability', answers.availability).slice(0, 300),
    maxMentees: Math.min(10, Math.max(1, maxMentees)),
    forms: forms.length ? forms : (['TRADITIONAL'] as MentoringForm[]),
  };
  const existing = await scope.db.mentorEntry.findFirst({ where: { staffMemberId: response.staffMemberId }, select: { id: true } });
  if (!existing) return addMentor(scope, input, { responseId });
  await updateMentor(scope, existing.id, input);
  await scope.db.mentorEntry.update({ where: { id: existing.id }, data: { responseId } });
  return { id: existing.id };
}

/** The label of a chosen option (the bank keeps «1–2 часа в неделю», not the option's code). */
function labelOf(questions: unknown, key: string, value: unknown): string {
  const list = Array.isArray(questions) ? (questions as { key: string; options?: { value: string; label: string }[] }[]) : [];
  const option = list.find((q) => q.key === key)?.options?.find((o) => o.value === String(value));
  return option?.label ?? String(value ?? '');
}
