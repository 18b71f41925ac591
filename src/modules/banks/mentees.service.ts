import type { z } from 'zod';
import { audit, type Actor } from '../../core/audit.ts';
import type { Prisma } from '../../core/database/client.ts';
import { ConflictError, FormError, NotFoundError } from '../../core/errors.ts';
import { MENTEE_STATUS_LABELS } from '../../domain/mentoring.ts';
import { fullNameOf } from '../../domain/people.ts';
import { MenteeCategory, MentoringForm, type MenteeStatus } from '../../generated/prisma/enums.ts';
import { requireValidConsent } from '../consents/consents.rules.ts';
import { getSubmittedResponse } from '../questionnaires/questionnaires.service.ts';
import { ownTopicIds, personDossier, recordStatusChange } from './bank-history.ts';
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

export function listMentees(prisma: Prisma, organizationId: number, filter: MenteeListFilter) {
  return listMenteeRows(prisma, organizationId, filter);
}

export async function getMentee(prisma: Prisma, organizationId: number, id: number) {
  const entry = await prisma.menteeEntry.findFirst({
    where: { id, organizationId },
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
export async function menteeCard(prisma: Prisma, organizationId: number, id: number, actor: Actor) {
  const entry = await getMentee(prisma, organizationId, id);
  const dossier = await personDossier(prisma, organizationId, entry.staffMemberId);
  const changedBy = await usersById(prisma, entry.history.map((h) => h.changedById));
  await audit(prisma, actor, { action: 'bank.mentee_read', entityType: 'MenteeEntry', entityId: id });
  return { entry, ...dossier, changedBy };
}

export async function usersById(prisma: Prisma, ids: (number | null)[]) {
  const unique = [...new Set(ids.filter((i): i is number => i !== null))];
  const users = unique.length ? await prisma.user.findMany({ where: { id: { in: unique } }, select: { id: true, fullName: true } }) : [];
  return new Map(users.map((u) => [u.id, u.fullName]));
}

/** Working staff without a mentee entry: the choice on the "add to the bank" form. */
export async function menteeCandidates(prisma: Prisma, organizationId: number) {
  return prisma.staffMember.findMany({
    where: { organizationId, archivedAt: null, menteeEntries: { none: {} } },
    orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }],
    select: { id: true, lastName: true, firstName: true, middleName: true, position: true },
  });
}

async function staffOf(prisma: Prisma, organizationId: number, staffMemberId: number) {
  const staff = await prisma.staffMember.findFirst({ where: { id: staffMemberId, organizationId }, select: { id: true, lastName: true, firstName: true, middleName: true, archivedAt: true } });
  if (!staff) throw new NotFoundError('Сотрудник не найден');
  if (staff.archivedAt) throw new ConflictError(`${fullNameOf(staff)} в архиве: в банк включают только работающих педагогов`);
  return staff;
}

/** Adds a person to the mentee bank. Refused without a valid personal-data consent (152-ФЗ). */
export async function addMentee(
  prisma: Prisma,
  organizationId: number,
  input: z.infer<typeof CreateMenteeEntry>,
  actor: Actor,
  source: { responseId?: number } = {},
) {
  const staff = await staffOf(prisma, organizationId, input.staffMemberId);
  const topicIds = await ownTopicIds(prisma, organizationId, input.topicIds);
  if (topicIds.length === 0) throw new FormError({ topicIds: 'Отметьте хотя бы одну тему запроса' });
  return prisma.$transaction(async (tx) => {
    await requireValidConsent(tx, organizationId, staff.id, 'PERSONAL_DATA', fullNameOf(staff));
    const existing = await tx.menteeEntry.findUnique({ where: { organizationId_staffMemberId: { organizationId, staffMemberId: staff.id } }, select: { id: true } });
    if (existing) throw new ConflictError(`${fullNameOf(staff)} уже есть в банке наставляемых`);
    const entry = await tx.menteeEntry.create({
      data: {
        organizationId,
        staffMemberId: staff.id,
        category: input.category,
        requestText: input.requestText,
        desiredForm: input.desiredForm,
        status: 'NEW',
        responseId: source.responseId ?? null,
        createdById: actor.userId,
        topics: { create: topicIds.map((topicId) => ({ topicId })) },
      },
    });
    await recordStatusChange(tx, { organizationId, menteeEntryId: entry.id }, {
      from: '',
      to: 'NEW',
      reason: source.responseId ? 'По анкете профессиональных запросов' : 'Внесён методистом',
      changedById: actor.userId,
    });
    await audit(tx, actor, { action: 'bank.mentee_add', entityType: 'MenteeEntry', entityId: entry.id, details: { fromResponse: source.responseId ?? null } });
    return entry;
  });
}

export async function updateMentee(prisma: Prisma, organizationId: number, id: number, input: z.infer<typeof SaveMenteeEntry>, actor: Actor) {
  const entry = await getMentee(prisma, organizationId, id);
  const topicIds = await ownTopicIds(prisma, organizationId, input.topicIds);
  if (topicIds.length === 0) throw new FormError({ topicIds: 'Отметьте хотя бы одну тему запроса' });
  await prisma.$transaction(async (tx) => {
    await tx.menteeEntryTopic.deleteMany({ where: { entryId: entry.id } });
    await tx.menteeEntry.update({
      where: { id: entry.id },
      data: {
        category: input.category,
        requestText: input.requestText,
        desiredForm: input.desiredForm,
        topics: { create: topicIds.map((topicId) => ({ topicId })) },
      },
    });
    await audit(tx, actor, { action: 'bank.mentee_update', entityType: 'MenteeEntry', entityId: entry.id });
  });
}

export async function changeMenteeStatus(prisma: Prisma, organizationId: number, id: number, to: string, reason: string, actor: Actor) {
  const entry = await getMentee(prisma, organizationId, id);
  const allowed = MANUAL_TRANSITIONS[entry.status];
  if (!allowed.includes(to as MenteeStatus)) {
    throw new FormError({ status: `Из статуса «${MENTEE_STATUS_LABELS[entry.status]}» можно перевести только в: ${allowed.map((s) => `«${MENTEE_STATUS_LABELS[s]}»`).join(', ') || 'никуда вручную'}` });
  }
  if (to === 'WITHDRAWN' && !reason) throw new FormError({ reason: 'Укажите причину выбытия' });
  await prisma.$transaction(async (tx) => {
    if (to === 'IN_BANK') await requireValidConsent(tx, organizationId, entry.staffMemberId, 'PERSONAL_DATA', fullNameOf(entry.staffMember));
    await tx.menteeEntry.update({ where: { id }, data: { status: to as MenteeStatus } });
    await recordStatusChange(tx, { organizationId, menteeEntryId: id }, { from: entry.status, to, reason, changedById: actor.userId });
    await audit(tx, actor, { action: 'bank.mentee_status', entityType: 'MenteeEntry', entityId: id, details: { from: entry.status, to } });
  });
}

/**
 * Makes (or refreshes) a mentee entry from a submitted «Анкета профессиональных запросов»: the answers
 * `category`, `topics`, `request`, `form` of the mentee-request template.
 */
export async function addMenteeFromResponse(prisma: Prisma, organizationId: number, responseId: number, actor: Actor) {
  const response = await getSubmittedResponse(prisma, organizationId, responseId);
  if (response.questionnaire.templateKey !== 'mentee-request') {
    throw new ConflictError('Эта анкета не является анкетой профессиональных запросов');
  }
  const answers = response.answers as Record<string, unknown>;
  const category = MenteeCategory[String(answers.category) as keyof typeof MenteeCategory];
  if (!category) throw new ConflictError('В анкете не указана категория наставляемого');
  const form = MentoringForm[String(answers.form ?? '') as keyof typeof MentoringForm] ?? null;
  const topicIds = [answers.topics ?? []].flat().map(Number).filter(Number.isInteger);
  const input = { staffMemberId: response.staffMemberId, category, topicIds, requestText: String(answers.request ?? '').slice(0, 4000), desiredForm: form };
  const existing = await prisma.menteeEntry.findFirst({ where: { organizationId, staffMemberId: response.staffMemberId }, select: { id: true } });
  if (!existing) return addMentee(prisma, organizationId, input, actor, { responseId });
  await updateMentee(prisma, organizationId, existing.id, input, actor);
  await prisma.menteeEntry.update({ where: { id: existing.id }, data: { responseId } });
  return { id: existing.id };
}
