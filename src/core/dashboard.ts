/**
 * The dashboard's contract. The home page is one card per roadmap stage, and a card is a list of items that
 * the modules contribute through their faces (the composition root, src/modules/index.ts, collects them; the
 * roadmap module only renders). An item states one thing about the stage and whether it is done; the stage
 * is done when EVERY item of it is done. A number on the card is a figure: it links to a list page that
 * shows exactly the rows it counts (the list exposes its total as `data-total`; a test holds them equal).
 */
import { Prisma as Sql } from '../generated/prisma/client.ts';
import type { Permission } from './auth/permissions.ts';
import { contributorsStatement, sameStrings } from './composed-statement.ts';
import type { Scope, ScopeOrganization } from './scope.ts';

export interface DashboardFigure {
  count: number;
  /** The list of exactly these rows; `#id` names the list when its page has several. */
  href: string;
  /** Who may open the list (others see the number without the link). */
  permission: Permission;
}

export interface DashboardItem {
  /**
   * Names the item within its stage. The roadmap holds a placeholder for each part of a stage that no module
   * contributes yet (e.g. stage 1's «programmes»): a contributed item with that key takes its place.
   */
  key: string;
  /**
   * What is stated, as a sentence the figure completes: «Работают пары и группы» → «…: 3»; or with the
   * figure inside, where the text says `{figure}`: «Запросы собраны у {figure} из 16 педагогов».
   */
  text: string;
  done: boolean;
  figure?: DashboardFigure;
  /** Something is wrong and waits for someone (shown as a warning, not just «not yet»). */
  alert?: boolean;
}

/** A next step the card offers, to those who may take it. */
export interface DashboardAction {
  href: string;
  label: string;
  permission: Permission;
}

/** What one module says about one stage. */
export interface StageContribution {
  stage: number;
  items: DashboardItem[];
  actions?: DashboardAction[];
}

/**
 * A contributor whose figures are ONE row of its own SQL (built from its module's SQL twins): the dashboard sends
 * the rows of all such contributors as ONE statement (`gatherContributions`), each row as JSON under its own name,
 * and hands each contributor its row back. Every statement costs a round trip, a plan and the client's per-query
 * work — issue 13 measured those, not the counting, as the dashboard's cost.
 */
export interface DashboardFigures<Row = never> {
  /** A SELECT giving exactly one row: the figures. */
  figures(scope: Scope): Sql.Sql;
  /**
   * The same figures for many organizations (the city page) in one pass over the tables, grouped by organization
   * — never the one-organization statement once per organization: a SELECT giving one row per organization of
   * `organizations.ids`, its id as "organizationId". Built from the same SQL fragments as `figures` (one rule,
   * one place; tests/http/dashboard.test.ts holds every organization's row equal to its own `figures`).
   */
  figuresByOrganization(organizations: OrganizationsAt): Sql.Sql;
  /**
   * The stage items from that row, as JSON carries it: numbers and strings (a `date` as 'YYYY-MM-DD', a
   * `timestamp` as ISO text without a zone: UTC), nested JSON as objects; SQL NULL as null.
   */
  contribute(row: Row, scope: FiguresScope): StageContribution[] | Promise<StageContribution[]>;
}

/** What `contribute` may read of the scope: whose figures they are and that organization's day. */
export type FiguresScope = Pick<Scope, 'organization' | 'today'>;

/**
 * Organizations asked together: those of one time zone, so they share the day and the moment every rule with a
 * date reads (the city page asks one group per time zone of its kindergartens — a city has one).
 */
export interface OrganizationsAt {
  ids: number[];
  timeZone: string;
  today: string;
  now: Date;
}

/** Each organization of the list once (alias `listed`, column `id`): the rows a many-organization statement starts from. */
export function listedOrganizationsSql(ids: number[]): Sql.Sql {
  return Sql.sql`unnest(${ids}::int[]) AS listed(id)`;
}

/**
 * Counts over one table of an organization's rows: each named count is a rule (a boolean SQL expression over
 * `alias`, the module's own twin), written once and given both shapes below.
 */
export interface CountsOver {
  /** The table, e.g. `"Pair"`. */
  table: string;
  /** Its alias in the rules, e.g. `p`. */
  alias: string;
  counts: Record<string, Sql.Sql>;
}

/**
 * The count's rule as a condition of the scan when a table gives one count (an index may serve it), else each as
 * a FILTER of the one scan.
 */
function countColumns({ alias, counts }: CountsOver, counted: Sql.Sql): { columns: Sql.Sql; where: Sql.Sql } {
  const entries = Object.entries(counts);
  if (entries.length === 1) return { columns: Sql.sql`count(${counted})::int AS ${Sql.raw(`"${entries[0]![0]}"`)}`, where: Sql.sql` AND ${entries[0]![1]}` };
  return { columns: Sql.join(entries.map(([name, rule]) => Sql.sql`count(${counted}) FILTER (WHERE ${rule})::int AS ${Sql.raw(`"${name}"`)}`)), where: Sql.empty };
}

