/**
 * Notifications: one row per message per user (the bell, the list at /notifications) and its e-mail state. Other
 * modules never call this: their events do (notifications.events.ts), inside the publisher's transaction, so a
 * change that rolls back leaves no notification and no queued mail behind.
 */
import { audit } from '../../core/audit.ts';
import type { Database } from '../../core/database/client.ts';
import { organizationQuery, type PreparedStatement } from '../../core/database/prepared.ts';
import { NotFoundError } from '../../core/errors.ts';
import { jobFromRows } from '../../core/jobs/queue.ts';
import { paginated } from '../../core/pagination.ts';
import { transaction, type Scope } from '../../core/scope.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import type { EmailMode, NotificationKind } from '../../generated/prisma/enums.ts';

/** The job that mails one notification (notifications.jobs.ts). */
export const EMAIL_TASK = 'notifications:email';
/** Retries with the queue's exponential backoff (e^n s: about 3 s, 7 s, 20 s … 2.5 h): about 4 hours in all. */
export const EMAIL_ATTEMPTS = 10;

export interface NewNotification {
  kind: NotificationKind;
  title: string;
  text?: string;
  /** A path of the portal. */
  link: string;
  /** One notification per user and key: the same fact told twice is told once. */
  dedupeKey?: string;
}

/** What the module needs to know beyond the scope: whether mail is configured at all. */
export interface NotifyOptions {
  mailEnabled: boolean;
}

/**
 * Notifies users (ids of accounts; inactive ones are skipped) inside the caller's transaction. With mail
 * configured, each notification of a user who wants mail at once gets a send job queued in the same transaction;
 * of a user who chose the digest, it waits for the digest. Returns the ids of the new notifications.
 */
export async function notifyUsers(scope: Scope, options: NotifyOptions, userIds: number[], message: NewNotification): Promise<number[]> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return [];
  return transaction(scope, async (tx) => {
    const users = await tx.db.user.findMany({
      where: { id: { in: ids }, active: true },
      select: { id: true, notificationSetting: { select: { emailMode: true } } },
    });
    if (users.length === 0) return [];
    const modeOf = (u: (typeof users)[number]): EmailMode => u.notificationSetting?.emailMode ?? 'IMMEDIATE';
    const created = await tx.db.notification.createManyAndReturn({
      data: users.map((u) => ({
        organizationId: tx.organization.id,
        userId: u.id,
        kind: message.kind,
        title: message.title.slice(0, 300),
        text: (message.text ?? '').slice(0, 2000),
        link: message.link,
        dedupeKey: message.dedupeKey ?? null,
        emailState: !options.mailEnabled ? 'NONE' : modeOf(u) === 'IMMEDIATE' ? 'QUEUED' : modeOf(u) === 'DIGEST' ? 'DIGEST' : 'NONE',
      })),
      // Told already (same user, same key): nothing new.
      skipDuplicates: true,
      select: { id: true, emailState: true },
    });
    const toMail = created.filter((n) => n.emailState === 'QUEUED').map((n) => n.id);
    if (toMail.length) await queueEmails(tx, toMail);
    return created.map((n) => n.id);
  });
}

/** Queues one send job per notification, in the caller's transaction; the job key keeps it to one job each. */
async function queueEmails(tx: Scope, notificationIds: number[]) {
  const job = jobFromRows({
    task: EMAIL_TASK,
    payload: Sql.sql`json_build_object('organizationId', n."organizationId", 'notificationId', n.id)`,
    jobKey: Sql.sql`'notification-email:' || n.id`,
    maxAttempts: EMAIL_ATTEMPTS,
  });
  await tx.db.$queryRaw`SELECT (${job}).id FROM "Notification" n
    WHERE n."organizationId" = ${tx.organization.id} AND n.id = ANY(${notificationIds}::int[]) AND n."emailState" = 'QUEUED'`;
}

/** The users behind staff cards (teachers with an account), for events that name staff. */
export async function usersOfStaff(scope: Scope, staffMemberIds: number[]): Promise<number[]> {
  if (staffMemberIds.length === 0) return [];
  const users = await scope.db.user.findMany({ where: { staffMemberId: { in: staffMemberIds }, active: true }, select: { id: true } });
  return users.map((u) => u.id);
}

/** The active users of a role (the head, the methodists). */
export async function usersWithRole(scope: Scope, role: 'HEAD' | 'METHODIST'): Promise<number[]> {
  const users = await scope.db.user.findMany({ where: { role, active: true }, select: { id: true } });
  return users.map((u) => u.id);
}

// ---- the bell and the list ------------------------------------------------------------------------------

