import { z } from 'zod';

export const PAGE_SIZE = 25;

export const pageParam = z.coerce.number().int().min(1).max(100_000).catch(1).default(1);

/**
 * A list filter naming one value of an enum or several, comma-separated («ACTIVE,COMPLETED»): the rows a
 * dashboard figure counts are often a set of statuses. Unknown values drop the filter (an old or mangled
 * link shows the whole list rather than an error). Parsed into the list of values, [] = no filter.
 */
export function enumListParam<E extends string>(values: readonly E[] | Record<string, E>) {
  const allowed = new Set<string>(Array.isArray(values) ? values : Object.values(values));
  return z
    .string()
    .optional()
    .transform((text): E[] => {
      const list = [...new Set((text ?? '').split(',').map((v) => v.trim()).filter(Boolean))];
      return list.every((v) => allowed.has(v)) ? (list as E[]) : [];
    })
    .catch([]);
}

export interface Page {
  page: number;
  pages: number;
  total: number;
  perPage: number;
  skip: number;
}

export function pageOf(total: number, requested: number, perPage = PAGE_SIZE): Page {
  const pages = Math.max(1, Math.ceil(total / perPage));
  const page = Math.min(Math.max(1, requested), pages);
  return { page, pages, total, perPage, skip: (page - 1) * perPage };
}

/** The query string of the current list with another page number (filters kept). */
export function pageHref(basePath: string, query: Record<string, string | undefined>, page: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  if (page > 1) params.set('page', String(page));
  const qs = params.toString();
  return qs ? `${basePath}?${qs}` : basePath;
}

/**
 * One page of a list: the count and the rows run in parallel; only a page past the end (an old link)
 * costs a second query for the last page.
 */
export async function paginated<T>(
  requested: number,
  count: () => Promise<number>,
  rows: (skip: number, take: number) => Promise<T[]>,
  perPage = PAGE_SIZE,
): Promise<{ page: Page; rows: T[] }> {
  const [total, first] = await Promise.all([count(), rows((Math.max(1, requested) - 1) * perPage, perPage)]);
  const page = pageOf(total, requested, perPage);
  return { page, rows: page.page === requested ? first : await rows(page.skip, perPage) };
}

/**
 * One page of a list read by a statement that also answers the list's total (`totalOf` finds it in the answer):
 * `read(skip)` reads the requested page; only a page past the end (an old link) reads again, the last page.
 */
export async function pageRead<Answer>(
  requested: number,
  read: (skip: number) => Promise<Answer>,
  totalOf: (answer: Answer) => number,
  perPage = PAGE_SIZE,
): Promise<{ page: Page; answer: Answer }> {
  const first = Math.max(1, requested);
  let answer = await read((first - 1) * perPage);
  const page = pageOf(totalOf(answer), first, perPage);
  if (page.page !== first) answer = await read(page.skip);
  return { page, answer };
}

/** The total a `pageWithTotal` statement carries on each of its rows (none: an empty list). */
const totalOnRows = (rows: readonly { total: number }[]): number => rows[0]?.total ?? 0;

/**
 * One page of a list read in ONE statement together with its total — the count, and beside it the page's rows
 * (`FROM (SELECT count(*) …) t LEFT JOIN LATERAL (… OFFSET skip LIMIT n) p ON true`: when the page is empty, the
 * one row of the count with nulls beside it). `pageRows(skip)` sends that statement (pageRead). The rows come back
 * as the statement gave them, `total` still on each: a copy of every row without it (`({ total, ...row }) => row`)
 * took V8's slow copying path, row by row.
 */
export async function pageWithTotal<Row extends { id: unknown }>(
  requested: number,
  pageRows: (skip: number) => Promise<(Row & { total: number })[]>,
  perPage = PAGE_SIZE,
): Promise<{ page: Page; rows: Row[] }> {
  const { page, answer: rows } = await pageRead(requested, pageRows, totalOnRows, perPage);
  // An empty page is the count's one row with nulls beside it.
  return { page, rows: rows[0] && rows[0].id !== null ? rows : [] };
}
