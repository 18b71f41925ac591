/**
 * Raw SQL reads straight on the pg pool (src/core/database/direct-reads.ts): the same rows as Prisma, type for
 * type, in a process whose local zone is not UTC; named prepared statements; the organization's rule for raw SQL;
 * transactions staying on Prisma; errors as pg's own. And the one write that takes the same path, the audit row of
 * a read (src/core/audit.ts): the same row as Prisma's create, the same organization guard, the same failures.
 */
// The process's own zone must not leak into parameters or values (pg's default would send a Date in it).
process.env.TZ = 'Asia/Vladivostok';

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { audit, type AuditEntry } from '../../src/core/audit.ts';
import { directPathOf, directQuery, MAX_NAMED_STATEMENTS, namedStatementCount, statementName } from '../../src/core/database/direct-reads.ts';
import { isDatabaseUnavailable } from '../../src/core/database/outage.ts';
import { UnscopedQueryError } from '../../src/core/database/scoped.ts';
import { EventBus } from '../../src/core/events.ts';
import { systemScope, transaction, type Events } from '../../src/core/scope.ts';
import { Prisma } from '../../src/generated/prisma/client.ts';
import { sharedDatabase } from '../helpers/database.ts';
import { createOrganization, createUser, uniq } from '../helpers/factories.ts';

const db = sharedDatabase();
let organization: Awaited<ReturnType<typeof createOrganization>>;

before(async () => {
  organization = await createOrganization(db.prisma);
});
after(async () => {
  await db.close();
});

/** Every query handed to pg while `work` runs (text and name), as tests/bench/profile.ts traces them. */
async function traced<T>(work: () => Promise<T>): Promise<{ result: T; queries: { text: string; name?: string }[] }> {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  const queries: { text: string; name?: string }[] = [];
  proto.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text: string; name?: string };
    queries.push(typeof first === 'string' ? { text: first } : { text: first.text, name: first.name });
    return original.apply(this, args);
  };
  try {
    return { result: await work(), queries };
  } finally {
    proto.query = original;
  }
}

/** A statement selecting every type the portal reads, with parameters of every kind it sends. */
function everyType(organizationId: number, at: Date) {
  return Prisma.sql`
    WITH probe AS (SELECT ${organizationId}::int AS "organizationId"),
         moments(at) AS (VALUES ('2026-12-01 04:15:00'::timestamp), ('2026-12-01 14:15:00'::timestamp))
    SELECT p."organizationId",
           1::int2 AS i2, 2147483647::int4 AS i4, 9007199254740993::int8 AS i8, count(*) OVER () AS counted,
           12345678901234567890.125::numeric AS num, 1.5::float4 AS f4, 0.1::float8 AS f8, 2.5 AS literal_numeric,
           true AS yes, false AS no, 'текст «с кавычками»'::text AS t, 'v'::varchar(10) AS vc, 'ab'::char(3) AS bp,
           'ADMIN'::"Role" AS role, ARRAY['ADMIN', 'HEAD']::"Role"[] AS roles,
           '2026-12-01'::date AS d, '2026-12-01 04:15:00.123'::timestamp AS ts, '2026-12-01 04:15:00+03'::timestamptz AS tstz,
           '12:30:15'::time AS tm,
           '{"a": [1, "б", null], "b": {"c": true}}'::json AS j, '{"a": 1}'::jsonb AS jb, '[1, 2]'::jsonb AS jarr, '"строка"'::jsonb AS jstr,
           '\\xdeadbeef'::bytea AS bin, '0b7e4c9a-1d2e-4f00-9b1a-123456789abc'::uuid AS id,
           ARRAY[1, 2, NULL]::int4[] AS ints, ARRAY[1, NULL]::int8[] AS bigs, ARRAY['1.5', NULL]::numeric[] AS nums,
           ARRAY[0.5, NULL]::float8[] AS floats, ARRAY[true, NULL, false] AS bools,
           ARRAY['a', NULL, 'с "кавычкой", запятой', ''] AS texts, ARRAY['2026-12-01', NULL]::date[] AS days,
           ARRAY['2026-12-01 04:15:00', NULL]::timestamp[] AS stamps, ARRAY['{"x": 1}', NULL]::jsonb[] AS jsons,
           ARRAY['\\x01ff'::bytea] AS bins, '{}'::int4[] AS empty_ints,
           NULL::int4 AS null_int, NULL::text AS null_text, NULL::timestamp AS null_ts, NULL::jsonb AS null_json,
           NULL::numeric AS null_num, NULL::int8 AS null_big, NULL::"Role" AS null_role, NULL AS null_unknown,
           ${at} AS at_param, ${at}::timestamp AS at_ts, ${at}::timestamptz AS at_tstz, ${at}::date AS at_date,
           (SELECT count(*)::int FROM moments m WHERE m.at < ${at}) AS earlier_moments,
           ${9223372036854775807n}::int8 AS big_param, ${new Prisma.Decimal('1.10')}::numeric AS decimal_param,
           ${1.5}::float8 AS float_param, ${42} AS int_param, ${'строка'} AS text_param, ${true} AS bool_param,
           ${null}::int4 AS null_param, ${[3, 1, 2]}::int4[] AS array_param, ${['a', 'б']}::text[] AS text_array_param,
           ${[at]}::timestamp[] AS date_array_param, ${{ a: 1, b: [2, 'в'] }}::jsonb AS json_param,
           ${Buffer.from([1, 2, 3])}::bytea AS bytes_param, ${new Uint8Array([4, 5])}::bytea AS uint8_param,
           1 AS twice, 2 AS twice
    FROM probe p`;
}

