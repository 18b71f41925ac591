/**
 * The kept statement texts (core/composed-statement.ts): a request whose parts, names or alongside expression are
 * written differently must never get another shape's text — each result is compared with composing it anew; the same for
 * the dashboard's built counts (core/dashboard.ts countsSql).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { composedStatement } from '../../src/core/composed-statement.ts';
import { countsSql, type CountsOver } from '../../src/core/dashboard.ts';
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

/** What countsSql composes, written out (core/dashboard.ts): each part one scan, FILTERs, side by side. */
function countsAnew(organizationId: number, parts: CountsOver[]): Sql.Sql {
  const one = ({ table, alias, counts }: CountsOver) => {
    const entries = Object.entries(counts);
    const [columns, where] =
      entries.length === 1
        ? [Sql.sql`count(*)::int AS ${Sql.raw(`"${entries[0]![0]}"`)}`, Sql.sql` AND ${entries[0]![1]}`]
        : [Sql.join(entries.map(([name, rule]) => Sql.sql`count(*) FILTER (WHERE ${rule})::int AS ${Sql.raw(`"${name}"`)}`)), Sql.empty];
    return Sql.sql`SELECT ${columns} FROM ${Sql.raw(`"${table}" ${alias}`)} WHERE ${Sql.raw(alias)}."organizationId" = ${organizationId}${where}`;
  };
  if (parts.length === 1) return one(parts[0]!);
  return Sql.sql`SELECT * FROM ${Sql.join(parts.map((part, i) => Sql.sql`(${one(part)}) ${Sql.raw(`t${i}`)}`), ' CROSS JOIN ')}`;
}

test('counts: a built statement is reused only for the same shape; parts made per request bring their own values', () => {
  const constant: CountsOver = { table: 'MenteeEntry', alias: 'e', counts: { waiting: Sql.sql`e.status = 'WAITING'` } };
  // As pairs' and programmes' dashboards make theirs: anew per request, the day as a value.
  const perRequest = (day: string, statuses: string[]): CountsOver => ({
    table: 'Pair',
    alias: 'p',
    counts: { active: Sql.sql`p.status = 'ACTIVE'`, atRisk: Sql.sql`p."startsOn" < ${day}::date AND p.status::text IN (${Sql.join(statuses)})`, late: Sql.sql`p."endsOn" < ${day}::date` },
  });
  const requests: [number, CountsOver[]][] = [
    [1, [perRequest('2026-12-01', ['ACTIVE']), constant]],
    [2, [perRequest('2026-12-02', ['FORMED'])]], // another shape: the constant part missing
    [3, [perRequest('2026-12-03', ['DRAFT']), constant]], // the first shape again, other values
    [4, [perRequest('2026-12-04', ['DRAFT', 'PROPOSED']), constant]], // a rule with one value more
    [5, [constant, perRequest('2026-12-05', ['ACTIVE'])]], // the parts in another order
    [6, [{ table: 'Pair', alias: 'p', counts: { active: Sql.sql`p.status = 'ACTIVE'`, late: Sql.sql`p."endsOn" < ${'2026-12-06'}::date` } }]], // a count fewer
    [7, [perRequest('2026-12-07', ['ACTIVE']), constant]],
  ];
  for (const [organizationId, parts] of requests) {
    const kept = countsSql(organizationId, ...parts);
    const anew = countsAnew(organizationId, parts);
    assert.equal(kept.text, anew.text);
    assert.deepEqual(kept.values, anew.values);
  }
});
