/**
 * The kept statement texts (core/composed-statement.ts): a request whose parts, names or alongside expression are
 * written differently must never get another shape's text — each result is compared with composing it anew.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { composedStatement } from '../../src/core/composed-statement.ts';
import { Prisma as Sql } from '../../src/generated/prisma/client.ts';

/** What the statement is without any kept text: the parts wrapped and joined as composedStatement documents. */
function composedAnew(names: string[], parts: Sql.Sql[], alongside: Sql.Sql | null): Sql.Sql {
  const columns = parts.map((part, i) => Sql.sql`(SELECT to_json(f) FROM (${part}) f) AS ${Sql.raw(`"${names[i]}"`)}`);
  if (alongside) columns.push(Sql.sql`${alongside} AS alongside`);
  return Sql.sql`SELECT ${Sql.join(columns)}`;
}

test('a kept text is given only to requests of the same shape; values follow each request', () => {
  const owner = {};
  const count = (id: number) => Sql.sql`SELECT count(*) FROM "Pair" WHERE "organizationId" = ${id}`;
  const countSince = (id: number, day: string) => Sql.sql`SELECT count(*) FROM "Pair" WHERE "organizationId" = ${id} AND "startsOn" >= ${day}::date`;
  const plan = (id: number) => Sql.sql`(SELECT ${id}::int)`;
  const planOfYear = (id: number, year: string) => Sql.sql`(SELECT ${id}::int, ${year}::text)`;
  const requests: [string[], Sql.Sql[], Sql.Sql | null][] = [
    [['0', '1'], [count(1), countSince(1, '2026-09-01')], plan(1)],
    [['0', '1'], [count(2), countSince(2, '2025-09-01')], plan(2)], // same shape, other values
    [['0', '1'], [count(3), count(3)], plan(3)], // a part written differently
    [['0', '2'], [count(4), count(4)], plan(4)], // another contributor asks
    [['0', '1'], [count(5), countSince(5, '2026-09-01')], planOfYear(5, '2026/2027')], // alongside written differently
    [['0', '1'], [count(6), countSince(6, '2026-09-01')], null], // no alongside
    [['0', '1'], [count(7), countSince(7, '2024-09-01')], plan(7)], // the first shape again
  ];
  for (const [names, parts, alongside] of requests) {
    const kept = composedStatement(owner, names, parts, alongside);
    const anew = composedAnew(names, parts, alongside);
    assert.equal(kept.text, anew.text);
    assert.deepEqual(kept.values, anew.values);
  }
});
