/** What the city page shows, read back from its HTML (tests/http/city*.test.ts). */

/** The kindergartens' rows of /city: id → { stage states, indicators } as shown. */
export function cityRowsOf(html: string) {
  const rows = new Map<number, { stages: string[]; indicators: Record<string, number> }>();
  for (const m of html.matchAll(/<tr data-organization="(\d+)">([\s\S]*?)<\/tr>/g)) {
    const stages = [...m[2]!.matchAll(/data-state="(\w+)"/g)].map((s) => s[1]!);
    const indicators = Object.fromEntries([...m[2]!.matchAll(/data-indicator="(\w+)">([\d\s ]+)</g)].map((s) => [s[1]!, Number(s[2]!.replace(/\D/g, ''))]));
    rows.set(Number(m[1]), { stages, indicators });
  }
  return rows;
}
