import { audit, type Actor } from '../../core/audit.ts';
import type { Prisma } from '../../core/database/client.ts';
import { ConflictError, FormError, isUniqueViolation, NotFoundError } from '../../core/errors.ts';
import { formatDate } from '../../core/format.ts';
import { paginated } from '../../core/pagination.ts';
import { loginFor } from '../../core/translit.ts';
import type { Prisma as P } from '../../generated/prisma/client.ts';
import type { Role } from '../../generated/prisma/enums.ts';
import { createLinkedAccount } from '../users/users.service.ts';
import { staffWorkbook } from './staff.files.ts';
import { EXPERIENCE_BANDS, fullNameOf } from './staff.labels.ts';
import type { SaveStaffInput, StaffListFilter } from './staff.schemas.ts';
import { normalizePhone, shortNameOf } from './staff.values.ts';

type Tx = P.TransactionClient;

// ---- the list ---------------------------------------------------------------------------------

/** Filters of the list (and of the export, which takes the same ones). */
export function staffWhere(organizationId: number, filter: Omit<StaffListFilter, 'page' | 'sort' | 'dir'>): P.StaffMemberWhereInput {
  const where: P.StaffMemberWhereInput = { organizationId, archivedAt: filter.state === 'archived' ? { not: null } : null };
  if (filter.position) where.position = filter.position;
  if (filter.category) where.qualificationCategory = filter.category;
  if (filter.experience) {
    const band = EXPERIENCE_BANDS[filter.experience];
    where.experienceYears = { gte: band.min, lte: band.max };
  }
  if (filter.q) {
    const text = (field: 'lastName' | 'firstName' | 'middleName' | 'email' | 'phone', word: string) => ({
      [field]: { contains: word, mode: 'insensitive' as const },
    });
    // «Иванова Мария» finds the person whichever order the words come in: each word matches some field.
    const words = filter.q.split(/\s+/).filter(Boolean).slice(0, 5);
    const phone = /\d{10}/.test(filter.q.replace(/\D/g, '')) ? normalizePhone(filter.q) : null;
    where.OR = [
      { AND: words.map((w) => ({ OR: (['lastName', 'firstName', 'middleName', 'email', 'phone'] as const).map((f) => text(f, w)) })) },
      ...(phone ? [{ phone }] : []),
    ];
  }
  return where;
}

function staffOrder(filter: Pick<StaffListFilter, 'sort' | 'dir'>): P.StaffMemberOrderByWithRelationInput[] {
  const dir = filter.dir;
  const byName: P.StaffMemberOrderByWithRelationInput[] = [{ lastName: 'asc' }, { firstName: 'asc' }, { middleName: 'asc' }, { id: 'asc' }];
  switch (filter.sort) {
    case 'position':
      return [{ position: dir }, ...byName];
    case 'experience':
      return [{ experienceYears: dir }, ...byName];
    case 'hired':
      return [{ hiredOn: { sort: dir, nulls: 'last' } }, ...byName];
    default:
      return [{ lastName: dir }, { firstName: dir }, { middleName: dir }, { id: dir }];
  }
}

const listSelect = {
  id: true,
  lastName: true,
  firstName: true,
  middleName: true,
  position: true,
  qualificationCategory: true,
  experienceYears: true,
  hiredOn: true,
  archivedAt: true,
  user: { select: { id: true } },
} as const;

export async function listStaff(prisma: Prisma, organizationId: number, filter: StaffListFilter) {
  const where = staffWhere(organizationId, filter);
  const { page, rows: staff } = await paginated(
    filter.page,
    () => prisma.staffMember.count({ where }),
    (skip, take) => prisma.staffMember.findMany({ where, orderBy: staffOrder(filter), skip, take, select: listSelect }),
  );
  return { staff, page };
}


// ---- one person -------------------------------------------------------------------------------

export async function getStaff(prisma: Prisma | Tx, organizationId: number, id: number) {
  const member = await prisma.staffMember.findFirst({
    where: { id, organizationId },
    include: {
      lineManager: { select: { id: true, lastName: true, firstName: true, middleName: true, position: true, archivedAt: true } },
      user: { select: { id: true, login: true, role: true, active: true, offByStaffArchive: true, lastLoginAt: true } },
    },
  });
  if (!member) throw new NotFoundError('Сотрудник не найден');
  return member;
}

