/**
 * Raw SQL reads straight on the pg pool, as named prepared statements.
 *
 * Most pages read through `scope.db.$queryRaw\`…\`` (the modules' SQL twins of their named rules). Through Prisma
 * each such statement pays the client's per-query machinery — the query interpreter, the adapter's conversions,
 * the extension hooks: 14–28 % of the main thread in the profiles of issue 13 — and PostgreSQL plans it anew every
 * time (monitoring's statement: 4–11 ms planning for 1.5–2.5 ms executing). Here the same statement goes to the
 * pool directly under a name derived from its text, so each connection parses and plans it once and then only
 * binds and executes it.
 *
 * GENERIC PLANS. Naming alone does not stop the planning: under `plan_cache_mode = auto` PostgreSQL plans a named
 * statement for its values five times and then keeps doing so unless the generic plan's estimated cost is as low
 * as the custom ones' — and for the portal's wide statements (monitoring's, the dashboard's, the to-do homes')
 * it is not, so each execution still spent 4–10 ms planning for 2–3 ms running (`BENCH_PLANS=1 npm run bench`).
 * The pool these reads go to (client.ts `directPool`, only theirs) therefore opens its sessions with
 * `plan_cache_mode = force_generic_plan`: each connection plans a statement once, without values, and reuses the
 * plan. The statements are the modules' fixed texts whose parameters are the organization, a person, a date —
 * values of similar selectivity, where one plan fits all. `BENCH_PLANS=1` times every benchmarked page's statement
 * with both plans, alternating (1.12.2026, city-scale data, 21 runs each, custom → generic): the dashboard's one
 * statement 25.9 → 8.1 ms, monitoring's 27.6 → 4.2 and 5.1 → 3.6, the to-do homes' 12.8 → 3.5 and 10.1 → 1.3,
 * /city's 79.9 → 48.9 and 83.7 → 55.4; none slower beyond a fraction of a millisecond. (Where `auto` already chose
 * the generic plan — the to-do homes, most small counts — only a connection's first five runs change.) Prisma's
 * own statements stay on the shared pool, planned as before.
 *
 * `withDirectReads(client, pool, check)` wraps a client (the organization's scoped client, the guarded portal
 * client) in a Proxy: its `$queryRaw` takes this path; every other member — the models, `$transaction`,
 * `$executeRaw`, `$queryRawUnsafe` … — is the wrapped client's own, so writes and their checks stay on Prisma.
 * One write is the exception: the audit row of a read (core/audit.ts), which may take the same path through
 * `directPathOf(client)` — the pool and the organization of a scoped client, nothing for any other client.
 * A transaction stays on Prisma too: the client Prisma hands to `$transaction`'s callback (what
 * `transaction(scope, …)` in scope.ts puts into `scope.db`) is Prisma's own tx client, not this wrapper, so its
 * `$queryRaw` runs in the transaction's connection as before.
 *
 * SAME RESULTS AS PRISMA, value for value (tests/integration/direct-reads.test.ts compares both on every type):
 * parameters are converted the way Prisma 7 + @prisma/adapter-pg convert them (a Date as its UTC wall time, never
 * pg's default of the process's local zone), and every column the way the adapter's parsers plus the client's
 * raw-result deserialisation turn it (int8 → bigint, numeric → Decimal, date → UTC midnight, json → parsed,
 * bytea → Uint8Array …). Both happen per query — pg's global type parsers stay untouched (the session store and
 * the login throttle share the pool).
 *
 * Errors are pg's own (a DatabaseError with its SQLSTATE, a socket error, «Connection terminated…»), which
 * outage.ts recognises as «the database is not there» just as it does Prisma's wrapping of them.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { Prisma as PrismaNamespace } from '../../generated/prisma/client.ts';

type Client = object;
type Sql = InstanceType<typeof PrismaNamespace.Sql>;
const { Decimal, Sql: SqlClass } = PrismaNamespace;

/** The startup options of the direct reads' sessions (see «GENERIC PLANS» above); the floors use them too. */
export const DIRECT_READ_SESSION_OPTIONS = '-c plan_cache_mode=force_generic_plan';

/** The prefix of every direct read's statement name (the floors replay such statements on a session like ours). */
export const DIRECT_STATEMENT_PREFIX = 'raw_';

// ——— Statement names ———

/**
 * At most this many distinct statement texts get a name in a process; any further text runs unnamed (planned
 * every time, as through Prisma). PostgreSQL keeps a connection's named statements until it closes and pg
 * remembers their texts per connection, so without a cap texts that differ every time (an IN-list of varying
 * length, a batch of many organizations) would grow both without limit. The cap is safe because the portal's
 * statements are a fixed set of texts — a few hundred, most of which a process never meets — so every page's
 * statements get their name long before the cap is reached; and past it nothing breaks, it only plans again.
 * Bounded cost: ≤ 1 000 plans × the pool's connections on the server, ≤ 1 000 texts in this map.
 */
