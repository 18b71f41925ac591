/** What the city page shows, read back from its HTML (tests/http/city*.test.ts). */

/**
 * The kindergartens' rows of /city: id → { stage states, indicators } as shown. A row's cells carry no names of
 * their own (views/city/index.ejs): its stages are the cells with a state, its indicators the other cells, in the
 * order of the headings' `data-indicator`.
 */
export function cityRowsOf(html: string) {
  const keys = [...html.matchAll(/<th [^>]*data-indicator="(\w+)"/g)].map((m) => m[1]!);
  const rows = new Map<number, { stages: string[]; indicators: Record<string, number> }>();
  for (const m of html.matchAll(/<tr data-organization="(\d+)">([\s\S]*?)<\/tr>/g)) {
    const stages = [...m[2]!.matchAll(/data-state="(\w+)"/g)].map((s) => s[1]!);
    const numbers = [...m[2]!.matchAll(/<td>([\d\s ]+)<\/td>/g)].map((s) => Number(s[1]!.replace(/\D/g, '')));
    rows.set(Number(m[1]), { stages, indicators: Object.fromEntries(keys.map((key, i) => [key, numbers[i]!])) });
  }
  return rows;
}
