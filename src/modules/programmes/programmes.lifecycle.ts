/**
 * The life of a programme: drafted from a template when its pair becomes active (`pair.activated`), filled in by
 * the pair, submitted, approved by the methodist (or by an order: `order.approved` of kind APPROVE_PROGRAMMES) or
 * returned with a comment, worked on, completed with the members' final words — or closed when the pair ends
 * (`pair.ended`). Each step is one transaction with the programme row locked, audited, and announced to the
 * modules that care (notifications) by the events of src/domain/events.ts.
 */
import { audit } from '../../core/audit.ts';
import { ConflictError } from '../../core/errors.ts';
import { publish, transaction, type Scope } from '../../core/scope.ts';
import { dbDateOf, isoOfDbDate } from '../../domain/dates.ts';
import type { DomainEvents } from '../../domain/events.ts';
import { fullNameOf, initialsSurname } from '../../domain/people.ts';
import type { MenteeCategory, ProgrammeStatus } from '../../generated/prisma/enums.ts';
import { findProgramme, lockProgramme, requireAbility, type LoadedProgramme } from './programmes.access.ts';
import { PROGRAMME_SUBJECT, recordChanges } from './programmes.history.ts';
import { PROGRAMME_STATUS_LABELS } from './programmes.labels.ts';
import { chooseTemplate, FINAL_STATUSES, planFromTemplate, WORKING_STATUSES } from './programmes.rules.ts';
import type { SaveAssessmentInput } from './programmes.schemas.ts';
import { templateChoices } from './templates.service.ts';

const statusChange = (from: ProgrammeStatus, to: ProgrammeStatus) => ({ field: 'Статус', before: PROGRAMME_STATUS_LABELS[from], after: PROGRAMME_STATUS_LABELS[to] });

const staffIdsOf = (programme: Pick<LoadedProgramme, 'mentors' | 'mentees'>) => ({
  mentorStaffIds: programme.mentors.map((m) => m.staffMemberId),
  menteeStaffIds: programme.mentees.map((m) => m.staffMemberId),
});

// ---- drafting ------------------------------------------------------------------------------------------

/** «Соколова А.И.: …» — the mentees' requests (and their topics) as the text the programme answers. */
function requestText(entries: { requestText: string; fullName: string; topics: string[] }[]): string {
  return entries
    .map((e) => {
      const topics = e.topics.length ? `(темы: ${e.topics.join(', ')})` : '';
      const text = [e.requestText.trim(), topics].filter(Boolean).join(' ');
      return entries.length > 1 && text ? `${initialsSurname(e.fullName)}: ${text}` : text;
    })
    .filter(Boolean)
    .join('\n');
}

/**
 * The pair's programme as a draft: the template that fits the mentees' categories and request topics, copied
 * with its items dated in the pair's term (items serving the request first in each section). Nothing happens
 * when the pair has one already (one programme per pair). Joins the caller's transaction (the order's approval).
 */
