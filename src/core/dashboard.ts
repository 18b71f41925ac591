/**
 * The dashboard's contract. The home page is one card per roadmap stage, and a card is a list of items that
 * the modules contribute through their faces (the composition root, src/modules/index.ts, collects them; the
 * roadmap module only renders). An item states one thing about the stage and whether it is done; the stage
 * is done when EVERY item of it is done. A number on the card is a figure: it links to a list page that
 * shows exactly the rows it counts (the list exposes its total as `data-total`; a test holds them equal).
 */
import { Prisma as Sql } from '../generated/prisma/client.ts';
import type { Permission } from './auth/permissions.ts';
import type { Scope } from './scope.ts';

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
   * The stage items from that row, as JSON carries it: numbers and strings (a `date` as 'YYYY-MM-DD', a
   * `timestamp` as ISO text without a zone: UTC), nested JSON as objects; SQL NULL as null.
   */
  contribute(row: Row, scope: Scope): StageContribution[] | Promise<StageContribution[]>;
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
  const composed = contributors.flatMap((c, i) => (typeof c === 'function' ? [] : [{ c, name: String(i) }]));
  const columns = composed.map(({ c, name }) => Sql.sql`(SELECT to_json(f) FROM (${c.figures(scope)}) f) AS ${Sql.raw(`"${name}"`)}`);
  if (alongside) columns.push(Sql.sql`${alongside} AS alongside`);
  const [rows, ...asked] = await Promise.all([
    columns.length ? scope.db.$queryRaw<Record<string, unknown>[]>`SELECT ${Sql.join(columns)}` : [],
    ...contributors.map((c) => (typeof c === 'function' ? c(scope) : null)),
  ]);
  const row = (rows as Record<string, unknown>[])[0] ?? {};
  const contributions = await Promise.all(contributors.map((c, i) => (typeof c === 'function' ? asked[i]! : c.contribute(row[String(i)] as never, scope))));
  return { contributions: contributions.flat(), row };
}
