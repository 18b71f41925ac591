/**
 * What a search box means in SQL, in one place: a word is found anywhere in a field (ILIKE, any case), and the
 * characters a person types are what they mean — `%` and `_` are literal, not patterns. (Prisma's `contains`
 * sends the word unescaped, so «оц%нт» also found «Процентова»; the lists read in SQL do not repeat that.)
 */
export function containsPattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
