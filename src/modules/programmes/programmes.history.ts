/**
 * The change history of an approved programme: every field that changes after approval is one row — who,
 * when, what it was and what it became, in the words the forms use. A draft has no history of its own (its
 * edits are in the audit log): the methodist approves what she saw, and the history tells what moved since.
 */
import type { Scope } from '../../core/scope.ts';
import { keepsHistory } from './programmes.rules.ts';
import type { ProgrammeStatus } from '../../generated/prisma/enums.ts';

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

/** The fields that differ between two views of a record (values already as the reader sees them). */
export function changedFields(labels: Record<string, string>, before: Record<string, string>, after: Record<string, string>): FieldChange[] {
  return Object.entries(labels)
    .filter(([key]) => (before[key] ?? '') !== (after[key] ?? ''))
    .map(([key, field]) => ({ field, before: before[key] ?? '', after: after[key] ?? '' }));
}

/** «Мероприятие «Консультация по планированию…»» — how a history row names a plan item. */
export function itemSubject(activity: string): string {
  const short = activity.length > 80 ? `${activity.slice(0, activity.lastIndexOf(' ', 80) > 40 ? activity.lastIndexOf(' ', 80) : 80)}…` : activity;
  return `Мероприятие «${short}»`;
}

export const PROGRAMME_SUBJECT = 'Программа';

/**
 * Writes the changes into the history when the programme keeps one (approved, in progress), or always with
 * `force` (the status changes that make and end the history: approval, completion, closing).
 */
export async function recordChanges(
  tx: Scope,
  programme: { id: number; status: ProgrammeStatus },
  subject: string,
  changes: FieldChange[],
  options: { itemId?: number | null; force?: boolean } = {},
): Promise<void> {
  if (changes.length === 0 || (!options.force && !keepsHistory(programme.status))) return;
  await tx.db.programmeChange.createMany({
    data: changes.map((c) => ({
      organizationId: tx.organization.id,
      programmeId: programme.id,
      itemId: options.itemId ?? null,
      userId: tx.actor.userId,
      subject,
      field: c.field,
      before: c.before.slice(0, 4000),
      after: c.after.slice(0, 4000),
    })),
  });
}

export async function programmeHistory(scope: Scope, programmeId: number) {
  return scope.db.programmeChange.findMany({
    where: { programmeId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: 500,
    select: { id: true, subject: true, field: true, before: true, after: true, createdAt: true, itemId: true, user: { select: { fullName: true } } },
  });
}
