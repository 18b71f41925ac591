import { audit, type Actor } from '../../core/audit.ts';
import type { Prisma } from '../../core/database/client.ts';
import { ConflictError, FormError, NotFoundError, type FieldErrors } from '../../core/errors.ts';
import { pageOf } from '../../core/pagination.ts';
import { isoOfDbDate, schoolYearTerm, utcDate } from '../../domain/dates.ts';
import { decimalOf, kopecksOf } from '../../domain/money.ts';
import { fullNameOf, initialsSurname } from '../../domain/people.ts';
import type { Prisma as P } from '../../generated/prisma/client.ts';
import type { MentoringForm, PairStatus } from '../../generated/prisma/enums.ts';
import { staffWithValidConsent } from '../consents/consents.rules.ts';
import { endPairs } from './pairs.lifecycle.ts';
import { OPEN_STATUSES, menteeIssues, mentorLoad, orderProblems, pairIssues, type PairIssue } from './pairs.rules.ts';
import type { EndPairInput, PairListFilter, SavePairInput } from './pairs.schemas.ts';

export const PAIR_STATUS_LABELS: Record<PairStatus, string> = {
  DRAFT: 'черновик',
  PROPOSED: 'предложена',
  ACTIVE: 'действует',
  COMPLETED: 'завершена',
  ENDED_EARLY: 'прекращена досрочно',
};

/** A pair may be edited (and proposed) only before an order has made it active. */
export const EDITABLE_STATUSES: PairStatus[] = ['DRAFT', 'PROPOSED'];

const personSelect = { id: true, lastName: true, firstName: true, middleName: true, position: true } as const;

/** Who looks: the methodist and the head see every pair, a teacher only the pairs they are in. */
export interface PairViewer {
  all: boolean;
  staffMemberId: number | null;
}

export function viewerOf(user: { staffMemberId: number | null }, all: boolean): PairViewer {
  return { all, staffMemberId: user.staffMemberId };
}

/** Problems of the rules as form errors: every message beside its field (several joined), all of them in the summary. */
export function issuesAsFieldErrors(issues: PairIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) errors[issue.field] = errors[issue.field] ? `${errors[issue.field]}; ${issue.message}` : issue.message;
  return errors;
}

// ---- lists ----------------------------------------------------------------------------------------

const memberSelect = {
  role: true,
  staffMemberId: true,
  staffMember: { select: personSelect },
} as const;

/** Mentors first, then mentees, each by name. */
function split<M extends { role: string; staffMember: { lastName: string; firstName: string; middleName: string } }>(members: M[]) {
  const byName = (a: M, b: M) => fullNameOf(a.staffMember).localeCompare(fullNameOf(b.staffMember), 'ru');
  return {
    mentors: members.filter((m) => m.role === 'MENTOR').sort(byName),
    mentees: members.filter((m) => m.role === 'MENTEE').sort(byName),
  };
}

export async function listPairs(prisma: Prisma, organizationId: number, filter: PairListFilter, viewer: PairViewer) {
  const where: P.PairWhereInput = { organizationId };
  const and: P.PairWhereInput[] = [];
  if (filter.status) where.status = filter.status;
  if (filter.form) where.form = filter.form;
  if (!viewer.all) and.push({ members: { some: { staffMemberId: viewer.staffMemberId ?? -1 } } });
  if (filter.q) {
    const words = filter.q.split(/\s+/).filter(Boolean).slice(0, 3);
    and.push({
      members: {
        some: {
          staffMember: {
            AND: words.map((w) => ({
              OR: [
                { lastName: { contains: w, mode: 'insensitive' as const } },
                { firstName: { contains: w, mode: 'insensitive' as const } },
                { middleName: { contains: w, mode: 'insensitive' as const } },
              ],
            })),
          },
        },
      },
    });
  }
  if (and.length) where.AND = and;
  const total = await prisma.pair.count({ where });
  const page = pageOf(total, filter.page);
  const rows = await prisma.pair.findMany({
    where,
    orderBy: [{ startsOn: 'desc' }, { id: 'desc' }],
    skip: page.skip,
    take: page.perPage,
    select: { id: true, form: true, status: true, startsOn: true, plannedEndOn: true, endedOn: true, members: { select: memberSelect } },
  });
  const mentorIds = rows.flatMap((p) => p.members.filter((m) => m.role === 'MENTOR').map((m) => m.staffMemberId));
  const consented = await staffWithValidConsent(prisma, organizationId, mentorIds, 'MENTORING');
  const pairs = rows.map((p) => {
    const { mentors, mentees } = split(p.members);
    const withConsent = mentors.filter((m) => consented.has(m.staffMemberId)).length;
    const mentoringConsent = mentors.length > 0 && withConsent === mentors.length ? 'all' : withConsent > 0 ? 'some' : 'none';
    return { ...p, mentors, mentees, mentoringConsent };
  });
  return { pairs, page };
}

