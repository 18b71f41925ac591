/**
 * Orders (приказы): drafts by the methodist, the head's approval with a number of the year, the pairs the
 * order changes, and the acknowledgment sheet. Vocabulary in CONTEXT.md.
 */
import { audit } from '../../core/audit.ts';
import { ConflictError, FormError, NotFoundError, type FieldErrors } from '../../core/errors.ts';
import { paginated } from '../../core/pagination.ts';
import { ownStaffIdOf, participation, takesPart } from '../../core/participation.ts';
import { publish, transaction, type Scope } from '../../core/scope.ts';
import { dbDateOf, isoInZone, isoOfDbDate, ruDate } from '../../domain/dates.ts';
import { fullNameOf } from '../../domain/people.ts';
import type { Prisma as P } from '../../generated/prisma/client.ts';
import type { OrderKind, OrderStatus, PairStatus } from '../../generated/prisma/enums.ts';
import { menteeIssues, orderProblems } from '../pairs/index.ts';
import { orderDocument, type OrderDocumentInput } from './orders.documents.ts';
import { EDITABLE_ORDER_STATUSES, ORDER_STATUS_LABELS, PAIR_KINDS } from './orders.labels.ts';
import { formatOrderNumber, lockNumbering, nextOrderNumber } from './orders.numbering.ts';
import type { OrderListFilter, SaveOrderInput } from './orders.schemas.ts';
import { defaultPoints, orderDefaults, type Appendix, type DefaultsContext, type OrderRef, type PairForTexts } from './orders.templates.ts';
import { pointsToText } from './orders.text.ts';

/** A refusal with the list of reasons (submit, approve): the order page shows them all. */
export class OrderRefused extends ConflictError {
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(message);
  }
}

/** Orders that still hold their pairs: a returned draft lets them go to another order. */
const HOLDING_STATUSES: OrderStatus[] = ['DRAFT', 'SUBMITTED', 'APPROVED'];

export const asPoints = (json: unknown): string[] => (Array.isArray(json) ? json.filter((p): p is string => typeof p === 'string') : []);
export const asAppendices = (json: unknown): Appendix[] =>
  // Rebuilt in a fixed key order: jsonb hands keys back sorted its own way, and changes are compared as JSON.
  Array.isArray(json) ? json.filter((a): a is Appendix => !!a && typeof a.title === 'string' && typeof a.text === 'string').map((a) => ({ title: a.title, text: a.text })) : [];

// ---- pairs as an order sees them ----------------------------------------------------------------

const personSelect = { lastName: true, firstName: true, middleName: true, position: true } as const;

const pairSelect = {
  id: true,
  form: true,
  status: true,
  startsOn: true,
  plannedEndOn: true,
  members: { select: { role: true, staffMemberId: true, staffMember: { select: personSelect } } },
  orders: {
    where: { order: { kind: 'ASSIGN_PAIRS', status: 'APPROVED' } },
    select: { order: { select: { id: true, title: true, numberText: true, orderDate: true } } },
  },
} satisfies P.PairSelect;

type PairRow = P.PairGetPayload<{ select: typeof pairSelect }>;

const byName = (a: { fullName: string }, b: { fullName: string }) => a.fullName.localeCompare(b.fullName, 'ru');

function refOf(order: { id: number; title: string; numberText: string | null; orderDate: Date | null }): OrderRef | null {
  return order.numberText && order.orderDate ? { id: order.id, title: order.title, numberText: order.numberText, orderDate: isoOfDbDate(order.orderDate) } : null;
}

export function pairForTexts(pair: PairRow): PairForTexts & { status: PairRow['status']; menteeStaffIds: number[] } {
  const people = (role: 'MENTOR' | 'MENTEE') =>
    pair.members
      .filter((m) => m.role === role)
      .map((m) => ({ fullName: fullNameOf(m.staffMember), position: m.staffMember.position }))
      .sort(byName);
  const assigned = pair.orders.map((o) => refOf(o.order)).find(Boolean) ?? null;
  return {
    id: pair.id,
    status: pair.status,
    form: pair.form,
    startsOn: isoOfDbDate(pair.startsOn),
    plannedEndOn: isoOfDbDate(pair.plannedEndOn),
    mentors: people('MENTOR'),
    mentees: people('MENTEE'),
    menteeStaffIds: pair.members.filter((m) => m.role === 'MENTEE').map((m) => m.staffMemberId),
    assignedBy: assigned,
  };
}

