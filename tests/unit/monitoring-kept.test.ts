/**
 * Monitoring's kept statements (src/modules/monitoring/monitoring.kept.ts): a statement kept under a key is what
 * composing it anew gives — its text, pieces and values — and statements of one shape share one text.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keptStatement } from '../../src/modules/monitoring/monitoring.kept.ts';
import { Prisma as Sql } from '../../src/generated/prisma/client.ts';

test('a kept statement is the composed one; one shape, one text; another shape its own', () => {
  const inner = (id: number, from: string) => Sql.sql`SELECT p.id FROM "Pair" p WHERE p."organizationId" = ${id} AND p."startsOn" >= ${from}::date`;
  const statement = (id: number, from: string) => Sql.sql`SELECT count(*) FROM (${inner(id, from)}) x WHERE ${id} > 0`;
  const other = (id: number) => Sql.sql`SELECT ${id}::int AS "organizationId"`;
  let composed = 0;
  const keep = (key: string, make: () => Sql.Sql) =>
    keptStatement(`test:${key}`, () => {
      composed++;
      return make();
    });

  const first = keep('1:2026', () => statement(1, '2026-09-01'));
  assert.equal(first.text, statement(1, '2026-09-01').text);
  assert.deepEqual(first.strings, statement(1, '2026-09-01').strings);
  assert.deepEqual(first.values, [1, '2026-09-01', 1]);
  assert.equal(keep('1:2026', () => statement(9, 'never')), first, 'the same key: the kept statement, not composed again');
  assert.equal(composed, 1);

  const second = keep('2:2025', () => statement(2, '2025-09-01'));
  assert.deepEqual(second.values, [2, '2025-09-01', 2]);
  assert.equal(second.text, first.text);
  assert.equal(second.strings[0], first.strings[0], 'the shape’s pieces are shared');

  const third = keep('3', () => other(3));
  assert.equal(third.text, other(3).text);
  assert.deepEqual(third.values, [3]);
});