export async function draftProgramme(scope: Scope, pairId: number): Promise<{ id: number } | null> {
  const pair = await scope.db.pair.findFirst({
    where: { id: pairId },
    select: {
      id: true,
      startsOn: true,
      plannedEndOn: true,
      requestSummary: true,
      programme: { select: { id: true } },
      members: {
        select: {
          role: true,
          staffMember: { select: { lastName: true, firstName: true, middleName: true } },
          menteeEntry: { select: { category: true, requestText: true, topics: { select: { topic: { select: { name: true } } } } } },
        },
      },
    },
  });
  if (!pair || pair.programme) return null;
  const entries = pair.members.flatMap((m) =>
    m.role === 'MENTEE' && m.menteeEntry ? [{ ...m.menteeEntry, fullName: fullNameOf(m.staffMember), topics: m.menteeEntry.topics.map((t) => t.topic.name) }] : [],
  );
  const categories = [...new Set(entries.map((e) => e.category))] as MenteeCategory[];
  const topics = [...new Set(entries.flatMap((e) => e.topics))];
  const term = { startsOn: isoOfDbDate(pair.startsOn), endsOn: isoOfDbDate(pair.plannedEndOn) };
  return transaction(scope, async (tx) => {
    const template = chooseTemplate(await templateChoices(tx), { categories, topics });
    const mentees = pair.members.filter((m) => m.role === 'MENTEE').map((m) => initialsSurname(fullNameOf(m.staffMember)));
    const title = template?.title ?? 'Персонализированная программа наставничества';
    const programme = await tx.db.programme.create({
      data: {
        organizationId: tx.organization.id,
        pairId,
        title: mentees.length > 1 ? `${title} (группа № ${pairId})` : title,
        goal: template?.goal ?? '',
        tasks: template?.tasks ?? '',
        expectedResults: template?.expectedResults ?? '',
        request: pair.requestSummary.trim() || requestText(entries),
        startsOn: pair.startsOn,
        endsOn: pair.plannedEndOn,
        templateId: template?.id ?? null,
        templateTitle: template?.title ?? '',
      },
      select: { id: true },
    });
    if (template) {
      await tx.db.planItem.createMany({
        data: planFromTemplate(template.items, topics, term).map((i) => ({
          organizationId: tx.organization.id,
          programmeId: programme.id,
          section: i.section,
          position: i.position,
          activity: i.activity,
          form: i.form,
          dueOn: dbDateOf(i.dueOn),
          expectedResult: i.expectedResult,
          responsible: i.responsible,
          forRequest: i.forRequest,
        })),
      });
    }
    await audit(tx, { action: 'programme.create', entityType: 'Programme', entityId: programme.id, details: { pairId, templateId: template?.id ?? null, items: template?.items.length ?? 0 } });
    return programme;
  });
}

/**
 * A programme for an active pair that has none (a pair made active before programmes existed): started by a
 * member of the pair or by the methodist, from the list.
 */
export async function startProgramme(scope: Scope, pairId: number) {
  const pair = await scope.db.pair.findFirst({ where: { id: pairId, status: 'ACTIVE' }, select: { id: true, members: { select: { staffMemberId: true } }, programme: { select: { id: true } } } });
  const member = pair?.members.some((m) => m.staffMemberId === scope.staffMemberId) ?? false;
  if (!pair || !(member || scope.can('programmes:approve'))) throw new ConflictError('Программу составляют только для действующей пары (группы) её участники или методист');
  if (pair.programme) return pair.programme;
  const made = await draftProgramme(scope, pairId);
  if (!made) throw new ConflictError('Программа для этой пары уже есть');
  return made;
}

// ---- submit, approve, return ---------------------------------------------------------------------------

/** What a draft needs before the methodist sees it. */
async function draftProblems(scope: Scope, programme: LoadedProgramme): Promise<string[]> {
  const problems: string[] = [];
  if (!programme.goal.trim()) problems.push('Не указана цель программы');
  const items = await scope.db.planItem.count({ where: { programmeId: programme.id } });
  if (items === 0) problems.push('В плане нет ни одного мероприятия');
  return problems;
}

/** Draft → on approval: a member sends the filled-in programme to the methodist. */
export async function submitProgramme(scope: Scope, id: number) {
  await transaction(scope, async (tx) => {
    await lockProgramme(tx, id);
    const { programme } = await requireAbility(tx, id, 'submit');
    const problems = await draftProblems(tx, programme);
    if (problems.length) throw new ConflictError(`Программу нельзя направить на утверждение: ${problems.join('; ')}`);
    await tx.db.programme.update({ where: { id }, data: { status: 'SUBMITTED', submittedAt: tx.now } });
    await audit(tx, { action: 'programme.submit', entityType: 'Programme', entityId: id });
  });
}

/** The methodist approves a submitted programme (where the organization approves programmes that way). */
export async function approveProgramme(scope: Scope, id: number) {
  await transaction(scope, async (tx) => {
    await lockProgramme(tx, id);
    const { programme } = await requireAbility(tx, id, 'approve');
    await markApproved(tx, programme, { by: 'METHODIST', orderId: null, orderLabel: '', at: tx.now });
  });
}