/** «№ 12: Кузнецова О.Н. → Соколова А.И.» for checkboxes and tables. */
export function pairLabel(pair: PairForTexts): string {
  const names = (list: { fullName: string }[]) => list.map((p) => p.fullName).join(', ');
  return `№ ${pair.id}: ${names(pair.mentors)} → ${names(pair.mentees)}; ${ruDate(pair.startsOn)} – ${ruDate(pair.plannedEndOn)}`;
}

/**
 * Pairs an order of this kind may name: for an assignment, drafts and proposed pairs; for a termination,
 * active ones — in both cases not held by another draft, submitted or approved order of the same kind.
 */
async function pairCandidates(scope: Scope, kind: OrderKind, exceptOrderId?: number) {
  if (!PAIR_KINDS.includes(kind)) return [];
  const rows = await scope.db.pair.findMany({
    where: {
      status: { in: kind === 'ASSIGN_PAIRS' ? ['DRAFT', 'PROPOSED'] : ['ACTIVE'] },
      NOT: { orders: { some: { order: { kind, status: { in: HOLDING_STATUSES }, ...(exceptOrderId ? { id: { not: exceptOrderId } } : {}) } } } },
    },
    select: pairSelect,
    orderBy: { id: 'asc' },
    take: 300,
  });
  return rows.map(pairForTexts);
}

async function pairsByIds(scope: Scope, ids: number[]) {
  if (ids.length === 0) return [];
  const rows = await scope.db.pair.findMany({ where: { id: { in: ids } }, select: pairSelect, orderBy: { id: 'asc' } });
  return rows.map(pairForTexts);
}

// ---- what the form needs ---------------------------------------------------------------------------

const orgTextSelect = { fullName: true, shortName: true, website: true, defaultMaxMentees: true } as const;

async function latestRegulation(scope: Scope) {
  return scope.db.order.findFirst({
    where: { kind: 'REGULATION', status: 'APPROVED' },
    orderBy: [{ orderDate: 'desc' }, { number: 'desc' }],
    select: { id: true, title: true, numberText: true, orderDate: true },
  });
}

/** Approved orders an amendment may refer to (newest first). */
async function amendableOrders(scope: Scope) {
  const rows = await scope.db.order.findMany({
    where: { status: 'APPROVED' },
    orderBy: [{ orderDate: 'desc' }, { number: 'desc' }],
    select: { id: true, title: true, numberText: true, orderDate: true },
    take: 200,
  });
  return rows.map(refOf).filter((r): r is OrderRef => r !== null);
}

/** The texts' context: the organization, its Regulation, the curator (the acting methodist's card), the pairs. */
async function defaultsContext(scope: Scope, pairs: PairForTexts[], amendsId: number | null): Promise<DefaultsContext> {
  const [organization, regulation, staff, amends] = await Promise.all([
    scope.db.organization.findFirstOrThrow({ select: orgTextSelect }),
    latestRegulation(scope),
    scope.staffMemberId ? scope.db.staffMember.findFirst({ where: { id: scope.staffMemberId }, select: personSelect }) : null,
    amendsId ? scope.db.order.findFirst({ where: { id: amendsId, status: 'APPROVED' }, select: { id: true, title: true, numberText: true, orderDate: true } }) : null,
  ]);
  return {
    organization,
    regulation: regulation ? refOf(regulation) : null,
    curator: staff ? { fullName: fullNameOf(staff), position: staff.position } : { fullName: scope.user?.fullName ?? '', position: '' },
    pairs,
    amends: amends ? refOf(amends) : null,
  };
}