/**
 * One organization's counts, one row (several tables: side by side). Building the statement nests every rule's SQL
 * three levels deep, each level copying all of it, so it is built once per shape and then only given this request's
 * values. A shape: the parts' tables, aliases, count names and each rule's literal pieces — the same for a part a
 * module makes anew per request (pairs' and programmes' rules take the day and the moment), whose rules differ only
 * in their values; constant parts (`CountsOver` are never changed once written) are the same objects.
 */
export function countsSql(organizationId: number, ...parts: CountsOver[]): Sql.Sql {
  const built = builtCountsOf(parts);
  const values = new Array<unknown>(built.slots.length);
  for (let i = 0; i < values.length; i++) {
    const slot = built.slots[i]!;
    values[i] = slot === ORGANIZATION ? organizationId : parts[slot.part]!.counts[slot.count]!.values[slot.value];
  }
  return new Sql.Sql(built.strings, values as ConstructorParameters<typeof Sql.Sql>[1]);
}

/** Where the organization goes in a built statement (a value no rule has). */
const ORGANIZATION = Symbol('organization');
/** Where a rule's value goes in a built statement: the part, its count's name, the value's index in the rule. */
interface RuleSlot {
  part: number;
  count: string;
  value: number;
}
interface BuiltCounts {
  parts: CountsOver[];
  strings: readonly string[];
  slots: (RuleSlot | typeof ORGANIZATION)[];
}
/** Built statements by their first part's table; a few shapes each, the oldest dropped past the cap. */
const builtCounts = new Map<string, BuiltCounts[]>();
const MAX_COUNT_SHAPES = 16;

function builtCountsOf(parts: CountsOver[]): BuiltCounts {
  const first = parts[0]!;
  let shapes = builtCounts.get(first.table);
  if (!shapes) builtCounts.set(first.table, (shapes = []));
  const found = shapes.find((b) => b.parts.length === parts.length && b.parts.every((part, i) => sameShape(part, parts[i]!)));
  if (found) return found;
  // The rules with markers for their values, composed once: the markers say where each value lands.
  const marked = parts.map((part, p) => ({
    table: part.table,
    alias: part.alias,
    counts: Object.fromEntries(
      Object.entries(part.counts).map(([count, rule]) => [count, new Sql.Sql(rule.strings, rule.values.map((_v, value): RuleSlot => ({ part: p, count, value })) as ConstructorParameters<typeof Sql.Sql>[1])]),
    ),
  }));
  const sql = composeCounts(ORGANIZATION, marked);
  const built: BuiltCounts = { parts, strings: sql.strings, slots: sql.values as BuiltCounts['slots'] };
  if (shapes.length >= MAX_COUNT_SHAPES) shapes.shift();
  shapes.push(built);
  return built;
}

/** The same part, or one with the same table, alias, count names and rules' literal pieces (its values may differ). */
function sameShape(a: CountsOver, b: CountsOver): boolean {
  if (a === b) return true;
  if (a.table !== b.table || a.alias !== b.alias) return false;
  const names = Object.keys(a.counts);
  if (names.length !== Object.keys(b.counts).length) return false;
  for (const name of names) {
    const other = b.counts[name];
    if (!other || !sameStrings(a.counts[name]!.strings, other.strings)) return false;
  }
  return true;
}

function composeCounts(organization: symbol, parts: CountsOver[]): Sql.Sql {
  const one = (part: CountsOver) => {
    const { columns, where } = countColumns(part, Sql.raw('*'));
    return Sql.sql`SELECT ${columns} FROM ${Sql.raw(`"${part.table}" ${part.alias}`)} WHERE ${Sql.raw(part.alias)}."organizationId" = ${organization}${where}`;
  };
  if (parts.length === 1) return one(parts[0]!);
  return Sql.sql`SELECT * FROM ${Sql.join(parts.map((part, i) => Sql.sql`(${one(part)}) ${Sql.raw(`t${i}`)}`), ' CROSS JOIN ')}`;
}

/**
 * The same counts for many organizations in one pass over each table, grouped by organization: a row for every
 * listed organization ("organizationId"; 0 where it has no rows — `count(alias."organizationId")` skips the
 * empty side of the outer join).
 */
export function countsByOrganizationSql(ids: number[], ...parts: CountsOver[]): Sql.Sql {
  const one = (part: CountsOver) => {
    const a = Sql.raw(part.alias);
    const { columns, where } = countColumns(part, Sql.sql`${a}."organizationId"`);
    return Sql.sql`SELECT listed.id AS "organizationId", ${columns}
      FROM ${listedOrganizationsSql(ids)} LEFT JOIN ${Sql.raw(`"${part.table}" ${part.alias}`)} ON ${a}."organizationId" = listed.id AND ${a}."organizationId" = ANY(${ids}::int[])${where}
     GROUP BY listed.id`;
  };
  if (parts.length === 1) return one(parts[0]!);
  const columns = parts.flatMap((part, i) => Object.keys(part.counts).map((name) => Sql.raw(`t${i}."${name}"`)));
  const joined = parts.map((part, i) => Sql.sql`(${one(part)}) ${Sql.raw(i ? `t${i} ON t${i}."organizationId" = t0."organizationId"` : 't0')}`);
  return Sql.sql`SELECT t0."organizationId", ${Sql.join(columns)} FROM ${Sql.join(joined, ' JOIN ')}`;
}

