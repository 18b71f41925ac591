/**
 * Reading one programme as the scope may see it, and the one gate every command passes: the pair's members,
 * the methodist and the head see a programme (anyone else: «not found», as if it did not exist); what each may
 * do in which state is `abilitiesOf` (programmes.rules.ts). A command that the viewer could never do is 403;
 * one that the programme's state forbids is a conflict with the reason, shown on the card.
 */
import { ConflictError, ForbiddenError, NotFoundError } from '../../core/errors.ts';
import type { Scope } from '../../core/scope.ts';
import { fullNameOf } from '../../domain/people.ts';
import type { PairRole, ProgrammeApproval, ProgrammeStatus } from '../../generated/prisma/enums.ts';
import { PROGRAMME_STATUS_LABELS } from './programmes.labels.ts';
import { abilitiesOf, finalWordsIn, type Abilities, type Viewer } from './programmes.rules.ts';

const personSelect = { id: true, lastName: true, firstName: true, middleName: true, position: true } as const;

const programmeInclude = {
  pair: {
    select: {
      id: true,
      form: true,
      status: true,
      startsOn: true,
      plannedEndOn: true,
      members: { select: { role: true, staffMemberId: true, staffMember: { select: personSelect } } },
    },
  },
  approvedBy: { select: { fullName: true } },
  assessments: { select: { staffMemberId: true, role: true, score: true, text: true, updatedAt: true } },
} as const;

export interface Member {
  role: PairRole;
  staffMemberId: number;
  fullName: string;
  position: string;
}

/** The programme row with its pair's members (mentors first, then mentees, each by name). */
export async function findProgramme(scope: Scope, id: number) {
  const row = await scope.db.programme.findFirst({ where: { id }, include: programmeInclude });
  if (!row) throw new NotFoundError('Программа не найдена');
  const members: Member[] = row.pair.members
    .map((m) => ({ role: m.role, staffMemberId: m.staffMemberId, fullName: fullNameOf(m.staffMember), position: m.staffMember.position }))
    .sort((a, b) => (a.role === b.role ? a.fullName.localeCompare(b.fullName, 'ru') : a.role === 'MENTOR' ? -1 : 1));
  return { ...row, members, mentors: members.filter((m) => m.role === 'MENTOR'), mentees: members.filter((m) => m.role === 'MENTEE') };
}

export type LoadedProgramme = Awaited<ReturnType<typeof findProgramme>>;

/** Who the scope is to this programme. */
export function viewerOf(scope: Scope, programme: { members: Member[] }): Viewer {
  const own = scope.staffMemberId === null ? undefined : programme.members.find((m) => m.staffMemberId === scope.staffMemberId);
  return { memberRole: own?.role ?? null, readsAll: scope.can('programmes:read'), approves: scope.can('programmes:approve') };
}

export async function approvalOf(scope: Scope): Promise<ProgrammeApproval> {
  const organization = await scope.db.organization.findFirstOrThrow({ select: { programmeApproval: true } });
  return organization.programmeApproval;
}

export interface Access {
  programme: LoadedProgramme;
  viewer: Viewer;
  abilities: Abilities;
  approval: ProgrammeApproval;
}

/** The programme as this scope may see it, with what it may do; someone else's is «not found». */
export async function accessProgramme(scope: Scope, id: number): Promise<Access> {
  const [programme, approval] = await Promise.all([findProgramme(scope, id), approvalOf(scope)]);
  const viewer = viewerOf(scope, programme);
  const abilities = abilitiesOf(programme.status, viewer, approval, finalWordsIn(programme.members, programme.assessments));
  if (!abilities.read) throw new NotFoundError('Программа не найдена');
  return { programme, viewer, abilities, approval };
}

const APPROVER_ABILITIES: (keyof Abilities)[] = ['approve', 'approveByOrder', 'returnToPair'];

/** Why a programme in this state refuses a change. */
function stateRefusal(status: ProgrammeStatus, ability: keyof Abilities): string {
  if (status === 'COMPLETED') return 'Программа завершена: она доступна только для чтения.';
  if (status === 'CLOSED_EARLY') return 'Программа закрыта досрочно: она доступна только для чтения.';
  if (status === 'SUBMITTED') return 'Программа на утверждении у методиста: изменить её можно, только если методист вернёт её на доработку.';
  if (ability === 'complete') return 'Завершить программу можно, когда каждый наставляемый написал итоговую самооценку, а наставник — отзыв.';
  if (ability === 'work' || ability === 'assess') return `Программа — ${PROGRAMME_STATUS_LABELS[status]}: отмечать выполнение можно после её утверждения.`;
  return `Сейчас программа — ${PROGRAMME_STATUS_LABELS[status]}: это действие недоступно.`;
}

/**
 * The gate of every command: not visible → 404; a thing this viewer never does here (the head, someone outside
 * the pair, a teacher approving) → 403; a thing the state forbids (completed, on approval) → 409 with the reason.
 */
export async function requireAbility(scope: Scope, id: number, ability: keyof Abilities): Promise<Access> {
  const access = await accessProgramme(scope, id);
  if (access.abilities[ability]) return access;
  const member = access.viewer.memberRole !== null;
  const approver = access.viewer.approves;
  const couldEver = APPROVER_ABILITIES.includes(ability) ? approver : ability === 'complete' ? member || approver : member;
  if (!couldEver) throw new ForbiddenError('Это может сделать только участник пары (группы) или методист');
  throw new ConflictError(stateRefusal(access.programme.status, ability));
}

/**
 * Locks the programme row for the rest of the transaction: a status change and an edit of the same programme
 * queue instead of crossing (an edit arriving after the approval sees the approved state).
 */
export async function lockProgramme(tx: Scope, id: number): Promise<void> {
  await tx.db.$queryRaw`SELECT id FROM "Programme" WHERE id = ${id} AND "organizationId" = ${tx.organization.id} FOR UPDATE`;
}