/** The card: a read of personal data, so it is audited. */
export async function showStaff(prisma: Prisma, organizationId: number, id: number, actor: Actor) {
  const member = await getStaff(prisma, organizationId, id);
  const subordinates = await prisma.staffMember.count({ where: { organizationId, lineManagerId: id, archivedAt: null } });
  await audit(prisma, actor, { action: 'staff.read', entityType: 'StaffMember', entityId: id });
  return { member, subordinates };
}

/** Who may be chosen as a line manager: working staff of the organization, not the person themself. */
export async function lineManagerOptions(prisma: Prisma, organizationId: number, exceptId?: number) {
  const rows = await prisma.staffMember.findMany({
    where: { organizationId, archivedAt: null, NOT: exceptId ? { id: exceptId } : undefined },
    orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }, { middleName: 'asc' }, { id: 'asc' }],
    select: { id: true, lastName: true, firstName: true, middleName: true, position: true },
  });
  return rows.map((s) => [String(s.id), `${fullNameOf(s)} — ${s.position}`] as [string, string]);
}

/** The same person (ФИО and birth date) or the same e-mail already in the directory → a message beside the field. */
async function assertNotDuplicate(db: Prisma | Tx, organizationId: number, input: SaveStaffInput, exceptId?: number) {
  const not = exceptId ? { id: exceptId } : undefined;
  const same = (text: string) => ({ equals: text, mode: 'insensitive' as const });
  const twin = await db.staffMember.findFirst({
    where: {
      organizationId,
      NOT: not,
      lastName: same(input.lastName),
      firstName: same(input.firstName),
      middleName: same(input.middleName),
      birthDate: input.birthDate,
    },
    select: { lastName: true, firstName: true, middleName: true, archivedAt: true },
  });
  if (twin) {
    const when = input.birthDate ? `с датой рождения ${formatDate(input.birthDate, 'UTC')}` : 'без даты рождения';
    throw new FormError({
      lastName: `Такой сотрудник ${when} уже есть в справочнике: ${shortNameOf(twin)}${twin.archivedAt ? ' (в архиве)' : ''}. Если это другой человек, укажите дату рождения`,
    });
  }
  if (input.email) {
    const owner = await db.staffMember.findFirst({
      where: { organizationId, NOT: not, email: same(input.email) },
      select: { lastName: true, firstName: true, middleName: true },
    });
    if (owner) throw new FormError({ email: `Этот e-mail уже указан у сотрудника ${shortNameOf(owner)}` });
  }
}

/** A line manager is a working colleague of the same organization, not the person, and not one of their subordinates. */
async function assertLineManager(db: Prisma | Tx, organizationId: number, managerId: number | null, selfId?: number) {
  if (managerId === null) return;
  const invalid = (message: string) => new FormError({ lineManagerId: message });
  if (managerId === selfId) throw invalid('Сотрудник не может быть руководителем самому себе');
  let current = await db.staffMember.findFirst({ where: { id: managerId, organizationId }, select: { archivedAt: true, lineManagerId: true } });
  if (!current) throw invalid('Выберите руководителя из списка');
  if (current.archivedAt) throw invalid('Этот сотрудник в архиве: выберите работающего руководителя');
  // Walk up the chain: choosing one's own subordinate would make a loop.
  for (let depth = 0; selfId !== undefined && current?.lineManagerId && depth < 50; depth++) {
    if (current.lineManagerId === selfId) throw invalid('Этот сотрудник подчиняется редактируемому: выберите другого руководителя');
    current = await db.staffMember.findFirst({ where: { id: current.lineManagerId, organizationId }, select: { archivedAt: true, lineManagerId: true } });
  }
}

function dataOf(input: SaveStaffInput) {
  return {
    lastName: input.lastName,
    firstName: input.firstName,
    middleName: input.middleName,
    birthDate: input.birthDate,
    position: input.position,
    hiredOn: input.hiredOn,
    experienceYears: input.experienceYears,
    experienceHereYears: input.experienceHereYears,
    qualificationCategory: input.qualificationCategory,
    education: input.education,
    ageGroup: input.ageGroup,
    email: input.email,
    phone: input.phone,
    lineManagerId: input.lineManagerId,
  };
}

