/**
 * The notifications' background jobs (run by the job worker of src/core/jobs, started in src/server.ts):
 *
 * - `notifications:email` — one notification by mail; queued in the transaction that made it.
 * - `notifications:digest` — one user's daily digest: every notification waiting for it, grouped.
 * - `notifications:hourly` — cron, every hour; for each organization whose clock shows DIGEST_AT it makes the day's
 *   reminders (consents still owed, plan items due in 3 days or overdue, pair check-ins opened) and queues the digests.
 *
 * Every job may run twice (a retry after a failure, or after the worker was killed): it reads the row's state
 * first and sends only what is still waiting, and marks it sent the moment the SMTP server accepts it.
 */
import type { Database } from '../../core/database/client.ts';
import type { CronItem, JobHelpers, TaskList } from '../../core/jobs/queue.ts';
import type { Mailer } from '../../core/mail.ts';
import { systemScope, transaction, type Events, type Scope, type ScopeOrganization } from '../../core/scope.ts';
import { dayNumber, isoOfDayNumber, ruDate } from '../../domain/dates.ts';
import type { ConsentKind } from '../../generated/prisma/enums.ts';
import { CONSENT_KIND_LABELS, staffWithValidConsent } from '../consents/index.ts';
import { OPEN_STATUSES } from '../pairs/index.ts';
import { digestMail, notificationMail } from './notifications.mail.ts';
import { EMAIL_ATTEMPTS, EMAIL_TASK, notifyUsers, usersOfStaff, type NotifyOptions } from './notifications.service.ts';

export const DIGEST_TASK = 'notifications:digest';
export const HOURLY_TASK = 'notifications:hourly';

/** A plan item of a programme that is due soon or overdue (the programmes module's face provides them). */
export interface DuePlanItem {
  itemId: number;
  programmeId: number;
  activity: string;
  /** 'YYYY-MM-DD' */
  dueOn: string;
  /** Who answers for it: the mentor, the mentee or both. */
  staffMemberIds: number[];
}
/** «Plan items due by `until` (inclusive) or overdue, not done or cancelled» — one cheap query of the programmes' face. */
export type DuePlanItemsSource = (scope: Scope, until: string) => Promise<DuePlanItem[]>;

export interface NotificationJobsDeps {
  db: Database;
  events: Events;
  mailer: Mailer | null;
  /** The portal's address for links in mails (PUBLIC_URL). */
  publicUrl: string;
  /** The organization-local hour of the daily reminders and digest (DIGEST_AT). */
  digestHour: number;
  dueItems?: DuePlanItemsSource;
  openCheckins?: OpenCheckinsSource;
}

/** A pair check-in «Как идёт работа в паре?» open today, and the members asked (the pairs module's face provides them). */
export interface OpenCheckin {
  pairId: number;
  /** "checkin-N" */
  occasion: string;
  staffMemberIds: number[];
}
export type OpenCheckinsSource = (scope: Scope) => Promise<OpenCheckin[]>;

type Log = JobHelpers['logger'];

/** The Message-ID's domain: the portal's host. */
function mailDomain(publicUrl: string): string {
  try {
    return new URL(publicUrl).hostname || 'nastavnik.local';
  } catch {
    return 'nastavnik.local';
  }
}

/** The address mail goes to: the staff card's e-mail, else the one given on the profile. */
function addressOf(user: { staffMember: { email: string } | null; notificationSetting: { email: string } | null }): string {
  return user.staffMember?.email.trim() || user.notificationSetting?.email.trim() || '';
}

const recipientSelect = {
  fullName: true,
  active: true,
  staffMember: { select: { email: true } },
  notificationSetting: { select: { email: true, emailMode: true } },
} as const;

function isLastAttempt(helpers: JobHelpers): boolean {
  return helpers.job.attempts >= helpers.job.max_attempts;
}

async function sendOne(deps: NotificationJobsDeps, payload: { organizationId: number; notificationId: number }, helpers: JobHelpers) {
  const db = deps.db.forOrganization(payload.organizationId);
  const n = await db.notification.findFirst({
    where: { id: payload.notificationId },
    select: { id: true, kind: true, title: true, text: true, link: true, createdAt: true, emailState: true, user: { select: recipientSelect } },
  });
  // Gone (a restored backup, a deleted account) or handled by an earlier run: nothing to do.
  if (!n || n.emailState !== 'QUEUED') return;
  const to = addressOf(n.user);
  if (!deps.mailer || !to || !n.user.active || n.user.notificationSetting?.emailMode === 'OFF') {
    await db.notification.updateMany({ where: { id: n.id, emailState: 'QUEUED' }, data: { emailState: 'NONE' } });
    return;
  }
  const mail = notificationMail(n, n.user.fullName, deps.publicUrl);
  try {
    await deps.mailer.send({ to, ...mail, messageId: `<notification-${n.id}@${mailDomain(deps.publicUrl)}>` });
  } catch (error) {
    if (isLastAttempt(helpers)) await db.notification.updateMany({ where: { id: n.id, emailState: 'QUEUED' }, data: { emailState: 'FAILED' } });
    throw error;
  }
  await db.notification.updateMany({ where: { id: n.id, emailState: 'QUEUED' }, data: { emailState: 'SENT', emailedAt: new Date() } });
}

