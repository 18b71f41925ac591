/**
 * The dashboard's contributors, asked for many organizations at once in a fixed number of statements.
 *
 * A contributor (src/core/dashboard.ts) is written for ONE organization: `(scope) => …` with one or two
 * statements. Asked for 200 kindergartens one by one it would send ~2 000. Rather than re-spell every module's
 * rules here, each organization gets a scope whose `db` does not send its statements but queues them; after
 * the current turn of the event loop, statements of the same shape (the same SQL text, the same model call)
 * from every organization go out as ONE statement, and each organization gets its own rows back:
 *
 * - raw SQL (`$queryRaw`): the statement once, joined laterally to the list of each organization's differing
 *   parameters (`lateralStatement`; its organization id, mostly), or, when a differing value is not a whole
 *   number, `SELECT 0 AS "__batch", q.* FROM (<org 1's statement>) q UNION ALL SELECT 1, …`; every statement
 *   names its organization already (the scoped client insists on it), so each part reads its own
 *   organization's rows;
 * - `count` → one `groupBy` over `organizationId IN (…)`; `findFirst` / `findMany` (no paging) → one
 *   `findMany` over `organizationId IN (…)`, sorted and split per organization.
 *
 * Everything goes through the guarded portal client with the explicit list of organizations. Any other call
 * fails loudly (a contributor that starts using one shows up in the city test, not as a silent N+1).
 *
 * This is the city's seam until the roadmap module offers stage states for many organizations through its
 * face (see CONTEXT.md «Швы»).
 */
import type { Prisma } from '../../core/database/client.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';

type RawSql = InstanceType<typeof Sql.Sql>;

interface RawCall {
  kind: 'raw';
  key: string;
  organizationId: number;
  sql: RawSql;
  resolve(rows: unknown): void;
  reject(error: unknown): void;
}

interface ModelCall {
  kind: 'model';
  key: string;
  organizationId: number;
  model: string;
  operation: 'count' | 'findFirst' | 'findMany';
  args: Record<string, unknown>;
  resolve(rows: unknown): void;
  reject(error: unknown): void;
}

type Call = RawCall | ModelCall;

const BATCH_COLUMN = '__batch';

export class StatementBatcher {
  private queue: Call[] = [];
  private scheduled = false;
  /** Statements sent, for the test that holds their number fixed as organizations grow. */
  statements = 0;

  constructor(private readonly portal: Prisma) {}

  /** The `db` of one organization's batched scope. Only what the contributors use is there. */
  clientFor(organizationId: number): Prisma {
    const batcher = this;
    const raw = (first: unknown, ...values: unknown[]) =>
      batcher.enqueueRaw(organizationId, first instanceof Sql.Sql ? first : Sql.sql(first as TemplateStringsArray, ...values));
    return new Proxy({} as Prisma, {
      get(_target, property) {
        if (property === '$queryRaw') return raw;
        if (property === 'then') return undefined;
        if (typeof property !== 'string' || property.startsWith('$')) {
          return () => {
            throw new Error(`Сводка города: ${String(property)} не поддерживается пакетным клиентом`);
          };
        }
        return new Proxy(
          {},
          {
            get(_t, operation) {
              if (operation !== 'count' && operation !== 'findFirst' && operation !== 'findMany') {
                return () => {
                  throw new Error(`Сводка города: ${property}.${String(operation)} не поддерживается пакетным клиентом`);
                };
              }
              return (args: Record<string, unknown> = {}) => batcher.enqueueModel(organizationId, property, operation, args);
            },
          },
        );
      },
    });
  }

  private enqueueRaw(organizationId: number, sql: RawSql): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.push({ kind: 'raw', key: `raw\u0000${sql.strings.join('\u0000')}`, organizationId, sql, resolve, reject });
    });
  }

  private enqueueModel(organizationId: number, model: string, operation: ModelCall['operation'], args: Record<string, unknown>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      for (const unsupported of ['include', 'take', 'skip', 'cursor', 'distinct']) {
        if (args[unsupported] !== undefined) {
          reject(new Error(`Сводка города: ${model}.${operation} с ${unsupported} не поддерживается пакетным клиентом`));
          return;
        }
      }
      if (operation === 'count' && args.select !== undefined) {
        reject(new Error(`Сводка города: ${model}.count с select не поддерживается пакетным клиентом`));
        return;
      }
      this.push({ kind: 'model', key: `${model}\u0000${operation}\u0000${JSON.stringify(args)}`, organizationId, model, operation, args, resolve, reject });
    });
  }

  private push(call: Call): void {
    this.queue.push(call);
    if (this.scheduled) return;
    this.scheduled = true;
    // After the current turn: every organization's contributor has queued its statement of this round by then.
    setImmediate(() => {
      this.scheduled = false;
      const calls = this.queue;
      this.queue = [];
      const groups = new Map<string, Call[]>();
      for (const c of calls) {
        const group = groups.get(c.key);
        if (group) group.push(c);
        else groups.set(c.key, [c]);
      }
      for (const group of groups.values()) {
        const run = group[0]!.kind === 'raw' ? this.runRaw(group as RawCall[]) : this.runModel(group as ModelCall[]);
        run.catch((error: unknown) => group.forEach((c) => c.reject(error)));
      }
    });
  }

  private async runRaw(group: RawCall[]): Promise<void> {
    // The same statement with the same values (two contributors asking one module's figures) is read once.
    const distinct = new Map<string, RawCall[]>();
    for (const c of group) {
      const key = valuesKey(c.sql.values);
      const same = distinct.get(key);
      if (same) same.push(c);
      else distinct.set(key, [c]);
    }
    const askers = [...distinct.values()];
    this.statements++;
    const rows = await this.portal.$queryRaw<Record<string, unknown>[]>(lateralStatement(askers.map(([c]) => c!.sql)) ?? unionStatement(askers.map(([c]) => c!.sql)));
    const byPart = askers.map(() => [] as Record<string, unknown>[]);
    for (const row of rows) {
      const { [BATCH_COLUMN]: index, ...rest } = row;
      byPart[Number(index)]!.push(rest);
    }
    // Each asker gets rows of its own (a contributor may change what it was given).
    askers.forEach((calls, index) => calls.forEach((c) => c.resolve(byPart[index]!.map((row) => ({ ...row })))));
  }

  private async runModel(group: ModelCall[]): Promise<void> {
    const { model, operation, args } = group[0]!;
    const ids = [...new Set(group.map((c) => c.organizationId))];
    const where = { AND: [args.where ?? {}, { organizationId: { in: ids } }] };
    const delegate = (this.portal as unknown as Record<string, Record<string, (a: unknown) => Promise<unknown>>>)[model]!;
    this.statements++;
    if (operation === 'count') {
      const counts = (await delegate.groupBy!({ by: ['organizationId'], where, _count: { _all: true } })) as { organizationId: number; _count: { _all: number } }[];
      const byOrganization = new Map(counts.map((c) => [c.organizationId, c._count._all]));
      for (const c of group) c.resolve(byOrganization.get(c.organizationId) ?? 0);
      return;
    }
    const select = args.select as Record<string, unknown> | undefined;
    const rows = (await delegate.findMany!({
      where,
      ...(args.orderBy !== undefined ? { orderBy: args.orderBy } : {}),
      ...(select ? { select: { ...select, organizationId: true } } : {}),
    })) as Record<string, unknown>[];
    for (const c of group) {
      const own = rows.filter((r) => r.organizationId === c.organizationId).map((r) => (select && !select.organizationId ? withoutOrganization(r) : r));
      c.resolve(operation === 'findFirst' ? (own[0] ?? null) : own);
    }
  }
}