/** Form values of an order: the points as lines, each appendix in its numbered slot. */
export function formValuesOf(order: { kind: OrderKind; title: string; preamble: string; points: string[]; appendices: Appendix[]; pairIds: number[]; amendsOrderId: number | null }) {
  const values: Record<string, unknown> = {
    kind: order.kind,
    title: order.title,
    preamble: order.preamble,
    points: pointsToText(order.points),
    pairIds: order.pairIds.map(String),
    amendsOrderId: order.amendsOrderId ? String(order.amendsOrderId) : '',
  };
  order.appendices.forEach((a, i) => {
    values[`appendix${i + 1}Title`] = a.title;
    values[`appendix${i + 1}Text`] = a.text;
  });
  return values;
}

export interface FormOptions {
  kind: OrderKind;
  pairs: [string, string][];
  amendable: [string, string][];
}

export async function orderFormOptions(scope: Scope, kind: OrderKind, exceptOrderId?: number): Promise<FormOptions> {
  const [pairs, amendable] = await Promise.all([
    pairCandidates(scope, kind, exceptOrderId),
    kind === 'AMEND' ? amendableOrders(scope) : Promise.resolve([]),
  ]);
  return {
    kind,
    pairs: pairs.map((p) => [String(p.id), pairLabel(p)]),
    amendable: amendable.map((o) => [String(o.id), `№ ${o.numberText} от ${ruDate(o.orderDate)} — ${o.title}`]),
  };
}

/**
 * A new draft of this kind, filled with the default texts. An assignment starts with every free proposed
 * or draft pair (or only the pair it was opened from); a termination with the pair it was opened from.
 */
export async function newOrderForm(
  scope: Scope,
  kind: OrderKind,
  query: { pair?: number; amends?: number },
) {
  const options = await orderFormOptions(scope, kind);
  const free = new Set(options.pairs.map(([id]) => Number(id)));
  let pairIds: number[] = [];
  if (query.pair && free.has(query.pair)) pairIds = [query.pair];
  else if (kind === 'ASSIGN_PAIRS' && !query.pair) pairIds = [...free];
  const pairs = await pairsByIds(scope, pairIds);
  const amendsOrderId = kind === 'AMEND' && query.amends && options.amendable.some(([id]) => Number(id) === query.amends) ? query.amends : null;
  const texts = orderDefaults(kind, await defaultsContext(scope, pairs, amendsOrderId));
  return { options, values: formValuesOf({ kind, ...texts, pairIds, amendsOrderId }), slots: texts.appendices.length + 1 };
}

/** The form again after «составить пункты заново»: the points made from the pairs ticked now. */
export async function refreshedForm(
  scope: Scope,
  kind: OrderKind,
  values: Record<string, unknown>,
  exceptOrderId?: number,
) {
  const options = await orderFormOptions(scope, kind, exceptOrderId);
  const free = new Set(options.pairs.map(([id]) => Number(id)));
  const ticked = [values.pairIds ?? []].flat().map(Number).filter((id) => free.has(id));
  const amends = Number(values.amendsOrderId) || null;
  const ctx = await defaultsContext(scope, await pairsByIds(scope, ticked), amends);
  return { options, values: { ...values, kind, points: pointsToText(defaultPoints(kind, ctx)) } };
}

/** The edit form of a draft or returned order. */
export async function editOrderForm(scope: Scope, id: number) {
  const order = await getOrder(scope, id);
  assertEditable(order);
  const options = await orderFormOptions(scope, order.kind, order.id);
  // The pairs it holds are offered even if they were picked up elsewhere meanwhile (the save re-checks).
  for (const p of order.pairs) if (!options.pairs.some(([pid]) => Number(pid) === p.id)) options.pairs.push([String(p.id), pairLabel(p)]);
  const values = formValuesOf({ ...order, pairIds: order.pairs.map((p) => p.id) });
  return { order, options, values, slots: order.appendices.length + 1 };
}

// ---- reading ------------------------------------------------------------------------------------------

const listSelect = {
  id: true,
  kind: true,
  status: true,
  title: true,
  numberText: true,
  orderDate: true,
  createdAt: true,
  submittedAt: true,
} as const;

