import { containsPattern } from '../../core/search.ts';
import { audit } from '../../core/audit.ts';
import { ConflictError, FormError, NotFoundError, type FieldErrors } from '../../core/errors.ts';
import { PAGE_SIZE, pageWithTotal } from '../../core/pagination.ts';
import { ownStaffIdOf, participation, takesPart } from '../../core/participation.ts';
import { transaction, type Scope } from '../../core/scope.ts';
import { dbDateOf, isoOfDbDate, ruDate, schoolYearTerm } from '../../domain/dates.ts';
import { decimalOf, kopecksOf } from '../../domain/money.ts';
import { fullNameOf, initialsSurname } from '../../domain/people.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import type { MentoringForm, PairStatus } from '../../generated/prisma/enums.ts';
import { checkinAnswers } from '../questionnaires/index.ts';
import { dueCheckinsOf } from './pairs.checkins.ts';
import { hasValidConsentSql, staffWithValidConsent, validConsentWhere } from '../consents/index.ts';
import { attentionGaps } from './pairs.attention.ts';
import { availableMentorWhere, CLOSED_STATUSES as CLOSED, mentorLoad, mentorPoolWhere, needsAttention, needsAttentionSql, unavailabilityOf, waitingMenteeWhere, withFreePlaces } from './pairs.definitions.ts';
import { endPairs } from './pairs.lifecycle.ts';
import { attentionProblem, menteeIssues, orderProblems, pairIssues, type PairIssue } from './pairs.rules.ts';
import type { EndPairInput, PairListFilter, SavePairInput } from './pairs.schemas.ts';

export const PAIR_STATUS_LABELS: Record<PairStatus, string> = {
  DRAFT: 'черновик',
  PROPOSED: 'предложена',
  ACTIVE: 'действует',
  COMPLETED: 'завершена',
  ENDED_EARLY: 'прекращена досрочно',
  CANCELLED: 'отменена',
};

/** A pair may be edited (and proposed) only before an order has made it active. */
export const EDITABLE_STATUSES: PairStatus[] = ['DRAFT', 'PROPOSED'];

const personSelect = { id: true, lastName: true, firstName: true, middleName: true, position: true } as const;

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

/** Russian order of names; one collator for all (`localeCompare(…, 'ru')` looks its collator up on every call). */
const russian = new Intl.Collator('ru');

/** Mentors first, then mentees, each by name. */
function split<M extends { role: string; staffMember: { lastName: string; firstName: string; middleName: string } }>(members: M[]) {
  const byName = (a: M, b: M) => russian.compare(fullNameOf(a.staffMember), fullNameOf(b.staffMember));
  return {
    mentors: members.filter((m) => m.role === 'MENTOR').sort(byName),
    mentees: members.filter((m) => m.role === 'MENTEE').sort(byName),
  };
}

/**
 * A member of a listed pair as its SQL gives it: a JSON array, not an object — parsing keyed objects per member was
 * most of the list's own JavaScript (an array parses ~3× faster); only what the list shows.
 */
type ListedMember = [role: 'MENTOR' | 'MENTEE', lastName: string, firstName: string, middleName: string, consented: boolean];

/** A row of the list as its SQL gives it: the members, each mentor with «holds a valid mentoring consent». */
interface PairListRow {
  id: number;
  form: MentoringForm;
  status: PairStatus;
  startsOn: Date;
  plannedEndOn: Date;
  endedOn: Date | null;
  needsAttention: boolean;
  members: ListedMember[];
}

/** «The mentor holds a valid mentoring consent» of a member `m` (the consents' rule): one fragment for every request. */
const MENTOR_CONSENTED = hasValidConsentSql(Sql.raw('m."staffMemberId"'), Sql.raw('m."organizationId"'), 'MENTORING');
/** «Needs attention» of a listed pair `l` (pairs.definitions.ts, the same rule as the list's attention filter). */
const LISTED_NEEDS_ATTENTION = needsAttentionSql(Sql.raw('l'));

