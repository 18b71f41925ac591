import type { z } from 'zod';
import { audit } from '../../core/audit.ts';
import { ConflictError, FormError, NotFoundError } from '../../core/errors.ts';
import { transaction, type Scope } from '../../core/scope.ts';
import { schoolYearOf } from '../../domain/dates.ts';
import { MENTEE_STATUS_LABELS } from '../../domain/mentoring.ts';
import { fullNameOf } from '../../domain/people.ts';
import { MenteeCategory, MentoringForm, type MenteeStatus } from '../../generated/prisma/enums.ts';
import { requireValidConsent } from '../consents/index.ts';
import { getSubmittedResponse } from '../questionnaires/index.ts';
import { activeTopicIds } from '../topics/index.ts';
import { personDossier, recordStatusChange } from './bank-history.ts';
import { listMenteeRows } from './bank-lists.ts';
import type { CreateMenteeEntry, MenteeListFilter, SaveMenteeEntry } from './banks.schemas.ts';

/**
 * Statuses the methodist may set by hand. PAIRED and COMPLETED come from pairs and programmes;
 * WITHDRAWN → IN_BANK is a return and needs a valid consent again.
 */
const MANUAL_TRANSITIONS: Record<MenteeStatus, MenteeStatus[]> = {
  NEW: ['IN_BANK', 'WITHDRAWN'],
  IN_BANK: ['WITHDRAWN'],
  PAIRED: ['WITHDRAWN'],
  COMPLETED: [],
  WITHDRAWN: ['IN_BANK'],
};

export function allowedMenteeTransitions(status: MenteeStatus): MenteeStatus[] {
  return MANUAL_TRANSITIONS[status];
}

export function listMentees(scope: Scope, filter: MenteeListFilter) {
  return listMenteeRows(scope, filter);
}

export async function getMentee(scope: Scope, id: number) {
  const entry = await scope.db.menteeEntry.findFirst({
    where: { id },
    include: {
      staffMember: true,
      topics: { select: { topicId: true, topic: { select: { name: true } } } },
      response: { select: { id: true, questionnaireId: true, submittedAt: true } },
      history: { orderBy: { createdAt: 'desc' } },
    },
  });
  if (!entry) throw new NotFoundError('Запись банка наставляемых не найдена');
  return entry;
}

/** The card: the entry, the person's questionnaires and consents, the history. Audited as a read. */
export async function menteeCard(scope: Scope, id: number) {
  const entry = await getMentee(scope, id);
  const dossier = await personDossier(scope, entry.staffMemberId);
  const changedBy = await usersById(scope, entry.history.map((h) => h.changedById));
  await audit(scope, { action: 'bank.mentee_read', entityType: 'MenteeEntry', entityId: id });
  return { entry, ...dossier, changedBy };
}

export async function usersById(scope: Scope, ids: (number | null)[]) {
  const unique = [...new Set(ids.filter((i): i is number => i !== null))];
  const users = unique.length ? await scope.db.user.findMany({ where: { id: { in: unique } }, select: { id: true, fullName: true } }) : [];
  return new Map(users.map((u) => [u.id, u.fullName]));
}

/** Working staff without a request this school year: the choice on the "add to the bank" form. */
export async function menteeCandidates(scope: Scope) {
  return scope.db.staffMember.findMany({
    where: { archivedAt: null, menteeEntries: { none: { schoolYear: schoolYearOf(scope.today) } } },
    orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }],
    select: { id: true, lastName: true, firstName: true, middleName: true, position: true },
  });
}

async function staffOf(scope: Scope, staffMemberId: number) {
  const staff = await scope.db.staffMember.findFirst({ where: { id: staffMemberId }, select: { id: true, lastName: true, firstName: true, middleName: true, archivedAt: true } });
  if (!staff) throw new NotFoundError('Сотрудник не найден');
  if (staff.archivedAt) throw new ConflictError(`${fullNameOf(staff)} в архиве: в банк включают только работающих педагогов`);
  return staff;
}

/**
 * Adds a person's request of this school year to the mentee bank. Refused without a valid personal-data
 * consent (152-ФЗ) and when the person already has this year's request.
 */
