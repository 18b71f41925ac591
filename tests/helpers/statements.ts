import pg from 'pg';

/** The SQL statements that name `table` (quoted, as the portal writes it) sent while `fn` runs: the pool's clients all go through Client#query. */
export async function statementsOn(table: string, fn: () => Promise<unknown>): Promise<string[]> {
  const original = pg.Client.prototype.query;
  const seen: string[] = [];
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const config = args[0] as string | { text?: string };
    const text = typeof config === 'string' ? config : config?.text ?? '';
    if (text.includes(`"${table}"`)) seen.push(text);
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    await fn();
  } finally {
    pg.Client.prototype.query = original;
  }
  return seen;
}
