/**
 * Reading programmes: the methodist's list with its figures, the card with the plan by sections, one item with
 * its marks, comments and evidence — and the queries later pages build on (a person's items due this week or
 * overdue, the last activity of programmes, the dashboard's lines). The list is raw SQL on purpose: one statement
 * for the page and its count whatever its size (progress, overdue and names come with the rows), one for the
 * figures — at city scale (2 000 programmes, 30 000 items) on the indexes of the migration.
 */
import { containsPattern } from '../../core/search.ts';
import { audit } from '../../core/audit.ts';
import { NotFoundError } from '../../core/errors.ts';
import { PAGE_SIZE, pageWithTotal } from '../../core/pagination.ts';
import { ownStaffIdOf, participation } from '../../core/participation.ts';
import type { Scope } from '../../core/scope.ts';
import { countsByOrganizationSql, countsSql, type CountsOver, type DashboardFigures } from '../../core/dashboard.ts';
import type { TodoFigures } from '../../core/todo.ts';
import { keptSql } from '../../core/kept-sql.ts';
import { dayNumber, isoOfDayNumber, isoOfDbDate, ruDate } from '../../domain/dates.ts';
import { fullNameOf, shortNameOf } from '../../domain/people.ts';
import { plural } from '../../domain/words.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import type { PairRole, PlanItemStatus, ProgrammeStatus } from '../../generated/prisma/enums.ts';
import { accessProgramme } from './programmes.access.ts';
import { STANDARD_SECTIONS } from './programmes.labels.ts';
import { programmeHistory } from './programmes.history.ts';
import { isDueSoon, isOverdue, OPEN_ITEM_STATUSES, progressFrom, progressOf, sectionsOf, WORKING_STATUSES } from './programmes.rules.ts';
import type { ProgrammeListFilter } from './programmes.schemas.ts';

const OPEN_SQL = Sql.join(OPEN_ITEM_STATUSES.map((s) => Sql.sql`${s}::"PlanItemStatus"`));
const WORKING_SQL = Sql.join(WORKING_STATUSES.map((s) => Sql.sql`${s}::"ProgrammeStatus"`));

/**
 * The dashboard's two programme figures and the lists they link to read these (one rule each): a programme is
 * written for an active pair once it was submitted (whatever happened next, but not closed early), approved once
 * it is approved, in progress or completed. `p` is the alias of a "Programme" row.
 */
function ofActivePairSql(p: Sql.Sql): Sql.Sql {
  return Sql.sql`EXISTS (SELECT 1 FROM "Pair" r WHERE r."organizationId" = ${p}."organizationId" AND r.id = ${p}."pairId" AND r.status = 'ACTIVE')`;
}
function writtenSql(p: Sql.Sql): Sql.Sql {
  return Sql.sql`(${p}.status NOT IN ('DRAFT', 'CLOSED_EARLY') AND ${ofActivePairSql(p)})`;
}
function approvedSql(p: Sql.Sql): Sql.Sql {
  return Sql.sql`(${p}.status IN ('APPROVED', 'IN_PROGRESS', 'COMPLETED') AND ${ofActivePairSql(p)})`;
}
/** A programme being worked on with an open plan item past its date (as of `today`). */
function hasOverdueItemsSql(p: Sql.Sql, today: string): Sql.Sql {
  return Sql.sql`(${p}.status IN (${WORKING_SQL}) AND EXISTS (SELECT 1 FROM "PlanItem" i WHERE i."programmeId" = ${p}.id AND i.status IN (${OPEN_SQL}) AND i."dueOn" < ${today}::date))`;
}

// ---- the list ---------------------------------------------------------------------------------------------

interface ListRow {
  id: number;
  pairId: number;
  title: string;
  status: ProgrammeStatus;
  startsOn: Date;
  endsOn: Date;
  lastActivityAt: Date;
  /** The plan's items (not cancelled), done, open past their date. */
  items: number;
  done: number;
  overdue: number;
  members: { role: PairRole; lastName: string; firstName: string; middleName: string }[] | null;
}

/**
 * The WHERE of the list after the organization (which each statement names itself: the scoped client checks the
 * statement's own text): the viewer's own programmes (a teacher), the filters.
 */
