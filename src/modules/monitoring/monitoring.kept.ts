/**
 * Monitoring's statements as composed before, by what they were composed of (bounded). The page's statement — a
 * dozen rules nested in one WITH, 16 000 characters, 57 values — is the same text for every organization, year and
 * day (they are its values), yet composing it and writing its `$n` text was most of the monitoring page's own
 * JavaScript (~0.15 ms a request, more than everything else it does); a list's, a smaller share of the same. The
 * text is written once per shape and shared by that shape's statements, so the statement-name lookup
 * (core/database/direct-reads.ts) and pg's check of a named statement compare one string object.
 */
import { KeptStatements } from '../../core/composed-statement.ts';
import type { Prisma as Sql } from '../../generated/prisma/client.ts';

const kept = new KeptStatements(1_000, 32);

/**
 * The statement `compose()` gives, kept under `key` — which must name everything the statement is made of (the
 * organization, the year, the day, the caller's choice of columns or list).
 */
export function keptStatement(key: string, compose: () => Sql.Sql): Sql.Sql {
  return kept.kept(key, compose);
}
