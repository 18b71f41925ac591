/**
 * The to-do home's contract. A signed-in person opens `/` and first sees what they must do: each module that
 * owns a kind of work contributes that person's open items through its face (a `TodoContributor`, collected by
 * the composition root like the dashboard's stage cards) — questionnaires to fill, consents to give, orders to
 * acknowledge or approve, plan items due, comments waiting for an answer. No module reads another's tables for
 * it, and each contributor is a fixed number of statements (usually one), whatever the organization's size.
 */
import { Prisma as Sql } from '../generated/prisma/client.ts';
import { contributorsStatement } from './composed-statement.ts';
import type { Scope } from './scope.ts';

export interface TodoItem {
  /** What to do, as a short sentence: «Заполнить анкету „Запрос на наставничество“». */
  text: string;
  /** One tap to it. */
  href: string;
  /** A detail under the text: a deadline, the head's comment. */
  detail?: string;
  /** 'YYYY-MM-DD' when the item has a date (plan items, questionnaires closing). */
  due?: string;
  /** Past its date: shown first and marked. */
  overdue?: boolean;
}

/** What one module asks of the person: a heading and its items (an empty group is not shown). */
export interface TodoGroup {
  /** Names the group on the page (`data-todo`), stable for tests. */
  key: string;
  title: string;
  items: TodoItem[];
  /** More items than shown: the link to the full list. */
  more?: { href: string; count: number };
}

/**
 * A contributor whose items are ONE row of its own SQL (lists as JSON arrays, built from its module's rules and their
 * SQL twins): the home sends the rows of every such contributor as ONE statement, like the dashboard's figures
 * (core/dashboard.ts), and hands each its row back — a statement's round trip, plan and client work cost more
 * than the few indexed rows each reads.
 */
export interface TodoFigures<Row = never> {
  /** A SELECT giving exactly one row; null: nothing to ask for this person (no statement). */
  figures(scope: Scope): Sql.Sql | null;
  /**
   * The groups from that row, as JSON carries it: numbers and strings (a `date` as 'YYYY-MM-DD', a `timestamp`
   * as ISO text without a zone: UTC), SQL NULL as null.
   */
  groups(row: Row, scope: Scope): TodoGroup[] | Promise<TodoGroup[]>;
}

// `any`: each contributor knows its own row's shape; the collector does not.
export type TodoContributor = ((scope: Scope) => Promise<TodoGroup[]>) | TodoFigures<any>;

/**
 * Every contributor asked at once (the rows of the composable ones in one statement); overdue items first within a
 * group; empty groups dropped.
 */
export async function collectTodo(scope: Scope, contributors: TodoContributor[]): Promise<TodoGroup[]> {
  // The text composed once per shape (which contributors ask for this person), a request only collects the values.
  const statement = contributorsStatement(scope, contributors, null);
  const reading = statement ? scope.db.$queryRaw<Record<string, unknown>[]>(statement) : Promise.resolve([]);
  // Only promises are awaited, as the dashboard's gather does: every contributor of the home is composable and
  // answers from the row at once, and Promise.all made a promise and a turn for each of them, twice per page.
  const [rows, ...asked] = contributors.some((c) => typeof c === 'function')
    ? await Promise.all([reading, ...contributors.map((c) => (typeof c === 'function' ? c(scope) : null))])
    : [await reading];
  const row = (rows as Record<string, unknown>[])[0] ?? {};
  const given = contributors.map((c, i) => (typeof c === 'function' ? (asked[i] as TodoGroup[]) : String(i) in row ? c.groups(row[String(i)] as never, scope) : []));
  const groups = (given.some((g) => g instanceof Promise) ? await Promise.all(given) : (given as TodoGroup[][])).flat();
  return groups
    .filter((g) => g.items.length > 0)
    // Written out, not `{ ...g, items }`: a property after a spread takes V8's slow path.
    .map((g) => ({ key: g.key, title: g.title, items: [...g.items].sort((a, b) => Number(b.overdue ?? false) - Number(a.overdue ?? false)), more: g.more }));
}