function listConditions(scope: Scope, filter: ProgrammeListFilter): Sql.Sql {
  const who = participation(scope, 'programmes:read');
  const conditions: Sql.Sql[] = [Sql.sql`TRUE`];
  if (!who.all) {
    conditions.push(Sql.sql`EXISTS (SELECT 1 FROM "PairMember" m WHERE m."organizationId" = p."organizationId" AND m."pairId" = p."pairId" AND m."staffMemberId" = ${ownStaffIdOf(who)})`);
  }
  if (filter.status) conditions.push(Sql.sql`p.status = ${filter.status}::"ProgrammeStatus"`);
  if (filter.written) conditions.push(writtenSql(Sql.raw('p')));
  if (filter.approved) conditions.push(approvedSql(Sql.raw('p')));
  if (filter.overdue) {
    conditions.push(hasOverdueItemsSql(Sql.raw('p'), scope.today));
  }
  if (filter.q) {
    const number = /^№?\s*(\d{1,9})$/.exec(filter.q);
    if (number) {
      conditions.push(Sql.sql`(p."pairId" = ${Number(number[1])} OR p.id = ${Number(number[1])})`);
    } else {
      // Every word must be part of the name of someone in the pair (a surname, a first name, a patronymic).
      for (const word of filter.q.split(/\s+/).filter(Boolean).slice(0, 3)) {
        const like = containsPattern(word);
        conditions.push(Sql.sql`EXISTS (SELECT 1 FROM "PairMember" m JOIN "StaffMember" s ON s."organizationId" = m."organizationId" AND s.id = m."staffMemberId"
          WHERE m."organizationId" = p."organizationId" AND m."pairId" = p."pairId"
            AND (s."lastName" ILIKE ${like} OR s."firstName" ILIKE ${like} OR s."middleName" ILIKE ${like}))`);
      }
    }
  }
  return Sql.join(conditions, ' AND ');
}

/** The list's order: programmes waiting for the methodist first, then in progress, approved, drafts, the rest; newest first. */
function listOrderSql(p: Sql.Sql): Sql.Sql {
  return Sql.sql`CASE ${p}.status WHEN 'SUBMITTED' THEN 0 WHEN 'IN_PROGRESS' THEN 1 WHEN 'APPROVED' THEN 2 WHEN 'DRAFT' THEN 3 ELSE 4 END, ${p}.id DESC`;
}

/**
 * One page of programmes, with each one's progress (done / items of the plan), overdue items (in the
 * organization's calendar) and the pair's people. Programmes waiting for the methodist come first. The total and
 * the page in one statement (core/pagination.ts pageWithTotal); the progress and the people of the page's rows only.
 */
export async function listProgrammes(scope: Scope, filter: ProgrammeListFilter) {
  const { page, rows } = await pageWithTotal(filter.page, (skip) =>
    scope.db.$queryRaw<(ListRow & { total: number })[]>`
      WITH listed AS (
        SELECT p.id, p."organizationId", p."pairId", p.title, p.status, p."startsOn", p."endsOn", p."lastActivityAt" FROM "Programme" p
         WHERE p."organizationId" = ${scope.organization.id} AND ${listConditions(scope, filter)}
      )
      SELECT t.total, p.id, p."pairId", p.title, p.status, p."startsOn", p."endsOn", p."lastActivityAt",
             c.items, c.done, c.overdue,
             (SELECT json_agg(json_build_object('role', m.role, 'lastName', s."lastName", 'firstName', s."firstName", 'middleName', s."middleName")
                              ORDER BY m.role, s."lastName", s."firstName")
                FROM "PairMember" m JOIN "StaffMember" s ON s."organizationId" = m."organizationId" AND s.id = m."staffMemberId"
               WHERE m."organizationId" = p."organizationId" AND m."pairId" = p."pairId") AS members
        FROM (SELECT count(*)::int AS total FROM listed) t
        LEFT JOIN LATERAL (SELECT * FROM listed l ORDER BY ${listOrderSql(Sql.raw('l'))} OFFSET ${skip} LIMIT ${PAGE_SIZE}) p ON true
        LEFT JOIN LATERAL (
          SELECT count(*) FILTER (WHERE i.status <> 'CANCELLED')::int AS items,
                 count(*) FILTER (WHERE i.status = 'DONE')::int AS done,
                 count(*) FILTER (WHERE i.status IN (${OPEN_SQL}) AND i."dueOn" < ${scope.today}::date)::int AS overdue
            FROM "PlanItem" i WHERE i."organizationId" = p."organizationId" AND i."programmeId" = p.id
        ) c ON true
       ORDER BY ${listOrderSql(Sql.raw('p'))}`,
  );
  // Each programme as one literal of its fields (spreading the row took V8's slow copying path).
  const programmes = rows.map((r) => {
    const members = r.members ?? [];
    return {
      id: r.id,
      pairId: r.pairId,
      title: r.title,
      status: r.status,
      startsOn: r.startsOn,
      endsOn: r.endsOn,
      lastActivityAt: r.lastActivityAt,
      mentors: members.filter((m) => m.role === 'MENTOR').map(shortNameOf),
      mentees: members.filter((m) => m.role === 'MENTEE').map(shortNameOf),
      progress: progressFrom(r.done, r.items),
      // A draft's past dates are a planning slip, not overdue work.
      overdue: WORKING_STATUSES.includes(r.status) ? r.overdue : 0,
    };
  });
  return { page, programmes };
}