async function organizationOf(deps: NotificationJobsDeps, id: number): Promise<ScopeOrganization | null> {
  return deps.db.portal.organization.findUnique({ where: { id }, select: { id: true, slug: true, shortName: true, fullName: true, timeZone: true } });
}

async function sendDigest(deps: NotificationJobsDeps, payload: { organizationId: number; userId: number; day: string }, helpers: JobHelpers) {
  const organization = await organizationOf(deps, payload.organizationId);
  if (!organization) return;
  const db = deps.db.forOrganization(organization.id);
  const user = await db.user.findFirst({ where: { id: payload.userId }, select: recipientSelect });
  const waiting = await db.notification.findMany({
    where: { userId: payload.userId, emailState: 'DIGEST' },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { id: true, kind: true, title: true, text: true, link: true, createdAt: true },
  });
  if (!user || waiting.length === 0) return;
  const ids = waiting.map((n) => n.id);
  const to = addressOf(user);
  if (!deps.mailer || !to || !user.active || user.notificationSetting?.emailMode === 'OFF') {
    await db.notification.updateMany({ where: { id: { in: ids }, emailState: 'DIGEST' }, data: { emailState: 'NONE' } });
    return;
  }
  const mail = digestMail(waiting, user.fullName, payload.day, organization.timeZone, deps.publicUrl);
  try {
    await deps.mailer.send({ to, ...mail, messageId: `<digest-${organization.id}-${payload.userId}-${payload.day}@${mailDomain(deps.publicUrl)}>` });
  } catch (error) {
    if (isLastAttempt(helpers)) await db.notification.updateMany({ where: { id: { in: ids }, emailState: 'DIGEST' }, data: { emailState: 'FAILED' } });
    throw error;
  }
  await db.notification.updateMany({ where: { id: { in: ids }, emailState: 'DIGEST' }, data: { emailState: 'SENT', emailedAt: new Date() } });
}

/** The hour (0–23) of a moment on the organization's clock. */
export function localHour(moment: Date, timeZone: string): number {
  const hour = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(moment);
  return Number(hour);
}

/** Monday of the week of a date: weekly reminders carry it in their key, so they repeat at most once a week. */
function weekOf(day: string): string {
  const n = dayNumber(day);
  // 1970-01-01 was a Thursday: (n + 3) % 7 is 0 on Mondays.
  return isoOfDayNumber(n - ((n + 3) % 7));
}

/** Members of open pairs (draft, proposed, active) who still owe a consent the pair needs: a weekly reminder. */
export async function remindConsentsOwed(scope: Scope, options: NotifyOptions) {
  const members = await scope.db.pairMember.findMany({
    where: { pair: { status: { in: [...OPEN_STATUSES] } }, staffMember: { archivedAt: null } },
    select: { staffMemberId: true, role: true },
  });
  const everyone = [...new Set(members.map((m) => m.staffMemberId))];
  const mentors = [...new Set(members.filter((m) => m.role === 'MENTOR').map((m) => m.staffMemberId))];
  const owed: [ConsentKind, number[]][] = [];
  const withPersonalData = await staffWithValidConsent(scope, everyone, 'PERSONAL_DATA');
  owed.push(['PERSONAL_DATA', everyone.filter((id) => !withPersonalData.has(id))]);
  const withMentoring = await staffWithValidConsent(scope, mentors, 'MENTORING');
  owed.push(['MENTORING', mentors.filter((id) => !withMentoring.has(id))]);
  for (const [kind, staffIds] of owed) {
    await notifyUsers(scope, options, await usersOfStaff(scope, staffIds), {
      kind: 'CONSENT_OWED',
      title: `Нужно ваше ${CONSENT_KIND_LABELS[kind]}`,
      text: 'Без него пару нельзя утвердить приказом. Оформите согласие в разделе «Согласия» или принесите подписанный бланк методисту.',
      link: '/consents/mine',
      dedupeKey: `consent-owed:${kind}:${weekOf(scope.today)}`,
    });
  }
}