async function markApproved(tx: Scope, programme: LoadedProgramme, how: { by: 'METHODIST' | 'ORDER'; orderId: number | null; orderLabel: string; at: Date }) {
  await tx.db.programme.update({
    where: { id: programme.id },
    // The quiet time of an approved programme counts from its approval, not from its draft.
    data: { status: 'APPROVED', approvedAt: how.at, approvedById: tx.actor.userId, approvalOrderId: how.orderId, approvalOrderLabel: how.orderLabel, returnComment: '', lastActivityAt: how.at },
  });
  // The history starts here: what the methodist approved is the state every later change is measured from.
  const change = { ...statusChange('SUBMITTED', 'APPROVED'), after: how.orderLabel ? `утверждена (${how.orderLabel})` : PROGRAMME_STATUS_LABELS.APPROVED };
  await recordChanges(tx, programme, PROGRAMME_SUBJECT, [change], { force: true });
  await audit(tx, { action: 'programme.approve', entityType: 'Programme', entityId: programme.id, details: { by: how.by, orderId: how.orderId } });
  await publish(tx, 'programme.approved', { programmeId: programme.id, pairId: programme.pairId, by: how.by, orderId: how.orderId, ...staffIdsOf(programme) });
}

/** The methodist returns a submitted programme to its pair with what to improve. */
export async function returnProgramme(scope: Scope, id: number, comment: string) {
  await transaction(scope, async (tx) => {
    await lockProgramme(tx, id);
    const { programme } = await requireAbility(tx, id, 'returnToPair');
    await tx.db.programme.update({ where: { id }, data: { status: 'DRAFT', returnedAt: tx.now, returnComment: comment } });
    await audit(tx, { action: 'programme.return', entityType: 'Programme', entityId: id });
    await publish(tx, 'programme.returned', { programmeId: id, pairId: programme.pairId, ...staffIdsOf(programme) });
  });
}

/**
 * An approved order «Об утверждении персонализированных программ наставничества»: the programmes of its pairs
 * are approved by it (the order's rules made sure each was submitted; one that is not any more is left alone).
 */
export async function approveByOrder(scope: Scope, order: DomainEvents['order.approved']) {
  const programmes = await scope.db.programme.findMany({ where: { pairId: { in: order.pairIds }, status: 'SUBMITTED' }, select: { id: true }, orderBy: { id: 'asc' } });
  for (const { id } of programmes) {
    await lockProgramme(scope, id);
    const programme = await findProgramme(scope, id);
    if (programme.status !== 'SUBMITTED') continue;
    await markApproved(scope, programme, { by: 'ORDER', orderId: order.orderId, orderLabel: order.label, at: order.approvedAt });
  }
}

/** Programmes on approval that an order may name, by their pairs: for the orders module's form and checks. */
export async function pairsAwaitingApproval(scope: Scope): Promise<number[]> {
  const rows = await scope.db.programme.findMany({ where: { status: 'SUBMITTED' }, select: { pairId: true }, orderBy: { pairId: 'asc' } });
  return rows.map((r) => r.pairId);
}

/** Why an order cannot approve the programmes of these pairs (each must be on approval). */
export async function programmeOrderProblems(scope: Scope, pairIds: number[]): Promise<string[]> {
  const rows = await scope.db.programme.findMany({ where: { pairId: { in: pairIds } }, select: { pairId: true, status: true } });
  const byPair = new Map(rows.map((r) => [r.pairId, r.status]));
  return pairIds.flatMap((pairId) => {
    const status = byPair.get(pairId);
    if (!status) return [`Пара № ${pairId}: программа ещё не составлена`];
    if (status !== 'SUBMITTED') return [`Пара № ${pairId}: программа не на утверждении (сейчас — ${PROGRAMME_STATUS_LABELS[status]})`];
    return [];
  });
}

/** The titles of the programmes of these pairs (for the order's points). */
export async function programmeTitles(scope: Scope, pairIds: number[]): Promise<Map<number, string>> {
  const rows = await scope.db.programme.findMany({ where: { pairId: { in: pairIds } }, select: { pairId: true, title: true } });
  return new Map(rows.map((r) => [r.pairId, r.title]));
}

