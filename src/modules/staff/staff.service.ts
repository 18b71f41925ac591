import { audit } from '../../core/audit.ts';
import { KeptStatements } from '../../core/composed-statement.ts';
import { ConflictError, FormError, isUniqueViolation, NotFoundError } from '../../core/errors.ts';
import { formatDate } from '../../core/format.ts';
import { PAGE_SIZE, pageWithTotal } from '../../core/pagination.ts';
import { containsPattern } from '../../core/search.ts';
import { isoOfDbDate } from '../../domain/dates.ts';
import { fullNameOf, shortNameOf } from '../../domain/people.ts';
import { publish, transaction, type Scope } from '../../core/scope.ts';
import { loginFor } from '../../core/translit.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import type { QualificationCategory } from '../../generated/prisma/enums.ts';
import { archiveEffect, createLinkedAccount, reactivationOffer, renameLinkedAccount, unlinkedAccountOptions, unlinkedNamesakes } from '../users/index.ts';
import { categoryHistory, recordCategoryChange } from './staff.categories.ts';
import { staffWorkbook, type ExportedStaff } from './staff.files.ts';
import { isWorkingStaffSql, workingStaffWhere } from './staff.rules.ts';
import { EXPERIENCE_BANDS } from './staff.labels.ts';
import type { SaveStaffInput, StaffListFilter } from './staff.schemas.ts';
import { normalizePhone } from './staff.values.ts';

// ---- the list ---------------------------------------------------------------------------------

/** Filters of the list (and of the export, which takes the same ones), in SQL over the "StaffMember" alias `s`. */
function staffWhereSql(scope: Scope, filter: Omit<StaffListFilter, 'page' | 'sort' | 'dir'>): Sql.Sql {
  const conditions = [Sql.sql`s."organizationId" = ${scope.organization.id}`, filter.state === 'archived' ? Sql.sql`s."archivedAt" IS NOT NULL` : isWorkingStaffSql(Sql.raw('s'))];
  if (filter.position) conditions.push(Sql.sql`s.position = ${filter.position}`);
  if (filter.category) conditions.push(Sql.sql`s."qualificationCategory" = ${filter.category}::"QualificationCategory"`);
  if (filter.experience) {
    const band = EXPERIENCE_BANDS[filter.experience];
    conditions.push(Sql.sql`s."experienceYears" BETWEEN ${band.min} AND ${band.max}`);
  }
  if (filter.q) {
    // «Иванова Мария» finds the person whichever order the words come in: each word matches some field.
    const words = filter.q.split(/\s+/).filter(Boolean).slice(0, 5);
    const matches = words.map((word) => {
      const pattern = containsPattern(word);
      return Sql.sql`(s."lastName" ILIKE ${pattern} OR s."firstName" ILIKE ${pattern} OR s."middleName" ILIKE ${pattern} OR s.email ILIKE ${pattern} OR s.phone ILIKE ${pattern})`;
    });
    const phone = /\d{10}/.test(filter.q.replace(/\D/g, '')) ? normalizePhone(filter.q) : null;
    conditions.push(phone ? Sql.sql`(${Sql.join(matches, ' AND ')} OR s.phone = ${phone})` : Sql.join(matches, ' AND '));
  }
  return Sql.join(conditions, ' AND ');
}

/** The list's order over the alias `row` (its sort and direction: fixed words, never the request's text). */
function staffOrderSql(filter: Pick<StaffListFilter, 'sort' | 'dir'>, row: string): Sql.Sql {
  const dir = filter.dir === 'desc' ? 'DESC' : 'ASC';
  const byName = `${row}."lastName", ${row}."firstName", ${row}."middleName", ${row}.id`;
  switch (filter.sort) {
    case 'position':
      return Sql.raw(`${row}.position ${dir}, ${byName}`);
    case 'experience':
      return Sql.raw(`${row}."experienceYears" ${dir}, ${byName}`);
    case 'hired':
      return Sql.raw(`${row}."hiredOn" ${dir} NULLS LAST, ${byName}`);
    default:
      return Sql.raw(`${row}."lastName" ${dir}, ${row}."firstName" ${dir}, ${row}."middleName" ${dir}, ${row}.id ${dir}`);
  }
}