/** The methodist and the head read every order (`orders:read`); anyone else only the approved orders naming them. */
export async function listOrders(scope: Scope, filter: OrderListFilter) {
  const who = participation(scope, 'orders:read');
  const where: P.OrderWhereInput = {};
  if (filter.kind) where.kind = filter.kind;
  if (filter.status) where.status = filter.status;
  if (!who.all) {
    // A teacher sees the approved orders that name them, and nothing else.
    where.status = 'APPROVED';
    where.acknowledgments = { some: { staffMemberId: ownStaffIdOf(who) } };
  }
  const { page, rows } = await paginated(
    filter.page,
    () => scope.db.order.count({ where }),
    (skip, take) =>
      scope.db.order.findMany({
        where,
        select: {
          ...listSelect,
          acknowledgments: { where: { staffMemberId: ownStaffIdOf(who) }, select: { acknowledgedAt: true } },
        },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        skip,
        take,
      }),
  );
  return { page, orders: rows.map(({ acknowledgments, ...o }) => ({ ...o, mine: acknowledgments[0] ?? null })) };
}

export async function getOrder(scope: Scope, id: number) {
  const order = await scope.db.order.findFirst({
    where: { id },
    include: {
      pairs: { select: { pair: { select: pairSelect } }, orderBy: { pairId: 'asc' } },
      amendsOrder: { select: { id: true, title: true, numberText: true, orderDate: true } },
      amendedBy: { where: { status: 'APPROVED' }, select: { id: true, title: true, numberText: true, orderDate: true } },
      acknowledgments: {
        select: { staffMemberId: true, acknowledgedAt: true, staffMember: { select: personSelect } },
      },
    },
  });
  if (!order) throw new NotFoundError('Приказ не найден');
  const { pairs, acknowledgments, ...rest } = order;
  return {
    ...rest,
    points: asPoints(order.points),
    appendices: asAppendices(order.appendices),
    pairs: pairs.map((p) => pairForTexts(p.pair)),
    acknowledgments: acknowledgments
      .map((a) => ({ staffMemberId: a.staffMemberId, acknowledgedAt: a.acknowledgedAt, fullName: fullNameOf(a.staffMember), position: a.staffMember.position }))
      .sort(byName),
  };
}

type FullOrder = Awaited<ReturnType<typeof getOrder>>;

/** The order as this scope may see it; someone else's order is «not found», as if it did not exist. */
async function visibleOrder(scope: Scope, id: number) {
  const order = await getOrder(scope, id);
  const who = participation(scope, 'orders:read');
  if (who.all) return order;
  if (order.status === 'APPROVED' && takesPart(who, order.acknowledgments.map((a) => a.staffMemberId))) return order;
  throw new NotFoundError('Приказ не найден');
}

/**
 * The people an order names, who sign its acknowledgment sheet: the members of its pairs; for the
 * Regulation everybody working with an account (methodists and teachers); for an amendment, the sheet of
 * the amended order.
 */
async function participantIds(scope: Scope, order: { kind: OrderKind; pairs: { id: number }[]; amendsOrderId: number | null }): Promise<number[]> {
  if (PAIR_KINDS.includes(order.kind)) {
    const members = await scope.db.pairMember.findMany({
      where: { pairId: { in: order.pairs.map((p) => p.id) } },
      select: { staffMemberId: true },
    });
    return [...new Set(members.map((m) => m.staffMemberId))];
  }
  if (order.kind === 'REGULATION') {
    const staff = await scope.db.staffMember.findMany({
      where: { archivedAt: null, user: { active: true, role: { in: ['METHODIST', 'TEACHER'] } } },
      select: { id: true },
    });
    return staff.map((s) => s.id);
  }
  if (!order.amendsOrderId) return [];
  const rows = await scope.db.orderAcknowledgment.findMany({ where: { orderId: order.amendsOrderId }, select: { staffMemberId: true } });
  return rows.map((r) => r.staffMemberId);
}

/** The sheet as printed: the acknowledgment rows of an approved order, the people it will name for a draft. */
async function sheetOf(scope: Scope, order: FullOrder) {
  if (order.status === 'APPROVED') return order.acknowledgments;
  const ids = await participantIds(scope, { kind: order.kind, pairs: order.pairs, amendsOrderId: order.amendsOrderId });
  const staff = await scope.db.staffMember.findMany({ where: { id: { in: ids } }, select: { id: true, ...personSelect } });
  return staff.map((s) => ({ staffMemberId: s.id, acknowledgedAt: null as Date | null, fullName: fullNameOf(s), position: s.position })).sort(byName);
}

