/**
 * The to-do home's contract. A signed-in person opens `/` and first sees what they must do: each module that
 * owns a kind of work contributes that person's open items through its face (a `TodoContributor`, collected by
 * the composition root like the dashboard's stage cards) — questionnaires to fill, consents to give, orders to
 * acknowledge or approve, plan items due, comments waiting for an answer. No module reads another's tables for
 * it, and each contributor is a fixed number of statements (usually one), whatever the organization's size.
 */
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

export type TodoContributor = (scope: Scope) => Promise<TodoGroup[]>;

/** Every contributor asked at once; overdue items first within a group; empty groups dropped. */
export async function collectTodo(scope: Scope, contributors: TodoContributor[]): Promise<TodoGroup[]> {
  const groups = (await Promise.all(contributors.map((contribute) => contribute(scope)))).flat();
  return groups
    .filter((g) => g.items.length > 0)
    .map((g) => ({ ...g, items: [...g.items].sort((a, b) => Number(b.overdue ?? false) - Number(a.overdue ?? false)) }));
}
