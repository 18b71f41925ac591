/**
 * The events migration keeps what the methodist had set by hand: the mentors' training status becomes derived
 * from set-up sessions attended, and the old status stands for sessions attended before the portal recorded
 * them (TRAINED → 2, IN_TRAINING → 1, NOT_TRAINED → 0) — so the derived status of every existing mentor is the
 * one they had.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trainingStatusOf } from '../../src/modules/banks/index.ts';
import { scratchMigrationDatabase } from '../helpers/migrations.ts';

const MIGRATION = '20261231210000_events_training_calendar';
const db = scratchMigrationDatabase('migev');

test('hand-set training statuses become sessions attended before, and the rule gives each mentor the status they had', async () => {
  const { client, insert } = db;
  await db.migrateUpTo(MIGRATION);
  const now = new Date();
  const org = await insert('Organization', { slug: 'ds-events', fullName: 'МБДОУ № 4', shortName: 'МБДОУ № 4', updatedAt: now });
  const entries: Record<string, number> = {};
  for (const status of ['TRAINED', 'IN_TRAINING', 'NOT_TRAINED']) {
    const staff = await insert('StaffMember', { organizationId: org, lastName: `Наставник-${status}`, firstName: 'Анна', middleName: 'Сергеевна', position: 'воспитатель', updatedAt: now });
    entries[status] = await insert('MentorEntry', { organizationId: org, staffMemberId: staff, status: 'APPROVED', trainingStatus: status, updatedAt: now });
  }

  await db.migrateFrom(MIGRATION);
  const { rows } = await client.query<{ id: number; trainingStatus: string; setupSessionsBefore: number }>('SELECT id, "trainingStatus"::text AS "trainingStatus", "setupSessionsBefore" FROM "MentorEntry" ORDER BY id');
  assert.deepEqual(
    rows.map((r) => [r.trainingStatus, r.setupSessionsBefore]),
    [
      ['TRAINED', 2],
      ['IN_TRAINING', 1],
      ['NOT_TRAINED', 0],
    ],
  );
  for (const row of rows) assert.equal(trainingStatusOf(row.setupSessionsBefore), row.trainingStatus, `entry ${row.id}: the rule keeps the status`);
  assert.deepEqual(rows.map((r) => r.id), [entries.TRAINED, entries.IN_TRAINING, entries.NOT_TRAINED]);
});
