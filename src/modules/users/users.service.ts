import { containsPattern } from '../../core/search.ts';
import { audit } from '../../core/audit.ts';
import type { Prisma } from '../../core/database/client.ts';
import { EVERY_ORGANIZATION } from '../../core/database/scoped.ts';
import { ConflictError, FormError, isUniqueViolation, NotFoundError } from '../../core/errors.ts';
import { PAGE_SIZE, pageOf } from '../../core/pagination.ts';
import { newOneTimePassword } from '../../core/passwords.ts';
import { transaction, type Scope } from '../../core/scope.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import type { Role } from '../../generated/prisma/enums.ts';
import { fullNameOf } from '../../domain/people.ts';
import type { CreateUserInput, SaveUserInput, UserListFilter } from './users.schemas.ts';

const listSelect = { id: true, login: true, fullName: true, role: true, active: true, lastLoginAt: true } as const;

interface UserListRow {
  id: number;
  login: string;
  fullName: string;
  role: Role;
  active: boolean;
  lastLoginAt: Date | null;
}


/**
 * The accounts list: one statement for the page and its total (`count(*) OVER ()`), not Prisma's count and page —
 * a short page where each statement's own machinery is most of the cost (issue 13). A page past the end (an old
 * link) finds no row to carry the total: then the count, and the last page, as `paginated` does.
 */