// ---- the form ------------------------------------------------------------------------------------

/**
 * What the pair form offers: approved mentors (with their current load) and mentees whose request
 * waits for a pair. The pair's own members stay in the lists while it is edited.
 */
export async function pairFormOptions(prisma: Prisma, organizationId: number, current?: { pairId: number; staffIds: number[] }) {
  const keep = current?.staffIds ?? [];
  const [mentorEntries, menteeEntries, organization] = await Promise.all([
    prisma.mentorEntry.findMany({
      where: { organizationId, OR: [{ status: { in: ['APPROVED', 'ACTIVE'] }, staffMember: { archivedAt: null } }, { staffMemberId: { in: keep } }] },
      select: { id: true, staffMemberId: true, maxMentees: true, staffMember: { select: personSelect }, competencies: { select: { topic: { select: { name: true } } } } },
      orderBy: [{ staffMember: { lastName: 'asc' } }, { staffMember: { firstName: 'asc' } }],
    }),
    prisma.menteeEntry.findMany({
      where: {
        organizationId,
        OR: [
          {
            status: { in: ['NEW', 'IN_BANK'] },
            staffMember: {
              archivedAt: null,
              pairMembers: { none: { role: 'MENTEE', pair: { organizationId, status: { in: OPEN_STATUSES }, id: current ? { not: current.pairId } : undefined } } },
            },
          },
          { staffMemberId: { in: keep } },
        ],
      },
      select: {
        id: true,
        staffMemberId: true,
        requestText: true,
        desiredForm: true,
        staffMember: { select: personSelect },
        topics: { select: { topic: { select: { name: true } } } },
      },
      orderBy: [{ staffMember: { lastName: 'asc' } }, { staffMember: { firstName: 'asc' } }],
    }),
    prisma.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { mentorExtraPay: true } }),
  ]);
  const load = await mentorLoad(prisma, organizationId, mentorEntries.map((e) => e.staffMemberId), current?.pairId);
  const mentors = mentorEntries.map((e) => ({
    staffMemberId: e.staffMemberId,
    label: `${fullNameOf(e.staffMember)} — ${e.staffMember.position}; ведёт ${load.get(e.staffMemberId) ?? 0} из ${e.maxMentees}; ${e.competencies.map((c) => c.topic.name).join(', ') || 'компетенции не указаны'}`,
  }));
  const mentees = menteeEntries.map((e) => ({
    staffMemberId: e.staffMemberId,
    desiredForm: e.desiredForm,
    label: `${fullNameOf(e.staffMember)} — ${e.staffMember.position}; темы: ${e.topics.map((t) => t.topic.name).join(', ') || 'не указаны'}`,
  }));
  return { mentors, mentees, defaultExtraPay: kopecksOf(organization.mentorExtraPay) };
}

/** «Петрова А.С.: …» — the mentees' requests and topics as the text the pair answers. */
export async function composeRequest(prisma: Prisma, organizationId: number, menteeStaffIds: number[]): Promise<string> {
  if (menteeStaffIds.length === 0) return '';
  const entries = await prisma.menteeEntry.findMany({
    where: { organizationId, staffMemberId: { in: menteeStaffIds } },
    select: { requestText: true, staffMember: { select: personSelect }, topics: { select: { topic: { select: { name: true } } } } },
    orderBy: [{ staffMember: { lastName: 'asc' } }],
  });
  return entries
    .map((e) => {
      const topics = e.topics.map((t) => t.topic.name).join(', ');
      const text = [e.requestText.trim(), topics ? `(темы: ${topics})` : ''].filter(Boolean).join(' ');
      return entries.length > 1 ? `${initialsSurname(fullNameOf(e.staffMember))}: ${text}` : text;
    })
    .filter(Boolean)
    .join('\n');
}