// ---- work starts, final words, completion -----------------------------------------------------------------

/**
 * Work was done on the plan (a status, a mark, a comment, evidence): the programme's last activity moves, and
 * the first work after approval makes an approved programme «выполняется».
 */
export async function recordActivity(tx: Scope, programme: { id: number; status: ProgrammeStatus }) {
  if (programme.status === 'APPROVED') {
    await tx.db.programme.update({ where: { id: programme.id }, data: { status: 'IN_PROGRESS', startedAt: tx.now, lastActivityAt: tx.now } });
    await recordChanges(tx, programme, PROGRAMME_SUBJECT, [statusChange('APPROVED', 'IN_PROGRESS')], { force: true });
  } else {
    await tx.db.programme.update({ where: { id: programme.id }, data: { lastActivityAt: tx.now } });
  }
}

/** The mentee's final self-assessment or the mentor's review: each member writes (and rewrites) only their own. */
export async function saveAssessment(scope: Scope, id: number, input: SaveAssessmentInput) {
  await transaction(scope, async (tx) => {
    await lockProgramme(tx, id);
    const { programme, viewer } = await requireAbility(tx, id, 'assess');
    const staffMemberId = tx.staffMemberId!;
    await tx.db.programmeAssessment.upsert({
      where: { programmeId_staffMemberId: { programmeId: id, staffMemberId } },
      create: { organizationId: tx.organization.id, programmeId: id, staffMemberId, role: viewer.memberRole!, score: input.score, text: input.text },
      update: { score: input.score, text: input.text },
    });
    await recordActivity(tx, programme);
    await audit(tx, { action: 'programme.assessment', entityType: 'Programme', entityId: id, details: { role: viewer.memberRole } });
  });
}

/** In progress → completed: every member's final word is in; from now on the programme is read-only. */
export async function completeProgramme(scope: Scope, id: number) {
  await transaction(scope, async (tx) => {
    await lockProgramme(tx, id);
    const { programme } = await requireAbility(tx, id, 'complete');
    await finish(tx, programme, 'COMPLETED', '');
  });
}

async function finish(tx: Scope, programme: LoadedProgramme, to: 'COMPLETED' | 'CLOSED_EARLY', reason: string) {
  await tx.db.programme.update({
    where: { id: programme.id },
    data: to === 'COMPLETED' ? { status: to, completedAt: tx.now, closedReason: reason } : { status: to, closedAt: tx.now, closedReason: reason },
  });
  const changes = [statusChange(programme.status, to), ...(reason ? [{ field: 'Причина', before: '', after: reason }] : [])];
  await recordChanges(tx, programme, PROGRAMME_SUBJECT, changes, { force: WORKING_STATUSES.includes(programme.status) });
  await audit(tx, { action: 'programme.status', entityType: 'Programme', entityId: programme.id, details: { from: programme.status, to } });
  if (to === 'COMPLETED') await publish(tx, 'programme.completed', { programmeId: programme.id, pairId: programme.pairId, ...staffIdsOf(programme) });
}

/**
 * The pair stopped (`pair.ended`): ended early — the programme closes with the pair's reason, whatever state it
 * was in; completed — an approved programme completes with what has been written, one never approved closes.
 */
export async function onPairEnded(scope: Scope, ended: DomainEvents['pair.ended']) {
  const row = await scope.db.programme.findFirst({ where: { pairId: ended.pairId }, select: { id: true } });
  if (!row) return;
  await lockProgramme(scope, row.id);
  const programme = await findProgramme(scope, row.id);
  if (FINAL_STATUSES.includes(programme.status)) return;
  if (ended.outcome === 'COMPLETED' && WORKING_STATUSES.includes(programme.status)) {
    await finish(scope, programme, 'COMPLETED', 'Работа пары (группы) завершена');
  } else if (ended.outcome === 'COMPLETED') {
    await finish(scope, programme, 'CLOSED_EARLY', 'Работа пары (группы) завершена до утверждения программы');
  } else {
    await finish(scope, programme, 'CLOSED_EARLY', ended.reason || 'Работа пары (группы) прекращена досрочно');
  }
}