/**
 * The name search as Prisma's `contains` + `mode: 'insensitive'` sent it (what the list did before it was SQL):
 * `ILIKE '%word%'` with the word as typed — its % and _ are patterns, not escaped (tests/http/pairs.test.ts holds it).
 * Every word within the same member's last, first or middle name.
 */
function nameSearchSql(pair: Sql.Sql, q: string): Sql.Sql {
  const words = q.split(/\s+/).filter(Boolean).slice(0, 3);
  const matches = words.map((w) => {
    const pattern = containsPattern(w);
    return Sql.sql`(q_person."lastName" ILIKE ${pattern} OR q_person."firstName" ILIKE ${pattern} OR q_person."middleName" ILIKE ${pattern})`;
  });
  return Sql.sql`EXISTS (SELECT 1 FROM "PairMember" q_member
      JOIN "StaffMember" q_person ON q_person."organizationId" = q_member."organizationId" AND q_person.id = q_member."staffMemberId"
     WHERE q_member."organizationId" = ${pair}."organizationId" AND q_member."pairId" = ${pair}.id AND ${Sql.join(matches, ' AND ')})`;
}

/**
 * The methodist and the head see every pair (`pairs:read`), a teacher only the pairs they are in. In SQL (issue 13):
 * the count and the page in one statement, the page with its members and the mentors' mentoring consent (the
 * consents' rule, hasValidConsentSql) — the same filters, order and page as the Prisma queries had.
 */
export async function listPairs(scope: Scope, filter: PairListFilter) {
  const who = participation(scope, 'pairs:read');
  const p = Sql.raw('p');
  const conditions = [Sql.sql`p."organizationId" = ${scope.organization.id}`];
  if (filter.status.length) conditions.push(Sql.sql`p.status::text IN (${Sql.join(filter.status)})`);
  if (filter.form) conditions.push(Sql.sql`p.form::text = ${filter.form}`);
  if (filter.attention) conditions.push(needsAttentionSql(p));
  if (!who.all) {
    conditions.push(Sql.sql`EXISTS (SELECT 1 FROM "PairMember" own WHERE own."organizationId" = p."organizationId" AND own."pairId" = p.id AND own."staffMemberId" = ${ownStaffIdOf(who)})`);
  }
  if (filter.q) conditions.push(nameSearchSql(p, filter.q));
  // The total and the page in one statement (core/pagination.ts pageWithTotal).
  const { page, rows } = await pageWithTotal(filter.page, (skip) =>
    scope.db.$queryRaw<(PairListRow & { total: number })[]>`
      WITH listed AS (SELECT p.* FROM "Pair" p WHERE ${Sql.join(conditions, ' AND ')})
      SELECT t.total, l.id, l.form::text AS form, l.status::text AS status, l."startsOn", l."plannedEndOn", l."endedOn",
             ${LISTED_NEEDS_ATTENTION} AS "needsAttention",
             (SELECT coalesce(json_agg(json_build_array(m.role, s."lastName", s."firstName", s."middleName", m.role = 'MENTOR' AND ${MENTOR_CONSENTED}) ORDER BY m.id), '[]')
                FROM "PairMember" m JOIN "StaffMember" s ON s."organizationId" = m."organizationId" AND s.id = m."staffMemberId"
               WHERE m."organizationId" = l."organizationId" AND m."pairId" = l.id) AS members
        FROM (SELECT count(*)::int AS total FROM listed) t
        LEFT JOIN LATERAL (SELECT * FROM listed ORDER BY "startsOn" DESC, id DESC OFFSET ${skip} LIMIT ${PAGE_SIZE}) l ON true
       ORDER BY l."startsOn" DESC, l.id DESC`,
  );
  // Each pair as one literal of its fields (spreading a row takes V8's slow copying path); its people as their names,
  // mentors and mentees each in Russian order — the names made once, not in every comparison of the sort.
  const pairs = rows.map((p) => {
    const mentors: string[] = [];
    const mentees: string[] = [];
    let withConsent = 0;
    for (const [role, lastName, firstName, middleName, consented] of p.members) {
      const name = fullNameOf({ lastName, firstName, middleName });
      if (role === 'MENTOR') {
        mentors.push(name);
        if (consented) withConsent++;
      } else mentees.push(name);
    }
    return {
      id: p.id,
      form: p.form,
      status: p.status,
      startsOn: p.startsOn,
      plannedEndOn: p.plannedEndOn,
      endedOn: p.endedOn,
      mentors: mentors.sort(russian.compare),
      mentees: mentees.sort(russian.compare),
      mentoringConsent: mentors.length > 0 && withConsent === mentors.length ? 'all' : withConsent > 0 ? 'some' : 'none',
      needsAttention: p.needsAttention,
    };
  });
  return { pairs, page };
}