describe('the audit row of a read, straight on the pool', () => {
  /** A scope acting as a fresh user of the organization, as a request's scope would. */
  async function userScope() {
    const user = await createUser(db.prisma, organization.id, { role: 'METHODIST' });
    const as = { id: user.id, role: user.role, login: user.login, fullName: user.fullName, staffMemberId: null };
    return systemScope({ db, events: new EventBus() }, { ...organization, timeZone: 'Europe/Moscow' }, { as, requestId: `req-${uniq()}` });
  }
  const rowOf = (action: string) => db.prisma.auditLog.findFirstOrThrow({ where: { organizationId: organization.id, action } });

  test('only an organization\'s scoped client has the direct path; a transaction\'s client and the portal client do not', async () => {
    const scope = await userScope();
    assert.deepEqual(directPathOf(scope.db), { pool: db.directPool, organizationId: organization.id });
    assert.equal(directPathOf(scope.portal), undefined);
    assert.equal(directPathOf(db.prisma), undefined);
    await transaction(scope, async (tx) => assert.equal(directPathOf(tx.db), undefined));
  });

  test('writes the same row as Prisma\'s create, column for column, in one named statement; in a transaction it stays on Prisma', async () => {
    const scope = await userScope();
    const tag = uniq();
    const entry = (how: string): AuditEntry => ({
      action: `test.audit_${how}_${tag}`,
      entityType: 'MenteeEntry',
      entityId: 42,
      details: { ranked: 3, excluded: 0, form: null, names: ['a', 'б'], nested: { at: new Date(Date.UTC(2026, 11, 1, 5)) } },
    });
    const startedAt = new Date();
    const direct = await traced(() => audit(scope, entry('direct')));
    const viaPrisma = await traced(() => transaction(scope, (tx) => audit(tx, entry('prisma'))));
    // Without entity and details: the defaults Prisma would leave to the columns.
    await audit(scope, { action: `test.audit_bare_direct_${tag}` });
    await transaction(scope, (tx) => audit(tx, { action: `test.audit_bare_prisma_${tag}` }));
    const finishedAt = new Date();

    assert.equal(direct.queries.length, 1);
    assert.match(direct.queries[0]!.text, /^INSERT INTO "AuditLog"/);
    // Named like a direct read (this block runs before the cap test below fills the names).
    assert.equal(direct.queries[0]!.name, statementName(direct.queries[0]!.text));
    assert.match(direct.queries[0]!.name ?? '', /^raw_/);
    const prismaInsert = viaPrisma.queries.filter((q) => /INSERT INTO "public"\."AuditLog"|INSERT INTO "AuditLog"/.test(q.text));
    assert.equal(prismaInsert.length, 1, 'the transaction\'s row is written by Prisma, in the transaction');
    assert.equal(prismaInsert[0]!.name, undefined);

    for (const [directAction, prismaAction] of [
      [`test.audit_direct_${tag}`, `test.audit_prisma_${tag}`],
      [`test.audit_bare_direct_${tag}`, `test.audit_bare_prisma_${tag}`],
    ] as const) {
      const { id: directId, action: a, createdAt: directAt, ...directRow } = await rowOf(directAction);
      const { id: prismaId, action: b, createdAt: prismaAt, ...prismaRow } = await rowOf(prismaAction);
      assert.deepStrictEqual(directRow, prismaRow);
      assert.ok(directId > 0n && prismaId > 0n);
      assert.equal(a.replace('direct', 'prisma'), b);
      // The client's clock, to the millisecond (Prisma's now()): not the zone of this process, not the server's.
      for (const at of [directAt, prismaAt]) assert.ok(at >= new Date(startedAt.getTime() - 1) && at <= finishedAt, `${at.toISOString()} within the test`);
    }
    const written = await rowOf(`test.audit_direct_${tag}`);
    assert.equal(written.organizationId, organization.id);
    assert.equal(written.userId, scope.actor.userId);
    assert.equal(written.entityId, '42');
    assert.equal(written.requestId, scope.actor.requestId);
    assert.deepEqual(written.details, { ranked: 3, excluded: 0, form: null, names: ['a', 'б'], nested: { at: '2026-12-01T05:00:00.000Z' } });
    const bare = await rowOf(`test.audit_bare_direct_${tag}`);
    assert.deepEqual([bare.entityType, bare.entityId, bare.details], ['', '', null]);
  });

  test('keeps the scoped client\'s organization guard: another organization, or none, is refused before anything is sent', async () => {
    const scope = await userScope();
    const other = await createOrganization(db.prisma);
    for (const organizationId of [other.id, null]) {
      const direct = await traced(() => assert.rejects(audit(scope, { action: 'test.audit_foreign', organizationId }), UnscopedQueryError));
      assert.equal(direct.queries.length, 0);
      await assert.rejects(
        transaction(scope, (tx) => audit(tx, { action: 'test.audit_foreign', organizationId })),
        UnscopedQueryError,
      );
    }
    // Its own organization named outright is fine, as on Prisma's create.
    await audit(scope, { action: `test.audit_own_${uniq()}`, organizationId: organization.id });
    assert.equal(await db.prisma.auditLog.count({ where: { action: 'test.audit_foreign' } }), 0);
  });

  test('a failed write rejects (so the read it records is not shown), as through Prisma', async () => {
    const scope = await userScope();
    // A user that does not exist: the foreign key refuses the row either way.
    const ghost = { ...scope, actor: { ...scope.actor, userId: 2_000_000_000 } };
    const direct = await audit(ghost, { action: 'test.audit_ghost' }).then(() => null, (error: unknown) => error);
    assert.equal((direct as { code?: string }).code, '23503');
    await assert.rejects(transaction(ghost, (tx) => audit(tx, { action: 'test.audit_ghost' })));
    assert.equal(await db.prisma.auditLog.count({ where: { action: 'test.audit_ghost' } }), 0);
  });
});