export async function createStaff(prisma: Prisma, organizationId: number, input: SaveStaffInput, actor: Actor) {
  await assertNotDuplicate(prisma, organizationId, input);
  await assertLineManager(prisma, organizationId, input.lineManagerId);
  return prisma.$transaction(async (tx) => {
    const created = await tx.staffMember.create({ data: { organizationId, ...dataOf(input) }, select: { id: true } });
    await audit(tx, actor, { action: 'staff.create', entityType: 'StaffMember', entityId: created.id });
    return created;
  });
}

export async function updateStaff(prisma: Prisma, organizationId: number, id: number, input: SaveStaffInput, actor: Actor) {
  const existing = await getStaff(prisma, organizationId, id);
  await assertNotDuplicate(prisma, organizationId, input, id);
  await assertLineManager(prisma, organizationId, input.lineManagerId, id);
  const data = dataOf(input);
  const changed = (Object.keys(data) as (keyof typeof data)[]).filter((k) => {
    const [before, after] = [existing[k], data[k]];
    return before instanceof Date || after instanceof Date ? before?.valueOf() !== after?.valueOf() : before !== after;
  });
  await prisma.$transaction(async (tx) => {
    await tx.staffMember.update({ where: { id }, data });
    // A teacher's account shows the name from the directory.
    if (existing.user && (changed.includes('lastName') || changed.includes('firstName') || changed.includes('middleName'))) {
      await tx.user.update({ where: { id: existing.user.id }, data: { fullName: fullNameOf(input) } });
    }
    await audit(tx, actor, { action: 'staff.update', entityType: 'StaffMember', entityId: id, details: { changed } });
  });
}

// ---- archive ----------------------------------------------------------------------------------

type LinkedAccount = { id: number; login: string; role: Role; active: boolean; offByStaffArchive: boolean };

/**
 * What archiving a card does to its account: a teacher's account is switched off with the card; the
 * accounts that run the portal (head, methodist, administrator) only by an administrator — a methodist
 * archiving such a card archives the card and leaves the account on (the page says so beforehand).
 */
export function archiveEffect(account: Pick<LinkedAccount, 'role' | 'active'> | null, actorRole: Role): 'none' | 'deactivate' | 'keep' {
  if (!account?.active) return 'none';
  return account.role === 'TEACHER' || actorRole === 'ADMIN' ? 'deactivate' : 'keep';
}

/** Restoring a card offers to switch its account on again only if that card's archiving switched it off. */
export function reactivationOffer(account: LinkedAccount | null, actorRole: Role): 'offer' | 'admin-only' | 'none' {
  if (!account || account.active || !account.offByStaffArchive) return 'none';
  return account.role === 'TEACHER' || actorRole === 'ADMIN' ? 'offer' : 'admin-only';
}

export async function archiveStaff(prisma: Prisma, organizationId: number, id: number, actor: Actor, actorRole: Role) {
  const member = await getStaff(prisma, organizationId, id);
  if (member.archivedAt) throw new ConflictError('Сотрудник уже в архиве');
  const user = member.user;
  if (user && user.id === actor.userId) throw new ConflictError('Нельзя перевести в архив себя: вы потеряете доступ к порталу');
  const effect = archiveEffect(user, actorRole);
  await prisma.$transaction(async (tx) => {
    if (effect === 'deactivate' && user!.role === 'ADMIN') {
      const admins = await tx.user.count({ where: { organizationId, role: 'ADMIN', active: true, NOT: { id: user!.id } } });
      if (admins === 0) throw new ConflictError('Нельзя оставить организацию без активного администратора');
    }
    await tx.staffMember.update({ where: { id }, data: { archivedAt: new Date() } });
    if (effect === 'deactivate') {
      // Sessions of the account stop at once: the session loader only accepts active users.
      await tx.user.update({ where: { id: user!.id }, data: { active: false, offByStaffArchive: true } });
      await audit(tx, actor, { action: 'user.deactivate', entityType: 'User', entityId: user!.id, details: { reason: 'staff.archive' } });
    }
    await audit(tx, actor, {
      action: 'staff.archive',
      entityType: 'StaffMember',
      entityId: id,
      details: { accountDeactivated: effect === 'deactivate', ...(effect === 'keep' ? { accountKeptActive: user!.id } : {}) },
    });
  });
  return { member, effect };
}