// ---- the form ------------------------------------------------------------------------------------

/**
 * What the pair form offers: available mentors (pairs.definitions.ts: both consents, a free place — the
 * pair being edited does not count against it), with their current load, and waiting mentees. The pair's
 * own members stay in the lists while it is edited. Pool mentors who are not available are listed apart,
 * with the reason, so the methodist knows whom to ask for which document.
 */
export async function pairFormOptions(scope: Scope, current?: { pairId: number; staffIds: number[] }) {
  const keep = current?.staffIds ?? [];
  const mentorSelect = { id: true, staffMemberId: true, maxMentees: true, staffMember: { select: personSelect }, competencies: { select: { topic: { select: { name: true } } } } } as const;
  const byName = [{ staffMember: { lastName: 'asc' as const } }, { staffMember: { firstName: 'asc' as const } }];
  const [available, kept, pool, menteeEntries, organization] = await Promise.all([
    scope.db.mentorEntry.findMany({ where: availableMentorWhere(), select: mentorSelect, orderBy: byName }),
    keep.length ? scope.db.mentorEntry.findMany({ where: { staffMemberId: { in: keep } }, select: mentorSelect }) : Promise.resolve([]),
    scope.db.mentorEntry.findMany({ where: mentorPoolWhere(), select: { staffMemberId: true, maxMentees: true, staffMember: { select: personSelect } }, orderBy: byName }),
    scope.db.menteeEntry.findMany({
      where: { OR: [waitingMenteeWhere({ exceptPairId: current?.pairId }), { staffMemberId: { in: keep } }] },
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
    scope.db.organization.findFirstOrThrow({ select: { mentorExtraPay: true } }),
  ]);
  const free = await withFreePlaces(scope, available, current?.pairId);
  const offered = new Set(free.map((e) => e.staffMemberId));
  const mentorEntries = [...free, ...kept.filter((e) => !offered.has(e.staffMemberId))];
  const load = await mentorLoad(scope, mentorEntries.map((e) => e.staffMemberId), current?.pairId);
  const mentors = mentorEntries.map((e) => ({
    staffMemberId: e.staffMemberId,
    label: `${fullNameOf(e.staffMember)} — ${e.staffMember.position}; ведёт ${load.get(e.staffMemberId) ?? 0} из ${e.maxMentees}; ${e.competencies.map((c) => c.topic.name).join(', ') || 'компетенции не указаны'}`,
  }));
  const mentees = [...new Map(menteeEntries.map((e) => [e.staffMemberId, e])).values()].map((e) => ({
    staffMemberId: e.staffMemberId,
    desiredForm: e.desiredForm,
    label: `${fullNameOf(e.staffMember)} — ${e.staffMember.position}; темы: ${e.topics.map((t) => t.topic.name).join(', ') || 'не указаны'}`,
  }));
  // Why the rest of the pool is not offered: the same rule, read as facts.
  const rest = pool.filter((e) => !offered.has(e.staffMemberId) && !keep.includes(e.staffMemberId));
  const restIds = rest.map((e) => e.staffMemberId);
  const [personal, mentoring, restLoad] = await Promise.all([
    staffWithValidConsent(scope, restIds, 'PERSONAL_DATA'),
    staffWithValidConsent(scope, restIds, 'MENTORING'),
    mentorLoad(scope, restIds, current?.pairId),
  ]);
  const unavailable = rest.map((e) => ({
    staffMemberId: e.staffMemberId,
    name: fullNameOf(e.staffMember),
    reasons: unavailabilityOf({ hasConsent: personal.has(e.staffMemberId), hasMentoringConsent: mentoring.has(e.staffMemberId), load: restLoad.get(e.staffMemberId) ?? 0, maxMentees: e.maxMentees }),
  }));
  return { mentors, mentees, unavailable, defaultExtraPay: kopecksOf(organization.mentorExtraPay) };
}

/** «Петрова А.С.: …» — the mentees' requests and topics as the text the pair answers. */
export async function composeRequest(scope: Scope, menteeStaffIds: number[]): Promise<string> {
  if (menteeStaffIds.length === 0) return '';
  const entries = await scope.db.menteeEntry.findMany({
    where: { staffMemberId: { in: menteeStaffIds } },
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
export async function newPairValues(scope: Scope, query: { mentor: number[]; mentee: number[]; form?: MentoringForm }) {
  const term = schoolYearTerm(scope.today);
  const desired = query.mentee.length
    ? await scope.db.menteeEntry.findFirst({ where: { staffMemberId: { in: query.mentee }, desiredForm: { not: null } }, select: { desiredForm: true } })
    : null;
  return {
    form: query.form ?? desired?.desiredForm ?? (query.mentee.length > 1 ? 'GROUP' : 'TRADITIONAL'),
    mentorStaffIds: query.mentor,
    menteeStaffIds: query.mentee,
    startsOn: term.startsOn,
    plannedEndOn: term.plannedEndOn,
    requestSummary: await composeRequest(scope, query.mentee),
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

/** Every hard rule, with the field it belongs to; thrown as a form error (422) when any is broken. */
async function assertPairRules(scope: Scope, input: Pick<SavePairInput, 'form' | 'mentorStaffIds' | 'menteeStaffIds'>, exceptPairId?: number) {
  const issues = [
    ...(await pairIssues(scope, { form: input.form, mentorStaffIds: input.mentorStaffIds, menteeStaffIds: input.menteeStaffIds }, exceptPairId)),
    ...(await menteeIssues(scope, input.menteeStaffIds, exceptPairId)),
  ];
  if (issues.length) throw new FormError(issuesAsFieldErrors(issues), 'Пара не соответствует правилам формирования');
}

/** PairMember rows: each person with their bank entry. */
async function memberRows(scope: Scope, input: Pick<SavePairInput, 'mentorStaffIds' | 'menteeStaffIds'>) {
  const [mentorEntries, menteeEntries] = await Promise.all([
    scope.db.mentorEntry.findMany({ where: { staffMemberId: { in: input.mentorStaffIds } }, select: { id: true, staffMemberId: true } }),
    scope.db.menteeEntry.findMany({ where: { staffMemberId: { in: input.menteeStaffIds } }, select: { id: true, staffMemberId: true } }),
  ]);
  return [
    ...input.mentorStaffIds.map((staffMemberId) => ({ staffMemberId, role: 'MENTOR' as const, mentorEntryId: mentorEntries.find((e) => e.staffMemberId === staffMemberId)?.id ?? null })),
    ...input.menteeStaffIds.map((staffMemberId) => ({ staffMemberId, role: 'MENTEE' as const, menteeEntryId: menteeEntries.find((e) => e.staffMemberId === staffMemberId)?.id ?? null })),
  ];
}

function pairData(input: SavePairInput, requestSummary: string) {
  return {
    form: input.form,
    startsOn: dbDateOf(input.startsOn),
    plannedEndOn: dbDateOf(input.plannedEndOn),
    requestSummary,
    extraPay: input.extraPay === null ? null : decimalOf(input.extraPay),
  };
}

export async function createPair(scope: Scope, input: SavePairInput) {
  const requestSummary = input.requestSummary || (await composeRequest(scope, input.menteeStaffIds));
  return transaction(scope, async (tx) => {
    await assertPairRules(tx, input);
    const pair = await tx.db.pair.create({
      data: { organizationId: tx.organization.id, ...pairData(input, requestSummary), status: 'DRAFT', createdById: tx.actor.userId, members: { create: await memberRows(tx, input) } },
      select: { id: true },
    });
    await audit(tx, {
      action: 'pair.create',
      entityType: 'Pair',
      entityId: pair.id,
      details: { form: input.form, mentors: input.mentorStaffIds.length, mentees: input.menteeStaffIds.length },
    });
    return pair;
  });
}

export async function getPair(scope: Scope, id: number) {
  const pair = await scope.db.pair.findFirst({
    where: { id },
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

export async function getEditablePair(scope: Scope, id: number) {
  const pair = await getPair(scope, id);
  assertEditable(pair.status);
  return pair;
}

export async function updatePair(scope: Scope, id: number, input: SavePairInput) {
  const existing = await getEditablePair(scope, id);
  const requestSummary = input.requestSummary || (await composeRequest(scope, input.menteeStaffIds));
  await transaction(scope, async (tx) => {
    // Re-read under the transaction: an order may have been approved meanwhile.
    const fresh = await tx.db.pair.findUniqueOrThrow({ where: { id }, select: { status: true } });
    assertEditable(fresh.status);
    await assertPairRules(tx, input, id);
    await tx.db.pairMember.deleteMany({ where: { pairId: id } });
    // Saved under every rule (consents, archive, bank): whatever marked it needing attention is fixed.
    await tx.db.pair.update({
      where: { id },
      data: { ...pairData(input, requestSummary), attentionSince: null, attentionReason: '', members: { create: await memberRows(tx, input) } },
    });
    const before = pairValues(existing);
    const after = { ...input, extraPay: input.extraPay === null ? '' : decimalOf(input.extraPay).replace('.', ','), requestSummary };
    const changed = (Object.keys(before) as (keyof typeof before)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    await audit(tx, { action: 'pair.update', entityType: 'Pair', entityId: id, details: { changed } });
  });
}

/** Draft → proposed: the methodist offers the pair for an order; the hard rules must hold. */
export async function proposePair(scope: Scope, id: number) {
  const pair = await getPair(scope, id);
  if (pair.status !== 'DRAFT') throw new ConflictError(`Предложить можно только черновик; сейчас статус «${PAIR_STATUS_LABELS[pair.status]}»`);
  await transaction(scope, async (tx) => {
    const input = { form: pair.form, mentorStaffIds: pair.mentors.map((m) => m.staffMemberId), menteeStaffIds: pair.mentees.map((m) => m.staffMemberId) };
    // The mark of attention first (it names what happened), then every rule — the available mentor's among them.
    const issues = [
      ...(pair.attentionSince ? [attentionProblem(pair.attentionReason)] : []),
      ...(await pairIssues(tx, input, id)).map((i) => i.message),
      ...(await menteeIssues(tx, input.menteeStaffIds, id)).map((i) => i.message),
    ];
    if (issues.length) throw new ConflictError(`Пару нельзя предложить: ${issues.join('; ')}`);
    const moved = await tx.db.pair.updateMany({ where: { id, status: 'DRAFT' }, data: { status: 'PROPOSED' } });
    if (moved.count === 0) throw new ConflictError('Статус пары уже изменён');
    await audit(tx, { action: 'pair.status', entityType: 'Pair', entityId: id, details: { from: 'DRAFT', to: 'PROPOSED' } });
  });
}

/** Where an early end of an active pair is made: a termination order. */
export function terminationOrderHref(pairId: number): string {
  return `/orders/new?kind=TERMINATE&pair=${pairId}`;
}

/**
 * Ends the work of a pair. A draft or proposed pair — never made active by an order — is cancelled directly
 * (CANCELLED, with a reason); an active pair is recorded as COMPLETED on or after its planned end; an early
 * end of an active pair is a termination order's business, never a button here.
 */
export async function endPair(scope: Scope, id: number, input: EndPairInput) {
  const pair = await getPair(scope, id);
  const errors: FieldErrors = {};
  if (CLOSED.includes(pair.status)) throw new ConflictError(`Работа пары уже закончена: «${PAIR_STATUS_LABELS[pair.status]}»`);
  if (input.endedOn > scope.today) errors.endedOn = 'Дата не может быть позже сегодняшней';
  if (pair.status === 'ACTIVE') {
    const planned = isoOfDbDate(pair.plannedEndOn);
    if (input.outcome !== 'COMPLETED') {
      errors.outcome = 'Досрочно прекратить работу действующей пары можно только приказом о досрочном прекращении';
    } else if (input.endedOn < planned && !errors.endedOn) {
      errors.endedOn = `Плановая дата окончания — ${ruDate(planned)}: раньше неё работу пары прекращают приказом о досрочном прекращении`;
    }
  } else {
    if (input.outcome === 'COMPLETED') errors.outcome = 'Пара ещё не начала работу: её можно только отменить';
    if (!input.reason) errors.reason = 'Укажите причину отмены';
  }
  if (Object.keys(errors).length) throw new FormError(errors);
  await transaction(scope, async (tx) => {
    const endedOn = dbDateOf(input.endedOn);
    if (pair.status === 'ACTIVE') await endPairs(tx, [id], 'COMPLETED', endedOn, input.reason || 'Программа наставничества завершена');
    else await endPairs(tx, [id], 'CANCELLED', endedOn, input.reason);
  });
}

// ---- the card ------------------------------------------------------------------------------------

export async function pairCard(scope: Scope, id: number) {
  const pair = await getPair(scope, id);
  const who = participation(scope, 'pairs:read');
  // Someone else's pair is not theirs to know about: the same answer as a missing one.
  if (!takesPart(who, pair.members.map((m) => m.staffMemberId))) throw new NotFoundError('Пара (группа) не найдена');
  const mentorIds = pair.mentors.map((m) => m.staffMemberId);
  const attention = needsAttention(pair);
  const [consents, organization, history, problems, gaps, checkins] = await Promise.all([
    scope.db.consent.findMany({
      where: { ...validConsentWhere('MENTORING'), staffMemberId: { in: mentorIds } },
      orderBy: { givenAt: 'desc' },
      select: { id: true, staffMemberId: true, givenAt: true },
    }),
    scope.db.organization.findFirstOrThrow({ select: { mentorExtraPay: true } }),
    who.all
      ? scope.db.auditLog.findMany({
          where: { entityType: 'Pair', entityId: String(id), action: { in: ['pair.create', 'pair.update', 'pair.status', 'pair.attention', 'pair.attention_clear'] } },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
          select: { id: true, action: true, details: true, createdAt: true, user: { select: { fullName: true } } },
        })
      : Promise.resolve([]),
    who.all && EDITABLE_STATUSES.includes(pair.status) ? orderProblems(scope, id) : Promise.resolve([]),
    who.all && attention ? attentionGaps(scope, id) : Promise.resolve([]),
    // The check-in answers are for the methodist and the head, not for the other member of the pair.
    who.all ? checkinAnswers(scope, id) : Promise.resolve([]),
  ]);
  // A member sees the link to the check-in open for them in this pair (the to-do home has it too).
  const staffMemberId = scope.staffMemberId;
  const checkinOpen = !who.all && staffMemberId !== null && pair.status === 'ACTIVE' ? ((await dueCheckinsOf(scope, staffMemberId)).some((d) => d.pairId === id)) : false;
  const mentoringConsent = new Map<number, { id: number; givenAt: Date }>();
  for (const c of consents) if (!mentoringConsent.has(c.staffMemberId)) mentoringConsent.set(c.staffMemberId, c);
  await audit(scope, { action: 'pair.read', entityType: 'Pair', entityId: id });
  const prefix = `Пара № ${id}: `;
  return {
    pair,
    mentoringConsent,
    extraPayKopecks: kopecksOf(pair.extraPay ?? organization.mentorExtraPay),
    extraPayIsDefault: pair.extraPay === null,
    history,
    problems: problems.map((p) => (p.startsWith(prefix) ? p.slice(prefix.length) : p)),
    /** Marked «требует внимания» and still open: the card warns, an active pair's card offers the termination order. */
    needsAttention: attention,
    /** What still breaks a marked pair; none — the mark may be taken off («Снять отметку»). */
    attentionGaps: gaps,
    /** The members' check-ins «Как идёт работа в паре?», newest first. */
    checkins,
    checkinOpen,
  };
}
