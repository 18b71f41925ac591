/**
 * The hard rules of forming pairs and groups (domain.md), shared by matching, pairs and orders.
 * Each function answers with problems in plain Russian; an empty list means the rule holds.
 */
import type { Scope } from '../../core/scope.ts';
import { fullNameOf } from '../../domain/people.ts';
import type { MentoringForm, PairStatus } from '../../generated/prisma/enums.ts';
import { CONSENT_KIND_LABELS, validConsentWhere } from '../consents/index.ts';

/** Pairs in these states hold a mentor's places. A draft does not (yet). */
export const LOAD_STATUSES: PairStatus[] = ['PROPOSED', 'ACTIVE'];

/** How many mentees each mentor (by staff member) currently leads in proposed or active pairs. */
export async function mentorLoad(scope: Scope, mentorStaffIds: number[], exceptPairId?: number): Promise<Map<number, number>> {
  const load = new Map<number, number>(mentorStaffIds.map((id) => [id, 0]));
  if (mentorStaffIds.length === 0) return load;
  const pairs = await scope.db.pair.findMany({
    where: {
      status: { in: LOAD_STATUSES },
      id: exceptPairId ? { not: exceptPairId } : undefined,
      members: { some: { role: 'MENTOR', staffMemberId: { in: mentorStaffIds } } },
    },
    select: { members: { select: { role: true, staffMemberId: true } } },
  });
  for (const pair of pairs) {
    const mentees = pair.members.filter((m) => m.role === 'MENTEE').length;
    for (const m of pair.members) if (m.role === 'MENTOR' && load.has(m.staffMemberId)) load.set(m.staffMemberId, load.get(m.staffMemberId)! + mentees);
  }
  return load;
}

export interface PairDraft {
  form: MentoringForm;
  mentorStaffIds: number[];
  menteeStaffIds: number[];
}

/** Which field of the pair form a problem belongs to (the form shows it beside that field). */
export type PairField = 'mentorStaffIds' | 'menteeStaffIds' | 'form';

export interface PairIssue {
  field: PairField;
  message: string;
}

/**
 * Rules that hold for any pair or group, before and after it is saved:
 * nobody mentors themself; no mentee's line manager as mentor unless the form is «руководитель — педагог»;
 * every member has a valid personal-data consent; no mentor above the limit of their bank entry.
 */
export async function pairProblems(scope: Scope, draft: PairDraft, exceptPairId?: number): Promise<string[]> {
  return (await pairIssues(scope, draft, exceptPairId)).map((i) => i.message);
}

/** pairProblems with the form field each problem belongs to. */
export async function pairIssues(scope: Scope, draft: PairDraft, exceptPairId?: number): Promise<PairIssue[]> {
  const problems: PairIssue[] = [];
  const mentorIds = [...new Set(draft.mentorStaffIds)];
  const menteeIds = [...new Set(draft.menteeStaffIds)];
  const fieldOf = (id: number): PairField => (mentorIds.includes(id) ? 'mentorStaffIds' : 'menteeStaffIds');
  if (mentorIds.length === 0) problems.push({ field: 'mentorStaffIds', message: 'Выберите наставника' });
  if (menteeIds.length === 0) problems.push({ field: 'menteeStaffIds', message: 'Выберите наставляемого' });
  const people = await scope.db.staffMember.findMany({
    where: { id: { in: [...mentorIds, ...menteeIds] } },
    select: { id: true, lastName: true, firstName: true, middleName: true, lineManagerId: true, archivedAt: true },
  });
  const byId = new Map(people.map((p) => [p.id, p]));
  const name = (id: number) => (byId.get(id) ? fullNameOf(byId.get(id)!) : `сотрудник № ${id}`);
  for (const id of [...mentorIds, ...menteeIds]) {
    if (!byId.has(id)) problems.push({ field: fieldOf(id), message: `${name(id)} не найден(а) в организации` });
    else if (byId.get(id)!.archivedAt) problems.push({ field: fieldOf(id), message: `${name(id)} в архиве` });
  }
  for (const id of mentorIds) if (menteeIds.includes(id)) problems.push({ field: 'menteeStaffIds', message: `${name(id)} не может быть наставником самому себе` });
  if (draft.form !== 'HEAD_TEACHER') {
    for (const menteeId of menteeIds) {
      const manager = byId.get(menteeId)?.lineManagerId;
      if (manager && mentorIds.includes(manager)) {
        problems.push({
          field: 'form',
          message: `${name(manager)} — непосредственный руководитель ${name(menteeId)}: такая пара возможна только в форме «руководитель — педагог»`,
        });
      }
    }
  }
  const consents = await scope.db.consent.findMany({
    where: { ...validConsentWhere('PERSONAL_DATA'), staffMemberId: { in: [...mentorIds, ...menteeIds] } },
    select: { staffMemberId: true },
  });
  const consented = new Set(consents.map((c) => c.staffMemberId));
  for (const id of [...mentorIds, ...menteeIds]) {
    if (byId.has(id) && !consented.has(id)) problems.push({ field: fieldOf(id), message: `Нет согласия на обработку персональных данных: ${name(id)}` });
  }

  const entries = await scope.db.mentorEntry.findMany({ where: { staffMemberId: { in: mentorIds } }, select: { staffMemberId: true, maxMentees: true, status: true } });
  const load = await mentorLoad(scope, mentorIds, exceptPairId);
  for (const id of mentorIds) {
    const entry = entries.find((e) => e.staffMemberId === id);
    if (!entry) {
      problems.push({ field: 'mentorStaffIds', message: `${name(id)} нет в банке наставников` });
      continue;
    }
    if (entry.status === 'LEFT' || entry.status === 'PAUSED' || entry.status === 'CANDIDATE') {
      problems.push({ field: 'mentorStaffIds', message: `${name(id)}: в банке наставников со статусом, при котором нельзя вести наставничество (нужно «одобрен»)` });
    }
    const after = (load.get(id) ?? 0) + menteeIds.length;
    if (after > entry.maxMentees) {
      problems.push({ field: 'mentorStaffIds', message: `${name(id)}: превышен предел наставляемых — было бы ${after} при пределе ${entry.maxMentees}` });
    }
  }
  return problems;
}

