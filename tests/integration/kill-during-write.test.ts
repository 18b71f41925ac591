/**
 * «Nothing lost»: a write cut off by `kill -9` leaves all of it or none of it. The real server
 * (src/server.ts) runs on a database of its own; a staff import, an order approval and an electronic
 * consent are each stopped in the middle of their transaction, the process is killed, and after a
 * restart each is found either complete or not there at all — never half.
 *
 * Stopping them mid-way without any hook in the code: every one of these writes ends its transaction
 * with an audit row (the approval writes one per pair, after the order itself changed). The test holds
 * a SHARE lock on the audit table, so each transaction has done its other writes and then waits in
 * PostgreSQL. That is where the server is killed.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { Express } from 'express';
import pg from 'pg';
import { csrfFrom, loginAs } from '../helpers/app.ts';
import { freshDatabase } from '../helpers/database.ts';
import { addBankMentee, addBankMentor, createOrganizationWithStaff, createPairRow, createTeacher, recordConsent, PERSONAL_DATA_DETAILS } from '../helpers/factories.ts';
import { freePort } from '../helpers/net.ts';
import { startServer } from '../helpers/server-process.ts';
import type { ImportRow } from '../../src/modules/staff/staff.import.ts';

const IMPORT_ROWS = 3_000;
const IMPORTED_SURNAME = 'Импортова';

function importRows(): ImportRow[] {
  return Array.from({ length: IMPORT_ROWS }, (_, i) => ({
    line: i + 2,
    errors: [],
    values: {
      lastName: `${IMPORTED_SURNAME}-${i}`,
      firstName: 'Анна',
      middleName: 'Сергеевна',
      birthDate: '1990-01-01',
      position: 'воспитатель',
      hiredOn: '2020-09-01',
      experienceYears: 5,
      experienceHereYears: 3,
      qualificationCategory: 'FIRST',
      education: 'высшее',
      ageGroup: '',
      email: '',
      phone: '',
    },
  }));
}

test('kill -9 in the middle of a staff import, an order approval and a consent: each is all or nothing after the restart', { timeout: 300_000 }, async () => {
  const fresh = await freshDatabase();
  const { prisma } = fresh.db;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nastavnik-kill-'));
  const port = await freePort();
  const env = { ...process.env, DATABASE_URL: fresh.url, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info' };
  const base = `http://127.0.0.1:${port}`;
  const locker = new pg.Client({ connectionString: fresh.url });
  let server = startServer(env);
  try {
    // ---- what will be written ------------------------------------------------------------------
    const org = await createOrganizationWithStaff(prisma);
    const orgId = org.organization.id;
    const staffImport = await prisma.staffImport.create({
      data: { organizationId: orgId, fileName: 'штат.xlsx', rows: importRows() as object[], totalRows: IMPORT_ROWS, validRows: IMPORT_ROWS, createdById: org.methodist.id },
    });
    const mentor = await addBankMentor(prisma, orgId);
    await recordConsent(prisma, orgId, mentor.staff.id, 'MENTORING');
    const mentee = await addBankMentee(prisma, orgId);
    const pair = await createPairRow(prisma, orgId, {
      status: 'PROPOSED',
      mentors: [{ staffMemberId: mentor.staff.id, mentorEntryId: mentor.entry.id }],
      mentees: [{ staffMemberId: mentee.staff.id, menteeEntryId: mentee.entry.id }],
    });
    const order = await prisma.order.create({
      data: {
        organizationId: orgId,
        kind: 'ASSIGN_PAIRS',
        status: 'SUBMITTED',
        title: 'О закреплении наставника',
        points: ['Закрепить наставника.'],
        appendices: [],
        submittedAt: new Date(),
        authorId: org.methodist.id,
        pairs: { create: [{ pairId: pair.id }] },
      },
    });
    const teacher = await createTeacher(prisma, orgId);

    await server.waitFor(/запущен/, 120_000);
    const app = base as unknown as Express; // supertest takes a URL as well as an app
    const [methodist, head, person] = await Promise.all([loginAs(app, org.methodist), loginAs(app, org.head), loginAs(app, teacher.user)]);
    const acceptance = await person.get('/consents/accept/personal-data');
    const textSha256 = /name="textSha256" value="([0-9a-f]{64})"/.exec(acceptance.text)?.[1];
    assert.ok(textSha256);
    const orderPage = await head.get(`/orders/${order.id}`);
    assert.equal(orderPage.status, 200);

    // ---- stop all three just before their commit, then kill the server ------------------------------
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE "AuditLog" IN SHARE MODE');
    const lockHolder = (await locker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;

    const applied = await methodist.post(`/staff/import/${staffImport.id}/apply`).type('form').send({ _csrf: methodist.csrf });
    assert.equal(applied.status, 303, 'the import started (it runs in the background)');
    const inFlight = [
      head.post(`/orders/${order.id}/approve`).type('form').send({ _csrf: csrfFrom(orderPage.text) }),
      person.post('/consents/accept/personal-data').type('form').send({ _csrf: person.csrf, textSha256, agree: 'on', ...PERSONAL_DATA_DETAILS }),
    ].map((request) => Promise.resolve(request).then(() => 'answered', () => 'cut off'));

    let blocked: number[] = [];
    for (let i = 0; i < 600 && blocked.length < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      blocked = (await locker.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [lockHolder])).rows.map((r) => r.pid);
    }
    assert.equal(blocked.length, 3, 'import, approval and consent are each waiting inside their transaction');
    // The import's progress is recorded outside its transaction: every row has been inserted by now.
    assert.equal((await prisma.staffImport.findUniqueOrThrow({ where: { id: staffImport.id } })).processedRows, IMPORT_ROWS);

    server.child.kill('SIGKILL');
    assert.equal((await server.exited).signal, 'SIGKILL');
    assert.deepEqual(await Promise.all(inFlight), ['cut off', 'cut off'], 'the killed server answered nothing');
    await locker.query('ROLLBACK');
    // The transactions can now run on to their end — and find no client to commit them.
    for (let i = 0; i < 300; i++) {
      const { rows } = await locker.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = ANY($1)', [blocked]);
      if (rows[0]!.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    // ---- none of it is there --------------------------------------------------------------------
    assert.equal(await prisma.staffMember.count({ where: { organizationId: orgId, lastName: { startsWith: IMPORTED_SURNAME } } }), 0, 'no imported person');
    const approvedOrder = await prisma.order.findUniqueOrThrow({ where: { id: order.id } });
    assert.equal(approvedOrder.status, 'SUBMITTED', 'the order is not approved');
    assert.equal(approvedOrder.numberText, null, 'and has no number');
    assert.equal(await prisma.orderNumberCounter.count({ where: { organizationId: orgId } }), 0, 'no number was used up');
    assert.equal((await prisma.pair.findUniqueOrThrow({ where: { id: pair.id } })).status, 'PROPOSED', 'the pair did not become active');
    assert.equal(await prisma.orderAcknowledgment.count({ where: { orderId: order.id } }), 0, 'no acknowledgment sheet');
    assert.equal(await prisma.consent.count({ where: { staffMemberId: teacher.staff.id } }), 0, 'no consent');
    assert.equal(await prisma.auditLog.count({ where: { organizationId: orgId, action: { in: ['order.approve', 'consent.give', 'pair.status'] } } }), 0, 'no audit of what did not happen');

    // ---- after the restart: the import says it failed, and everything can be done again ----------------
    server = startServer(env);
    await server.waitFor(/запущен/, 120_000);
    const failed = await prisma.staffImport.findUniqueOrThrow({ where: { id: staffImport.id } });
    assert.equal(failed.status, 'FAILED', 'the interrupted import is marked failed, not left running');
    assert.equal(failed.processedRows, 0);
    assert.match(failed.error, /перезапуска портала: ничего не записано/);

    const [head2, person2] = await Promise.all([loginAs(app, org.head), loginAs(app, teacher.user)]);
    const page = await head2.get(`/orders/${order.id}`);
    assert.equal((await head2.post(`/orders/${order.id}/approve`).type('form').send({ _csrf: csrfFrom(page.text) })).status, 303);
    const approved = await prisma.order.findUniqueOrThrow({ where: { id: order.id } });
    assert.equal(approved.status, 'APPROVED');
    assert.equal(approved.number, 1, 'the first number of the year: the killed attempt used none');
    assert.equal((await prisma.pair.findUniqueOrThrow({ where: { id: pair.id } })).status, 'ACTIVE');
    const consentPage = await person2.get('/consents/accept/personal-data');
    const hash = /name="textSha256" value="([0-9a-f]{64})"/.exec(consentPage.text)?.[1];
    assert.equal((await person2.post('/consents/accept/personal-data').type('form').send({ _csrf: person2.csrf, textSha256: hash, agree: 'on', ...PERSONAL_DATA_DETAILS })).status, 303);
    assert.equal(await prisma.consent.count({ where: { staffMemberId: teacher.staff.id } }), 1);

    server.child.kill('SIGTERM');
    assert.equal((await server.exited).code, 0);
  } finally {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    await locker.end().catch(() => {});
    await fresh.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
