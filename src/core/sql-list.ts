import { Prisma as Sql } from '../generated/prisma/client.ts';

const inLists = new WeakMap<readonly string[], Sql.Sql>();

/**
 * `'DRAFT', 'PROPOSED'` — a module's constant list (never user input) written into the SQL for an IN list, so the
 * column is compared with constants of its own type. Sent as parameters they had to be `column::text IN ($1, $2)`:
 * each row's enum turned into text for the comparison (a catalog lookup per row and value) — on the dashboard's
 * counts statement 4 % of PostgreSQL's instructions. Each list's text is made once per process (keyed by the array).
 */
export function sqlList(values: readonly string[]): Sql.Sql {
  let list = inLists.get(values);
  if (!list) inLists.set(values, (list = Sql.raw(values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', '))));
  return list;
}