/** Plan items due within 3 days (told once) and overdue ones (told once a week) — from the programmes' face. */
export async function remindPlanItems(scope: Scope, options: NotifyOptions, source: DuePlanItemsSource) {
  const until = isoOfDayNumber(dayNumber(scope.today) + 3);
  for (const item of await source(scope, until)) {
    const overdue = item.dueOn < scope.today;
    await notifyUsers(scope, options, await usersOfStaff(scope, item.staffMemberIds), {
      kind: overdue ? 'PLAN_ITEM_OVERDUE' : 'PLAN_ITEM_DUE',
      title: overdue ? `Просрочен пункт плана: «${item.activity}»` : `Срок пункта плана — ${ruDate(item.dueOn)}: «${item.activity}»`,
      text: overdue ? 'Отметьте, что сделано, или перенесите срок с причиной.' : 'До срока осталось не больше трёх дней.',
      link: `/programmes/${item.programmeId}#item-${item.itemId}`,
      dedupeKey: overdue ? `plan-item:${item.itemId}:overdue:${weekOf(scope.today)}` : `plan-item:${item.itemId}:due:${item.dueOn}`,
    });
  }
}

/**
 * The members of each pair whose check-in is open today are told once per pair, occasion and person (the
 * dedupe key): the daily run repeats harmlessly until the next check-in opens.
 */
export async function remindCheckins(scope: Scope, options: NotifyOptions, source: OpenCheckinsSource) {
  for (const checkin of await source(scope)) {
    await notifyUsers(scope, options, await usersOfStaff(scope, checkin.staffMemberIds), {
      kind: 'QUESTIONNAIRE_OPENED',
      title: 'Как идёт работа в паре? Ответьте за минуту',
      text: 'Три коротких вопроса о встречах в вашей паре: ответы помогают методисту поддержать пару.',
      link: `/pairs/${checkin.pairId}/checkin`,
      dedupeKey: `checkin:${checkin.pairId}:${checkin.occasion}`,
    });
  }
}

/** One organization's daily run: reminders first (so they join today's digests), then the digests are queued. */
export async function dailyRun(deps: NotificationJobsDeps, organization: ScopeOrganization, at: Date, helpers: Pick<JobHelpers, 'addJob'>, log?: Log) {
  const scope = systemScope(deps, organization, { now: at, requestId: 'job:notifications' });
  const options: NotifyOptions = { mailEnabled: deps.mailer !== null };
  await transaction(scope, async (tx) => {
    await remindConsentsOwed(tx, options);
    if (deps.dueItems) await remindPlanItems(tx, options, deps.dueItems);
    if (deps.openCheckins) await remindCheckins(tx, options, deps.openCheckins);
  });
  const waiting = await scope.db.notification.findMany({ where: { emailState: 'DIGEST' }, distinct: ['userId'], select: { userId: true } });
  for (const { userId } of waiting) {
    await helpers.addJob(
      DIGEST_TASK,
      { organizationId: organization.id, userId, day: scope.today },
      { jobKey: `digest:${organization.id}:${userId}:${scope.today}`, maxAttempts: EMAIL_ATTEMPTS },
    );
  }
  log?.info(`daily notifications of organization ${organization.id}: ${waiting.length} digest(s) queued`);
}

async function hourly(deps: NotificationJobsDeps, payload: { _cron?: { ts: string } }, helpers: JobHelpers) {
  // The slot's own time (a back-filled run after downtime still counts as its hour).
  const at = payload._cron?.ts ? new Date(payload._cron.ts) : new Date();
  const organizations = await deps.db.portal.organization.findMany({ select: { id: true, slug: true, shortName: true, fullName: true, timeZone: true }, orderBy: { id: 'asc' } });
  for (const organization of organizations) {
    if (localHour(at, organization.timeZone) !== deps.digestHour) continue;
    await dailyRun(deps, organization, at, helpers, helpers.logger);
  }
}

/** The tasks and the cron line of this module, for the job worker (wired by src/modules/index.ts). */
export function notificationJobs(deps: NotificationJobsDeps): { tasks: TaskList; cron: CronItem[] } {
  return {
    tasks: {
      [EMAIL_TASK]: (payload, helpers) => sendOne(deps, payload as { organizationId: number; notificationId: number }, helpers),
      [DIGEST_TASK]: (payload, helpers) => sendDigest(deps, payload as { organizationId: number; userId: number; day: string }, helpers),
      [HOURLY_TASK]: (payload, helpers) => hourly(deps, payload as { _cron?: { ts: string } }, helpers),
    },
    cron: [
      // Every hour on the hour; after downtime the last 3 hours' slots are run late (each organization has its own clock).
      { task: HOURLY_TASK, match: '0 * * * *', identifier: HOURLY_TASK, options: { backfillPeriod: 3 * 3600_000, maxAttempts: 3 } },
    ],
  };
}
