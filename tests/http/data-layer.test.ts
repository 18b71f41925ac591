/**
 * Keeping organizations apart is the data layer's job (src/core/database/scoped.ts): the scoped client of a
 * request scope, the guarded portal client, raw SQL, the composite foreign keys in the database itself, and
 * the events that travel inside a transaction.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { EVERY_ORGANIZATION, ORGANIZATION_MODELS, UnscopedQueryError } from '../../src/core/database/scoped.ts';
import { EventBus } from '../../src/core/events.ts';
import { publish, systemScope, transaction, type Events } from '../../src/core/scope.ts';
import { sharedDatabase } from '../helpers/database.ts';
import { createOrganization, createPairRow, createStaffMember, THIS_SCHOOL_YEAR, uniq } from '../helpers/factories.ts';

const db = sharedDatabase();
const { prisma } = db;

type Org = Awaited<ReturnType<typeof createOrganization>>;
let a: Org;
let b: Org;
let topicA: { id: number };
let topicB: { id: number };

async function topic(organizationId: number, name = `Тема ${uniq()}`) {
  return prisma.topic.create({ data: { organizationId, name, sortOrder: 10 } });
}

before(async () => {
  [a, b] = await Promise.all([createOrganization(prisma), createOrganization(prisma)]);
  [topicA, topicB] = await Promise.all([topic(a.id), topic(b.id)]);
});
after(async () => {
  await db.close();
});

describe('the scoped client of an organization', () => {
  test('reads only its own rows: another organization\'s id is «not found», lists and counts leave it out', async () => {
    const scoped = db.forOrganization(a.id);
    assert.equal(await scoped.topic.findUnique({ where: { id: topicB.id } }), null);
    assert.equal(await scoped.topic.findFirst({ where: { id: topicB.id } }), null);
    const ids = (await scoped.topic.findMany({ select: { id: true, organizationId: true } })).map((t) => t.organizationId);
    assert.ok(ids.length > 0 && ids.every((id) => id === a.id));
    assert.equal(await scoped.topic.count({ where: { id: { in: [topicA.id, topicB.id] } } }), 1);
    assert.deepEqual((await scoped.organization.findMany({ select: { id: true } })).map((o) => o.id), [a.id]);
    assert.equal(db.forOrganization(a.id), scoped, 'one client per organization, cached');
  });

  test('cannot update or delete another organization\'s rows', async () => {
    const scoped = db.forOrganization(a.id);
    assert.equal((await scoped.topic.updateMany({ where: { id: topicB.id }, data: { name: 'Взлом' } })).count, 0);
    await assert.rejects(scoped.topic.update({ where: { id: topicB.id }, data: { name: 'Взлом' } }));
    assert.equal((await scoped.topic.deleteMany({ where: { id: topicB.id } })).count, 0);
    // Naming the other organization explicitly finds nothing either (it is not replaced by one's own).
    assert.equal(await scoped.topic.findFirst({ where: { organizationId: b.id } }), null);
    assert.equal((await scoped.topic.updateMany({ where: { organizationId: b.id }, data: { name: 'Взлом' } })).count, 0);
    await assert.rejects(scoped.topic.delete({ where: { id: topicB.id } }));
    await assert.rejects(scoped.organization.update({ where: { id: b.id }, data: { shortName: 'Взлом' } }));
    const untouched = await prisma.topic.findUniqueOrThrow({ where: { id: topicB.id } });
    assert.notEqual(untouched.name, 'Взлом');
    assert.notEqual((await prisma.organization.findUniqueOrThrow({ where: { id: b.id } })).shortName, 'Взлом');
    assert.notEqual((await prisma.organization.findUniqueOrThrow({ where: { id: a.id } })).shortName, 'Взлом');
  });

  test('stamps its own organization on what it creates, and refuses a row of another organization', async () => {
    const scoped = db.forOrganization(a.id);
    // The type asks for organizationId; at run time the client adds it.
    const made = await scoped.topic.create({ data: { name: `Без организации ${uniq()}`, sortOrder: 1 } as never });
    assert.equal(made.organizationId, a.id);
    const many = await scoped.topic.createManyAndReturn({ data: [{ name: `Пакет ${uniq()}`, sortOrder: 2 }] as never });
    assert.deepEqual(many.map((t) => t.organizationId), [a.id]);
    await assert.rejects(scoped.topic.create({ data: { organizationId: b.id, name: `Чужая ${uniq()}`, sortOrder: 3 } }), UnscopedQueryError);
    await assert.rejects(scoped.organization.create({ data: { slug: `x-${uniq()}`, fullName: 'x', shortName: 'x', headName: 'x' } }), UnscopedQueryError);
  });

  test('raw SQL that never names "organizationId" is refused; with it (or an advisory lock) it runs', async () => {
    const scoped = db.forOrganization(a.id);
    await assert.rejects(scoped.$queryRaw`SELECT id FROM "Topic"`, UnscopedQueryError);
    await assert.rejects(scoped.$executeRaw`UPDATE "Topic" SET name = name`, UnscopedQueryError);
    await assert.rejects(scoped.$queryRawUnsafe('SELECT id FROM "Topic"'), UnscopedQueryError);
    const rows = await scoped.$queryRaw<{ id: number }[]>`SELECT id FROM "Topic" WHERE "organizationId" = ${a.id} AND id = ${topicA.id}`;
    assert.deepEqual(rows.map((r) => r.id), [topicA.id]);
    await scoped.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${1}, ${a.id})`;
      await assert.rejects(tx.$queryRaw`SELECT count(*) FROM "StaffMember"`, UnscopedQueryError);
    });
  });
});

describe('the guarded portal client', () => {
  test('throws UnscopedQueryError on a query of an organization\'s data that does not say which organizations', async () => {
    await assert.rejects(db.portal.topic.findMany({ where: { name: 'x' } }), UnscopedQueryError);
    await assert.rejects(db.portal.topic.count(), UnscopedQueryError);
    await assert.rejects(db.portal.user.findFirst({ where: { login: 'admin' } }), UnscopedQueryError);
    await assert.rejects(db.portal.staffImport.updateMany({ where: { status: 'RUNNING' }, data: { error: '' } }), UnscopedQueryError);
    await assert.rejects(db.portal.topic.findMany({ where: { OR: [{ organizationId: a.id }, { name: 'x' }] } }), UnscopedQueryError);
    // Saying which: one organization, the others, or explicitly every one.
    assert.equal((await db.portal.topic.findMany({ where: { organizationId: b.id, id: topicB.id } })).length, 1);
    assert.ok((await db.portal.topic.count({ where: { organizationId: { not: a.id }, id: { in: [topicA.id, topicB.id] } } })) === 1);
    assert.equal(await db.portal.topic.count({ where: { ...EVERY_ORGANIZATION, id: { in: [topicA.id, topicB.id] } } }), 2);
    // The organization table itself is the portal's list of organizations.
    assert.ok((await db.portal.organization.count()) >= 2);
  });
});

describe('the database itself', () => {
  test('refuses a pair member, an order pair or an entry topic that points into another organization (composite keys)', async () => {
    const [staffA, staffB] = await Promise.all([createStaffMember(prisma, a.id), createStaffMember(prisma, b.id)]);
    const pairA = await createPairRow(prisma, a.id, { mentors: [{ staffMemberId: staffA.id }], mentees: [] });
    const pairB = await createPairRow(prisma, b.id, { mentors: [{ staffMemberId: staffB.id }], mentees: [] });
    const foreignKey = (error: unknown) => (error as { code?: string }).code === 'P2003' || /foreign key/i.test(String((error as Error).message));

    await assert.rejects(prisma.pairMember.create({ data: { organizationId: a.id, pairId: pairA.id, staffMemberId: staffB.id, role: 'MENTEE' } }), foreignKey);
    await assert.rejects(prisma.pairMember.create({ data: { organizationId: a.id, pairId: pairB.id, staffMemberId: staffA.id, role: 'MENTEE' } }), foreignKey);

    const orderA = await prisma.order.create({ data: { organizationId: a.id, kind: 'ASSIGN_PAIRS', title: 'Проект', preamble: '', points: [], appendices: [] } });
    await assert.rejects(prisma.orderPair.create({ data: { organizationId: a.id, orderId: orderA.id, pairId: pairB.id } }), foreignKey);
    await assert.rejects(prisma.orderAcknowledgment.create({ data: { organizationId: a.id, orderId: orderA.id, staffMemberId: staffB.id } }), foreignKey);

    const entryA = await prisma.menteeEntry.create({ data: { organizationId: a.id, staffMemberId: staffA.id, schoolYear: THIS_SCHOOL_YEAR, category: 'DIFFICULTIES' } });
    await assert.rejects(prisma.menteeEntryTopic.create({ data: { organizationId: a.id, entryId: entryA.id, topicId: topicB.id } }), foreignKey);
    await assert.rejects(prisma.menteeEntry.create({ data: { organizationId: a.id, staffMemberId: staffB.id, schoolYear: THIS_SCHOOL_YEAR, category: 'DIFFICULTIES' } }), foreignKey);

    // The same rows inside one organization are fine.
    await prisma.menteeEntryTopic.create({ data: { organizationId: a.id, entryId: entryA.id, topicId: topicA.id } });
    await prisma.orderPair.create({ data: { organizationId: a.id, orderId: orderA.id, pairId: pairA.id } });
  });

  test('ORGANIZATION_MODELS is exactly the set of tables with an organizationId column', async () => {
    const rows = await prisma.$queryRaw<{ table_name: string }[]>`
      SELECT table_name FROM information_schema.columns
       WHERE table_schema = current_schema() AND column_name = 'organizationId'`;
    assert.deepEqual(rows.map((r) => r.table_name).sort(), [...ORGANIZATION_MODELS].sort());
  });
});

describe('events inside the transaction', () => {
  const organizationOf = (org: Org) => ({ id: org.id, slug: org.slug, shortName: org.shortName, fullName: org.fullName, timeZone: org.timeZone });

  test('a subscriber writes in the publisher\'s transaction: its failure rolls the publisher\'s change back', async () => {
    const events: Events = new EventBus();
    const seen: number[] = [];
    events.on('staff.archived', async (scope, { staffMemberId }) => {
      seen.push(staffMemberId);
      await scope.db.topic.create({ data: { organizationId: scope.organization.id, name: `От подписчика ${uniq()}`, sortOrder: 1 } });
      throw new Error('subscriber failed');
    });
    const scope = systemScope({ db, events }, organizationOf(a));
    const staff = await createStaffMember(prisma, a.id);
    const before = await prisma.topic.count({ where: { organizationId: a.id } });
    await assert.rejects(
      transaction(scope, async (tx) => {
        await tx.db.staffMember.update({ where: { id: staff.id }, data: { archivedAt: new Date() } });
        await publish(tx, 'staff.archived', { staffMemberId: staff.id });
      }),
      /subscriber failed/,
    );
    assert.deepEqual(seen, [staff.id]);
    assert.equal((await prisma.staffMember.findUniqueOrThrow({ where: { id: staff.id } })).archivedAt, null, 'the publisher\'s change is rolled back');
    assert.equal(await prisma.topic.count({ where: { organizationId: a.id } }), before, 'and so is the subscriber\'s');
  });

  test('publishing outside a transaction is refused; a transaction inside a transaction joins it', async () => {
    const events: Events = new EventBus();
    const scope = systemScope({ db, events }, organizationOf(a));
    await assert.rejects(publish(scope, 'staff.archived', { staffMemberId: 1 }), /outside a transaction/);
    const name = `Вложенная ${uniq()}`;
    await assert.rejects(
      transaction(scope, async (tx) => {
        await transaction(tx, (inner) => inner.db.topic.create({ data: { organizationId: a.id, name, sortOrder: 1 } }));
        throw new Error('outer failed');
      }),
      /outer failed/,
    );
    assert.equal(await prisma.topic.count({ where: { name } }), 0, 'the inner work rolled back with the outer');
  });
});
