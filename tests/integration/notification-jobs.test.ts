/**
 * Mail of notifications through the job queue, against a local SMTP sink the test starts (tests/helpers/smtp-sink.ts)
 * and a database of its own: what a delivered mail says, retries after a refusal, the fallback address, no mail
 * without SMTP, the daily digest, the weekly consent reminder — and one mail delivered exactly once when the portal
 * process is killed (SIGKILL) while it sends it and is started again.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeWorkerUtils } from 'graphile-worker';
import { startBackground, type Background } from '../../src/background.ts';
import { loadConfig } from '../../src/config/env.ts';
import { createLogger } from '../../src/core/logger.ts';
import { systemScope, transaction } from '../../src/core/scope.ts';
import { createEvents } from '../../src/modules/index.ts';
import { notifyUsers, type NewNotification } from '../../src/modules/notifications/index.ts';
import { localHour } from '../../src/modules/notifications/notifications.jobs.ts';
import { freshDatabase } from '../helpers/database.ts';
import { addBankMentee, addBankMentor, createOrganizationWithStaff, createPairRow, createTeacher, createUser } from '../helpers/factories.ts';
import { freePort } from '../helpers/net.ts';
import { startServer } from '../helpers/server-process.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';

const PUBLIC_URL = 'https://nastavnik.test';
const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');

let fresh: Awaited<ReturnType<typeof freshDatabase>>;
before(async () => {
  fresh = await freshDatabase();
});
after(async () => {
  await fresh.drop();
});

type Org = Awaited<ReturnType<typeof createOrganizationWithStaff>>;

/** What an event subscriber does, with mail on: the notification and its job in one transaction. */
async function notify(org: Org['organization'], userIds: number[], message: Partial<NewNotification> = {}) {
  const scope = systemScope({ db: fresh.db, events: createEvents({ mailEnabled: true }) }, org);
  return transaction(scope, (tx) =>
    notifyUsers(tx, { mailEnabled: true }, userIds, { kind: 'ORDER_TO_APPROVE', title: 'Приказ ждёт согласования: «О закреплении»', text: 'Утвердите приказ.', link: '/orders/5', ...message }),
  );
}

const notification = (id: number) => fresh.db.prisma.notification.findUniqueOrThrow({ where: { id } });

async function until<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Jobs still in the queue (none once everything is done: the library deletes a completed job). */
async function jobsLeft(): Promise<{ task_identifier: string; attempts: number; locked_by: string | null; last_error: string | null }[]> {
  const { rows } = await fresh.db.pool.query('SELECT task_identifier, attempts, locked_by, last_error FROM graphile_worker.jobs ORDER BY id');
  return rows;
}

function background(sink: SmtpSink | null, extra: Record<string, string> = {}): Promise<Background> {
  const config = loadConfig({ DATABASE_URL: fresh.url, PUBLIC_URL, ...(sink ? { SMTP_URL: sink.url, SMTP_FROM: 'Наставник <nastavnik@ds50.test>' } : {}), ...extra });
  return startBackground(config, fresh.url, fresh.db, logger, { pollIntervalMs: 300 });
}

