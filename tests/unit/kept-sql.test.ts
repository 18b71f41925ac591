/**
 * Statements built once per shape (core/kept-sql.ts): every choice's statement has the text and the values of the
 * same template built anew for that request, and a template that computes with a value is refused.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keptSql } from '../../src/core/kept-sql.ts';
import { Prisma as Sql } from '../../src/generated/prisma/client.ts';

type Values = { organizationId: number; staffMemberId: number | null; day: string };

/** A twin of another module, nested as the to-do home's contributors nest theirs. */
const memberSql = (organizationId: number, staffMemberId: number | null) =>
  Sql.sql`EXISTS (SELECT 1 FROM "PairMember" m WHERE m."organizationId" = ${organizationId} AND m."staffMemberId" = ${staffMemberId})`;

const template = (lists: number, v: Values) =>
  Sql.sql`SELECT ${lists & 1 ? Sql.sql`(SELECT count(*) FROM "Pair" p WHERE p."organizationId" = ${v.organizationId} AND p."startsOn" >= ${v.day}::date AND ${memberSql(v.organizationId, v.staffMemberId)})` : Sql.sql`0`} AS pairs,
    ${lists & 2 ? Sql.sql`(SELECT count(*) FROM "Order" o WHERE o."organizationId" = ${v.organizationId} AND o.status = ${'RETURNED'} LIMIT ${20})` : Sql.sql`0`} AS orders`;

test('each choice gives the text and values of its template built anew, with this request\'s values', () => {
  const kept = keptSql(template);
  const requests: [number, Values][] = [
    [1, { organizationId: 1, staffMemberId: 5, day: '2026-09-01' }],
    [3, { organizationId: 2, staffMemberId: null, day: '2025-09-01' }],
    [1, { organizationId: 3, staffMemberId: 7, day: '2026-12-02' }], // a kept shape, other values
    [2, { organizationId: 4, staffMemberId: 8, day: '2026-12-02' }],
    [3, { organizationId: 5, staffMemberId: 9, day: '2027-01-01' }],
  ];
  for (const [lists, values] of requests) {
    const got = kept(lists, values);
    const anew = template(lists, values);
    assert.equal(got.text, anew.text);
    assert.deepEqual(got.values, anew.values);
  }
});

test('a template that computes with a value cannot be kept: its first build throws', () => {
  const kept = keptSql((_: 0, v: { day: string }) => Sql.sql`SELECT ${`${v.day}T00:00`}::timestamp`);
  assert.throws(() => kept(0, { day: '2026-12-02' }), /used in JavaScript/);
});