/** Everything the order page shows; the read is audited (the order names people). */
export async function orderCard(scope: Scope, id: number) {
  const order = await visibleOrder(scope, id);
  const [sheet, users, organization] = await Promise.all([
    sheetOf(scope, order),
    scope.db.user.findMany({
      where: { id: { in: [order.authorId, order.approverId].filter((v): v is number => v !== null) } },
      select: { id: true, fullName: true },
    }),
    scope.db.organization.findFirstOrThrow({ select: { fullName: true, headName: true, headPosition: true } }),
  ]);
  const nameOf = (userId: number | null) => users.find((u) => u.id === userId)?.fullName ?? null;
  await audit(scope, { action: 'order.read', entityType: 'Order', entityId: order.id });
  const mine = order.acknowledgments.find((a) => a.staffMemberId === scope.staffMemberId) ?? null;
  return { order, sheet, organization, author: nameOf(order.authorId), approver: nameOf(order.approverId), mine };
}

/** The printed order (PDF/DOCX): one description for both formats; the download is audited. */
export async function orderForPrint(scope: Scope, id: number, format: 'pdf' | 'docx') {
  const order = await visibleOrder(scope, id);
  const [organization, sheet] = await Promise.all([
    scope.db.organization.findFirstOrThrow({ select: { fullName: true, address: true, headName: true, headPosition: true, timeZone: true } }),
    sheetOf(scope, order),
  ]);
  const input: OrderDocumentInput = {
    organization,
    kind: order.kind,
    approved: order.status === 'APPROVED',
    title: order.title,
    preamble: order.preamble,
    points: order.points,
    appendices: order.appendices,
    numberText: order.numberText,
    orderDate: order.orderDate ? isoOfDbDate(order.orderDate) : null,
    pairs: order.pairs,
    sheet: sheet.map((s) => ({ fullName: s.fullName, position: s.position, acknowledgedOn: s.acknowledgedAt ? isoInZone(s.acknowledgedAt, organization.timeZone) : null })),
  };
  await audit(scope, { action: 'order.download', entityType: 'Order', entityId: order.id, details: { format } });
  const fileName = order.numberText && order.orderDate ? `Приказ № ${order.numberText} от ${ruDate(isoOfDbDate(order.orderDate))}` : `Проект приказа ${order.id}`;
  // An approved order's text is frozen: its rendered file is kept (the key also hashes the whole
  // document, so a new acknowledgment on the sheet or a renamed organization makes a new file).
  return { doc: orderDocument(input), fileName, cacheKey: order.status === 'APPROVED' ? `order:${order.id}` : undefined };
}

// ---- drafting -------------------------------------------------------------------------------------------

function assertEditable(order: { status: OrderStatus; numberText: string | null }) {
  if (order.status === 'APPROVED') {
    throw new ConflictError(`Приказ № ${order.numberText} утверждён и не изменяется. Изменения вносят новым приказом «О внесении изменений в приказ».`);
  }
  if (!EDITABLE_ORDER_STATUSES.includes(order.status)) {
    throw new ConflictError(`Приказ ${ORDER_STATUS_LABELS[order.status]}: изменить его можно, только если заведующий вернёт его на доработку.`);
  }
}

/** The pairs and the amended order a draft names must be really available to it (forged ids → 422). */
async function checkReferences(scope: Scope, input: SaveOrderInput, exceptOrderId?: number) {
  const errors: FieldErrors = {};
  if (PAIR_KINDS.includes(input.kind)) {
    const free = new Set((await pairCandidates(scope, input.kind, exceptOrderId)).map((p) => p.id));
    const taken = input.pairIds.filter((id) => !free.has(id));
    if (taken.length) {
      errors.pairIds = `${taken.map((id) => `Пара № ${id}`).join(', ')}: ${input.kind === 'ASSIGN_PAIRS' ? 'уже в другом приказе или не в статусе «черновик» / «предложена»' : 'уже в другом приказе о прекращении или не действует'}`;
    }
  }
  if (input.kind === 'AMEND' && input.amendsOrderId) {
    const amended = await scope.db.order.findFirst({ where: { id: input.amendsOrderId, status: 'APPROVED' }, select: { id: true } });
    if (!amended || amended.id === exceptOrderId) errors.amendsOrderId = 'Изменять можно только утверждённый приказ этой организации';
  }
  if (Object.keys(errors).length) throw new FormError(errors);
}