function withoutOrganization(row: Record<string, unknown>): Record<string, unknown> {
  const { organizationId: _omitted, ...rest } = row;
  return rest;
}

/** The values as a key (dates by their ISO text — Date#toJSON; a bigint, which JSON refuses, by its digits). */
function valuesKey(values: unknown[]): string {
  try {
    return JSON.stringify(values);
  } catch {
    return JSON.stringify(values, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value));
  }
}

const sameValue = (a: unknown, b: unknown) => a === b || (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && valuesKey([a]) === valuesKey([b]));

/** Every organization's statement in full, one after another (the text and the planning grow with their number). */
function unionStatement(statements: RawSql[]): RawSql {
  return Sql.join(statements.map((sql, index) => Sql.sql`SELECT ${index}::int AS "__batch", q.* FROM (${sql}) q`), ' UNION ALL ');
}

/**
 * The statement ONCE, joined laterally to a list of each organization's parameters: PostgreSQL parses and plans
 * it once and runs it per organization, and the text sent does not grow with the organizations (the union of
 * full copies cost the city page most of its time: sending the text and planning 25 copies of each statement).
 * The values that are the same for everyone stay ordinary parameters (typed by their place in the statement);
 * the ones that differ must be whole numbers or lists of them (the organization's id, mostly), given as `int` or
 * `int[]`. Anything else
 * (a date or a text that differs) → null: the caller sends the union instead.
 */
function lateralStatement(statements: RawSql[]): RawSql | null {
  if (statements.length < 2) return null;
  const [first] = statements as [RawSql, ...RawSql[]];
  const count = first.values.length;
  if (statements.some((s) => s.values.length !== count)) return null;
  const isInt = (value: unknown) => Number.isSafeInteger(value) && Math.abs(value as number) <= 2_147_483_647;
  const varying: number[] = [];
  const types = new Map<number, string>();
  for (let i = 0; i < count; i++) {
    if (statements.every((s) => sameValue(s.values[i], first.values[i]))) continue;
    // A whole number (`int`) or a list of them (`int[]`: the rules that take organization ids, `= ANY(…)`).
    if (statements.every((s) => isInt(s.values[i]))) types.set(i, 'int');
    else if (statements.every((s) => Array.isArray(s.values[i]) && (s.values[i] as unknown[]).every(isInt))) types.set(i, 'int[]');
    else return null;
    varying.push(i);
  }
  if (!varying.length) return null;
  // One column per distinct list of values: the organization's id, given to each of the contributors' subqueries, once.
  const listed: number[] = [];
  const column = new Map<number, string>();
  for (const i of varying) {
    const same = listed.find((j) => types.get(j) === types.get(i) && statements.every((s) => sameValue(s.values[i], s.values[j])));
    if (same === undefined) listed.push(i);
    column.set(i, `p${listed.indexOf(same ?? i)}`);
  }
  const inner = new Sql.Sql(first.strings, first.values.map((value, i) => (column.has(i) ? Sql.raw(`"__v"."${column.get(i)}"`) : value)) as never[]);
  const rows = statements.map((s, index) => Sql.sql`(${Sql.join([Sql.sql`${index}::int`, ...listed.map((i) => Sql.sql`${s.values[i]}::${Sql.raw(types.get(i)!)}`)])})`);
  const columns = Sql.raw(['"__batch"', ...listed.map((i) => `"${column.get(i)}"`)].join(', '));
  return Sql.sql`SELECT "__v"."__batch", q.* FROM (VALUES ${Sql.join(rows)}) AS "__v"(${columns}) CROSS JOIN LATERAL (${inner}) q`;
}