interface StaffListRow {
  id: number;
  lastName: string;
  firstName: string;
  middleName: string;
  position: string;
  qualificationCategory: QualificationCategory;
  experienceYears: number;
  hiredOn: Date | null;
  archivedAt: Date | null;
  hasAccount: boolean;
}

/**
 * The directory list's statements as composed before (core/composed-statement.ts), by everything they are made of:
 * the organization, the page and the filter (its words and the sort). The same list asked again is the same
 * statement — not the conditions, their rules and the `$n` text composed anew on every request. Bounded (the least
 * recently used go first).
 */
const keptLists = new KeptStatements(1_000, 64);

/**
 * The directory list: its total and its page in one statement (core/pagination.ts pageWithTotal), not Prisma's count
 * and page — two statements, each through the client's machinery (@prisma/client: 18 % of the main thread in the
 * page's profile, issue 13). The rows go to the view as they came.
 */
export async function listStaff(scope: Scope, filter: StaffListFilter) {
  // The fixed words first (positions, categories, bands, states and sorts are the schema's own values, no «:»), the search text last.
  const key = `${scope.organization.id}:${filter.state}:${filter.position ?? ''}:${filter.category ?? ''}:${filter.experience ?? ''}:${filter.sort}:${filter.dir}:${filter.q ?? ''}`;
  const { page, rows: staff } = await pageWithTotal(filter.page, (skip) => {
    const statement = keptLists.kept(`${skip}:${key}`, () => {
      const where = staffWhereSql(scope, filter);
      return Sql.sql`
      SELECT counted.total, listed.*
        FROM (SELECT count(*)::int AS total FROM "StaffMember" s WHERE ${where}) counted
        LEFT JOIN LATERAL (
          SELECT s.id, s."lastName", s."firstName", s."middleName", s.position, s."qualificationCategory"::text AS "qualificationCategory",
                 s."experienceYears", s."hiredOn", s."archivedAt",
                 EXISTS (SELECT 1 FROM "User" u WHERE u."organizationId" = s."organizationId" AND u."staffMemberId" = s.id) AS "hasAccount"
            FROM "StaffMember" s
           WHERE ${where}
           ORDER BY ${staffOrderSql(filter, 's')}
           OFFSET ${skip} LIMIT ${PAGE_SIZE}) listed ON true
       ORDER BY ${staffOrderSql(filter, 'listed')}`;
    });
    return scope.db.$queryRaw<(StaffListRow & { total: number })[]>(statement);
  });
  return { staff, page };
}


// ---- one person -------------------------------------------------------------------------------

export async function getStaff(scope: Scope, id: number) {
  const member = await scope.db.staffMember.findFirst({
    where: { id },
    include: {
      lineManager: { select: { id: true, lastName: true, firstName: true, middleName: true, position: true, archivedAt: true } },
      user: { select: { id: true, login: true, role: true, active: true, offByStaffArchive: true, lastLoginAt: true } },
    },
  });
  if (!member) throw new NotFoundError('Сотрудник не найден');
  return member;
}

/** The card: a read of personal data, so it is audited. */
export async function showStaff(scope: Scope, id: number) {
  const member = await getStaff(scope, id);
  const [subordinates, namesakes, accounts, categoryChanges] = await Promise.all([
    scope.db.staffMember.count({ where: { lineManagerId: id, archivedAt: null } }),
    // Without an account: maybe the person has one made without the card (offered to link instead of a second login).
    member.user || member.archivedAt ? [] : unlinkedNamesakes(scope, member),
    // An administrator may link any account that has no card yet.
    member.user || member.archivedAt || !scope.can('users:manage') ? [] : unlinkedAccountOptions(scope),
    // The qualification history is personal data like the rest of the card: read under the same audit entry.
    categoryHistory(scope, id),
  ]);
  await audit(scope, { action: 'staff.read', entityType: 'StaffMember', entityId: id });
  return { member, subordinates, namesakes, accounts, categoryChanges };
}