describe('raw SQL reads straight on pg', () => {
  test('give the same rows as Prisma, type for type, with TZ not UTC', async () => {
    assert.notEqual(new Date(Date.UTC(2026, 11, 1)).getHours(), 0, 'the process runs in a zone other than UTC');
    const at = new Date(Date.UTC(2026, 11, 1, 5, 0, 0, 250));
    const sql = everyType(organization.id, at);
    const viaPrisma = await db.prisma.$queryRaw<Record<string, unknown>[]>(sql);
    const direct = await directQuery<Record<string, unknown>[]>(db.pool, sql);
    const { result: scoped, queries } = await traced(() => db.forOrganization(organization.id).$queryRaw<Record<string, unknown>[]>(sql));
    assert.deepStrictEqual(direct, viaPrisma);
    assert.deepStrictEqual(scoped, viaPrisma);
    assert.deepStrictEqual(await db.portal.$queryRaw(sql), viaPrisma);
    // The same text and parameters went to pg, once, under the statement's name.
    assert.equal(queries.length, 1);
    assert.equal(queries[0]!.text, sql.text);
    assert.equal(queries[0]!.name, statementName(sql.text));
    assert.match(queries[0]!.name ?? '', /^raw_/);
    // Spot checks that the comparison compares what it should.
    const row = direct[0]!;
    assert.equal(typeof row.i8, 'bigint');
    assert.equal(row.i8, 9007199254740993n);
    assert.ok(Prisma.Decimal.isDecimal(row.num));
    assert.equal(String(row.num), '12345678901234567890.125');
    assert.deepEqual(row.d, new Date('2026-12-01T00:00:00Z'));
    assert.deepEqual(row.ts, new Date('2026-12-01T04:15:00.123Z'));
    assert.deepEqual(row.j, { a: [1, 'б', null], b: { c: true } });
    assert.ok(row.bin instanceof Uint8Array);
    assert.equal(row.role, 'ADMIN');
    assert.deepEqual(row.ints, [1, 2, null]);
    assert.deepEqual(row.texts, ['a', null, 'с "кавычкой", запятой', '']);
    // A Date parameter is its UTC wall time: 05:00 UTC is after 04:15 and before 14:15 of a timestamp column.
    assert.equal(row.earlier_moments, 1);
    assert.deepEqual(row.at_ts, at);
    assert.equal(row.at_param, '2026-12-01 05:00:00.250');
    assert.equal(row.twice, 2);
  });

  test('a statement gets one name for its text; the names are capped', () => {
    const text = `SELECT ${uniq()} AS "organizationId"`;
    assert.equal(statementName(text), statementName(text));
    assert.notEqual(statementName(text), statementName(`${text} `));
    assert.ok(namedStatementCount() <= MAX_NAMED_STATEMENTS);
    for (let i = namedStatementCount(); i <= MAX_NAMED_STATEMENTS; i++) statementName(`SELECT ${i} /* cap ${uniq()} */`);
    assert.equal(namedStatementCount(), MAX_NAMED_STATEMENTS);
    assert.equal(statementName(`SELECT 'past the cap ${uniq()}'`), undefined, 'past the cap a text runs unnamed');
    assert.equal(statementName(text), statementName(text), 'a text named before keeps its name');
  });

  test('past the cap a statement still runs (unnamed), with the same rows', async () => {
    const sql = Prisma.sql`SELECT ${organization.id}::int AS "organizationId", ${uniq()}::text AS tag, now()::date = now()::date AS same`;
    const { result, queries } = await traced(() => db.forOrganization(organization.id).$queryRaw<{ same: boolean }[]>(sql));
    assert.equal(result[0]!.same, true);
    assert.equal(queries.length, 1);
    assert.equal(queries[0]!.name, undefined, 'a text first seen past the cap runs unnamed');
  });

  test('the organization\'s rule for raw SQL holds on the direct path: refused before anything is sent', async () => {
    const { queries } = await traced(() => assert.rejects(db.forOrganization(organization.id).$queryRaw`SELECT id FROM "Topic"`, UnscopedQueryError));
    assert.equal(queries.length, 0);
    await assert.rejects(db.forOrganization(organization.id).$queryRaw(Prisma.sql`SELECT count(*) FROM "StaffMember"`), UnscopedQueryError);
  });

  test('inside a transaction a raw read runs in the transaction (on Prisma), not on the pool', async () => {
    const events: Events = new EventBus();
    const scope = systemScope({ db, events }, { ...organization, timeZone: 'Europe/Moscow' });
    const name = `Тема в транзакции ${uniq()}`;
    const seen = await transaction(scope, async (tx) => {
      await tx.db.topic.create({ data: { organizationId: organization.id, name, sortOrder: 1 } });
      const inside = await tx.db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "Topic" WHERE "organizationId" = ${organization.id} AND name = ${name}`;
      const outside = await scope.db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "Topic" WHERE "organizationId" = ${organization.id} AND name = ${name}`;
      await assert.rejects(tx.db.$queryRaw`SELECT count(*) FROM "Topic"`, UnscopedQueryError);
      return { inside: inside[0]!.n, outside: outside[0]!.n };
    });
    assert.deepEqual(seen, { inside: 1, outside: 0 }, 'the transaction sees its own row, the pool does not until the commit');
    // Everything else on the wrapped client is the client's own.
    assert.equal(await db.forOrganization(organization.id).topic.count({ where: { name } }), 1);
    assert.equal(await db.forOrganization(organization.id).$executeRaw`UPDATE "Topic" SET "sortOrder" = 2 WHERE "organizationId" = ${organization.id} AND name = ${name}`, 1);
  });

  test('only the direct reads plan generically: their sessions say force_generic_plan, Prisma\'s and the shared pool\'s keep auto', async () => {
    const mode = (rows: { mode: string }[]) => rows[0]!.mode;
    const direct = await db.forOrganization(organization.id).$queryRaw<{ mode: string }[]>`SELECT current_setting('plan_cache_mode') AS mode, ${organization.id} AS "organizationId"`;
    assert.equal(mode(direct), 'force_generic_plan');
    assert.equal(mode(await db.portal.$queryRaw<{ mode: string }[]>`SELECT current_setting('plan_cache_mode') AS mode`), 'force_generic_plan');
    // Prisma's own statements (unnamed: PostgreSQL would plan them generically too under that setting) stay on auto.
    assert.equal(mode(await db.prisma.$queryRaw<{ mode: string }[]>`SELECT current_setting('plan_cache_mode') AS mode`), 'auto');
    const events: Events = new EventBus();
    const scope = systemScope({ db, events }, { ...organization, timeZone: 'Europe/Moscow' });
    const inTransaction = await transaction(scope, (tx) => tx.db.$queryRaw<{ mode: string }[]>`SELECT current_setting('plan_cache_mode') AS mode, ${organization.id} AS "organizationId"`);
    assert.equal(mode(inTransaction), 'auto');
    assert.equal(mode((await db.pool.query<{ mode: string }>(`SELECT current_setting('plan_cache_mode') AS mode`)).rows), 'auto');
  });

  test('a failing statement rejects with pg\'s error; a lost connection counts as the database being unavailable', async () => {
    const failed = await db.forOrganization(organization.id).$queryRaw`SELECT * FROM "NoSuchTable" WHERE "organizationId" = 1`.then(
      () => null,
      (error: unknown) => error,
    );
    assert.equal((failed as { code?: string }).code, '42P01');
    assert.equal(isDatabaseUnavailable(failed), false);
    // The server ends the backend while the statement runs: 57P01, which the error handler answers with 503.
    const victim = db.forOrganization(organization.id).$queryRaw`SELECT pg_sleep(5)::text AS slept, ${organization.id} AS "organizationId"`.then(
      () => null,
      (error: unknown) => error,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { rows } = await db.pool.query(`SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(5)::text AS slept%' AND pid <> pg_backend_pid()`);
    assert.deepEqual(rows, [{ ended: true }]);
    const lost = await victim;
    assert.ok(lost, 'the statement failed');
    assert.equal(isDatabaseUnavailable(lost), true, String(lost));
  });
});
