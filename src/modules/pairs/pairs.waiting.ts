/**
 * Mentees left without a pair (roadmap stage 5): how long each has waited, the psychological and
 * pedagogical support recorded for them, and whether a fitting mentor has joined the bank since.
 */
import { audit, type Actor } from '../../core/audit.ts';
import type { Prisma } from '../../core/database/client.ts';
import { NotFoundError } from '../../core/errors.ts';
import { pageOf } from '../../core/pagination.ts';
import type { Prisma as P } from '../../generated/prisma/client.ts';
import { mentorLoad, OPEN_STATUSES } from './pairs.rules.ts';
import type { AddSupportInput } from './pairs.schemas.ts';

/** A mentee waits while their request is new or in the bank and no draft, proposed or active pair answers it. */
export function waitingWhere(organizationId: number): P.MenteeEntryWhereInput {
  return {
    organizationId,
    status: { in: ['NEW', 'IN_BANK'] },
    // By the person, not the entry link: a pair row always names its members, not always their entries.
    staffMember: { archivedAt: null, pairMembers: { none: { role: 'MENTEE', pair: { organizationId, status: { in: OPEN_STATUSES } } } } },
  };
}

export interface WaitingMentee {
  entryId: number;
  staffMemberId: number;
  topicIds: number[];
  /** Since when the search has had news for them: the last support record, or entering the bank. */
  since: Date;
}

export interface AvailableMentor {
  staffMemberId: number;
  topicIds: number[];
  /** When they became available: approval (or entering the bank, whichever is later). */
  arrivedAt: Date;
  freePlaces: number;
}

/**
 * The flag «Появился подходящий наставник», pure: an approved mentor with a free place, at least one
 * topic in common and arrived after the mentee's last support record (or entry).
 */
export function fittingMentors(mentee: WaitingMentee, mentors: AvailableMentor[]): AvailableMentor[] {
  const topics = new Set(mentee.topicIds);
  return mentors.filter(
    (m) => m.staffMemberId !== mentee.staffMemberId && m.freePlaces > 0 && m.arrivedAt > mentee.since && m.topicIds.some((t) => topics.has(t)),
  );
}

async function availableMentors(prisma: Prisma, organizationId: number): Promise<AvailableMentor[]> {
  const entries = await prisma.mentorEntry.findMany({
    where: { organizationId, status: { in: ['APPROVED', 'ACTIVE'] }, staffMember: { archivedAt: null } },
    select: { staffMemberId: true, maxMentees: true, enteredAt: true, approvedAt: true, competencies: { select: { topicId: true } } },
  });
  const load = await mentorLoad(prisma, organizationId, entries.map((e) => e.staffMemberId));
  return entries.map((e) => ({
    staffMemberId: e.staffMemberId,
    topicIds: e.competencies.map((c) => c.topicId),
    arrivedAt: e.approvedAt && e.approvedAt > e.enteredAt ? e.approvedAt : e.enteredAt,
    freePlaces: e.maxMentees - (load.get(e.staffMemberId) ?? 0),
  }));
}

/** The waiting list, longest wait first, with the count of mentees flagged for a new fitting mentor. */
export async function waitingList(prisma: Prisma, organizationId: number, requestedPage: number) {
  const where = waitingWhere(organizationId);
  // The whole (small) list is needed for the flag count at the top; the page is then read in full.
  const [all, mentors] = await Promise.all([
    prisma.menteeEntry.findMany({
      where,
      orderBy: [{ enteredAt: 'asc' }, { id: 'asc' }],
      select: {
        id: true,
        staffMemberId: true,
        enteredAt: true,
        topics: { select: { topicId: true } },
        supports: { orderBy: [{ createdAt: 'desc' }], take: 1, select: { createdAt: true } },
      },
    }),
    availableMentors(prisma, organizationId),
  ]);
  const fitting = new Map<number, number>();
  for (const e of all) {
    const since = e.supports[0] && e.supports[0].createdAt > e.enteredAt ? e.supports[0].createdAt : e.enteredAt;
    const found = fittingMentors({ entryId: e.id, staffMemberId: e.staffMemberId, topicIds: e.topics.map((t) => t.topicId), since }, mentors);
    if (found.length) fitting.set(e.id, found.length);
  }
  const page = pageOf(all.length, requestedPage);
  const ids = all.slice(page.skip, page.skip + page.perPage).map((e) => e.id);
  const rows = await prisma.menteeEntry.findMany({
    where: { id: { in: ids } },
    orderBy: [{ enteredAt: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      category: true,
      status: true,
      requestText: true,
      enteredAt: true,
      staffMember: { select: { id: true, lastName: true, firstName: true, middleName: true, position: true } },
      topics: { select: { topic: { select: { name: true } } } },
      supports: { orderBy: [{ providedOn: 'desc' }, { id: 'desc' }], select: { id: true, providedBy: true, providedOn: true, notes: true } },
    },
  });
  return {
    entries: rows.map((r) => ({ ...r, fittingMentors: fitting.get(r.id) ?? 0 })),
    page,
    flagged: fitting.size,
  };
}

/** One waiting mentee with all their support records; audited as a read of the mentee's data. */
export async function waitingEntry(prisma: Prisma, organizationId: number, entryId: number, actor: Actor) {
  const entry = await prisma.menteeEntry.findFirst({
    where: { id: entryId, organizationId },
    select: {
      id: true,
      category: true,
      status: true,
      requestText: true,
      enteredAt: true,
      staffMember: { select: { id: true, lastName: true, firstName: true, middleName: true, position: true } },
      topics: { select: { topicId: true, topic: { select: { name: true } } } },
      supports: { orderBy: [{ providedOn: 'desc' }, { id: 'desc' }], select: { id: true, providedBy: true, providedOn: true, notes: true, createdAt: true } },
    },
  });
  if (!entry) throw new NotFoundError('Запись банка наставляемых не найдена');
  const waiting = (await prisma.menteeEntry.count({ where: { ...waitingWhere(organizationId), id: entryId } })) > 0;
  const lastSupport = entry.supports.reduce<Date | null>((latest, s) => (!latest || s.createdAt > latest ? s.createdAt : latest), null);
  const since = lastSupport && lastSupport > entry.enteredAt ? lastSupport : entry.enteredAt;
  const fitting = waiting
    ? fittingMentors({ entryId, staffMemberId: entry.staffMember.id, topicIds: entry.topics.map((t) => t.topicId), since }, await availableMentors(prisma, organizationId))
    : [];
  await audit(prisma, actor, { action: 'bank.mentee_read', entityType: 'MenteeEntry', entityId: entryId });
  return { entry, waiting, fittingMentors: fitting.length };
}

export async function addSupport(prisma: Prisma, organizationId: number, entryId: number, input: AddSupportInput, actor: Actor) {
  const entry = await prisma.menteeEntry.findFirst({ where: { id: entryId, organizationId }, select: { id: true } });
  if (!entry) throw new NotFoundError('Запись банка наставляемых не найдена');
  await prisma.$transaction(async (tx) => {
    const support = await tx.menteeSupport.create({
      data: {
        organizationId,
        menteeEntryId: entryId,
        providedBy: input.providedBy,
        providedOn: new Date(`${input.providedOn}T00:00:00Z`),
        notes: input.notes,
        createdById: actor.userId,
      },
      select: { id: true },
    });
    await audit(tx, actor, { action: 'pair.support', entityType: 'MenteeEntry', entityId: entryId, details: { supportId: support.id } });
  });
}