/** The new-pair form, prefilled from the matching page's query and the school year. */
export async function newPairValues(
  prisma: Prisma,
  organizationId: number,
  query: { mentor: number[]; mentee: number[]; form?: MentoringForm },
  today: string,
) {
  const term = schoolYearTerm(today);
  const desired = query.mentee.length
    ? await prisma.menteeEntry.findFirst({ where: { organizationId, staffMemberId: { in: query.mentee }, desiredForm: { not: null } }, select: { desiredForm: true } })
    : null;
  return {
    form: query.form ?? desired?.desiredForm ?? (query.mentee.length > 1 ? 'GROUP' : 'TRADITIONAL'),
    mentorStaffIds: query.mentor,
    menteeStaffIds: query.mentee,
    startsOn: term.startsOn,
    plannedEndOn: term.plannedEndOn,
    requestSummary: await composeRequest(prisma, organizationId, query.mentee),
    extraPay: '',
  };
}

/** The saved pair as the edit form shows it. */
export function pairValues(pair: Awaited<ReturnType<typeof getPair>>) {
  return {
    form: pair.form,
    mentorStaffIds: pair.mentors.map((m) => m.staffMemberId),
    menteeStaffIds: pair.mentees.map((m) => m.staffMemberId),
    startsOn: isoOfDbDate(pair.startsOn),
    plannedEndOn: isoOfDbDate(pair.plannedEndOn),
    requestSummary: pair.requestSummary,
    extraPay: pair.extraPay === null ? '' : decimalOf(kopecksOf(pair.extraPay)).replace('.', ','),
  };
}

// ---- create, update, propose, end ------------------------------------------------------------------

type Tx = Parameters<Parameters<Prisma['$transaction']>[0]>[0];

/** Every hard rule, with the field it belongs to; thrown as a form error (422) when any is broken. */
async function assertPairRules(tx: Tx, organizationId: number, input: Pick<SavePairInput, 'form' | 'mentorStaffIds' | 'menteeStaffIds'>, exceptPairId?: number) {
  const issues = [
    ...(await pairIssues(tx, organizationId, { form: input.form, mentorStaffIds: input.mentorStaffIds, menteeStaffIds: input.menteeStaffIds }, exceptPairId)),
    ...(await menteeIssues(tx, organizationId, input.menteeStaffIds, exceptPairId)),
  ];
  if (issues.length) throw new FormError(issuesAsFieldErrors(issues), 'Пара не соответствует правилам формирования');
}

/** PairMember rows: each person with their bank entry. */
async function memberRows(tx: Tx, organizationId: number, input: Pick<SavePairInput, 'mentorStaffIds' | 'menteeStaffIds'>) {
  const [mentorEntries, menteeEntries] = await Promise.all([
    tx.mentorEntry.findMany({ where: { organizationId, staffMemberId: { in: input.mentorStaffIds } }, select: { id: true, staffMemberId: true } }),
    tx.menteeEntry.findMany({ where: { organizationId, staffMemberId: { in: input.menteeStaffIds } }, select: { id: true, staffMemberId: true } }),
  ]);
  return [
    ...input.mentorStaffIds.map((staffMemberId) => ({ staffMemberId, role: 'MENTOR' as const, mentorEntryId: mentorEntries.find((e) => e.staffMemberId === staffMemberId)?.id ?? null })),
    ...input.menteeStaffIds.map((staffMemberId) => ({ staffMemberId, role: 'MENTEE' as const, menteeEntryId: menteeEntries.find((e) => e.staffMemberId === staffMemberId)?.id ?? null })),
  ];
}

function pairData(input: SavePairInput, requestSummary: string) {
  return {
    form: input.form,
    startsOn: new Date(`${input.startsOn}T00:00:00Z`),
    plannedEndOn: new Date(`${input.plannedEndOn}T00:00:00Z`),
    requestSummary,
    extraPay: input.extraPay === null ? null : decimalOf(input.extraPay),
  };
}