export async function addMentee(
  scope: Scope,
  input: z.infer<typeof CreateMenteeEntry>,
  source: { responseId?: number } = {},
) {
  const staff = await staffOf(scope, input.staffMemberId);
  const topicIds = await activeTopicIds(scope, input.topicIds);
  if (topicIds.length === 0) throw new FormError({ topicIds: 'Отметьте хотя бы одну тему запроса' });
  const schoolYear = schoolYearOf(scope.today);
  return transaction(scope, async (tx) => {
    await requireValidConsent(tx, staff.id, 'PERSONAL_DATA', fullNameOf(staff));
    const existing = await tx.db.menteeEntry.findUnique({
      where: { organizationId_staffMemberId_schoolYear: { organizationId: tx.organization.id, staffMemberId: staff.id, schoolYear } },
      select: { id: true },
    });
    if (existing) throw new ConflictError(`${fullNameOf(staff)} уже есть в банке наставляемых`);
    const entry = await tx.db.menteeEntry.create({
      data: {
        organizationId: tx.organization.id,
        staffMemberId: staff.id,
        schoolYear,
        category: input.category,
        requestText: input.requestText,
        desiredForm: input.desiredForm,
        status: 'NEW',
        responseId: source.responseId ?? null,
        createdById: tx.actor.userId,
        topics: { create: topicIds.map((topicId) => ({ topicId })) },
      },
    });
    await recordStatusChange(tx, { menteeEntryId: entry.id }, {
      from: '',
      to: 'NEW',
      reason: source.responseId ? 'По анкете профессиональных запросов' : 'Внесён методистом',
    });
    await audit(tx, { action: 'bank.mentee_add', entityType: 'MenteeEntry', entityId: entry.id, details: { fromResponse: source.responseId ?? null } });
    return entry;
  });
}

export async function updateMentee(scope: Scope, id: number, input: z.infer<typeof SaveMenteeEntry>) {
  const entry = await getMentee(scope, id);
  const topicIds = await activeTopicIds(scope, input.topicIds);
  if (topicIds.length === 0) throw new FormError({ topicIds: 'Отметьте хотя бы одну тему запроса' });
  await transaction(scope, async (tx) => {
    await tx.db.menteeEntryTopic.deleteMany({ where: { entryId: entry.id } });
    await tx.db.menteeEntry.update({
      where: { id: entry.id },
      data: {
        category: input.category,
        requestText: input.requestText,
        desiredForm: input.desiredForm,
        topics: { create: topicIds.map((topicId) => ({ topicId })) },
      },
    });
    await audit(tx, { action: 'bank.mentee_update', entityType: 'MenteeEntry', entityId: entry.id });
  });
}

export async function changeMenteeStatus(scope: Scope, id: number, to: string, reason: string) {
  const entry = await getMentee(scope, id);
  const allowed = MANUAL_TRANSITIONS[entry.status];
  if (!allowed.includes(to as MenteeStatus)) {
    throw new FormError({ status: `Из статуса «${MENTEE_STATUS_LABELS[entry.status]}» можно перевести только в: ${allowed.map((s) => `«${MENTEE_STATUS_LABELS[s]}»`).join(', ') || 'никуда вручную'}` });
  }
  if (to === 'WITHDRAWN' && !reason) throw new FormError({ reason: 'Укажите причину выбытия' });
  await transaction(scope, async (tx) => {
    if (to === 'IN_BANK') await requireValidConsent(tx, entry.staffMemberId, 'PERSONAL_DATA', fullNameOf(entry.staffMember));
    await tx.db.menteeEntry.update({ where: { id }, data: { status: to as MenteeStatus } });
    await recordStatusChange(tx, { menteeEntryId: id }, { from: entry.status, to, reason });
    await audit(tx, { action: 'bank.mentee_status', entityType: 'MenteeEntry', entityId: id, details: { from: entry.status, to } });
  });
}

/**
 * Makes (or refreshes) a mentee entry from a submitted «Анкета профессиональных запросов»: the answers
 * `category`, `topics`, `request`, `form` of the mentee-request template (this school year's request).
 */
export async function addMenteeFromResponse(scope: Scope, responseId: number) {
  const response = await getSubmittedResponse(scope, responseId);
  if (response.questionnaire.templateKey !== 'mentee-request') {
    throw new ConflictError('Эта анкета не является анкетой профессиональных запросов');
  }
  const answers = response.answers as Record<string, unknown>;
  const category = MenteeCategory[String(answers.category) as keyof typeof MenteeCategory];
  if (!category) throw new ConflictError('В анкете не указана категория наставляемого');
  const form = MentoringForm[String(answers.form ?? '') as keyof typeof MentoringForm] ?? null;
  const topicIds = [answers.topics ?? []].flat().map(Number).filter(Number.isInteger);
  const input = { staffMemberId: response.staffMemberId, category, topicIds, requestText: String(answers.request ?? '').slice(0, 4000), desiredForm: form };
  const existing = await scope.db.menteeEntry.findFirst({ where: { staffMemberId: response.staffMemberId, schoolYear: schoolYearOf(scope.today) }, select: { id: true } });
  if (!existing) return addMentee(scope, input, { responseId });
  await updateMentee(scope, existing.id, input);
  await scope.db.menteeEntry.update({ where: { id: existing.id }, data: { responseId } });
  return { id: existing.id };
}