/** Who may be chosen as a line manager: working staff of the organization, not the person themself. */
export async function lineManagerOptions(scope: Scope, exceptId?: number) {
  const rows = await scope.db.staffMember.findMany({
    where: { archivedAt: null, NOT: exceptId ? { id: exceptId } : undefined },
    orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }, { middleName: 'asc' }, { id: 'asc' }],
    select: { id: true, lastName: true, firstName: true, middleName: true, position: true },
  });
  return rows.map((s) => [String(s.id), `${fullNameOf(s)} — ${s.position}`] as [string, string]);
}

/** The same person (ФИО and birth date) or the same e-mail already in the directory → a message beside the field. */
async function assertNotDuplicate(scope: Scope, input: SaveStaffInput, exceptId?: number) {
  const not = exceptId ? { id: exceptId } : undefined;
  const same = (text: string) => ({ equals: text, mode: 'insensitive' as const });
  const twin = await scope.db.staffMember.findFirst({
    where: {
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
    const owner = await scope.db.staffMember.findFirst({
      where: { NOT: not, email: same(input.email) },
      select: { lastName: true, firstName: true, middleName: true },
    });
    if (owner) throw new FormError({ email: `Этот e-mail уже указан у сотрудника ${shortNameOf(owner)}` });
  }
}

/** A line manager is a working colleague of the same organization, not the person, and not one of their subordinates. */
async function assertLineManager(scope: Scope, managerId: number | null, selfId?: number) {
  if (managerId === null) return;
  const invalid = (message: string) => new FormError({ lineManagerId: message });
  if (managerId === selfId) throw invalid('Сотрудник не может быть руководителем самому себе');
  let current = await scope.db.staffMember.findFirst({ where: { id: managerId }, select: { archivedAt: true, lineManagerId: true } });
  if (!current) throw invalid('Выберите руководителя из списка');
  if (current.archivedAt) throw invalid('Этот сотрудник в архиве: выберите работающего руководителя');
  // Walk up the chain: choosing one's own subordinate would make a loop.
  for (let depth = 0; selfId !== undefined && current?.lineManagerId && depth < 50; depth++) {
    if (current.lineManagerId === selfId) throw invalid('Этот сотрудник подчиняется редактируемому: выберите другого руководителя');
    current = await scope.db.staffMember.findFirst({ where: { id: current.lineManagerId }, select: { archivedAt: true, lineManagerId: true } });
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

export async function createStaff(scope: Scope, input: SaveStaffInput) {
  await assertNotDuplicate(scope, input);
  await assertLineManager(scope, input.lineManagerId);
  return transaction(scope, async (tx) => {
    const created = await tx.db.staffMember.create({ data: { organizationId: tx.organization.id, ...dataOf(input) }, select: { id: true } });
    await audit(tx, { action: 'staff.create', entityType: 'StaffMember', entityId: created.id });
    return created;
  });
}

export async function updateStaff(scope: Scope, id: number, input: SaveStaffInput) {
  const existing = await getStaff(scope, id);
  await assertNotDuplicate(scope, input, id);
  await assertLineManager(scope, input.lineManagerId, id);
  const data = dataOf(input);
  const changed = (Object.keys(data) as (keyof typeof data)[]).filter((k) => {
    const [before, after] = [existing[k], data[k]];
    return before instanceof Date || after instanceof Date ? before?.valueOf() !== after?.valueOf() : before !== after;
  });
  const effectiveOn = input.categoryChangedOn ? isoOfDbDate(input.categoryChangedOn) : scope.today;
  if (changed.includes('qualificationCategory') && effectiveOn > scope.today) {
    throw new FormError({ categoryChangedOn: 'Дата приказа об аттестации не может быть позже сегодняшнего дня' });
  }
  await transaction(scope, async (tx) => {
    await tx.db.staffMember.update({ where: { id }, data });
    await recordCategoryChange(tx, { staffMemberId: id, from: existing.qualificationCategory, to: input.qualificationCategory, effectiveOn, source: 'FORM' });
    // A teacher's account shows the name from the directory (the users module renames it).
    if (existing.user && (changed.includes('lastName') || changed.includes('firstName') || changed.includes('middleName'))) {
      await renameLinkedAccount(tx, id, fullNameOf(input));
    }
    await audit(tx, { action: 'staff.update', entityType: 'StaffMember', entityId: id, details: { changed } });
  });
}

// ---- archive ----------------------------------------------------------------------------------

/**
 * Archiving ends the person's access too: the staff card goes to the archive and `staff.archived` tells the
 * other modules in the same transaction — the users module switches the linked account off as its
 * `archiveEffect` says (a teacher's always; a head's, methodist's or administrator's only when an
 * administrator archives), or refuses when it is the last active administrator.
 */
export async function archiveStaff(scope: Scope, id: number) {
  const member = await getStaff(scope, id);
  if (member.archivedAt) throw new ConflictError('Сотрудник уже в архиве');
  const user = member.user;
  if (user && user.id === scope.actor.userId) throw new ConflictError('Нельзя перевести в архив себя: вы потеряете доступ к порталу');
  const effect = archiveEffect(user, scope.user?.role ?? null);
  await transaction(scope, async (tx) => {
    await tx.db.staffMember.update({ where: { id }, data: { archivedAt: new Date() } });
    await publish(tx, 'staff.archived', { staffMemberId: id });
    await audit(tx, {
      action: 'staff.archive',
      entityType: 'StaffMember',
      entityId: id,
      details: { accountDeactivated: effect === 'deactivate', ...(effect === 'keep' ? { accountKeptActive: user!.id } : {}) },
    });
  });
  return { member, effect };
}

/**
 * Back from the archive; `staff.restored` reaches the account in the same transaction. It comes back on only
 * when asked (`reactivate`, the checkbox ticked by default) and only if this card's archiving switched it off;
 * a head's, methodist's or administrator's account only by an administrator (the users module's
 * `reactivationOffer`).
 */
export async function restoreStaff(scope: Scope, id: number, reactivate: boolean) {
  const member = await getStaff(scope, id);
  if (!member.archivedAt) throw new ConflictError('Сотрудник и так в списке работающих');
  const user = member.user;
  const reactivated = reactivate && reactivationOffer(user, scope.user?.role ?? null) === 'offer';
  await transaction(scope, async (tx) => {
    await tx.db.staffMember.update({ where: { id }, data: { archivedAt: null } });
    await publish(tx, 'staff.restored', { staffMemberId: id, reactivateAccount: reactivate });
    await audit(tx, { action: 'staff.restore', entityType: 'StaffMember', entityId: id, details: { accountReactivated: reactivated } });
  });
  return { member, reactivated, accountOff: Boolean(user && !user.active && !reactivated) };
}

// ---- account ----------------------------------------------------------------------------------

/**
 * The person may already have an account made without the card (at /users/new): a second login would split
 * the person in two. The card then offers to link that account; creating a separate one takes a second,
 * deliberate click («separate»).
 */
export class NamesakeAccountExists extends ConflictError {
  constructor(readonly logins: string[]) {
    super(
      `В портале уже есть учётная запись с тем же ФИО, не связанная с карточкой: ${logins.map((l) => `«${l}»`).join(', ')}. ` +
        'Скорее всего, это учётная запись этого сотрудника: свяжите её с карточкой, а не создавайте вторую.',
    );
  }
}

/** A TEACHER account linked to the person, login from the name (made unique), one-time password. */
export async function createStaffAccount(scope: Scope, id: number, options: { separate?: boolean } = {}) {
  const member = await getStaff(scope, id);
  if (member.archivedAt) throw new ConflictError('Сотрудник в архиве: учётная запись ему не нужна');
  if (member.user) throw new ConflictError(`У сотрудника уже есть учётная запись «${member.user.login}»: у одной карточки может быть только одна учётная запись`);
  if (!options.separate) {
    const namesakes = await unlinkedNamesakes(scope, member);
    if (namesakes.length) throw new NamesakeAccountExists(namesakes.map((u) => u.login));
  }
  const base = loginFor(member).slice(0, 45);
  try {
    return await transaction(scope, async (tx) => {
      const result = await createLinkedAccount(tx, { loginBase: base.length >= 3 ? base : `${base}.user`, fullName: fullNameOf(member), role: 'TEACHER', staffMemberId: id });
      await audit(tx, { action: 'staff.account', entityType: 'StaffMember', entityId: id, details: { userId: result.user.id } });
      return result;
    });
  } catch (error) {
    // Two clicks at once: the second loses on the unique staffMemberId (or on the login) and says so.
    if (isUniqueViolation(error)) throw new ConflictError('Учётная запись уже создаётся: обновите страницу');
    throw error;
  }
}

/** Working staff without an account: the choice of the «accounts for several people» form. */
export function staffWithoutAccount(scope: Scope) {
  return scope.db.staffMember.findMany({
    where: { ...workingStaffWhere(), user: null },
    orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }, { middleName: 'asc' }],
    select: { id: true, lastName: true, firstName: true, middleName: true, position: true },
  });
}

export type StaffAccountOutcome =
  | { staffMemberId: number; fullName: string; position: string; created: true; login: string; oneTimePassword: string }
  | { staffMemberId: number; fullName: string; position: string; created: false; reason: string };

/**
 * Accounts for several people at once, each with its own one-time password: every person goes through the
 * one-card rule (createStaffAccount: working, no account yet, no unlinked namesake account) in a transaction of
 * their own, so one refusal does not stop the others. The passwords exist only in what this returns.
 */
export async function createStaffAccounts(scope: Scope, ids: number[]): Promise<StaffAccountOutcome[]> {
  const outcomes: StaffAccountOutcome[] = [];
  for (const id of [...new Set(ids)]) {
    const member = await scope.db.staffMember.findFirst({ where: { id }, select: { lastName: true, firstName: true, middleName: true, position: true } });
    if (!member) continue;
    const person = { staffMemberId: id, fullName: fullNameOf(member), position: member.position };
    try {
      const { user, oneTimePassword } = await createStaffAccount(scope, id);
      outcomes.push({ ...person, created: true, login: user.login, oneTimePassword });
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      outcomes.push({ ...person, created: false, reason: error.message });
    }
  }
  return outcomes;
}

// ---- export -----------------------------------------------------------------------------------

export async function exportStaff(scope: Scope, filter: StaffListFilter) {
  const rows = await scope.db.$queryRaw<(Omit<ExportedStaff, 'lineManager' | 'user'> & { managerLastName: string | null; managerFirstName: string; managerMiddleName: string; login: string | null })[]>`
    SELECT s."lastName", s."firstName", s."middleName", s."birthDate", s.position, s."hiredOn", s."experienceYears", s."experienceHereYears",
           s."qualificationCategory"::text AS "qualificationCategory", s.education, s."ageGroup", s.email, s.phone, s."archivedAt",
           manager."lastName" AS "managerLastName", manager."firstName" AS "managerFirstName", manager."middleName" AS "managerMiddleName", u.login
      FROM "StaffMember" s
      LEFT JOIN "StaffMember" manager ON manager."organizationId" = s."organizationId" AND manager.id = s."lineManagerId"
      LEFT JOIN "User" u ON u."organizationId" = s."organizationId" AND u."staffMemberId" = s.id
     WHERE ${staffWhereSql(scope, filter)}
     ORDER BY ${staffOrderSql(filter, 's')}`;
  const staff: ExportedStaff[] = rows.map(({ managerLastName, managerFirstName, managerMiddleName, login, ...person }) => ({
    ...person,
    lineManager: managerLastName === null ? null : { lastName: managerLastName, firstName: managerFirstName, middleName: managerMiddleName },
    user: login === null ? null : { login },
  }));
  // Which filters were used, never the searched text itself (it may be a name).
  const filters = (['q', 'position', 'category', 'experience'] as const).filter((k) => filter[k]);
  await audit(scope, { action: 'staff.export', entityType: 'StaffMember', details: { count: staff.length, state: filter.state, filters } });
  return { workbook: await staffWorkbook(staff), count: staff.length };
}
