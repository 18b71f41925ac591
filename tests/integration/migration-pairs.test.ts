/**
 * The migrations of issue 9's user-visible part keep existing data and bring it under the new rules: a pair
 * recorded as «прекращена досрочно» that no order ever made active becomes CANCELLED (one that worked keeps
 * ENDED_EARLY); people archived before keep the promise archiving now makes — their open bank entries close
 * with the history «Сотрудник в архиве», their open pairs need attention.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type pg from 'pg';
import { scratchMigrationDatabase } from '../helpers/migrations.ts';

const FIRST = '20261210090000_pair_cancelled_and_attention';
const db = scratchMigrationDatabase('migp');

test('cancelled drafts become CANCELLED, worked pairs stay ENDED_EARLY; archived people’s entries close and their open pairs need attention', async () => {
  const { client, insert } = db;
  await db.migrateUpTo(FIRST);

  const now = new Date();
  const org = await insert('Organization', { slug: 'ds-pairs', fullName: 'МБДОУ № 3', shortName: 'МБДОУ № 3', updatedAt: now });
  const staff = (lastName: string, archivedAt: Date | null = null) =>
    insert('StaffMember', { organizationId: org, lastName, firstName: 'Анна', middleName: 'Сергеевна', position: 'воспитатель', archivedAt, updatedAt: now });
  const [mentor, working, left] = [await staff('Кузнецова'), await staff('Соколова'), await staff('Уволенная', new Date('2026-10-01T09:00:00Z'))];
  const pair = (status: string, activatedAt: Date | null) =>
    insert('Pair', { organizationId: org, form: 'TRADITIONAL', status, startsOn: '2026-09-01', plannedEndOn: '2027-05-31', activatedAt, endedOn: status === 'ENDED_EARLY' ? '2026-11-01' : null, updatedAt: now });
  const cancelledDraft = await pair('ENDED_EARLY', null);
  const worked = await pair('ENDED_EARLY', new Date('2026-09-15T07:00:00Z'));
  const withLeaver = await pair('DRAFT', null);
  const untouched = await pair('ACTIVE', new Date('2026-09-15T07:00:00Z'));
  const member = (pairId: number, staffMemberId: number, role: string) => insert('PairMember', { organizationId: org, pairId, staffMemberId, role });
  await member(withLeaver, mentor, 'MENTOR');
  await member(withLeaver, left, 'MENTEE');
  await member(untouched, mentor, 'MENTOR');
  await member(untouched, working, 'MENTEE');
  const leftEntry = await insert('MenteeEntry', { organizationId: org, staffMemberId: left, schoolYear: 2026, category: 'YOUNG_SPECIALIST', status: 'IN_BANK', updatedAt: now });
  const leftMentorEntry = await insert('MentorEntry', { organizationId: org, staffMemberId: left, status: 'APPROVED', updatedAt: now });
  const workingEntry = await insert('MenteeEntry', { organizationId: org, staffMemberId: working, schoolYear: 2026, category: 'YOUNG_SPECIALIST', status: 'PAIRED', updatedAt: now });

  await db.migrateFrom(FIRST);
  const rows = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => (await client.query<T>(sql, params)).rows;

  const statuses = await rows<{ id: number; status: string; attention: boolean }>('SELECT id, status::text, "attentionSince" IS NOT NULL AS attention FROM "Pair" ORDER BY id');
  assert.deepEqual(statuses, [
    { id: cancelledDraft, status: 'CANCELLED', attention: false },
    { id: worked, status: 'ENDED_EARLY', attention: false },
    { id: withLeaver, status: 'DRAFT', attention: true },
    { id: untouched, status: 'ACTIVE', attention: false },
  ]);
  assert.match((await rows<{ r: string }>('SELECT "attentionReason" AS r FROM "Pair" WHERE id = $1', [withLeaver]))[0]!.r, /карточка сотрудника в архиве/);

  assert.deepEqual(await rows('SELECT id, status::text FROM "MenteeEntry" ORDER BY id'), [
    { id: leftEntry, status: 'WITHDRAWN' },
    { id: workingEntry, status: 'PAIRED' },
  ]);
  assert.deepEqual(await rows('SELECT status::text FROM "MentorEntry" WHERE id = $1', [leftMentorEntry]), [{ status: 'LEFT' }]);
  assert.deepEqual(await rows('SELECT "menteeEntryId", "mentorEntryId", "fromStatus", "toStatus", reason, "organizationId" FROM "BankStatusChange" ORDER BY id'), [
    { menteeEntryId: leftEntry, mentorEntryId: null, fromStatus: 'IN_BANK', toStatus: 'WITHDRAWN', reason: 'Сотрудник в архиве', organizationId: org },
    { menteeEntryId: null, mentorEntryId: leftMentorEntry, fromStatus: 'APPROVED', toStatus: 'LEFT', reason: 'Сотрудник в архиве', organizationId: org },
  ]);
});