export interface FiguresRow {
  activePairs: number;
  developed: number;
  approved: number;
  byStatus: Partial<Record<ProgrammeStatus, number>> | null;
  overdueProgrammes: number;
  itemsTotal: number;
  itemsDone: number;
  itemsOverdue: number;
  missing: { id: number }[] | null;
}

/**
 * The figures above the methodist's list and on the dashboard, in ONE statement: active pairs and how many have
 * a programme written (submitted or further) and approved, programmes by status, programmes with overdue items,
 * the items of programmes being worked on, and active pairs that have no programme at all.
 */
export function programmeFiguresSql(scope: Pick<Scope, 'organization' | 'today'>): Sql.Sql {
  const org = scope.organization.id;
  return Sql.sql`
    SELECT
      (SELECT count(*)::int FROM "Pair" WHERE "organizationId" = ${org} AND status = 'ACTIVE') AS "activePairs",
      (SELECT count(*)::int FROM "Programme" p WHERE p."organizationId" = ${org} AND ${writtenSql(Sql.raw('p'))}) AS developed,
      (SELECT count(*)::int FROM "Programme" p WHERE p."organizationId" = ${org} AND ${approvedSql(Sql.raw('p'))}) AS approved,
      (SELECT json_object_agg(status, n) FROM (SELECT status, count(*)::int AS n FROM "Programme" WHERE "organizationId" = ${org} GROUP BY status) s) AS "byStatus",
      (SELECT count(*)::int FROM "Programme" p WHERE p."organizationId" = ${org} AND ${hasOverdueItemsSql(Sql.raw('p'), scope.today)}) AS "overdueProgrammes",
      i.total AS "itemsTotal", i.done AS "itemsDone", i.overdue AS "itemsOverdue",
      (SELECT json_agg(json_build_object('id', x.id)) FROM (
         SELECT r.id FROM "Pair" r WHERE r."organizationId" = ${org} AND r.status = 'ACTIVE'
            AND NOT EXISTS (SELECT 1 FROM "Programme" p WHERE p."organizationId" = r."organizationId" AND p."pairId" = r.id)
          ORDER BY r.id LIMIT 20) x) AS missing
    FROM (
      SELECT count(*) FILTER (WHERE i.status <> 'CANCELLED')::int AS total,
             count(*) FILTER (WHERE i.status = 'DONE')::int AS done,
             count(*) FILTER (WHERE i.status IN (${OPEN_SQL}) AND i."dueOn" < ${scope.today}::date)::int AS overdue
        FROM "PlanItem" i JOIN "Programme" p ON p."organizationId" = i."organizationId" AND p.id = i."programmeId"
       WHERE i."organizationId" = ${org} AND p.status IN (${WORKING_SQL})
    ) i`;
}

/** The figures from the row of `programmeFiguresSql` (the same from Prisma and as JSON in the dashboard's one statement). */
export function programmeFiguresOf(f: FiguresRow) {
  const items = progressFrom(f.itemsDone, f.itemsTotal);
  return {
    activePairs: f.activePairs,
    developed: f.developed,
    approved: f.approved,
    byStatus: f.byStatus ?? {},
    overdueProgrammes: f.overdueProgrammes,
    // Written out, not `{ ...progress, overdue }`: a property after a spread takes V8's slow path.
    items: { done: items.done, total: items.total, percent: items.percent, overdue: f.itemsOverdue },
    pairsWithout: (f.missing ?? []).map((m) => m.id),
  };
}

export async function programmeFigures(scope: Scope) {
  const [f] = await scope.db.$queryRaw<FiguresRow[]>(programmeFiguresSql(scope));
  return programmeFiguresOf(f!);
}