export async function createPair(prisma: Prisma, organizationId: number, input: SavePairInput, actor: Actor) {
  const requestSummary = input.requestSummary || (await composeRequest(prisma, organizationId, input.menteeStaffIds));
  return prisma.$transaction(async (tx) => {
    await assertPairRules(tx, organizationId, input);
    const pair = await tx.pair.create({
      data: { organizationId, ...pairData(input, requestSummary), status: 'DRAFT', createdById: actor.userId, members: { create: await memberRows(tx, organizationId, input) } },
      select: { id: true },
    });
    await audit(tx, actor, {
      action: 'pair.create',
      entityType: 'Pair',
      entityId: pair.id,
      details: { form: input.form, mentors: input.mentorStaffIds.length, mentees: input.menteeStaffIds.length },
    });
    return pair;
  });
}

export async function getPair(prisma: Prisma, organizationId: number, id: number) {
  const pair = await prisma.pair.findFirst({
    where: { id, organizationId },
    include: {
      members: {
        select: {
          ...memberSelect,
          menteeEntry: { select: { id: true, category: true, requestText: true, topics: { select: { topic: { select: { name: true } } } } } },
          mentorEntry: { select: { id: true, maxMentees: true, status: true } },
        },
      },
      orders: { select: { order: { select: { id: true, kind: true, status: true, title: true, numberText: true, orderDate: true } } } },
    },
  });
  if (!pair) throw new NotFoundError('Пара (группа) не найдена');
  return { ...pair, ...split(pair.members) };
}

function assertEditable(status: PairStatus) {
  if (!EDITABLE_STATUSES.includes(status)) {
    throw new ConflictError(`Пару в статусе «${PAIR_STATUS_LABELS[status]}» изменить нельзя: изменения вносят приказом`);
  }
}

export async function getEditablePair(prisma: Prisma, organizationId: number, id: number) {
  const pair = await getPair(prisma, organizationId, id);
  assertEditable(pair.status);
  return pair;
}

