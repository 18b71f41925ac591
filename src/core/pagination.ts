import { z } from 'zod';

export const PAGE_SIZE = 25;

export const pageParam = z.coerce.number().int().min(1).max(100_000).catch(1).default(1);

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