export type ProgrammeFigures = Awaited<ReturnType<typeof programmeFigures>>;

/** A teacher's own active pairs and groups that have no programme yet (they may start one). */
export async function ownPairsWithout(scope: Scope): Promise<number[]> {
  if (scope.staffMemberId === null) return [];
  const pairs = await scope.db.pair.findMany({
    where: { status: 'ACTIVE', programme: { is: null }, members: { some: { staffMemberId: scope.staffMemberId } } },
    select: { id: true },
    orderBy: { id: 'asc' },
    take: 20,
  });
  return pairs.map((p) => p.id);
}

// ---- the card ---------------------------------------------------------------------------------------------

const itemSelect = {
  id: true,
  section: true,
  position: true,
  activity: true,
  form: true,
  dueOn: true,
  expectedResult: true,
  responsible: true,
  status: true,
  movedFromOn: true,
  moveReason: true,
  doneOn: true,
  forRequest: true,
  marks: { select: { staffMemberId: true, role: true, mark: true } },
  _count: { select: { comments: true } },
} as const;

function withDates<I extends { dueOn: Date; status: PlanItemStatus }>(item: I, today: string, keepsOverdue: boolean) {
  const due = isoOfDbDate(item.dueOn);
  const soon = keepsOverdue && isDueSoon({ status: item.status, dueOn: due }, today);
  return { ...item, due, overdue: keepsOverdue && isOverdue({ status: item.status, dueOn: due }, today), dueSoon: soon, dueToday: soon && due === today };
}

/** The programme's page: the plan by sections with progress, overdue items, marks, counts of comments and files. */
export async function programmeCard(scope: Scope, id: number) {
  const access = await accessProgramme(scope, id);
  const { programme } = access;
  const items = await scope.db.planItem.findMany({ where: { programmeId: id }, orderBy: [{ position: 'asc' }, { id: 'asc' }], select: itemSelect });
  const files = items.length
    ? await scope.db.attachment.groupBy({ by: ['ownerId'], where: { purpose: 'PLAN_EVIDENCE', ownerId: { in: items.map((i) => i.id) } }, _count: { _all: true } })
    : [];
  const filesOf = new Map(files.map((f) => [f.ownerId, f._count._all]));
  const working = WORKING_STATUSES.includes(programme.status);
  const dated = items.map((i) => ({ ...withDates(i, scope.today, working), files: filesOf.get(i.id) ?? 0 }));
  const historyCount = await scope.db.programmeChange.count({ where: { programmeId: id } });
  await audit(scope, { action: 'programme.read', entityType: 'Programme', entityId: id });
  return {
    ...access,
    sections: sectionsOf(dated),
    progress: progressOf(items),
    overdue: dated.filter((i) => i.overdue).length,
    historyCount,
  };
}