function orderData(input: SaveOrderInput) {
  return {
    title: input.title,
    preamble: input.preamble,
    points: input.points,
    appendices: input.appendices as unknown as P.InputJsonValue,
    amendsOrderId: input.kind === 'AMEND' ? input.amendsOrderId : null,
  };
}

export async function createOrder(scope: Scope, input: SaveOrderInput) {
  return transaction(scope, async (tx) => {
    await checkReferences(tx, input);
    const pairIds = PAIR_KINDS.includes(input.kind) ? input.pairIds : [];
    const order = await tx.db.order.create({
      data: { organizationId: tx.organization.id, kind: input.kind, ...orderData(input), authorId: tx.actor.userId, pairs: { create: pairIds.map((pairId) => ({ pairId })) } },
      select: { id: true },
    });
    await audit(tx, { action: 'order.create', entityType: 'Order', entityId: order.id, details: { kind: input.kind, pairs: pairIds.length, points: input.points.length } });
    return order;
  });
}

/** Locks the order row for the rest of the transaction: approvals, submissions and edits queue on it. */
async function lockOrder(tx: Scope, id: number) {
  const [row] = await tx.db.$queryRaw<{ id: number }[]>`SELECT id FROM "Order" WHERE id = ${id} AND "organizationId" = ${tx.organization.id} FOR UPDATE`;
  if (!row) throw new NotFoundError('Приказ не найден');
  return getOrder(tx, id);
}

