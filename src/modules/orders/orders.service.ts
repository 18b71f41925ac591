/**
 * Orders (приказы): drafts by the methodist, the head's approval with a number of the year, the pairs the
 * order changes, and the acknowledgment sheet. Vocabulary in CONTEXT.md.
 */
import { audit } from '../../core/audit.ts';
import { listedOrganizationsSql } from '../../core/dashboard.ts';
import { hasPermission } from '../../core/auth/permissions.ts';
import { ConflictError, FormError, NotFoundError, type FieldErrors } from '../../core/errors.ts';
import { PAGE_SIZE, pageWithTotal } from '../../core/pagination.ts';
import { ownStaffIdOf, participation, takesPart } from '../../core/participation.ts';
import type { Database } from '../../core/database/client.ts';
import { EVERY_ORGANIZATION } from '../../core/database/scoped.ts';
import { EventBus } from '../../core/events.ts';
import { publish, systemScope, transaction, type Events, type Scope } from '../../core/scope.ts';
import { dbDateOf, isoInZone, isoOfDbDate, ruDate } from '../../domain/dates.ts';
import { fullNameOf } from '../../domain/people.ts';
import { Prisma as Sql, type Prisma as P } from '../../generated/prisma/client.ts';
import type { OrderKind, OrderStatus, PairStatus } from '../../generated/prisma/enums.ts';
import { menteeIssues, orderProblems } from '../pairs/index.ts';
import { pairsAwaitingApproval, programmeOrderProblems, programmeTitles } from '../programmes/index.ts';
import { roadmapAppendixOf } from '../roadmap/index.ts';
import { attachQualifiedSignature, qualifiedStamp, qualifiedWarnings, signatureOf, signDocument, simpleSignatureStamp } from '../signatures/index.ts';
import { orderDocument } from './orders.documents.ts';
import { freeze, frozenSha256, printedOrder, readFrozen, repeatsPairsList, type PrintedOrder, type SheetPerson } from './orders.frozen.ts';
import { EDITABLE_ORDER_STATUSES, ORDER_STATUS_LABELS, PAIR_KINDS } from './orders.labels.ts';
import { formatOrderNumber, lockNumbering, nextOrderNumber } from './orders.numbering.ts';
import { GENERATED_APPENDICES, type OrderListFilter, type SaveOrderInput } from './orders.schemas.ts';
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
  attentionReason: true,
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
    attention: pair.attentionReason || null,
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
  // An order approving programmes names the pairs whose programmes are on approval.
  const awaiting = kind === 'APPROVE_PROGRAMMES' ? await pairsAwaitingApproval(scope) : null;
  const rows = await scope.db.pair.findMany({
    where: {
      status: { in: kind === 'ASSIGN_PAIRS' ? ['DRAFT', 'PROPOSED'] : ['ACTIVE'] },
      ...(awaiting ? { id: { in: awaiting } } : {}),
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
async function defaultsContext(scope: Scope, pairs: PairForTexts[], amendsId: number | null, kind?: OrderKind): Promise<DefaultsContext> {
  if (kind === 'APPROVE_PROGRAMMES') {
    const titles = await programmeTitles(scope, pairs.map((p) => p.id));
    pairs = pairs.map((p) => ({ ...p, programmeTitle: titles.get(p.id) }));
  }
  const [organization, regulation, staff, amends, roadmap] = await Promise.all([
    scope.db.organization.findFirstOrThrow({ select: orgTextSelect }),
    latestRegulation(scope),
    scope.staffMemberId ? scope.db.staffMember.findFirst({ where: { id: scope.staffMemberId }, select: personSelect }) : null,
    amendsId ? scope.db.order.findFirst({ where: { id: amendsId, status: 'APPROVED' }, select: { id: true, title: true, numberText: true, orderDate: true } }) : null,
    // Appendix 2 of a Regulation order: the roadmap plan as it is now (an approved order keeps its frozen copy).
    kind === 'REGULATION' ? roadmapAppendixOf(scope) : undefined,
  ]);
  return {
    organization,
    regulation: regulation ? refOf(regulation) : null,
    curator: staff ? { fullName: fullNameOf(staff), position: staff.position } : { fullName: scope.user?.fullName ?? '', position: '' },
    pairs,
    amends: amends ? refOf(amends) : null,
    roadmap,
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
  else if ((kind === 'ASSIGN_PAIRS' || kind === 'APPROVE_PROGRAMMES') && !query.pair) pairIds = [...free];
  const pairs = await pairsByIds(scope, pairIds);
  const amendsOrderId = kind === 'AMEND' && query.amends && options.amendable.some(([id]) => Number(id) === query.amends) ? query.amends : null;
  const texts = orderDefaults(kind, await defaultsContext(scope, pairs, amendsOrderId, kind));
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
  const ctx = await defaultsContext(scope, await pairsByIds(scope, ticked), amends, kind);
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

interface ListRow {
  id: number;
  kind: OrderKind;
  status: OrderStatus;
  title: string;
  numberText: string | null;
  orderDate: Date | null;
  createdAt: Date;
  submittedAt: Date | null;
  /** The reader is named in the order (an acknowledgment row of theirs). */
  named: boolean;
  acknowledgedAt: Date | null;
}

/**
 * The methodist and the head read every order (`orders:read`); anyone else only the approved orders naming them.
 * In SQL (the list is read on every visit; no client-side query building): the
 * count and the page in one statement, with the reader's own acknowledgment (`mine`: null when the order does not name them).
 */
export async function listOrders(scope: Scope, filter: OrderListFilter) {
  const who = participation(scope, 'orders:read');
  const me = ownStaffIdOf(who);
  const organizationId = scope.organization.id;
  // A teacher sees the approved orders that name them, and nothing else.
  const status = who.all ? filter.status : 'APPROVED';
  const where = Sql.sql`o."organizationId" = ${organizationId}
    ${filter.kind ? Sql.sql`AND o.kind = ${filter.kind}::"OrderKind"` : Sql.empty}
    ${status ? Sql.sql`AND o.status = ${status}::"OrderStatus"` : Sql.empty}
    ${who.all ? Sql.empty : Sql.sql`AND EXISTS (SELECT 1 FROM "OrderAcknowledgment" n WHERE n."organizationId" = o."organizationId" AND n."orderId" = o.id AND n."staffMemberId" = ${me})`}`;
  // The total and the page in one statement (core/pagination.ts pageWithTotal).
  const { page, rows } = await pageWithTotal(filter.page, (skip) =>
    scope.db.$queryRaw<(ListRow & { total: number })[]>`
      WITH listed AS (
        SELECT o.id, o."organizationId", o.kind, o.status, o.title, o."numberText", o."orderDate", o."createdAt", o."submittedAt"
          FROM "Order" o WHERE ${where})
      SELECT t.total, l.id, l.kind::text AS kind, l.status::text AS status, l.title, l."numberText", l."orderDate", l."createdAt", l."submittedAt",
             a."orderId" IS NOT NULL AS named, a."acknowledgedAt"
        FROM (SELECT count(*)::int AS total FROM listed) t
        LEFT JOIN LATERAL (SELECT * FROM listed ORDER BY "createdAt" DESC, id DESC OFFSET ${skip} LIMIT ${PAGE_SIZE}) l ON true
        LEFT JOIN "OrderAcknowledgment" a ON a."organizationId" = l."organizationId" AND a."orderId" = l.id AND a."staffMemberId" = ${me}
       ORDER BY l."createdAt" DESC, l.id DESC`,
  );
  // Each row as one literal of its fields: a rest-and-spread of the raw row (`({ named, ...o }) => ({ ...o, mine })`) copies on V8's slow path.
  const orders = rows.map((o) => ({
    id: o.id,
    kind: o.kind,
    status: o.status,
    title: o.title,
    numberText: o.numberText,
    orderDate: o.orderDate,
    createdAt: o.createdAt,
    submittedAt: o.submittedAt,
    mine: o.named ? { acknowledgedAt: o.acknowledgedAt } : null,
  }));
  return { page, orders };
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
 * The people an order names, who sign its acknowledgment sheet — every one of them, with an account or not
 * (`hasAccount` on the printed sheet tells who signs on paper): the members of its pairs; for the Regulation
 * every working member of the staff except the head; for an amendment, the sheet of the amended order.
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
    // The Regulation concerns every working member of the staff, with an account or not (those without one
    // sign the sheet on paper); not the head, who signs the order itself.
    const staff = await scope.db.staffMember.findMany({
      where: { archivedAt: null, OR: [{ user: null }, { user: { role: { not: 'HEAD' } } }] },
      select: { id: true },
    });
    return staff.map((s) => s.id);
  }
  if (!order.amendsOrderId) return [];
  const rows = await scope.db.orderAcknowledgment.findMany({ where: { orderId: order.amendsOrderId }, select: { staffMemberId: true } });
  return rows.map((r) => r.staffMemberId);
}

/** The people of a sheet, as printed: name, position, and whether they acknowledge in the portal or on paper. */
async function sheetPeople(scope: Scope, staffMemberIds: number[]): Promise<SheetPerson[]> {
  if (staffMemberIds.length === 0) return [];
  const staff = await scope.db.staffMember.findMany({
    where: { id: { in: staffMemberIds } },
    select: { id: true, ...personSelect, user: { select: { active: true, role: true } } },
  });
  return staff
    .map((s) => ({
      staffMemberId: s.id,
      fullName: fullNameOf(s),
      position: s.position,
      // Only an active account whose role acknowledges orders can press «Ознакомлен(а)»; anyone else signs on paper.
      hasAccount: Boolean(s.user?.active && hasPermission(s.user.role, 'orders:acknowledge')),
    }))
    .sort(byName);
}

const orgPrintSelect = { fullName: true, address: true, headName: true, headPosition: true } as const;

/** Today's printed order of a draft (or of an order being approved: `numbered` gives its number and date). */
async function livePrinted(scope: Scope, order: FullOrder, numbered?: { numberText: string; orderDate: string }): Promise<PrintedOrder> {
  // An approved order's sheet is its acknowledgment rows; a draft's, the people it will name.
  const named = order.status === 'APPROVED' ? Promise.resolve(order.acknowledgments.map((a) => a.staffMemberId)) : participantIds(scope, order);
  const [organization, sheet] = await Promise.all([scope.db.organization.findFirstOrThrow({ select: orgPrintSelect }), named.then((ids) => sheetPeople(scope, ids))]);
  return printedOrder({
    kind: order.kind,
    title: order.title,
    preamble: order.preamble,
    points: order.points,
    appendices: order.appendices,
    numberText: numbered?.numberText ?? null,
    orderDate: numbered?.orderDate ?? null,
    pairs: order.pairs,
    organization,
    sheet,
  });
}

/**
 * What the page and the documents show of an order's text. An approved order shows ONLY its frozen content
 * (the rows it was made from may have changed since); a draft, today's rows. The only approved orders
 * without frozen content are those approved before freezing existed, and only until the start-up freezes
 * them (`freezeApprovedOrders`): until then they show today's rows too.
 */
async function printedOf(scope: Scope, order: FullOrder): Promise<{ printed: PrintedOrder; note: string }> {
  if (order.status === 'APPROVED' && order.frozen !== null) {
    const frozen = readFrozen(order.frozen);
    return { printed: frozen, note: frozen.note };
  }
  const numbered = order.status === 'APPROVED' && order.numberText && order.orderDate ? { numberText: order.numberText, orderDate: isoOfDbDate(order.orderDate) } : undefined;
  return { printed: await livePrinted(scope, order, numbered), note: '' };
}

/** When each named person acknowledged in the portal (live: not part of the signed text). */
function acknowledgedAtOf(order: FullOrder): Map<number, Date> {
  return new Map(order.acknowledgments.filter((a) => a.acknowledgedAt).map((a) => [a.staffMemberId, a.acknowledgedAt!]));
}

/** Readers of every order see the signature details on the page (a participant sees the stamp in the files). */
const who = (scope: Scope) => participation(scope, 'orders:read').all;

/** Everything the order page shows; the read is audited (the order names people). */
export async function orderCard(scope: Scope, id: number) {
  const order = await visibleOrder(scope, id);
  const [{ printed, note }, users] = await Promise.all([
    printedOf(scope, order),
    scope.db.user.findMany({
      where: { id: { in: [order.authorId, order.approverId].filter((v): v is number => v !== null) } },
      select: { id: true, fullName: true },
    }),
  ]);
  const nameOf = (userId: number | null) => users.find((u) => u.id === userId)?.fullName ?? null;
  await audit(scope, { action: 'order.read', entityType: 'Order', entityId: order.id });
  const mine = order.acknowledgments.find((a) => a.staffMemberId === scope.staffMemberId) ?? null;
  const acknowledged = acknowledgedAtOf(order);
  const sheet = printed.sheet.map((p) => ({ ...p, acknowledgedAt: acknowledged.get(p.staffMemberId) ?? null }));
  const retroactive = retroactivePairs(order, scope.today);
  const signature = order.status === 'APPROVED' && who(scope) ? await signatureOf(scope, 'ORDER', order.id) : null;
  const qualifiedNotes = signature?.qualified ? qualifiedWarnings(signature.qualified, signature.signerName, signature.timeZone) : [];
  return {
    order,
    printed,
    note,
    sheet,
    author: nameOf(order.authorId),
    approver: nameOf(order.approverId),
    mine,
    retroactive,
    retroactiveText: retroactive.length ? retroactiveMessage(retroactive, scope.today) : '',
    signature,
    qualifiedNotes,
  };
}

/**
 * The printed order (PDF/DOCX): one description for both formats; the download is audited. An approved order
 * carries the stamp of the head's simple electronic signature (its link on `baseUrl`, the portal's public
 * address). `copy: 'site'` — the copy for publication on the organization's website: no acknowledgment sheet
 * (it names the staff), and instead of the portal's stamp the stamp of the qualified signature the head made
 * of it; it exists only once that signature is uploaded.
 */
export async function orderForPrint(scope: Scope, id: number, format: 'pdf' | 'docx', options: { baseUrl?: string; copy?: 'site' } = {}) {
  const order = await visibleOrder(scope, id);
  const { printed } = await printedOf(scope, order);
  const approved = order.status === 'APPROVED';
  const signature = approved ? await signatureOf(scope, 'ORDER', order.id) : null;
  const site = options.copy === 'site';
  if (site && !signature?.qualified) throw new NotFoundError('Копия для сайта появляется, когда к утверждённому приказу загружена квалифицированная подпись (файл .sig)');
  const acknowledgedOn = new Map([...acknowledgedAtOf(order)].map(([staffMemberId, at]) => [staffMemberId, isoInZone(at, scope.organization.timeZone)]));
  await audit(scope, { action: 'order.download', entityType: 'Order', entityId: order.id, details: { format, ...(site ? { copy: 'site' } : {}) } });
  const base = order.numberText && order.orderDate ? `Приказ № ${order.numberText} от ${ruDate(isoOfDbDate(order.orderDate))}` : `Проект приказа ${order.id}`;
  const stamps = !signature ? [] : site ? [qualifiedStamp(signature.qualified!, signature.timeZone)] : [simpleSignatureStamp(signature, options.baseUrl ?? '')];
  const doc = orderDocument({ printed: site ? { ...printed, sheet: [] } : printed, approved, acknowledgedOn, stamps });
  // An approved order's text is frozen: its rendered file is kept (the key also hashes the whole
  // document, so a new acknowledgment on the sheet makes a new file).
  return { doc, fileName: site ? `${base} (копия для сайта)` : base, cacheKey: approved ? `order:${order.id}${site ? ':site' : ''}` : undefined };
}

/**
 * The methodist uploads the detached qualified signature of an approved order's published copy. Returns the
 * certificate's owner and the warnings (not valid on the signing date, someone other than the head).
 */
export async function attachOrderSignature(scope: Scope, uploadsDir: string, id: number, file: Express.Multer.File | undefined) {
  const order = await visibleOrder(scope, id);
  if (order.status !== 'APPROVED') throw new FormError({ signature: 'Подпись загружают к утверждённому приказу' });
  const signature = await attachQualifiedSignature(scope, uploadsDir, { kind: 'ORDER', documentId: id }, file);
  const qualified = signature.qualified!;
  return { owner: qualified.ownerName, warnings: qualifiedWarnings(qualified, signature.signerName, signature.timeZone) };
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
      const why = {
        ASSIGN_PAIRS: 'уже в другом приказе или не в статусе «черновик» / «предложена»',
        TERMINATE: 'уже в другом приказе о прекращении или не действует',
        APPROVE_PROGRAMMES: 'уже в другом приказе об утверждении программ или её программа не на утверждении',
      } as Partial<Record<OrderKind, string>>;
      errors.pairIds = `${taken.map((id) => `Пара № ${id}`).join(', ')}: ${why[input.kind] ?? ''}`;
    }
  }
  if (input.kind === 'ASSIGN_PAIRS' && input.pairIds.length) {
    // Appendix 1 is the list of the ticked pairs, made from them: a hand-made copy would be a second, identical appendix.
    const pairs = await pairsByIds(scope, input.pairIds);
    input.appendices.forEach((appendix, i) => {
      if (!repeatsPairsList(appendix, pairs)) return;
      const number = i + 1 + GENERATED_APPENDICES.ASSIGN_PAIRS;
      errors[`appendix${i + 1}Title`] =
        `Приложение ${number} повторяет список наставнических пар (групп): он уже печатается приложением 1 и составляется из отмеченных пар. Удалите это приложение (очистите заголовок и текст), иначе в приказе будут два одинаковых приложения.`;
    });
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
  if (order.kind === 'APPROVE_PROGRAMMES') {
    for (const p of order.pairs) if (p.status !== 'ACTIVE') problems.push(`Пара № ${p.id} не действует: её программу не утверждают`);
    problems.push(...(await programmeOrderProblems(tx, order.pairs.map((p) => p.id))));
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
 * «Закрепление задним числом»: pairs of an assignment that start before the order can be dated. An order gets
 * its date at approval, never earlier than today, so a pair starting before today would be assigned
 * retroactively — a fact the methodist must fix (the pair's start) or confirm at submission.
 */
export function retroactivePairs(order: { kind: OrderKind; status: OrderStatus; pairs: { id: number; startsOn: string }[] }, today: string) {
  if (order.kind !== 'ASSIGN_PAIRS' || order.status === 'APPROVED') return [];
  return order.pairs.filter((p) => p.startsOn < today).map((p) => ({ pairId: p.id, startsOn: p.startsOn }));
}

/** The message beside the confirmation, naming each pair and its start. */
export function retroactiveMessage(pairs: { pairId: number; startsOn: string }[], today: string): string {
  const list = pairs.map((p) => `пара № ${p.pairId} — с ${ruDate(p.startsOn)}`).join(', ');
  return `Закрепление задним числом: ${list} — раньше даты приказа (не ранее ${ruDate(today)}). Исправьте дату начала в карточке пары или подтвердите закрепление задним числом.`;
}

/**
 * Draft → on approval. `order.submitted` goes out first (the pairs module proposes an assignment's draft
 * pairs); then every rule is checked in the same transaction, and a refusal rolls all of it back.
 */
export async function submitOrder(scope: Scope, id: number, options: { confirmRetroactive?: boolean } = {}) {
  await transaction(scope, async (tx) => {
    const order = await lockOrder(tx, id);
    if (order.status === 'SUBMITTED') throw new OrderRefused('Приказ уже направлен на согласование');
    assertEditable(order);
    await publish(tx, 'order.submitted', { orderId: id, kind: order.kind, pairIds: order.pairs.map((p) => p.id), title: order.title });
    // Checked after the drafts are proposed, inside the transaction: each mentor's load then counts every pair of this order.
    const problems = await pairProblemsOf(tx, await getOrder(tx, id), ['PROPOSED']);
    if (problems.length) throw new OrderRefused('Приказ нельзя направить на согласование', problems);
    // Only an order that may go asks to confirm «задним числом» (a throw rolls the proposal above back).
    const retroactive = retroactivePairs(order, tx.today);
    if (retroactive.length && !options.confirmRetroactive) throw new FormError({ confirmRetroactive: retroactiveMessage(retroactive, tx.today) });
    await tx.db.order.update({ where: { id }, data: { status: 'SUBMITTED', submittedAt: new Date() } });
    await audit(tx, { action: 'order.submit', entityType: 'Order', entityId: id, details: { pairs: order.pairs.length, ...(retroactive.length ? { retroactivePairs: retroactive.map((p) => p.pairId) } : {}) } });
  });
}

export async function returnOrder(scope: Scope, id: number, comment: string) {
  await transaction(scope, async (tx) => {
    const order = await lockOrder(tx, id);
    if (order.status !== 'SUBMITTED') throw new OrderRefused(`Вернуть можно только приказ на согласовании; этот приказ ${ORDER_STATUS_LABELS[order.status]}`);
    await tx.db.order.update({ where: { id }, data: { status: 'RETURNED', returnedAt: new Date(), returnComment: comment } });
    await publish(tx, 'order.returned', { orderId: id, kind: order.kind, title: order.title, authorId: order.authorId });
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
  const org = await scope.db.organization.findFirstOrThrow({ select: { orderSuffix: true, timeZone: true, headName: true, headPosition: true } });
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
      // Named before the pairs change: the participants are the pairs' members either way.
      const participants = await participantIds(tx, order);
      await publish(tx, 'order.approved', { orderId: id, kind: order.kind, pairIds, label, orderDate: today, approvedAt: now, reason: order.preamble, participantStaffIds: participants });
      if (participants.length) {
        await tx.db.orderAcknowledgment.createMany({ data: participants.map((staffMemberId) => ({ organizationId: tx.organization.id, orderId: id, staffMemberId })), skipDuplicates: true });
      }
      // Everything the order prints, as it prints it now: from here on the order is shown only from this.
      const frozen = freeze(await livePrinted(tx, order, { numberText, orderDate: today }), now);
      const hash = frozenSha256(frozen);
      await tx.db.order.update({ where: { id }, data: { frozen: frozen as unknown as P.InputJsonValue, frozenSha256: hash } });
      // The approval is the head's simple electronic signature of exactly this content: the stamp and /verify quote it.
      await signDocument(tx, { kind: 'ORDER', documentId: id, contentSha256: hash, signer: await signerOf(tx, org), signedAt: now, documentNumber: numberText, documentDate: today });
      await audit(tx, { action: 'order.approve', entityType: 'Order', entityId: id, details: { numberText, pairs: pairIds.length, participants: participants.length } });
      return { number, numberText, orderDate: today };
    },
    // Parallel approvals queue on the counter row: give them time to wait for a connection and the lock.
    { maxWait: 20_000, timeout: 60_000 },
  );
}

/** Who signs by approving: the acting head — the name of the account, the position of the staff card (or the organization's head position). */
async function signerOf(tx: Scope, org: { headName: string; headPosition: string }) {
  const card = tx.staffMemberId ? await tx.db.staffMember.findFirst({ where: { id: tx.staffMemberId }, select: { position: true } }) : null;
  const position = card?.position.trim() || org.headPosition.trim() || 'Заведующий';
  return { name: tx.user?.fullName || org.headName, position: position[0]!.toUpperCase() + position.slice(1), userId: tx.user?.id ?? null };
}

/** The frozen content of an approved order and the hash its row keeps: what /verify checks a signature against. */
export async function signedOrderContent(scope: Scope, id: number): Promise<{ content: unknown; storedSha256: string | null } | null> {
  const row = await scope.db.order.findFirst({ where: { id, status: 'APPROVED' }, select: { frozen: true, frozenSha256: true } });
  return row && row.frozen !== null ? { content: row.frozen, storedSha256: row.frozenSha256 } : null;
}

/**
 * Orders approved before freezing existed have no frozen content: at start-up each is frozen once, from that
 * day's rows (its sheet from its acknowledgment rows), with a note saying so — the names and positions in it
 * are those of the day of freezing, not of the approval. Idempotent: a frozen order is never frozen again
 * (also when two portals start at once: the order row is locked and checked again).
 */
export async function freezeApprovedOrders(db: Database, at: Date = new Date()): Promise<{ orderId: number; organizationId: number; numberText: string | null }[]> {
  const pending = await db.portal.order.findMany({
    where: { ...EVERY_ORGANIZATION, status: 'APPROVED', frozenSha256: null },
    select: { id: true, organization: { select: { id: true, slug: true, shortName: true, fullName: true, timeZone: true } } },
    orderBy: { id: 'asc' },
  });
  const events: Events = new EventBus();
  const frozen: { orderId: number; organizationId: number; numberText: string | null }[] = [];
  for (const { id, organization } of pending) {
    const scope = systemScope({ db, events }, organization, { now: at, requestId: 'startup' });
    const done = await transaction(scope, async (tx) => {
      const order = await lockOrder(tx, id);
      if (order.status !== 'APPROVED' || order.frozenSha256 !== null) return null;
      const note = `Текст зафиксирован ${ruDate(isoInZone(at, organization.timeZone))} при обновлении портала, а не при утверждении: ФИО, должности и реквизиты в нём — на этот день.`;
      const content = freeze((await printedOf(tx, order)).printed, at, note);
      await tx.db.order.update({ where: { id }, data: { frozen: content as unknown as P.InputJsonValue, frozenSha256: frozenSha256(content) } });
      await audit(tx, { action: 'order.freeze', entityType: 'Order', entityId: id, details: { numberText: order.numberText, late: true } });
      return { numberText: order.numberText };
    });
    if (done) frozen.push({ orderId: id, organizationId: organization.id, numberText: done.numberText });
  }
  return frozen;
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
  return (await stageOneOrders(scope)).regulation;
}

/** The row of `stageOneOrdersSql`: from Prisma, or as JSON within the dashboard's one statement (the date as 'YYYY-MM-DD'). */
export interface StageOneOrdersRow {
  approvedId: number | null;
  numberText: string | null;
  orderDate: Date | string | null;
  pendingId: number | null;
  pendingStatus: OrderStatus | null;
  assignments: number;
}

/**
 * What stage 1 knows of the orders, in ONE statement (the dashboard asks it on every visit): the latest approved
 * Regulation order (by date and number, as the order list sorts), the latest Regulation order not approved yet,
 * and the number of approved assignment orders.
 */
export function stageOneOrdersSql(scope: Pick<Scope, 'organization'>): Sql.Sql {
  const organizationId = scope.organization.id;
  return Sql.sql`
    SELECT a.id AS "approvedId", a."numberText", a."orderDate", p.id AS "pendingId", p.status AS "pendingStatus",
      (SELECT count(*)::int FROM "Order" WHERE "organizationId" = ${organizationId} AND ${STAGE_ONE.assignments}) AS assignments
    FROM (SELECT 1) one
    LEFT JOIN LATERAL (SELECT id, "numberText", "orderDate" FROM "Order" WHERE "organizationId" = ${organizationId} AND ${STAGE_ONE.approved.where}
      ORDER BY ${STAGE_ONE.approved.latest} LIMIT 1) a ON true
    LEFT JOIN LATERAL (SELECT id, status::text AS status FROM "Order" WHERE "organizationId" = ${organizationId} AND ${STAGE_ONE.pending.where}
      ORDER BY ${STAGE_ONE.pending.latest} LIMIT 1) p ON true`;
}

/** Stage 1's orders, the rules of both shapes: which orders, and which of them is the latest. */
const STAGE_ONE = {
  approved: { where: Sql.sql`kind = 'REGULATION' AND status = 'APPROVED'`, latest: Sql.sql`"orderDate" DESC, number DESC` },
  pending: { where: Sql.sql`kind = 'REGULATION' AND status <> 'APPROVED'`, latest: Sql.sql`"createdAt" DESC, id DESC` },
  assignments: Sql.sql`kind = 'ASSIGN_PAIRS' AND status = 'APPROVED'`,
};

/** The same row for many organizations (the city page), in one pass over the orders: one row per organization ("organizationId"). */
export function stageOneOrdersByOrganizationSql(ids: number[]): Sql.Sql {
  const latest = (rule: { where: Sql.Sql; latest: Sql.Sql }, columns: Sql.Sql) =>
    Sql.sql`SELECT DISTINCT ON ("organizationId") "organizationId", ${columns} FROM "Order" WHERE "organizationId" = ANY(${ids}::int[]) AND ${rule.where}
      ORDER BY "organizationId", ${rule.latest}`;
  return Sql.sql`
    SELECT listed.id AS "organizationId", a.id AS "approvedId", a."numberText", a."orderDate", p.id AS "pendingId", p.status AS "pendingStatus",
      COALESCE(n.assignments, 0) AS assignments
    FROM ${listedOrganizationsSql(ids)}
    LEFT JOIN (${latest(STAGE_ONE.approved, Sql.sql`id, "numberText", "orderDate"`)}) a ON a."organizationId" = listed.id
    LEFT JOIN (${latest(STAGE_ONE.pending, Sql.sql`id, status::text AS status`)}) p ON p."organizationId" = listed.id
    LEFT JOIN (SELECT "organizationId", count(*)::int AS assignments FROM "Order" WHERE "organizationId" = ANY(${ids}::int[]) AND ${STAGE_ONE.assignments}
      GROUP BY "organizationId") n ON n."organizationId" = listed.id`;
}

/** Stage 1's orders from the row of `stageOneOrdersSql`. */
export function stageOneOrdersOf(row: StageOneOrdersRow): { regulation: RegulationStatus; approvedAssignments: number } {
  const orderDate = typeof row.orderDate === 'string' ? dbDateOf(row.orderDate) : row.orderDate;
  // The fields written out: a property after a spread is V8's slow path (every dashboard reads this).
  const regulation = regulationStatusOf({ approvedId: row.approvedId, numberText: row.numberText, orderDate, pendingId: row.pendingId, pendingStatus: row.pendingStatus });
  return { regulation, approvedAssignments: row.assignments };
}

export async function stageOneOrders(scope: Scope): Promise<{ regulation: RegulationStatus; approvedAssignments: number }> {
  const [row] = await scope.db.$queryRaw<StageOneOrdersRow[]>(stageOneOrdersSql(scope));
  return stageOneOrdersOf(row!);
}

function regulationStatusOf(row: { approvedId: number | null; numberText: string | null; orderDate: Date | null; pendingId: number | null; pendingStatus: OrderStatus | null }): RegulationStatus {
  if (row.approvedId !== null && row.numberText && row.orderDate) {
    return {
      approved: true,
      orderId: row.approvedId,
      numberText: row.numberText,
      date: row.orderDate,
      pending: null,
      line: `Приказ об утверждении Положения: № ${row.numberText} от ${ruDate(isoOfDbDate(row.orderDate))}`,
    };
  }
  const pending = row.pendingStatus;
  const line = pending
    ? `Приказ об утверждении Положения: ${pending === 'SUBMITTED' ? 'на согласовании у заведующего' : pending === 'RETURNED' ? 'возвращён на доработку' : 'проект готовится'}`
    : 'Приказ об утверждении Положения ещё не подготовлен';
  return { approved: false, orderId: row.pendingId, numberText: null, date: null, pending, line };
}