export async function listUsers(scope: Scope, filter: UserListFilter) {
  const conditions: Sql.Sql[] = [Sql.sql`"organizationId" = ${scope.organization.id}`];
  if (filter.role) conditions.push(Sql.sql`role = ${filter.role}::"Role"`);
  if (filter.status) conditions.push(Sql.sql`active = ${filter.status === 'active'}`);
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    conditions.push(Sql.sql`("fullName" ILIKE ${pattern} OR login ILIKE ${pattern})`);
  }
  const where = Sql.join(conditions, ' AND ');
  const pageAt = (skip: number) => scope.db.$queryRaw<(UserListRow & { total: number })[]>`
    SELECT id, login, "fullName", role::text AS role, active, "lastLoginAt", count(*) OVER ()::int AS total
      FROM "User" WHERE ${where}
     ORDER BY "fullName" ASC, id ASC
     OFFSET ${skip} LIMIT ${PAGE_SIZE}`;
  const requested = Math.max(1, filter.page);
  let rows = await pageAt((requested - 1) * PAGE_SIZE);
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && requested > 1) {
    total = (await scope.db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "User" WHERE ${where}`)[0]!.n;
    if (total > 0) rows = await pageAt(pageOf(total, requested).skip);
  }
  // The rows go to the view as they came (their `total` unused there): no copy of each row.
  const users: UserListRow[] = rows;
  return { users, page: pageOf(total, requested) };
}

export async function getUser(scope: Scope, id: number) {
  const user = await scope.db.user.findFirst({
    where: { id },
    select: {
      ...listSelect,
      mustChangePassword: true,
      createdAt: true,
      staffMember: { select: { id: true, lastName: true, firstName: true, middleName: true, position: true, archivedAt: true } },
    },
  });
  if (!user) throw new NotFoundError('Пользователь не найден');
  return user;
}

/** Logins are unique in the whole portal (one sign-in form for every organization): the check reads them all. */
async function assertLoginFree(scope: Scope, login: string, exceptId?: number) {
  const taken = await scope.portal.user.findFirst({ where: { ...EVERY_ORGANIZATION, login, NOT: exceptId ? { id: exceptId } : undefined }, select: { id: true } });
  if (taken) throw new FormError({ login: 'Этот логин уже занят, выберите другой' });
}

// ---- accounts and staff cards ---------------------------------------------------------------------
//
// An account is linked to at most one staff card and a card to at most one account (unique
// organizationId + staffMemberId). Without the link the person behind the account has no consents, no
// questionnaires, no pairs and no place on an acknowledgment sheet — everything personal hangs on the card.

const cardSelect = { id: true, lastName: true, firstName: true, middleName: true, position: true, archivedAt: true, user: { select: { login: true } } } as const;

/** «У сотрудника … уже есть учётная запись «…»»: the one message for a second account of a card. */
function cardTakenMessage(card: { lastName: string; firstName: string; middleName: string }, login: string): string {
  return `У сотрудника ${fullNameOf(card)} уже есть учётная запись «${login}»: у одной карточки может быть только одна учётная запись`;
}

/**
 * The card an account is about to be linked to: of this organization, working, without an account.
 * Refusals are messages for the field `staffMemberId`.
 */
async function freeCard(scope: Scope, staffMemberId: number) {
  const card = await scope.db.staffMember.findFirst({ where: { id: staffMemberId }, select: cardSelect });
  if (!card) throw new FormError({ staffMemberId: 'Выберите карточку сотрудника из списка' });
  if (card.archivedAt) throw new FormError({ staffMemberId: `Карточка ${fullNameOf(card)} в архиве: сначала верните сотрудника из архива` });
  if (card.user) throw new FormError({ staffMemberId: cardTakenMessage(card, card.user.login) });
  return card;
}

/** The unique link lost a race (two clicks, two administrators): the same message as a checked refusal. */
async function asCardTaken(scope: Scope, staffMemberId: number, error: unknown): Promise<never> {
  if (isUniqueViolation(error)) {
    const card = await scope.db.staffMember.findFirst({ where: { id: staffMemberId }, select: cardSelect });
    if (card?.user) throw new FormError({ staffMemberId: cardTakenMessage(card, card.user.login) });
  }
  throw error;
}

/** Working staff cards without an account, for «Карточка сотрудника» selects: [id, «ФИО — должность»]. */
export async function freeCardOptions(scope: Scope): Promise<[string, string][]> {
  const cards = await scope.db.staffMember.findMany({
    where: { archivedAt: null, user: null },
    select: { id: true, lastName: true, firstName: true, middleName: true, position: true },
    orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }, { middleName: 'asc' }, { id: 'asc' }],
  });
  return cards.map((c) => [String(c.id), `${fullNameOf(c)} — ${c.position}`]);
}

/** Accounts without a staff card, for «Связать с учётной записью» on a card: [id, «ФИО («login»)»]. */
export async function unlinkedAccountOptions(scope: Scope): Promise<[string, string][]> {
  const users = await scope.db.user.findMany({ where: { staffMemberId: null }, select: { id: true, login: true, fullName: true }, orderBy: [{ fullName: 'asc' }, { id: 'asc' }] });
  return users.map((u) => [String(u.id), `${u.fullName} («${u.login}»)`]);
}

/**
 * Accounts without a card whose name is this person's: most likely their own account, made at /users/new
 * before the card was linked. «Создать учётную запись» offers to link one of these instead of making a
 * second login for the same person.
 */
export async function unlinkedNamesakes(scope: Scope, person: { lastName: string; firstName: string; middleName: string }) {
  const name = fullNameOf(person);
  // Accounts without a card are few (administrators, the odd one made at /users/new): read them all and
  // compare in code, where «ё» and «е» can be equal (the database's collation keeps them apart).
  const candidates = await scope.db.user.findMany({
    where: { staffMemberId: null },
    select: { id: true, login: true, fullName: true, role: true, active: true },
    orderBy: { id: 'asc' },
    take: 1000,
  });
  // Compared as people write names: case, «ё»/«е» and spaces do not matter.
  const normal = (text: string) => text.toLocaleLowerCase('ru').replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();
  return candidates.filter((u) => normal(u.fullName) === normal(name));
}

/**
 * Creates an account with a one-time password that the administrator hands over; it must be changed at first
 * login. With a staff card, the account is linked to it and shows the card's name; a card that already has an
 * account is refused beside the field.
 */
export async function createUser(scope: Scope, input: CreateUserInput) {
  await assertLoginFree(scope, input.login);
  const card = input.staffMemberId === null ? null : await freeCard(scope, input.staffMemberId);
  const { oneTimePassword, passwordHash } = await newOneTimePassword();
  try {
    const user = await transaction(scope, async (tx) => {
      const created = await tx.db.user.create({
        data: {
          organizationId: tx.organization.id,
          login: input.login,
          fullName: card ? fullNameOf(card) : input.fullName,
          role: input.role,
          staffMemberId: card?.id ?? null,
          passwordHash,
          mustChangePassword: true,
        },
        select: { id: true },
      });
      await audit(tx, { action: 'user.create', entityType: 'User', entityId: created.id, details: { role: input.role, ...(card ? { staffMemberId: card.id } : {}) } });
      return created;
    });
    return { user, oneTimePassword };
  } catch (error) {
    if (card) await asCardTaken(scope, card.id, error);
    if (isUniqueViolation(error)) throw new FormError({ login: 'Этот логин уже занят, выберите другой' });
    throw error;
  }
}

/**
 * An administrator links an existing account to a staff card (from the account's page or from the card): the
 * person gets their consents, questionnaires, pairs and orders; the account shows the card's name from now on.
 * An account already linked is unlinked first (a deliberate step, not a silent move).
 */
export async function linkAccount(scope: Scope, userId: number, staffMemberId: number) {
  const user = await getUser(scope, userId);
  if (user.staffMember) {
    throw new FormError({ staffMemberId: `Учётная запись «${user.login}» уже связана с карточкой ${fullNameOf(user.staffMember)}: сначала отвяжите её` });
  }
  const card = await freeCard(scope, staffMemberId);
  try {
    await transaction(scope, async (tx) => {
      await tx.db.user.update({ where: { id: userId }, data: { staffMemberId: card.id, fullName: fullNameOf(card) } });
      await audit(tx, { action: 'user.link_staff', entityType: 'User', entityId: userId, details: { staffMemberId: card.id, renamed: user.fullName !== fullNameOf(card) } });
    });
  } catch (error) {
    await asCardTaken(scope, card.id, error);
  }
  return { user, card };
}

/**
 * Unlinks an account from its staff card: the card keeps its consents, pairs and sheets; the account keeps
 * its login and role. The card's archive no longer speaks for the account (restoring the card will not offer
 * to switch it on).
 */
export async function unlinkAccount(scope: Scope, userId: number) {
  const user = await getUser(scope, userId);
  if (!user.staffMember) throw new ConflictError(`Учётная запись «${user.login}» не связана с карточкой сотрудника`);
  await transaction(scope, async (tx) => {
    await tx.db.user.update({ where: { id: userId }, data: { staffMemberId: null, offByStaffArchive: false } });
    await audit(tx, { action: 'user.unlink_staff', entityType: 'User', entityId: userId, details: { staffMemberId: user.staffMember!.id } });
  });
  return { user, card: user.staffMember };
}

/** The portal must always keep at least one active administrator per organization. */
async function assertNotLastAdmin(scope: Scope, userId: number) {
  const others = await scope.db.user.count({ where: { role: 'ADMIN', active: true, NOT: { id: userId } } });
  if (others === 0) throw new ConflictError('Нельзя оставить организацию без активного администратора');
}

export async function updateUser(scope: Scope, id: number, input: SaveUserInput) {
  const existing = await getUser(scope, id);
  await assertLoginFree(scope, input.login, id);
  try {
    await transaction(scope, async (tx) => {
      if (existing.role === 'ADMIN' && input.role !== 'ADMIN') {
        await assertNotLastAdmin(tx, id).catch((e: Error) => {
          throw new FormError({ role: e.message });
        });
      }
      await tx.db.user.update({ where: { id }, data: input });
      const changed = (['login', 'fullName', 'role'] as const).filter((k) => existing[k] !== input[k]);
      await audit(tx, { action: 'user.update', entityType: 'User', entityId: id, details: { changed } });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new FormError({ login: 'Этот логин уже занят, выберите другой' });
    throw error;
  }
}

export async function setUserActive(scope: Scope, id: number, active: boolean) {
  const user = await getUser(scope, id);
  if (!active && id === scope.actor.userId) throw new ConflictError('Нельзя отключить собственную учётную запись');
  await transaction(scope, async (tx) => {
    if (!active && user.role === 'ADMIN') await assertNotLastAdmin(tx, id);
    // The administrator's decision replaces the staff archive's: restoring the card no longer offers to switch it on.
    await tx.db.user.update({ where: { id }, data: { active, offByStaffArchive: false } });
    await audit(tx, { action: active ? 'user.activate' : 'user.deactivate', entityType: 'User', entityId: id });
  });
  // Sessions of a deactivated user stop working at once: the session loader only accepts active users
  // (the same check that ends sessions after a password change, see core/auth/passport.ts).
  return user;
}

export async function resetPassword(scope: Scope, id: number) {
  await getUser(scope, id);
  const { oneTimePassword, passwordHash } = await newOneTimePassword();
  await transaction(scope, async (tx) => {
    // The user's open sessions end (new session version): the account is entered again with the new
    // password. An administrator resetting their own password keeps this session — it shows the new
    // password once and then leads straight to the password form, whose change ends the other sessions.
    const sessionVersion = id === tx.actor.userId ? undefined : { increment: 1 };
    await tx.db.user.update({ where: { id }, data: { passwordHash, mustChangePassword: true, sessionVersion } });
    await audit(tx, { action: 'user.reset_password', entityType: 'User', entityId: id });
  });
  return oneTimePassword;
}

// ---- accounts of staff cards (commands of the face, for the staff module) ------------------------

/** The first free login among base, base2, base3… (logins are unique across the whole portal). */
export async function firstFreeLogin(db: Pick<Prisma, 'user'>, base: string): Promise<string> {
  const rows = await db.user.findMany({ where: { ...EVERY_ORGANIZATION, login: { startsWith: base } }, select: { login: true } });
  const taken = new Set(rows.map((u) => u.login));
  let login = base;
  for (let n = 2; taken.has(login); n++) login = `${base}${n}`;
  return login;
}

/**
 * An account for a person of the staff directory («Создать учётную запись» on the staff card): linked by
 * staffMemberId, login made unique from `loginBase`, and the same one-time password rule as createUser
 * (the caller reveals it once; it must be changed at first login). Joins the caller's transaction.
 */
export async function createLinkedAccount(scope: Scope, input: { loginBase: string; fullName: string; role: SaveUserInput['role']; staffMemberId: number }) {
  const { oneTimePassword, passwordHash } = await newOneTimePassword();
  return transaction(scope, async (tx) => {
    const login = await firstFreeLogin(tx.portal, input.loginBase);
    const user = await tx.db.user.create({
      data: {
        organizationId: tx.organization.id,
        login,
        fullName: input.fullName,
        role: input.role,
        staffMemberId: input.staffMemberId,
        passwordHash,
        mustChangePassword: true,
      },
      select: { id: true, login: true },
    });
    await audit(tx, { action: 'user.create', entityType: 'User', entityId: user.id, details: { role: input.role, staffMemberId: input.staffMemberId } });
    return { user, oneTimePassword };
  });
}

/** A teacher's account shows the name from the directory: the staff card's new name, on its account. */
export async function renameLinkedAccount(scope: Scope, staffMemberId: number, fullName: string): Promise<void> {
  await scope.db.user.updateMany({ where: { staffMemberId }, data: { fullName } });
}

// ---- accounts of archived staff cards (the staff.archived and staff.restored events) ---------------

type LinkedAccount = { role: Role; active: boolean; offByStaffArchive: boolean };

/**
 * What archiving a card does to its account: a teacher's account is switched off with the card; the
 * accounts that run the portal (head, methodist, administrator) only by an administrator — a methodist
 * archiving such a card archives the card and leaves the account on (the card says so beforehand).
 * `actorRole` is null for a system job, which never switches such an account off either.
 */
export function archiveEffect(account: Pick<LinkedAccount, 'role' | 'active'> | null, actorRole: Role | null): 'none' | 'deactivate' | 'keep' {
  if (!account?.active) return 'none';
  return account.role === 'TEACHER' || actorRole === 'ADMIN' ? 'deactivate' : 'keep';
}

/** Restoring a card offers to switch its account on again only if that card's archiving switched it off. */
export function reactivationOffer(account: LinkedAccount | null, actorRole: Role | null): 'offer' | 'admin-only' | 'none' {
  if (!account || account.active || !account.offByStaffArchive) return 'none';
  return account.role === 'TEACHER' || actorRole === 'ADMIN' ? 'offer' : 'admin-only';
}

const linkedAccountSelect = { id: true, role: true, active: true, offByStaffArchive: true } as const;

/**
 * A staff card went to the archive: the person no longer works here, so the account is switched off as
 * `archiveEffect` says (marked as switched off by the archive, so that restoring the card can offer it
 * back). The organization keeps at least one active administrator, so archiving the last one is refused
 * (the whole archiving rolls back).
 */
export async function onStaffArchived(scope: Scope, staffMemberId: number): Promise<void> {
  const user = await scope.db.user.findFirst({ where: { staffMemberId }, select: linkedAccountSelect });
  if (!user || archiveEffect(user, scope.user?.role ?? null) !== 'deactivate') return;
  if (user.role === 'ADMIN') await assertNotLastAdmin(scope, user.id);
  // Sessions of the account stop at once: the session loader only accepts active users.
  await scope.db.user.update({ where: { id: user.id }, data: { active: false, offByStaffArchive: true } });
  await audit(scope, { action: 'user.deactivate', entityType: 'User', entityId: user.id, details: { reason: 'staff.archive' } });
}

/**
 * A staff card came back from the archive. The account comes back on only when asked (`reactivateAccount`,
 * the checkbox ticked by default) and only if that card's archiving switched it off; a head's, methodist's
 * or administrator's account only by an administrator (asking otherwise refuses the whole restore). Whether
 * switched on now or left off, the archive no longer speaks for the account.
 */
export async function onStaffRestored(scope: Scope, staffMemberId: number, reactivateAccount: boolean): Promise<void> {
  const user = await scope.db.user.findFirst({ where: { staffMemberId }, select: linkedAccountSelect });
  const offer = reactivationOffer(user, scope.user?.role ?? null);
  if (reactivateAccount && offer === 'admin-only') {
    throw new ConflictError('Включить учётную запись заведующего, методиста или администратора может только администратор');
  }
  if (!user?.offByStaffArchive) return;
  const reactivated = reactivateAccount && offer === 'offer';
  await scope.db.user.update({ where: { id: user.id }, data: { offByStaffArchive: false, ...(reactivated ? { active: true } : {}) } });
  if (reactivated) await audit(scope, { action: 'user.activate', entityType: 'User', entityId: user.id, details: { reason: 'staff.restore' } });
}