export async function updateOrder(scope: Scope, id: number, input: Omit<SaveOrderInput, 'kind'>) {
  await transaction(scope, async (tx) => {
    const existing = await lockOrder(tx, id);
    assertEditable(existing);
    const full = { ...input, kind: existing.kind };
    await checkReferences(tx, full, id);
    const pairIds = PAIR_KINDS.includes(existing.kind) ? [...new Set(input.pairIds)] : [];
    await tx.db.orderPair.deleteMany({ where: { orderId: id } });
    await tx.db.order.update({ where: { id }, data: { ...orderData(full), pairs: { create: pairIds.map((pairId) => ({ pairId })) } } });
    const before = { title: existing.title, preamble: existing.preamble, points: existing.points, appendices: existing.appendices, pairs: existing.pairs.map((p) => p.id), amendsOrderId: existing.amendsOrderId };
    const after = { title: full.title, preamble: full.preamble, points: full.points, appendices: full.appendices, pairs: pairIds, amendsOrderId: orderData(full).amendsOrderId };
    const changed = (Object.keys(before) as (keyof typeof before)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    await audit(tx, { action: 'order.update', entityType: 'Order', entityId: id, details: { changed } });
  });
}

// ---- the workflow -----------------------------------------------------------------------------------------

/**
 * What must hold for the pairs of an order before it goes to the head and again when she approves it:
 * for an assignment the hard rules of pairs.rules.ts (consents, mentor's written consent, the limit of
 * mentees, nobody mentoring themself or their manager, one open pair per request); for a termination,
 * the pairs must still be active.
 */
async function pairProblemsOf(tx: Scope, order: FullOrder, expected: PairStatus[] | null): Promise<string[]> {
  const problems: string[] = [];
  if (PAIR_KINDS.includes(order.kind) && order.pairs.length === 0) problems.push('В приказе не выбрано ни одной пары (группы)');
  if (order.kind === 'TERMINATE') {
    for (const p of order.pairs) if (p.status !== 'ACTIVE') problems.push(`Пара № ${p.id} не действует: прекратить её досрочно нельзя`);
    return problems;
  }
  if (order.kind !== 'ASSIGN_PAIRS') return problems;
  for (const p of order.pairs) {
    if (expected && !expected.includes(p.status)) {
      problems.push(`Пара № ${p.id}: закрепить можно только предложенную пару, сейчас статус другой`);
      continue;
    }
    problems.push(...(await orderProblems(tx, p.id)));
    problems.push(...(await menteeIssues(tx, p.menteeStaffIds, p.id)).map((i) => `Пара № ${p.id}: ${i.message}`));
  }
  const elsewhere = await tx.db.orderPair.findMany({
    where: { pairId: { in: order.pairs.map((p) => p.id) }, orderId: { not: order.id }, order: { kind: 'ASSIGN_PAIRS', status: { in: HOLDING_STATUSES } } },
    select: { pairId: true, orderId: true },
  });
  for (const e of elsewhere) problems.push(`Пара № ${e.pairId} уже включена в другой приказ о закреплении (проект № ${e.orderId})`);
  return [...new Set(problems)];
}

/**
 * Draft → on approval. `order.submitted` goes out first (the pairs module proposes an assignment's draft
 * pairs); then every rule is checked in the same transaction, and a refusal rolls all of it back.
 */
export async function submitOrder(scope: Scope, id: number) {
  await transaction(scope, async (tx) => {
    const order = await lockOrder(tx, id);
    if (order.status === 'SUBMITTED') throw new OrderRefused('Приказ уже направлен на согласование');
    assertEditable(order);
    await publish(tx, 'order.submitted', { orderId: id, kind: order.kind, pairIds: order.pairs.map((p) => p.id) });
    // Checked after the drafts are proposed, inside the transaction: each mentor's load then counts every pair of this order.
    const problems = await pairProblemsOf(tx, await getOrder(tx, id), ['PROPOSED']);
    if (problems.length) throw new OrderRefused('Приказ нельзя направить на согласование', problems);
    await tx.db.order.update({ where: { id }, data: { status: 'SUBMITTED', submittedAt: new Date() } });
    await audit(tx, { action: 'order.submit', entityType: 'Order', entityId: id, details: { pairs: order.pairs.length } });
  });
}

export async function returnOrder(scope: Scope, id: number, comment: string) {
  await transaction(scope, async (tx) => {
    const order = await lockOrder(tx, id);
    if (order.status !== 'SUBMITTED') throw new OrderRefused(`Вернуть можно только приказ на согласовании; этот приказ ${ORDER_STATUS_LABELS[order.status]}`);
    await tx.db.order.update({ where: { id }, data: { status: 'RETURNED', returnedAt: new Date(), returnComment: comment } });
    await audit(tx, { action: 'order.return', entityType: 'Order', entityId: id });
  });
}

/**
 * The head approves: in one transaction the order row is locked (a second approval waits, then is refused),
 * the rules are checked again, the next number of the year is taken from the counter, the content is
 * frozen, `order.approved` goes out (the pairs module starts or ends the pairs), and the acknowledgment
 * sheet is made.
 */
export async function approveOrder(scope: Scope, id: number, at?: Date) {
  const org = await scope.db.organization.findFirstOrThrow({ select: { orderSuffix: true, timeZone: true } });
  return transaction(
    scope,
    async (tx) => {
      const order = await lockOrder(tx, id);
      if (order.status === 'APPROVED') {
        throw new OrderRefused(`Приказ уже утверждён: № ${order.numberText} от ${order.orderDate ? ruDate(isoOfDbDate(order.orderDate)) : ''}. Повторно его не утверждают.`);
      }
      if (order.status !== 'SUBMITTED') throw new OrderRefused(`Утвердить можно только приказ, направленный на согласование; этот приказ ${ORDER_STATUS_LABELS[order.status]}`);
      const problems = await pairProblemsOf(tx, order, ['PROPOSED']);
      if (problems.length) throw new OrderRefused('Приказ нельзя утвердить', problems);

      // The time is taken under the numbering lock, not before: numbers and times follow one order.
      await lockNumbering(tx);
      const now = at ?? new Date();
      const today = isoInZone(now, org.timeZone);
      const year = Number(today.slice(0, 4));
      const number = await nextOrderNumber(tx, year);
      const numberText = formatOrderNumber(number, org.orderSuffix);
      const orderDate = dbDateOf(today);
      await tx.db.order.update({
        where: { id },
        data: { status: 'APPROVED', number, numberYear: year, numberText, orderDate, approverId: tx.actor.userId, approvedAt: now },
      });
      const label = `приказ от ${ruDate(today)} № ${numberText}`;
      const pairIds = order.pairs.map((p) => p.id);
      await publish(tx, 'order.approved', { orderId: id, kind: order.kind, pairIds, label, orderDate: today, approvedAt: now, reason: order.preamble });
      const participants = await participantIds(tx, order);
      if (participants.length) {
        await tx.db.orderAcknowledgment.createMany({ data: participants.map((staffMemberId) => ({ organizationId: tx.organization.id, orderId: id, staffMemberId })), skipDuplicates: true });
      }
      await audit(tx, { action: 'order.approve', entityType: 'Order', entityId: id, details: { numberText, pairs: pairIds.length, participants: participants.length } });
      return { number, numberText, orderDate: today };
    },
    // Parallel approvals queue on the counter row: give them time to wait for a connection and the lock.
    { maxWait: 20_000, timeout: 60_000 },
  );
}

/** «Ознакомлен(а)»: a named participant marks the approved order as read; repeating it changes nothing. */
export async function acknowledgeOrder(scope: Scope, id: number) {
  const staffMemberId = scope.staffMemberId;
  const row = staffMemberId
    ? await scope.db.orderAcknowledgment.findFirst({
        where: { orderId: id, staffMemberId, order: { status: 'APPROVED' } },
        select: { id: true, acknowledgedAt: true },
      })
    : null;
  if (!row) throw new NotFoundError('Приказ не найден среди приказов, с которыми вам нужно ознакомиться');
  if (row.acknowledgedAt) return { already: true, at: row.acknowledgedAt };
  const at = new Date();
  await transaction(scope, async (tx) => {
    await tx.db.orderAcknowledgment.updateMany({ where: { id: row.id, acknowledgedAt: null }, data: { acknowledgedAt: at } });
    await audit(tx, { action: 'order.acknowledge', entityType: 'Order', entityId: id });
  });
  return { already: false, at };
}

// ---- for the dashboard ---------------------------------------------------------------------------------

/** «На согласовании: N» at the top of the head's dashboard: the count and the oldest few. */
export async function awaitingApproval(scope: Scope) {
  const where = { status: 'SUBMITTED' } as const;
  const [count, orders] = await Promise.all([
    scope.db.order.count({ where }),
    scope.db.order.findMany({ where, orderBy: [{ submittedAt: 'asc' }, { id: 'asc' }], take: 5, select: { id: true, kind: true, title: true, submittedAt: true } }),
  ]);
  return { count, orders };
}

export interface RegulationStatus {
  approved: boolean;
  orderId: number | null;
  numberText: string | null;
  /** The order's date (a calendar date at midnight UTC). */
  date: Date | null;
  /** The state of the latest Regulation order that is not approved yet, if any. */
  pending: OrderStatus | null;
  /** Ready to show: «Приказ об утверждении Положения: № 12-од от 01.09.2026». */
  line: string;
}

/** Stage 1 of the roadmap: is the Regulation approved, by which order. */
export async function regulationStatus(scope: Scope): Promise<RegulationStatus> {
  const [approved, pending] = await Promise.all([
    latestRegulation(scope),
    scope.db.order.findFirst({
      where: { kind: 'REGULATION', status: { not: 'APPROVED' } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: { id: true, status: true },
    }),
  ]);
  if (approved?.numberText && approved.orderDate) {
    return {
      approved: true,
      orderId: approved.id,
      numberText: approved.numberText,
      date: approved.orderDate,
      pending: null,
      line: `Приказ об утверждении Положения: № ${approved.numberText} от ${ruDate(isoOfDbDate(approved.orderDate))}`,
    };
  }
  const line = pending
    ? `Приказ об утверждении Положения: ${pending.status === 'SUBMITTED' ? 'на согласовании у заведующего' : pending.status === 'RETURNED' ? 'возвращён на доработку' : 'проект готовится'}`
    : 'Приказ об утверждении Положения ещё не подготовлен';
  return { approved: false, orderId: pending?.id ?? null, numberText: null, date: null, pending: pending?.status ?? null, line };
}