/**
 * A module's contribution to the dashboard: its items for the stages it knows about — from one row of figures
 * composed with the others (preferred), or asked on its own.
 */
// `any`: each contributor knows its own row's shape; the collector does not.
export type DashboardContributor = ((scope: Scope) => Promise<StageContribution[]>) | DashboardFigures<any>;

/**
 * Every contributor asked at once, in their order: the figures rows of all composable ones in ONE statement
 * (`SELECT (SELECT to_json(f) FROM (<figures>) f) AS "0", …` — each module's SQL as it wrote it), the others
 * alongside.
 */
export async function gatherContributions(scope: Scope, contributors: DashboardContributor[]): Promise<StageContribution[]> {
  return (await gather(scope, contributors, null)).contributions;
}

/**
 * The same, with one more SQL expression of the caller's own read in that very statement (the roadmap's plan of
 * measures, which every dashboard shows beside the cards): its value as JSON carries it, SQL NULL as null.
 */
export async function gatherContributionsWith<Alongside>(
  scope: Scope,
  contributors: DashboardContributor[],
  alongside: Sql.Sql,
): Promise<{ contributions: StageContribution[]; alongside: Alongside }> {
  const { contributions, row } = await gather(scope, contributors, alongside);
  return { contributions, alongside: (row.alongside ?? null) as Alongside };
}

async function gather(scope: Scope, contributors: DashboardContributor[], alongside: Sql.Sql | null) {
  const statement = contributorsStatement(scope, contributors, alongside);
  const reading = statement ? scope.db.$queryRaw<Record<string, unknown>[]>(statement) : Promise.resolve([]);
  // Only promises are awaited: every contributor of the dashboard is composable and answers from the row at once,
  // and Promise.all made a promise and a turn for each of them, twice per page (as gatherContributionsByOrganization).
  const [rows, ...asked] = contributors.some((c) => typeof c === 'function')
    ? await Promise.all([reading, ...contributors.map((c) => (typeof c === 'function' ? c(scope) : null))])
    : [await reading];
  const row = (rows as Record<string, unknown>[])[0] ?? {};
  const given = contributors.map((c, i) => (typeof c === 'function' ? (asked[i] as StageContribution[]) : c.contribute(row[String(i)] as never, scope)));
  const contributions = given.some((g) => g instanceof Promise) ? await Promise.all(given) : (given as StageContribution[][]);
  return { contributions: contributions.flat(), row };
}

/**
 * Every contributor asked for many organizations of one time zone at once: ONE statement whose columns are each
 * contributor's rows by organization (`figuresByOrganization`, each evaluated once — MATERIALIZED — and looked
 * up per organization) and the caller's own expression per organization (`alongside`, given the column naming
 * the organization), then each organization's contributions from its own rows. Every contributor must be
 * composable (a function contributor would be one statement per organization).
 */
export async function gatherContributionsByOrganization<Alongside>(
  portal: Scope['portal'],
  organizations: ScopeOrganization[],
  at: OrganizationsAt,
  contributors: DashboardContributor[],
  alongside: (organization: Sql.Sql) => Sql.Sql,
): Promise<Map<number, { contributions: StageContribution[]; alongside: Alongside }>> {
  const composed = contributors.map((c) => {
    if (typeof c === 'function') throw new Error('dashboard: a contributor for many organizations must give its figures as SQL (DashboardFigures)');
    return c;
  });
  const ctes = composed.map((c, i) => Sql.sql`${Sql.raw(`"c${i}"`)} AS MATERIALIZED (${c.figuresByOrganization(at)})`);
  const columns = composed.map((_c, i) => Sql.raw(`(SELECT to_json(f) FROM "c${i}" f WHERE f."organizationId" = listed.id) AS "${i}"`));
  const rows = await portal.$queryRaw<Record<string, unknown>[]>`
    WITH ${Sql.join(ctes)}
    SELECT listed.id, ${Sql.join(columns)}, ${alongside(Sql.raw('listed.id'))} AS alongside FROM ${listedOrganizationsSql(at.ids)}`;
  const byId = new Map(organizations.map((o) => [o.id, o]));
  const result = new Map<number, { contributions: StageContribution[]; alongside: Alongside }>();
  for (const row of rows) {
    const organization = byId.get(row.id as number)!;
    const scope: FiguresScope = { organization, today: at.today };
    const given = composed.map((c, i) => c.contribute(row[String(i)] as never, scope));
    // Most contributors answer at once: awaiting only those that do not saves a turn per organization.
    const contributions = given.some((g) => g instanceof Promise) ? await Promise.all(given) : (given as StageContribution[][]);
    result.set(organization.id, { contributions: contributions.flat(), alongside: (row.alongside ?? null) as Alongside });
  }
  return result;
}