/**
 * Back from the archive. The account comes back on only when asked (`reactivate`, the checkbox ticked by
 * default) and only if this card's archiving switched it off; a head's, methodist's or administrator's
 * account only by an administrator.
 */
export async function restoreStaff(prisma: Prisma, organizationId: number, id: number, actor: Actor, actorRole: Role, reactivate: boolean) {
  const member = await getStaff(prisma, organizationId, id);
  if (!member.archivedAt) throw new ConflictError('Сотрудник и так в списке работающих');
  const user = member.user;
  const offer = reactivationOffer(user, actorRole);
  if (reactivate && offer === 'admin-only') throw new ConflictError('Включить учётную запись заведующего, методиста или администратора может только администратор');
  const reactivated = reactivate && offer === 'offer';
  await prisma.$transaction(async (tx) => {
    await tx.staffMember.update({ where: { id }, data: { archivedAt: null } });
    // Whether switched on now or left off, the archive no longer speaks for the account.
    if (user?.offByStaffArchive) await tx.user.update({ where: { id: user.id }, data: { offByStaffArchive: false, ...(reactivated ? { active: true } : {}) } });
    if (reactivated) await audit(tx, actor, { action: 'user.activate', entityType: 'User', entityId: user!.id, details: { reason: 'staff.restore' } });
    await audit(tx, actor, { action: 'staff.restore', entityType: 'StaffMember', entityId: id, details: { accountReactivated: reactivated } });
  });
  return { member, reactivated, accountOff: Boolean(user && !user.active && !reactivated) };
}

// ---- account ----------------------------------------------------------------------------------

/** A TEACHER account linked to the person, login from the name (made unique), one-time password. */
export async function createStaffAccount(prisma: Prisma, organizationId: number, id: number, actor: Actor) {
  const member = await getStaff(prisma, organizationId, id);
  if (member.archivedAt) throw new ConflictError('Сотрудник в архиве: учётная запись ему не нужна');
  if (member.user) throw new ConflictError(`У сотрудника уже есть учётная запись «${member.user.login}»`);
  const base = loginFor(member).slice(0, 45);
  try {
    return await prisma.$transaction(async (tx) => {
      const result = await createLinkedAccount(tx, organizationId, { loginBase: base.length >= 3 ? base : `${base}.user`, fullName: fullNameOf(member), role: 'TEACHER', staffMemberId: id }, actor);
      await audit(tx, actor, { action: 'staff.account', entityType: 'StaffMember', entityId: id, details: { userId: result.user.id } });
      return result;
    });
  } catch (error) {
    // Two clicks at once: the second loses on the unique staffMemberId (or on the login) and says so.
    if (isUniqueViolation(error)) throw new ConflictError('Учётная запись уже создаётся: обновите страницу');
    throw error;
  }
}

// ---- export -----------------------------------------------------------------------------------

export async function exportStaff(prisma: Prisma, organizationId: number, filter: StaffListFilter, actor: Actor) {
  const staff = await prisma.staffMember.findMany({
    where: staffWhere(organizationId, filter),
    orderBy: staffOrder(filter),
    select: {
      lastName: true,
      firstName: true,
      middleName: true,
      birthDate: true,
      position: true,
      hiredOn: true,
      experienceYears: true,
      experienceHereYears: true,
      qualificationCategory: true,
      education: true,
      ageGroup: true,
      email: true,
      phone: true,
      archivedAt: true,
      lineManager: { select: { lastName: true, firstName: true, middleName: true } },
      user: { select: { login: true } },
    },
  });
  // Which filters were used, never the searched text itself (it may be a name).
  const filters = (['q', 'position', 'category', 'experience'] as const).filter((k) => filter[k]);
  await audit(prisma, actor, { action: 'staff.export', entityType: 'StaffMember', details: { count: staff.length, state: filter.state, filters } });
  return { workbook: await staffWorkbook(staff), count: staff.length };
}