/** Pairs in these states hold a mentee's request: the request is answered (or being answered) there. */
export const OPEN_STATUSES: PairStatus[] = ['DRAFT', 'PROPOSED', 'ACTIVE'];

/**
 * The mentee side of forming a pair: each mentee has a request in the bank (new or in the bank) and that
 * request is not already answered by another draft, proposed or active pair («one programme per request»).
 */
export async function menteeIssues(scope: Scope, menteeStaffIds: number[], exceptPairId?: number): Promise<PairIssue[]> {
  const ids = [...new Set(menteeStaffIds)];
  if (ids.length === 0) return [];
  const [entries, taken] = await Promise.all([
    scope.db.menteeEntry.findMany({
      where: { staffMemberId: { in: ids } },
      select: { staffMemberId: true, status: true, staffMember: { select: { lastName: true, firstName: true, middleName: true } } },
    }),
    scope.db.pairMember.findMany({
      where: {
        role: 'MENTEE',
        staffMemberId: { in: ids },
        pair: { status: { in: OPEN_STATUSES }, id: exceptPairId ? { not: exceptPairId } : undefined },
      },
      select: { staffMemberId: true, pairId: true },
    }),
  ]);
  const issues: PairIssue[] = [];
  for (const id of ids) {
    const entry = entries.find((e) => e.staffMemberId === id);
    if (!entry) {
      issues.push({ field: 'menteeStaffIds', message: `Сотрудник № ${id} нет в банке наставляемых` });
      continue;
    }
    if (entry.status !== 'NEW' && entry.status !== 'IN_BANK') {
      issues.push({ field: 'menteeStaffIds', message: `${fullNameOf(entry.staffMember)}: запрос в банке наставляемых не ждёт наставника` });
    }
    const other = taken.find((t) => t.staffMemberId === id);
    if (other) issues.push({ field: 'menteeStaffIds', message: `${fullNameOf(entry.staffMember)} уже в паре (группе) № ${other.pairId}` });
  }
  return issues;
}

/**
 * What must also hold before a pair goes into an order: each mentor's written consent to mentoring
 * (ТК РФ ст. 351.8), on top of pairProblems.
 */
export async function orderProblems(scope: Scope, pairId: number): Promise<string[]> {
  const pair = await scope.db.pair.findFirst({
    where: { id: pairId },
    select: { id: true, form: true, status: true, members: { select: { role: true, staffMemberId: true } } },
  });
  if (!pair) return [`Пара № ${pairId} не найдена`];
  const mentorStaffIds = pair.members.filter((m) => m.role === 'MENTOR').map((m) => m.staffMemberId);
  const menteeStaffIds = pair.members.filter((m) => m.role === 'MENTEE').map((m) => m.staffMemberId);
  const problems = await pairProblems(scope, { form: pair.form, mentorStaffIds, menteeStaffIds }, pair.id);
  const mentoring = await scope.db.consent.findMany({
    where: { ...validConsentWhere('MENTORING'), staffMemberId: { in: mentorStaffIds } },
    select: { staffMemberId: true },
  });
  const have = new Set(mentoring.map((c) => c.staffMemberId));
  const missing = mentorStaffIds.filter((id) => !have.has(id));
  if (missing.length) {
    const people = await scope.db.staffMember.findMany({ where: { id: { in: missing } }, select: { lastName: true, firstName: true, middleName: true } });
    for (const p of people) problems.push(`Нет документа «${CONSENT_KIND_LABELS.MENTORING}»: ${fullNameOf(p)}`);
  }
  return problems.map((p) => `Пара № ${pair.id}: ${p}`);
}