export const MAX_NAMED_STATEMENTS = 1_000;
/**
 * The named texts by their length. Not a Map keyed by the text: V8 hashes a string key in full (up to 16 383
 * characters), and every request composes its texts anew, so each lookup hashed the whole statement again —
 * ~0.1 ms for the dashboard's 12 500 characters, more than the rest of the dashboard's own SQL work. A length
 * finds the few texts to compare, and comparing two equal texts is a plain memory compare.
 */
const namesByLength = new Map<number, { text: string; name: string }[]>();
let namedCount = 0;

/** The statement's name: a short hash of its final text (the same text always gets the same name). */
export function statementName(text: string): string | undefined {
  const sameLength = namesByLength.get(text.length);
  if (sameLength) for (const named of sameLength) if (named.text === text) return named.name;
  if (namedCount >= MAX_NAMED_STATEMENTS) return undefined;
  const name = `${DIRECT_STATEMENT_PREFIX}${createHash('sha256').update(text).digest('base64url').slice(0, 22)}`;
  if (sameLength) sameLength.push({ text, name });
  else namesByLength.set(text.length, [{ text, name }]);
  namedCount++;
  return name;
}

/** How many texts have a name so far (for the test of the cap). */
export function namedStatementCount(): number {
  return namedCount;
}

// ——— Parameters: as Prisma's client serialises them and @prisma/adapter-pg maps them ———

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** adapter-pg's formatDateTime: the UTC wall time without an offset («2026-12-01 04:15:00.123»). */
function utcDateTime(date: Date): string {
  const ms = date.getUTCMilliseconds();
  return (
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}${ms ? `.${String(ms).padStart(3, '0')}` : ''}`
  );
}

function parameter(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    // Prisma sends its parameters through JSON: NaN and ±Infinity arrive as NULL.
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint':
      return value.toString();
    case 'object':
      break;
    default:
      return value;
  }
  if (Array.isArray(value)) return value.map(parameter);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new PrismaNamespace.PrismaClientValidationError('Provided Date object is invalid', { clientVersion: PrismaNamespace.prismaVersion.client });
    return utcDateTime(value);
  }
  if (Decimal.isDecimal(value)) return (value as InstanceType<typeof Decimal>).toJSON();
  if (Buffer.isBuffer(value)) return value;
  if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  // Anything else (a plain object) goes as its JSON text.
  return JSON.stringify(value);
}

// ——— Columns: adapter-pg's parsers, then the client's raw-result deserialisation ———

type Convert = (text: string) => unknown;

const builtin = (oid: number): Convert => pg.types.getTypeParser(oid, 'text') as Convert;
/** A PostgreSQL array's text as its elements' texts (pg's text[] parser: quoting, NULL → null, nesting). */
const elements = builtin(1009) as (text: string) => (string | null)[];
const eachOf = (convert: Convert): Convert => (text) => elements(text).map((e) => (e === null ? null : convert(e)));
const mapped = (parse: Convert, convert: (value: never) => unknown): Convert => (text) => (parse(text) as unknown[]).map((e) => (e === null ? null : convert(e as never)));

const toDate: Convert = (text) => new Date(text);
const timestamp: Convert = (text) => new Date(`${text.replace(' ', 'T')}+00:00`);
// adapter-pg drops the offset and reads the wall time as UTC (the portal's sessions run in UTC).
const timestamptz: Convert = (text) => new Date(text.replace(' ', 'T').replace(/[+-]\d{2}(:\d{2})?$/, '+00:00'));
const time: Convert = (text) => new Date(`1970-01-01T${text}Z`);
const timetz: Convert = (text) => time(text.replace(/[+-]\d{2}(:\d{2})?$/, ''));
const decimal: Convert = (text) => new Decimal(text);
const money: Convert = (text) => new Decimal(text.slice(1));
const json: Convert = (text) => JSON.parse(text);
const asText: Convert = (text) => text;
const int32: Convert = (text) => Math.trunc(Number(text));
const int64: Convert = (text) => BigInt(text);
const parseBytes = builtin(17) as (text: string) => Buffer;
const bytes: Convert = (text) => new Uint8Array(parseBytes(text));

/** By type OID; what is missing here Prisma refuses too («Unsupported column type»). */
const CONVERTERS = new Map<number, Convert>([
  [21, int32], // int2
  [23, int32], // int4
  [20, int64], // int8
  [26, int64], // oid
  [700, builtin(700)], // float4
  [701, builtin(701)], // float8
  [16, builtin(16)], // bool
  [1082, toDate], // date
  [1083, time],
  [1266, timetz],
  [1114, timestamp],
  [1184, timestamptz],
  [1700, decimal], // numeric
  [790, money],
  [114, json],
  [3802, json], // jsonb
  [2950, asText], // uuid
  [1042, asText], // bpchar
  [25, asText], // text
  [1043, asText], // varchar
  [1560, asText], // bit
  [1562, asText], // varbit
  [869, asText], // inet
  [650, asText], // cidr
  [142, asText], // xml
  [19, asText], // name
  [17, bytes], // bytea
  [1005, mapped(builtin(1005), Math.trunc)], // int2[]
  [1007, mapped(builtin(1007), Math.trunc)], // int4[]
  [1021, builtin(1021)], // float4[]
  [1022, builtin(1022)], // float8[]
  [1231, eachOf(decimal)], // numeric[]
  [791, eachOf(money)],
  [1000, builtin(1000)], // bool[]
  [1002, builtin(1002)], // char[]
  [1014, builtin(1014)], // bpchar[]
  [1009, builtin(1009)], // text[]
  [1015, builtin(1015)], // varchar[]
  [1561, eachOf(asText)], // bit[]
  [1563, eachOf(asText)], // varbit[]
  [1041, builtin(1041)], // inet[]
  [651, builtin(651)], // cidr[]
  [143, eachOf(asText)], // xml[]
  [1182, eachOf(toDate)], // date[]
  [1183, eachOf(time)], // time[]
  [1115, eachOf(timestamp)],
  [1185, eachOf(timestamptz)],
  [199, eachOf(json)], // json[]
  [3807, eachOf(json)], // jsonb[]
  [1001, mapped(builtin(1001), (b: Buffer) => new Uint8Array(b))], // bytea[]
  [2951, builtin(2951)], // uuid[]
  [1016, eachOf(int64)], // int8[]
  [1028, eachOf(int64)], // oid[]
]);

/** Types the database itself defines (enums, domains) and their arrays: the text as it came. */
const FIRST_NORMAL_OBJECT_ID = 16_384;

function converterOf(oid: number): Convert {
  const convert = CONVERTERS.get(oid);
  if (convert) return convert;
  if (oid >= FIRST_NORMAL_OBJECT_ID) return asText;
  throw new Error(`Unsupported column type (OID ${oid}) in a raw SQL read`);
}

/** pg hands every column over as its text; the conversion above does the rest. */
const AS_TEXT = { getTypeParser: () => asText } as unknown as pg.CustomTypesConfig;

function rowsOf(result: pg.QueryResult<unknown[]>): Record<string, unknown>[] {
  const { fields, rows } = result;
  const converters = fields.map((f) => converterOf(f.dataTypeID));
  const columns = fields.map((f) => f.name);
  const out = new Array<Record<string, unknown>>(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const raw = rows[r]!;
    // Every column first, then the values: a repeated column name keeps its first place and its last value.
    const row: Record<string, unknown> = {};
    for (const column of columns) row[column] = null;
    for (let c = 0; c < columns.length; c++) {
      const value = raw[c] as string | null;
      row[columns[c]!] = value === null ? null : converters[c]!(value);
    }
    out[r] = row;
  }
  return out;
}

// ——— The query and the wrapper ———

/** Sends one raw read to the pool as Prisma would have sent it, and returns what Prisma would have returned. */
export async function directQuery<R>(pool: pg.Pool, sql: Sql): Promise<R> {
  const text = sql.text;
  const result = await pool.query<unknown[]>({
    name: statementName(text),
    text,
    values: sql.values.map(parameter),
    rowMode: 'array',
    types: AS_TEXT,
  });
  return rowsOf(result) as R;
}

/** The direct path of an organization's scoped client: its pool, and the organization every row must belong to. */
export interface DirectPath {
  pool: pg.Pool;
  organizationId: number;
}

const DIRECT_PATH = Symbol('direct path');

/**
 * The client's direct path, or undefined: the guarded portal client, a transaction's client (Prisma's own, not this
 * wrapper — so whatever must land with the transaction stays in it), any other client.
 */
export function directPathOf(client: object): DirectPath | undefined {
  return (client as { [DIRECT_PATH]?: DirectPath })[DIRECT_PATH];
}

/**
 * The client with the direct `$queryRaw` (see the file comment). `check` is the wrapped client's own rule for raw
 * SQL (the scoped client's «must mention "organizationId"»), applied before anything is sent. `organizationId`:
 * the wrapped client is that organization's scoped client (its direct path, `directPathOf`).
 */
export function withDirectReads<C extends Client>(client: C, pool: pg.Pool, check: (sql: Sql) => void = () => {}, organizationId?: number): C {
  const path: DirectPath | undefined = organizationId === undefined ? undefined : { pool, organizationId };
  const queryRaw = (first: unknown, ...values: unknown[]) => {
    const sql = first instanceof SqlClass ? first : isTemplate(first) ? new SqlClass(first, values) : null;
    // Anything else is a misuse Prisma answers with its own error: let it.
    if (!sql) return (client as { $queryRaw(...args: unknown[]): Promise<unknown> }).$queryRaw(first, ...values);
    try {
      check(sql);
    } catch (error) {
      return Promise.reject(error);
    }
    return directQuery(pool, sql);
  };
  // Members are read from the wrapped client itself and functions bound to it, so Prisma sees its own object.
  const bound = new Map<PropertyKey, unknown>();
  return new Proxy(client, {
    get(target, property) {
      if (property === '$queryRaw') return queryRaw;
      if (property === DIRECT_PATH) return path;
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      let fn = bound.get(property);
      if (fn === undefined) bound.set(property, (fn = (value as (...a: unknown[]) => unknown).bind(target)));
      return fn;
    },
  });
}

function isTemplate(value: unknown): value is TemplateStringsArray {
  return Array.isArray(value) && Array.isArray((value as unknown as { raw?: unknown }).raw);
}