export async function updatePair(prisma: Prisma, organizationId: number, id: number, input: SavePairInput, actor: Actor) {
  const existing = await getEditablePair(prisma, organizationId, id);
  const requestSummary = input.requestSummary || (await composeRequest(prisma, organizationId, input.menteeStaffIds));
  await prisma.$transaction(async (tx) => {
    // Re-read under the transaction: an order may have been approved meanwhile.
    const fresh = await tx.pair.findUniqueOrThrow({ where: { id }, select: { status: true } });
    assertEditable(fresh.status);
    await assertPairRules(tx, organizationId, input, id);
    await tx.pairMember.deleteMany({ where: { pairId: id } });
    await tx.pair.update({ where: { id }, data: { ...pairData(input, requestSummary), members: { create: await memberRows(tx, organizationId, input) } } });
    const before = pairValues(existing);
    const after = { ...input, extraPay: input.extraPay === null ? '' : decimalOf(input.extraPay).replace('.', ','), requestSummary };
    const changed = (Object.keys(before) as (keyof typeof before)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    await audit(tx, actor, { action: 'pair.update', entityType: 'Pair', entityId: id, details: { changed } });
  });
}

/** Draft → proposed: the methodist offers the pair for an order; the hard rules must hold. */
export async function proposePair(prisma: Prisma, organizationId: number, id: number, actor: Actor) {
  const pair = await getPair(prisma, organizationId, id);
  if (pair.status !== 'DRAFT') throw new ConflictError(`Предложить можно только черновик; сейчас статус «${PAIR_STATUS_LABELS[pair.status]}»`);
  await prisma.$transaction(async (tx) => {
    const input = { form: pair.form, mentorStaffIds: pair.mentors.map((m) => m.staffMemberId), menteeStaffIds: pair.mentees.map((m) => m.staffMemberId) };
    const issues = [...(await pairIssues(tx, organizationId, input, id)), ...(await menteeIssues(tx, organizationId, input.menteeStaffIds, id))];
    if (issues.length) throw new ConflictError(`Пару нельзя предложить: ${issues.map((i) => i.message).join('; ')}`);
    const moved = await tx.pair.updateMany({ where: { id, status: 'DRAFT' }, data: { status: 'PROPOSED' } });
    if (moved.count === 0) throw new ConflictError('Статус пары уже изменён');
    await audit(tx, actor, { action: 'pair.status', entityType: 'Pair', entityId: id, details: { from: 'DRAFT', to: 'PROPOSED' } });
  });
}

/** Where an early end of an active pair is made: a termination order. */
export function terminationOrderHref(pairId: number): string {
  return `/orders/new?kind=TERMINATE&pair=${pairId}`;
}

/**
 * Ends the work of a pair. A draft or proposed pair is cancelled directly (ENDED_EARLY, with a reason);
 * an active pair is recorded as COMPLETED on or after its planned end; an early end of an active pair is
 * a termination order's business, never a button here.
 */
export async function endPair(prisma: Prisma, organizationId: number, id: number, input: EndPairInput, actor: Actor, today: string) {
  const pair = await getPair(prisma, organizationId, id);
  const errors: FieldErrors = {};
  if (pair.status === 'COMPLETED' || pair.status === 'ENDED_EARLY') throw new ConflictError(`Работа пары уже закончена: «${PAIR_STATUS_LABELS[pair.status]}»`);
  if (input.endedOn > today) errors.endedOn = 'Дата не может быть позже сегодняшней';
  if (pair.status === 'ACTIVE') {
    const planned = isoOfDbDate(pair.plannedEndOn);
    if (input.outcome === 'ENDED_EARLY') {
      errors.outcome = 'Досрочно прекратить работу действующей пары можно только приказом о досрочном прекращении';
    } else if (input.endedOn < planned && !errors.endedOn) {
      errors.endedOn = `Плановая дата окончания — ${planned.split('-').reverse().join('.')}: раньше неё работу пары прекращают приказом о досрочном прекращении`;
    }
  } else {
    if (input.outcome === 'COMPLETED') errors.outcome = 'Пара ещё не начала работу: её можно только отменить';
    if (!input.reason) errors.reason = 'Укажите причину отмены';
  }
  if (Object.keys(errors).length) throw new FormError(errors);
  await prisma.$transaction(async (tx) => {
    const endedOn = utcDate(...(input.endedOn.split('-').map(Number) as [number, number, number]))!;
    const reason = input.reason || (input.outcome === 'COMPLETED' ? 'Программа наставничества завершена' : '');
    await endPairs(tx, organizationId, [id], input.outcome, endedOn, reason, actor);
  });
}

// ---- the card ------------------------------------------------------------------------------------

export async function pairCard(prisma: Prisma, organizationId: number, id: number, viewer: PairViewer, actor: Actor) {
  const pair = await getPair(prisma, organizationId, id);
  // Someone else's pair is not theirs to know about: the same answer as a missing one.
  if (!viewer.all && !pair.members.some((m) => m.staffMemberId === viewer.staffMemberId)) throw new NotFoundError('Пара (группа) не найдена');
  const mentorIds = pair.mentors.map((m) => m.staffMemberId);
  const [consents, organization, history, problems] = await Promise.all([
    prisma.consent.findMany({
      where: { organizationId, kind: 'MENTORING', revokedAt: null, staffMemberId: { in: mentorIds } },
      orderBy: { givenAt: 'desc' },
      select: { id: true, staffMemberId: true, givenAt: true },
    }),
    prisma.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { mentorExtraPay: true } }),
    viewer.all
      ? prisma.auditLog.findMany({
          where: { organizationId, entityType: 'Pair', entityId: String(id), action: { in: ['pair.create', 'pair.update', 'pair.status'] } },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
          select: { id: true, action: true, details: true, createdAt: true, user: { select: { fullName: true } } },
        })
      : Promise.resolve([]),
    viewer.all && EDITABLE_STATUSES.includes(pair.status) ? orderProblems(prisma, organizationId, id) : Promise.resolve([]),
  ]);
  const mentoringConsent = new Map<number, { id: number; givenAt: Date }>();
  for (const c of consents) if (!mentoringConsent.has(c.staffMemberId)) mentoringConsent.set(c.staffMemberId, c);
  await audit(prisma, actor, { action: 'pair.read', entityType: 'Pair', entityId: id });
  const prefix = `Пара № ${id}: `;
  return {
    pair,
    mentoringConsent,
    extraPayKopecks: kopecksOf(pair.extraPay ?? organization.mentorExtraPay),
    extraPayIsDefault: pair.extraPay === null,
    history,
    problems: problems.map((p) => (p.startsWith(prefix) ? p.slice(prefix.length) : p)),
  };
}