describe('mail sent by the job worker', () => {
  let sink: SmtpSink;
  let worker: Background;
  let org: Org;
  before(async () => {
    sink = await startSmtpSink();
    org = await createOrganizationWithStaff(fresh.db.prisma);
    // The digest hour is «now» on the organization's clock, so the hourly job below makes its daily run.
    worker = await background(sink, { DIGEST_AT: `${String(localHour(new Date(), 'Europe/Moscow')).padStart(2, '0')}:00` });
  });
  after(async () => {
    await worker.stop();
    await sink.close();
  });

  test('a notification becomes a Russian mail (text and HTML) to the staff card\'s address, with the portal\'s link', async () => {
    const teacher = await createTeacher(fresh.db.prisma, org.organization.id, { lastName: 'Петрова', firstName: 'Анна', middleName: 'Сергеевна', email: 'petrova@ds50.test' });
    const [id] = await notify(org.organization, [teacher.user.id]);
    const [mail] = await sink.waitForDelivered(1);
    assert.equal(mail!.to && 'text' in mail!.to ? mail!.to.text : '', 'petrova@ds50.test');
    assert.equal(mail!.from?.text, '"Наставник" <nastavnik@ds50.test>');
    assert.equal(mail!.subject, 'Наставник: Приказ ждёт согласования: «О закреплении»');
    assert.match(mail!.text ?? '', /^Здравствуйте, Петрова Анна Сергеевна!/);
    assert.match(mail!.text ?? '', /Утвердите приказ\./);
    assert.match(mail!.text ?? '', /Открыть: https:\/\/nastavnik\.test\/orders\/5/);
    assert.match(mail!.text ?? '', /https:\/\/nastavnik\.test\/profile/);
    assert.match(String(mail!.html), /<a href="https:\/\/nastavnik\.test\/orders\/5">Открыть в портале<\/a>/);
    assert.match(String(mail!.html), /<html lang="ru">/);
    assert.equal(mail!.messageId, `<notification-${id}@nastavnik.test>`);
    assert.equal(mail!.headers.get('auto-submitted'), 'auto-generated');
    const row = await until('the notification is marked sent', async () => ((await notification(id!)).emailState === 'SENT' ? notification(id!) : null));
    assert.ok(row.emailedAt);
    assert.equal(row.readAt, null, 'mailed is not read');
    await until('no job left', async () => (await jobsLeft()).length === 0);
  });

  test('a refusal is retried with backoff; without a staff card the profile\'s address is used; HTML is escaped', async () => {
    const user = await createUser(fresh.db.prisma, org.organization.id, { fullName: 'Смирнова Ольга Ивановна' });
    await fresh.db.prisma.notificationSetting.create({ data: { organizationId: org.organization.id, userId: user.id, email: 'smirnova@home.test' } });
    const before = sink.delivered.length;
    sink.refuseNext(1);
    const started = Date.now();
    const [id] = await notify(org.organization, [user.id], { title: 'Приказ <b>«Об утверждении»</b>' });
    const mails = await sink.waitForDelivered(before + 1);
    const mail = mails.at(-1)!;
    assert.ok(Date.now() - started >= 1_500, 'the second attempt waited (exponential backoff: about e¹ s)');
    assert.equal(mail.to && 'text' in mail.to ? mail.to.text : '', 'smirnova@home.test');
    assert.match(String(mail.html), /Приказ &lt;b&gt;«Об утверждении»&lt;\/b&gt;/);
    await until('sent after the retry', async () => (await notification(id!)).emailState === 'SENT');
  });

  test('no address, or «не присылать» chosen after the notification: no mail, the state says so', async () => {
    const noAddress = await createUser(fresh.db.prisma, org.organization.id);
    const before = sink.delivered.length;
    const [id] = await notify(org.organization, [noAddress.id]);
    await until('marked as not mailed', async () => (await notification(id!)).emailState === 'NONE');
    assert.equal(sink.delivered.length, before);
  });

  test('the daily digest groups the day\'s notifications in one mail; the consent still owed is reminded once a week', async () => {
    const o = org.organization.id;
    const reader = await createTeacher(fresh.db.prisma, o, { lastName: 'Сводкина', firstName: 'Вера', middleName: 'Павловна', email: 'svodkina@ds50.test' });
    await fresh.db.prisma.notificationSetting.create({ data: { organizationId: o, userId: reader.user.id, emailMode: 'DIGEST' } });
    await notify(org.organization, [reader.user.id], { kind: 'ORDER_TO_ACKNOWLEDGE', title: 'Ознакомьтесь: приказ от 01.12.2026 № 3-од', text: 'Отметьте «Ознакомлен(а)».', link: '/orders/3' });
    await notify(org.organization, [reader.user.id], { kind: 'QUESTIONNAIRE_OPENED', title: 'Открыта анкета «Запросы»', text: '', link: '/questionnaires/2/respond' });
    await notify(org.organization, [reader.user.id], { kind: 'ORDER_RETURNED', title: 'Приказ возвращён на доработку: «О закреплении»', text: '', link: '/orders/4' });
    assert.equal(await fresh.db.prisma.notification.count({ where: { userId: reader.user.id, emailState: 'DIGEST' } }), 3);

    // A mentor in a draft pair without the ст. 351.8 consent (her staff card has an account and an address).
    const mentor = await addBankMentor(fresh.db.prisma, o, { staff: { email: 'mentor@ds50.test' } });
    const mentorUser = await createUser(fresh.db.prisma, o);
    await fresh.db.prisma.user.update({ where: { id: mentorUser.id }, data: { staffMemberId: mentor.staff.id } });
    const mentee = await addBankMentee(fresh.db.prisma, o);
    await createPairRow(fresh.db.prisma, o, { mentors: [{ staffMemberId: mentor.staff.id, mentorEntryId: mentor.entry.id }], mentees: [{ staffMemberId: mentee.staff.id, menteeEntryId: mentee.entry.id }] });

    const before = sink.delivered.length;
    const utils = await makeWorkerUtils({ pgPool: fresh.db.pool });
    const slot = new Date();
    slot.setUTCMinutes(0, 0, 0);
    // The cron's job for this hour's slot, as the library queues it (the same payload).
    await utils.addJob('notifications:hourly', { _cron: { ts: slot.toISOString() } });
    const mails = await sink.waitForDelivered(before + 2);
    const fresh2 = mails.slice(before);
    const digest = fresh2.find((m) => m.subject?.includes('сводка'))!;
    const reminder = fresh2.find((m) => !m.subject?.includes('сводка'))!;
    assert.ok(digest, 'one digest');
    assert.match(digest.subject ?? '', /^Наставник: сводка уведомлений на \d\d\.\d\d\.\d{4} \(3\)$/);
    assert.equal(digest.to && 'text' in digest.to ? digest.to.text : '', 'svodkina@ds50.test');
    const text = digest.text ?? '';
    assert.match(text, /Здравствуйте, Сводкина Вера Павловна!/);
    assert.match(text, /Приказы \(2\)\n• Ознакомьтесь: приказ от 01\.12\.2026 № 3-од \(\d\d\.\d\d\.\d{4}, \d\d:\d\d\)\n {2}Отметьте «Ознакомлен\(а\)»\.\n {2}https:\/\/nastavnik\.test\/orders\/3\n• Приказ возвращён на доработку: «О закреплении» \(.*\)\n {2}https:\/\/nastavnik\.test\/orders\/4\n/);
    assert.match(text, /Анкеты \(1\)\n• Открыта анкета «Запросы» \(.*\)\n {2}https:\/\/nastavnik\.test\/questionnaires\/2\/respond/);
    assert.ok(text.indexOf('Приказы (2)') < text.indexOf('Анкеты (1)'));
    assert.match(String(digest.html), /<h2[^>]*>Приказы \(2\)<\/h2>/);
    await until('the digest\'s notifications are sent', async () => (await fresh.db.prisma.notification.count({ where: { userId: reader.user.id, emailState: 'SENT' } })) === 3);

    assert.equal(reminder.to && 'text' in reminder.to ? reminder.to.text : '', 'mentor@ds50.test');
    assert.match(reminder.subject ?? '', /Нужно ваше письменное согласие на наставническую деятельность \(ст\. 351\.8 ТК РФ\)/);
    const owed = await fresh.db.prisma.notification.findMany({ where: { userId: mentorUser.id, kind: 'CONSENT_OWED' } });
    assert.equal(owed.length, 1, 'her personal-data consent is there: only the ст. 351.8 one is owed');
    assert.equal(owed[0]!.link, '/consents/mine');

    // The same hour run again (a back-filled slot, a second process): no second digest, no second reminder.
    await utils.addJob('notifications:hourly', { _cron: { ts: slot.toISOString() } });
    await until('the repeated run is done', async () => (await jobsLeft()).length === 0);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.equal(sink.delivered.length, before + 2);
    assert.equal(await fresh.db.prisma.notification.count({ where: { userId: mentorUser.id, kind: 'CONSENT_OWED' } }), 1);
    await utils.release();
  });
});