/** One plan item with the members' marks, the comments (oldest first) and the evidence files. */
export async function itemPage(scope: Scope, id: number, itemId: number) {
  const access = await accessProgramme(scope, id);
  const item = await scope.db.planItem.findFirst({ where: { id: itemId, programmeId: id }, select: itemSelect });
  if (!item) throw new NotFoundError('Мероприятие не найдено');
  const [comments, files] = await Promise.all([
    scope.db.planItemComment.findMany({
      where: { itemId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: 500,
      select: { id: true, role: true, text: true, createdAt: true, staffMemberId: true, staffMember: { select: { lastName: true, firstName: true, middleName: true } } },
    }),
    scope.db.attachment.findMany({
      where: { purpose: 'PLAN_EVIDENCE', ownerId: itemId },
      orderBy: { id: 'asc' },
      select: { id: true, originalName: true, mimeType: true, size: true, createdAt: true, uploadedById: true, uploadedBy: { select: { fullName: true } } },
    }),
  ]);
  await audit(scope, { action: 'programme.read', entityType: 'Programme', entityId: id, details: { itemId } });
  const working = WORKING_STATUSES.includes(access.programme.status);
  const marks = access.programme.members.map((m) => ({ ...m, mark: item.marks.find((k) => k.staffMemberId === m.staffMemberId)?.mark ?? null }));
  return {
    ...access,
    item: withDates(item, scope.today, working),
    marks,
    myMark: item.marks.find((k) => k.staffMemberId === scope.staffMemberId)?.mark ?? null,
    comments: comments.map((c) => ({ ...c, author: fullNameOf(c.staffMember) })),
    files,
  };
}

/** The sections the item form offers: the standard ones, then the programme's own. */
export async function sectionTitles(scope: Scope, id: number): Promise<string[]> {
  const rows = await scope.db.planItem.findMany({ where: { programmeId: id }, distinct: ['section'], select: { section: true } });
  return [...new Set([...STANDARD_SECTIONS, ...rows.map((r) => r.section)])];
}

export async function historyPage(scope: Scope, id: number) {
  const access = await accessProgramme(scope, id);
  return { ...access, history: await programmeHistory(scope, id) };
}

// ---- for the pages of later stages (to-do home, at-risk pairs) ----------------------------------------------

export interface DueItem {
  programmeId: number;
  programmeTitle: string;
  itemId: number;
  activity: string;
  /** 'YYYY-MM-DD' */
  dueOn: string;
  status: PlanItemStatus;
  overdue: boolean;
}

/** A row of `planItemsDueForSql`: from Prisma (dueOn a Date) or as JSON in the home's one statement ('YYYY-MM-DD'). */
export interface DueItemRow {
  itemId: number;
  activity: string;
  dueOn: Date | string;
  status: PlanItemStatus;
  programmeId: number;
  programmeTitle: string;
}

/**
 * A person's plan items that are overdue or due within `days` days (today included), in the approved programmes
 * of the pairs they are in, in the organization's calendar: the rows, oldest due first (at most 100). Indexed
 * path: the person's PairMember rows → their programmes (unique per pair) → items by (programmeId, dueOn).
 */
export function planItemsDueForSql(organizationId: number, staffMemberId: number, until: string): Sql.Sql {
  return Sql.sql`
    SELECT i.id AS "itemId", i.activity, i."dueOn", i.status::text AS status, p.id AS "programmeId", p.title AS "programmeTitle"
      FROM "PairMember" m
      JOIN "Programme" p ON p."organizationId" = m."organizationId" AND p."pairId" = m."pairId"
      JOIN "PlanItem" i ON i."organizationId" = p."organizationId" AND i."programmeId" = p.id
     WHERE m."organizationId" = ${organizationId} AND m."staffMemberId" = ${staffMemberId}
       AND p.status IN (${WORKING_SQL}) AND i.status IN (${OPEN_SQL}) AND i."dueOn" < ${until}::date
     ORDER BY i."dueOn", i.id LIMIT 100`;
}

/** The rows of `planItemsDueForSql`, overdue and due soon (isOverdue, the one rule). */
export function dueItemsOf(rows: DueItemRow[], today: string): { overdue: DueItem[]; dueSoon: DueItem[] } {
  const items = rows.map((r) => {
    const dueOn = typeof r.dueOn === 'string' ? r.dueOn : isoOfDbDate(r.dueOn);
    return { programmeId: r.programmeId, programmeTitle: r.programmeTitle, itemId: r.itemId, activity: r.activity, dueOn, status: r.status, overdue: isOverdue({ status: r.status, dueOn }, today) };
  });
  return { overdue: items.filter((i) => i.overdue), dueSoon: items.filter((i) => !i.overdue) };
}

/** The day after «due within `days` days» of `today` (planItemsDueForSql's `until`). */
function dueUntil(today: string, days: number): string {
  return isoOfDayNumber(dayNumber(today) + days);
}

export async function planItemsDueFor(scope: Scope, staffMemberId: number, days = 7): Promise<{ overdue: DueItem[]; dueSoon: DueItem[] }> {
  return dueItemsOf(await scope.db.$queryRaw<DueItemRow[]>(planItemsDueForSql(scope.organization.id, staffMemberId, dueUntil(scope.today, days))), scope.today);
}

/**
 * Every open plan item of the programmes being worked on that is due by `until` (inclusive) or overdue, with the
 * staff who answer for it (the item's «responsible»: the mentors, the mentees or both): the daily reminders of the
 * notifications module read this. Indexed by (programmeId, dueOn).
 */
export async function planItemsDueBy(scope: Scope, until: string) {
  const rows = await scope.db.planItem.findMany({
    where: { status: { in: OPEN_ITEM_STATUSES }, dueOn: { lte: new Date(`${until}T00:00:00Z`) }, programme: { status: { in: WORKING_STATUSES } } },
    orderBy: [{ dueOn: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      activity: true,
      dueOn: true,
      responsible: true,
      programme: { select: { id: true, pair: { select: { members: { select: { staffMemberId: true, role: true } } } } } },
    },
  });
  return rows.map((r) => ({
    itemId: r.id,
    programmeId: r.programme.id,
    activity: r.activity,
    dueOn: isoOfDbDate(r.dueOn),
    staffMemberIds: r.programme.pair.members
      .filter((m) => r.responsible === 'BOTH' || (r.responsible === 'MENTOR') === (m.role === 'MENTOR'))
      .map((m) => m.staffMemberId),
  }));
}

/**
 * The last activity of programmes being worked on (approved or in progress), oldest first: the at-risk list reads
 * «nothing done or commented for N days» from it. `before`: only those quiet since then.
 */
export async function programmeActivity(scope: Scope, options: { before?: Date; take?: number } = {}) {
  return scope.db.programme.findMany({
    where: { status: { in: WORKING_STATUSES }, ...(options.before ? { lastActivityAt: { lt: options.before } } : {}) },
    orderBy: [{ lastActivityAt: 'asc' }, { id: 'asc' }],
    take: options.take ?? 100,
    select: { id: true, pairId: true, title: true, status: true, lastActivityAt: true },
  });
}

// ---- the dashboard ------------------------------------------------------------------------------------------

/** The dashboard's programme figures (the rules of the list's filters they link to), for one organization or many. */
function dashboardCounts(today: string): CountsOver[] {
  const p = Sql.raw('p');
  return [
    { table: 'Pair', alias: 'pr', counts: { activePairs: Sql.sql`pr.status = 'ACTIVE'` } },
    {
      table: 'Programme',
      alias: 'p',
      counts: { developed: writtenSql(p), approved: approvedSql(p), submitted: Sql.sql`p.status = 'SUBMITTED'`, overdueProgrammes: hasOverdueItemsSql(p, today) },
    },
  ];
}

/**
 * What programmes add to the roadmap's cards (src/core/dashboard.ts): stage 1 — the programmes approved; stage 5 —
 * a programme written for every pair, those waiting for approval, those with overdue items. Every figure links to
 * the programmes list filtered by the same rule (`dashboardCounts`).
 */
export const programmesDashboard: DashboardFigures<{ activePairs: number; developed: number; approved: number; submitted: number; overdueProgrammes: number }> = {
  figures: (scope) => countsSql(scope.organization.id, ...dashboardCounts(scope.today)),
  figuresByOrganization: ({ ids, today }) => countsByOrganizationSql(ids, ...dashboardCounts(today)),
  contribute(f) {
      const waiting = f.submitted;
      const of = `из ${f.activePairs} ${plural(f.activePairs, ['действующей пары', 'действующих пар', 'действующих пар'])}`;
      const list = (query: string) => ({ href: `/programmes?${query}`, permission: 'programmes:read' as const });
      return [
        {
          stage: 1,
          items: [
            {
              key: 'programmes',
              text: `Персонализированные программы наставничества утверждены: {figure} ${of}`,
              done: f.activePairs > 0 && f.approved >= f.activePairs,
              figure: { count: f.approved, ...list('approved=1') },
            },
          ],
          actions: waiting ? [{ href: '/programmes?status=SUBMITTED', label: 'Утвердить программы', permission: 'programmes:approve' }] : [],
        },
        {
          stage: 5,
          items: [
            {
              key: 'programmes',
              text: `Для каждой пары и группы разработана персонализированная программа: {figure} ${of}`,
              done: f.activePairs > 0 && f.developed >= f.activePairs,
              figure: { count: f.developed, ...list('written=1') },
            },
            { key: 'programmes-submitted', text: 'Программы ждут утверждения', done: waiting === 0, figure: { count: waiting, ...list('status=SUBMITTED') } },
            {
              key: 'programmes-overdue',
              text: 'Программы с просроченными мероприятиями',
              done: f.overdueProgrammes === 0,
              alert: f.overdueProgrammes > 0,
              figure: { count: f.overdueProgrammes, ...list('overdue=1') },
            },
          ],
          actions: [{ href: '/programmes', label: 'Программы наставничества', permission: 'programmes:read' }],
        },
      ];
  },
};

// ---- the to-do home -----------------------------------------------------------------------------------------

interface WaitingComment {
  itemId: number;
  programmeId: number;
  activity: string;
  text: string;
  lastName: string;
  firstName: string;
  middleName: string;
}

/**
 * The programmes' part of the to-do home (src/core/todo.ts): the person's plan items overdue and due this week,
 * the comments on items of their programmes that wait for their answer (the last word on the item is someone
 * else's), and — for whoever approves — the programmes sent for approval. One row of three lists, composed with
 * the other contributors' rows into the home's one statement. The last word on each item: the comments on the
 * person's items sorted once (DISTINCT ON) — a LATERAL «last comment» subquery per plan item ran for every item,
 * commented or not (a mentor's 45 items: a quarter of the home's statement's CPU).
 */
const NONE = Sql.sql`'[]'::json`;
const listOf = (rows: Sql.Sql) => Sql.sql`(SELECT coalesce(json_agg(x), '[]') FROM (${rows}) x)`;
/** The choice of lists (keptSql): the person's own items and comments, the programmes to approve. */
const OWN = 1;
const APPROVES = 2;

const todoStatement = keptSql(
  (lists: number, v: { organizationId: number; me: number | null; until: string | null }) => Sql.sql`SELECT ${lists & OWN ? listOf(planItemsDueForSql(v.organizationId, v.me!, v.until!)) : NONE} AS due,
      ${
        lists & OWN
          ? listOf(Sql.sql`
          SELECT last."itemId", last."programmeId", last.activity, last.text, s."lastName", s."firstName", s."middleName"
            FROM (SELECT DISTINCT ON (i.id) i.id AS "itemId", i."programmeId", i.activity, i."dueOn", c."staffMemberId", c.text
                    FROM "PairMember" m
                    JOIN "Programme" p ON p."organizationId" = m."organizationId" AND p."pairId" = m."pairId"
                    JOIN "PlanItem" i ON i."organizationId" = p."organizationId" AND i."programmeId" = p.id
                    JOIN "PlanItemComment" c ON c."organizationId" = i."organizationId" AND c."itemId" = i.id
                   WHERE m."organizationId" = ${v.organizationId} AND m."staffMemberId" = ${v.me} AND p.status IN (${WORKING_SQL})
                   ORDER BY i.id, c."createdAt" DESC, c.id DESC) last
            JOIN "StaffMember" s ON s."organizationId" = ${v.organizationId} AND s.id = last."staffMemberId"
           WHERE last."staffMemberId" <> ${v.me}
           ORDER BY last."dueOn", last."itemId" LIMIT 20`)
          : NONE
      } AS comments,
      ${lists & APPROVES ? listOf(Sql.sql`SELECT id, title FROM "Programme" WHERE "organizationId" = ${v.organizationId} AND status = 'SUBMITTED' ORDER BY id LIMIT 20`) : NONE} AS submitted`,
);

export const programmesTodo: TodoFigures<{ due: DueItemRow[]; comments: WaitingComment[]; submitted: { id: number; title: string }[] }> = {
  figures(scope: Scope) {
    const me = scope.staffMemberId;
    const lists = (me !== null && scope.can('programmes:own') ? OWN : 0) | (scope.can('programmes:approve') ? APPROVES : 0);
    if (!lists) return null;
    return todoStatement(lists, { organizationId: scope.organization.id, me, until: lists & OWN ? dueUntil(scope.today, 7) : null });
  },
  groups(row, scope) {
    const due = dueItemsOf(row.due, scope.today);
    const { comments, submitted } = row;
    const item = (i: DueItem) => ({
      text: i.activity,
      href: `/programmes/${i.programmeId}/items/${i.itemId}`,
      due: i.dueOn,
      overdue: i.overdue,
      detail: `${i.overdue ? 'Просрочено: срок' : 'Срок'} ${ruDate(i.dueOn)} · ${i.programmeTitle}`,
    });
    return [
      { key: 'programmes-approve', title: 'Утвердить программы наставничества', items: submitted.map((p) => ({ text: `Рассмотреть программу «${p.title}»`, href: `/programmes/${p.id}` })) },
      { key: 'plan-items', title: 'Мероприятия программы: просрочено и на этой неделе', items: [...due.overdue, ...due.dueSoon].map(item) },
      {
        key: 'comments',
        title: 'Ответить на комментарии',
        items: comments.map((c) => ({
          text: `${shortNameOf(c)}: «${c.text.length > 120 ? `${c.text.slice(0, 119)}…` : c.text}»`,
          href: `/programmes/${c.programmeId}/items/${c.itemId}#comments-title`,
          detail: c.activity,
        })),
      },
    ];
  },
};
