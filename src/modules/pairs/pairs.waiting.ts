/**
 * Mentees left without a pair (roadmap stage 5): how long each has waited, the psychological and
 * pedagogical support recorded for them, and whether a fitting mentor has joined the bank since.
 */
import { audit } from '../../core/audit.ts';
import { NotFoundError } from '../../core/errors.ts';
import { pageOf } from '../../core/pagination.ts';
import { transaction, type Scope } from '../../core/scope.ts';
import { dbDateOf } from '../../domain/dates.ts';
import type { Prisma as P } from '../../generated/prisma/client.ts';
import { mentorLoad, OPEN_STATUSES } from './pairs.rules.ts';
import type { AddSupportInput } from './pairs.schemas.ts';

/** A mentee waits while their request is new or in the bank and no draft, proposed or active pair answers it. */
export function waitingWhere(): P.MenteeEntryWhereInput {
  return {
    status: { in: ['NEW', 'IN_BANK'] },
    // By the person, not the entry link: a pair row always names its members, not always their entries.
    staffMember: { archivedAt: null, pairMembers: { none: { role: 'MENTEE', pair: { status: { in: OPEN_STATUSES } } } } },
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

async function availableMentors(scope: Scope): Promise<AvailableMentor[]> {
  const entries = await scope.db.mentorEntry.findMany({
    where: { status: { in: ['APPROVED', 'ACTIVE'] }, staffMember: { archivedAt: null } },
    select: { staffMemberId: true, maxMentees: true, enteredAt: true, approvedAt: true, competencies: { select: { topicId: true } } },
  });
  const load = await mentorLoad(scope, entries.map((e) => e.staffMemberId));
  return entries.map((e) => ({
    staffMemberId: e.staffMemberId,
    topicIds: e.competencies.map((c) => c.topicId),
    arrivedAt: e.approvedAt && e.approvedAt > e.enteredAt ? e.approvedAt : e.enteredAt,
    freePlaces: e.maxMentees - (load.get(e.staffMemberId) ?? 0),
  }));
}

/** The waiting list, longest wait first, with the count of mentees flagged for a new fitting mentor. */
export async function waitingList(scope: Scope, requestedPage: number) {
  const where = waitingWhere();
  // The whole (small) list is needed for the flag count at the top; the page is then read in full.
  const [all, mentors] = await Promise.all([
    scope.db.menteeEntry.findMany({
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
    availableMentors(scope),
  ]);
  const fitting = new Map<number, number>();
  for (const e of all) {
    const since = e.supports[0] && e.supports[0].createdAt > e.enteredAt ? e.supports[0].createdAt : e.enteredAt;
    const found = fittingMentors({ entryId: e.id, staffMemberId: e.staffMemberId, topicIds: e.topics.map((t) => t.topicId), since }, mentors);
    if (found.length) fitting.set(e.id, found.length);
  }
  const page = pageOf(all.length, requestedPage);
  const ids = all.slice(page.skip, page.skip + page.perPage).map((e) => e.id);
  const rows = await scope.db.menteeEntry.findMany({
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
export async function waitingEntry(scope: Scope, entryId: number) {
  const entry = await scope.db.menteeEntry.findFirst({
    where: { id: entryId },
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
  const waiting = (await scope.db.menteeEntry.count({ where: { ...waitingWhere(), id: entryId } })) > 0;
  const lastSupport = entry.supports.reduce<Date | null>((latest, s) => (!latest || s.createdAt > latest ? s.createdAt : latest), null);
  const since = lastSupport && lastSupport > entry.enteredAt ? lastSupport : entry.enteredAt;
  const fitting = waiting
    ? fittingMentors({ entryId, staffMemberId: entry.staffMember.id, topicIds: entry.topics.map((t) => t.topicId), since }, await availableMentors(scope))
    : [];
  await audit(scope, { action: 'bank.mentee_read', entityType: 'MenteeEntry', entityId: entryId });
  return { entry, waiting, fittingMentors: fitting.length };
}

export async function addSupport(scope: Scope, entryId: number, input: AddSupportInput) {
  const entry = await scope.db.menteeEntry.findFirst({ where: { id: entryId }, select: { id: true } });
  if (!entry) throw new NotFoundError('Запись банка наставляемых не найдена');
  await transaction(scope, async (tx) => {
    const support = await tx.db.menteeSupport.create({
      data: {
        organizationId: tx.organization.id,
        menteeEntryId: entryId,
        providedBy: input.providedBy,
        providedOn: dbDateOf(input.providedOn),
        notes: input.notes,
        createdById: tx.actor.userId,
      },
      select: { id: true },
    });
    await audit(tx, { action: 'pair.support', entityType: 'MenteeEntry', entityId: entryId, details: { supportId: support.id } });
  });
}