test('without SMTP settings nothing is mailed: a queued notification stays in the portal', async () => {
  const org = await createOrganizationWithStaff(fresh.db.prisma);
  const teacher = await createTeacher(fresh.db.prisma, org.organization.id, { email: 'nomail@ds50.test' });
  const worker = await background(null);
  try {
    assert.equal(worker.mailer, null);
    // Queued while mail was configured; the portal restarted without it.
    const [id] = await notify(org.organization, [teacher.user.id]);
    await until('marked as not mailed', async () => (await notification(id!)).emailState === 'NONE');
  } finally {
    await worker.stop();
  }
});

test('one mail is delivered exactly once when the portal is killed (SIGKILL) while sending it and started again', { timeout: 240_000 }, async () => {
  const sink = await startSmtpSink();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nastavnik-jobs-'));
  const port = await freePort();
  const env = { ...process.env, DATABASE_URL: fresh.url, PORT: String(port), DATA_DIR: dataDir, SMTP_URL: sink.url, PUBLIC_URL, LOG_LEVEL: 'info', BACKUP_AT: 'off' };
  let server = startServer(env);
  try {
    await server.waitFor(/очередь заданий запущена/, 90_000);
    const org = await createOrganizationWithStaff(fresh.db.prisma);
    const teacher = await createTeacher(fresh.db.prisma, org.organization.id, { email: 'once@ds50.test' });
    const held = sink.holdNext();
    const [id] = await notify(org.organization, [teacher.user.id], { title: 'Одно письмо' });

    // The mail's data has reached the server, which has not answered yet: the job is running. Kill the portal.
    const message = await held;
    const [running] = await jobsLeft();
    assert.ok(running?.locked_by, 'the job is locked by the running worker');
    server.child.kill('SIGKILL');
    assert.equal((await server.exited).signal, 'SIGKILL');
    await sink.heldConnectionClosed();
    message.release();
    assert.equal(sink.delivered.length, 0, 'the server never said «250 OK»: not delivered');
    assert.equal(sink.dropped, 1);
    assert.equal((await notification(id!)).emailState, 'QUEUED');
    assert.equal((await jobsLeft())[0]?.locked_by, running!.locked_by, 'still locked by the dead worker');

    // Started again: the new worker finds the dead one's job (its liveness lock is gone) and sends it at once.
    const since = 0;
    server = startServer(env);
    await server.waitFor(/задания остановившихся процессов снова в очереди/, 90_000, since);
    const [mail] = await sink.waitForDelivered(1, 60_000);
    assert.equal(mail!.subject, 'Наставник: Одно письмо');
    await until('sent', async () => (await notification(id!)).emailState === 'SENT');
    await until('no job left', async () => (await jobsLeft()).length === 0);
    // And nothing more comes: exactly one.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    assert.equal(sink.delivered.length, 1);

    // SIGTERM stops the worker with the portal, cleanly.
    server.child.kill('SIGTERM');
    assert.equal((await server.exited).code, 0);
    assert.match(server.output(), /очередь заданий остановлена/);
  } finally {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    await sink.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
