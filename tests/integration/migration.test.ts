/**
 * The scoped data model's migration (prisma/migrations/20261201090000_one_rule_scoped_model) keeps existing
 * data: a scratch database is brought up to the migration before it, filled the way stages 1–5 left real
 * portals (a consent with a scanned form, bank entries with topics, a pair, an approved order with its
 * sheet), then migrated — and every row is still there, with its organization, purpose and school year.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type pg from 'pg';
import { scratchMigrationDatabase } from '../helpers/migrations.ts';

const THE_MIGRATION = '20261201090000_one_rule_scoped_model';
const db = scratchMigrationDatabase('mig');

test('the scoped-model migration keeps existing rows, gives child rows their organization, files a purpose and requests a school year', async () => {
  const { client, insert } = db;
  await db.migrateUpTo(THE_MIGRATION);

  // ---- a portal as stages 1–5 left it ---------------------------------------------------------------
  const now = new Date();
  const org = await insert('Organization', { slug: 'ds-old', fullName: 'МБДОУ № 1', shortName: 'МБДОУ № 1', timeZone: 'Asia/Yekaterinburg', updatedAt: now });
  const other = await insert('Organization', { slug: 'ds-other', fullName: 'МБДОУ № 2', shortName: 'МБДОУ № 2', updatedAt: now });
  const staff = async (organizationId: number, lastName: string) =>
    insert('StaffMember', { organizationId, lastName, firstName: 'Анна', middleName: 'Сергеевна', position: 'воспитатель', updatedAt: now });
  const [mentor, mentee, lateMentee] = [await staff(org, 'Кузнецова'), await staff(org, 'Соколова'), await staff(org, 'Павлова')];
  await staff(other, 'Чужая');
  const methodist = await insert('User', { organizationId: org, login: 'methodist-old', passwordHash: 'x', role: 'METHODIST', fullName: 'Белова И.В.', updatedAt: now });
  const topic = await insert('Topic', { organizationId: org, name: 'Работа с родителями' });
  const template = await insert('ConsentTemplate', { organizationId: org, kind: 'PERSONAL_DATA', version: 1, title: 'Согласие', body: 'Текст' });
  const file = await insert('StoredFile', {
    organizationId: org,
    originalName: 'скан.pdf',
    mimeType: 'application/pdf',
    size: 1234,
    sha256: 'a'.repeat(64),
    storagePath: `${org}/old-scan.pdf`,
    uploadedById: methodist,
  });
  const consent = { organizationId: org, staffMemberId: mentor, kind: 'PERSONAL_DATA', templateId: template, text: 'Текст', textSha256: 'b'.repeat(64) };
  const scanned = await insert('Consent', { ...consent, method: 'PAPER_SCAN', givenAt: new Date('2026-02-01T09:00:00Z'), scanFileId: file, recordedById: methodist });
  // Two valid consents of one kind (what the old code could leave after a race): the newer one stays valid.
  const older = await insert('Consent', { ...consent, staffMemberId: mentee, method: 'ELECTRONIC', givenAt: new Date('2026-01-10T09:00:00Z') });
  const newer = await insert('Consent', { ...consent, staffMemberId: mentee, method: 'ELECTRONIC', givenAt: new Date('2026-03-10T09:00:00Z') });
  // Entered on 31 August late evening in Yekaterinburg (already 1 September there): the next school year.
  const entry = await insert('MenteeEntry', { organizationId: org, staffMemberId: mentee, category: 'YOUNG_SPECIALIST', enteredAt: new Date('2026-03-05T10:00:00Z'), updatedAt: now });
  const lateEntry = await insert('MenteeEntry', { organizationId: org, staffMemberId: lateMentee, category: 'NEW_EMPLOYEE', enteredAt: new Date('2026-08-31T20:00:00Z'), updatedAt: now });
  await client.query('INSERT INTO "MenteeEntryTopic" ("entryId", "topicId") VALUES ($1, $2)', [entry, topic]);
  const mentorEntry = await insert('MentorEntry', { organizationId: org, staffMemberId: mentor, status: 'ACTIVE', updatedAt: now });
  await client.query('INSERT INTO "MentorEntryTopic" ("entryId", "topicId") VALUES ($1, $2)', [mentorEntry, topic]);
  const pair = await insert('Pair', { organizationId: org, form: 'TRADITIONAL', status: 'ACTIVE', startsOn: '2026-09-01', plannedEndOn: '2027-05-31', activatedAt: now, updatedAt: now });
  await insert('PairMember', { pairId: pair, staffMemberId: mentor, role: 'MENTOR', mentorEntryId: mentorEntry });
  await insert('PairMember', { pairId: pair, staffMemberId: mentee, role: 'MENTEE', menteeEntryId: entry });
  const order = await insert('Order', {
    organizationId: org,
    kind: 'ASSIGN_PAIRS',
    status: 'APPROVED',
    title: 'О закреплении',
    points: JSON.stringify(['Закрепить']),
    appendices: JSON.stringify([]),
    number: 1,
    numberYear: 2026,
    numberText: '1-од',
    orderDate: '2026-09-01',
    authorId: 999_999, // a user deleted since: the new foreign key would refuse it
    updatedAt: now,
  });
  await client.query('INSERT INTO "OrderPair" ("orderId", "pairId") VALUES ($1, $2)', [order, pair]);
  await insert('OrderAcknowledgment', { orderId: order, staffMemberId: mentee });

  // ---- the migration ------------------------------------------------------------------------------------
  await db.apply(THE_MIGRATION);
  const one = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => (await client.query<T>(sql, params)).rows;

  // The scanned form is an attachment of purpose CONSENT_SCAN owned by its consent, the same file on disk.
  assert.deepEqual(await one('SELECT id, "organizationId", purpose::text, "ownerId", "storagePath", "uploadedById" FROM "Attachment"'), [
    { id: file, organizationId: org, purpose: 'CONSENT_SCAN', ownerId: scanned, storagePath: `${org}/old-scan.pdf`, uploadedById: methodist },
  ]);
  assert.deepEqual(await one('SELECT "scanFileId" FROM "Consent" WHERE id = $1', [scanned]), [{ scanFileId: file }]);
  // One valid consent of a kind per person: the older duplicate is marked as replaced, the newer stays valid.
  const duplicates = await one<{ id: number; revokedAt: Date | null; revokeReason: string }>('SELECT id, "revokedAt", "revokeReason" FROM "Consent" WHERE "staffMemberId" = $1 ORDER BY id', [mentee]);
  assert.equal(duplicates.find((c) => c.id === newer)?.revokedAt, null);
  assert.ok(duplicates.find((c) => c.id === older)?.revokedAt);
  assert.match(duplicates.find((c) => c.id === older)!.revokeReason, /Заменено/);

  // Child rows carry their organization now.
  for (const table of ['MenteeEntryTopic', 'MentorEntryTopic', 'PairMember', 'OrderPair', 'OrderAcknowledgment']) {
    const rows = await one<{ organizationId: number }>(`SELECT "organizationId" FROM "${table}"`);
    assert.ok(rows.length > 0 && rows.every((r) => r.organizationId === org), `${table}: ${JSON.stringify(rows)}`);
  }
  assert.equal((await one('SELECT id FROM "PairMember" WHERE "pairId" = $1', [pair])).length, 2);

  // A request belongs to the school year it entered the bank in, on the organization's calendar.
  const years = await one<{ id: number; schoolYear: number }>('SELECT id, "schoolYear" FROM "MenteeEntry" ORDER BY id');
  assert.deepEqual(years, [
    { id: entry, schoolYear: 2025 },
    { id: lateEntry, schoolYear: 2026 },
  ]);

  // The approved order and its sheet are intact; a who-created column naming a deleted user is cleared.
  assert.deepEqual(await one('SELECT status::text, "numberText", "authorId", frozen FROM "Order" WHERE id = $1', [order]), [
    { status: 'APPROVED', numberText: '1-од', authorId: null, frozen: null },
  ]);
  assert.equal((await one('SELECT id FROM "OrderAcknowledgment" WHERE "orderId" = $1', [order])).length, 1);

  // And the database now keeps the rules: a cross-organization member is refused, so is a second valid consent.
  const otherStaff = (await one<{ id: number }>('SELECT id FROM "StaffMember" WHERE "organizationId" = $1', [other]))[0]!.id;
  await assert.rejects(
    client.query('INSERT INTO "PairMember" ("organizationId", "pairId", "staffMemberId", role) VALUES ($1, $2, $3, $4)', [org, pair, otherStaff, 'MENTEE']),
    /foreign key/,
  );
  await assert.rejects(
    client.query(
      'INSERT INTO "Consent" ("organizationId", "staffMemberId", kind, "templateId", text, "textSha256", method, "givenAt") VALUES ($1, $2, $3, $4, $5, $6, $7, now())',
      [org, mentor, 'PERSONAL_DATA', template, 'Текст', 'c'.repeat(64), 'ELECTRONIC'],
    ),
    /Consent_one_valid_per_kind/,
  );
  await assert.rejects(client.query('UPDATE "Pair" SET "plannedEndOn" = \'2026-01-01\' WHERE id = $1', [pair]), /Pair_end_not_before_start/);
});