function ownUserId(scope: Scope): number {
  if (!scope.user) throw new NotFoundError();
  return scope.user.id;
}

/** A person's unread notifications, counted over the index (userId, readAt): the bell's one rule, in SQL. */
const unreadCountSql = (organizationId: string, userId: string) =>
  `(SELECT count(*)::int FROM "Notification" n WHERE n."organizationId" = ${organizationId} AND n."userId" = ${userId} AND n."readAt" IS NULL)`;

const UNREAD_COUNT: PreparedStatement = {
  name: 'notifications-unread-count',
  text: `SELECT ${unreadCountSql('$1', '$2')} AS unread`,
};

/**
 * The bell's count as a figure of the session's own statement (core/session-store.ts SessionFigure, wired in
 * modules/index.ts): read with the session and its user `u` on every signed-in request, instead of a statement of
 * its own when the page renders.
 */
export const UNREAD_NOTIFICATIONS_FIGURE = { name: 'unreadNotifications', sql: unreadCountSql('u."organizationId"', 'u.id') } as const;

/**
 * The bell's count, on every signed-in page: one count over the index (userId, readAt), run as a prepared statement
 * on the pool (core/database/prepared.ts) — through Prisma it would cost ten times its own work.
 */
export async function unreadCount(db: Pick<Database, 'pool'>, user: { organizationId: number; id: number }): Promise<number> {
  const [row] = await organizationQuery<{ unread: number }>(db.pool, user.organizationId, UNREAD_COUNT, [user.id]);
  return row?.unread ?? 0;
}

export async function listNotifications(scope: Scope, requestedPage: number) {
  const where = { userId: ownUserId(scope) };
  const { page, rows } = await paginated(
    requestedPage,
    () => scope.db.notification.count({ where }),
    (skip, take) =>
      scope.db.notification.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        skip,
        take,
        select: { id: true, kind: true, title: true, text: true, link: true, createdAt: true, readAt: true },
      }),
  );
  return { page, notifications: rows };
}

/** Opening a notification marks it read and says where it leads; another user's notification is 404. */
export async function openNotification(scope: Scope, id: number): Promise<string> {
  const userId = ownUserId(scope);
  const row = await scope.db.notification.findFirst({ where: { id, userId }, select: { link: true, readAt: true } });
  if (!row) throw new NotFoundError('Уведомление не найдено');
  if (!row.readAt) await scope.db.notification.updateMany({ where: { id, userId, readAt: null }, data: { readAt: new Date() } });
  return safeLink(row.link);
}

/** Only paths of the portal: a stored link never sends anyone elsewhere. */
export function safeLink(link: string): string {
  return /^\/(?![/\\])/.test(link) ? link : '/notifications';
}

export async function markAllRead(scope: Scope): Promise<number> {
  const { count } = await scope.db.notification.updateMany({ where: { userId: ownUserId(scope), readAt: null }, data: { readAt: new Date() } });
  return count;
}

// ---- e-mail settings (on /profile) ----------------------------------------------------------------------

export const EMAIL_MODE_LABELS: Record<EmailMode, string> = {
  IMMEDIATE: 'сразу — письмо на каждое уведомление',
  DIGEST: 'ежедневная сводка — одно письмо в день',
  OFF: 'не присылать — только в портале',
};

/** The user's choice and the address mail goes to: the staff card's e-mail, else the one given in the profile. */
export async function emailSettings(scope: Scope) {
  const userId = ownUserId(scope);
  const user = await scope.db.user.findFirstOrThrow({
    where: { id: userId },
    select: { staffMember: { select: { email: true } }, notificationSetting: { select: { emailMode: true, email: true } } },
  });
  const cardEmail = user.staffMember?.email.trim() ?? '';
  const ownEmail = user.notificationSetting?.email ?? '';
  return {
    emailMode: user.notificationSetting?.emailMode ?? ('IMMEDIATE' as EmailMode),
    email: ownEmail,
    cardEmail,
    /** Where mail goes now ('' = nowhere). */
    address: cardEmail || ownEmail,
  };
}

export async function saveEmailSettings(scope: Scope, input: { emailMode: EmailMode; email: string }) {
  const userId = ownUserId(scope);
  await transaction(scope, async (tx) => {
    await tx.db.notificationSetting.upsert({
      where: { userId },
      create: { organizationId: tx.organization.id, userId, emailMode: input.emailMode, email: input.email },
      update: { emailMode: input.emailMode, email: input.email },
    });
    // The address is personal data: its change is on record (not the address itself).
    await audit(tx, { action: 'notifications.settings', entityType: 'User', entityId: userId, details: { emailMode: input.emailMode, ownEmail: input.email !== '' } });
  });
}
