import pg from 'pg';

/** Every SQL statement sent while `fn` runs: the pool's clients all go through Client#query. */
export async function statementsDuring(fn: () => Promise<unknown>): Promise<string[]> {
  const original = pg.Client.prototype.query;
  const seen: string[] = [];
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const config = args[0] as string | { text?: string };
    seen.push(typeof config === 'string' ? config : (config?.text ?? ''));
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    await fn();
  } finally {
    pg.Client.prototype.query = original;
  }
  return seen;
}

/** The statements sent while `fn` runs that name `table` (quoted, as the portal writes it). */
export async function statementsOn(table: string, fn: () => Promise<unknown>): Promise<string[]> {
  return (await statementsDuring(fn)).filter((text) => text.includes(`"${table}"`));
}
