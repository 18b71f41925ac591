// PostgreSQL side of the schema-engine stand-in: connection-URL parsing, user-facing error mapping,
// `cli …` database commands and the migration-aware driver-adapter factory given to the wasm engine.

import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { DriverAdapterError } from '@prisma/driver-adapter-utils';
import { log } from './log.mjs';

const requireFromPg = createRequire(createRequire(import.meta.url).resolve('pg'));
const parseConnectionString = requireFromPg('pg-connection-string');

// ---------------------------------------------------------------------------------------------
// Column types. @prisma/adapter-pg throws "Unsupported column type" for built-in types it does not
// know, e.g. "char" (OID 18: pg_constraint.contype, pg_class.relkind, …) which the engine's catalog
// queries return. Such columns are handed to the adapter as text; "char" columns are then reported
// to the engine as Character (it reads them with `as_char`, which fails on Text values).
// ---------------------------------------------------------------------------------------------
const TEXT_OID = 25;
const CHAR_OID = 18;
const COLUMN_TYPE_CHARACTER = 6; // ColumnTypeEnum.Character in @prisma/driver-adapter-utils
const FIRST_NORMAL_OBJECT_ID = 16384;
const ADAPTER_KNOWN_OIDS = new Set([
  16, 17, 19, 20, 21, 23, 25, 26, 114, 142, 650, 700, 701, 790, 869, 1042, 1043, 1082, 1083, 1114, 1184, 1266, 1560,
  1562, 1700, 2950, 3802,
  // arrays
  143, 199, 651, 791, 1000, 1001, 1002, 1005, 1007, 1009, 1014, 1015, 1016, 1021, 1022, 1028, 1041, 1115, 1182, 1183,
  1185, 1231, 1561, 1563, 2951, 3807,
]);
const rawText = (value) => value;
/** Hidden property put on a pg result's `rows` array: indexes of the columns that were "char". */
const CHAR_COLUMNS = Symbol('standin.charColumns');

let resultPatched = false;
export function patchPgResultTypes() {
  if (resultPatched) return;
  resultPatched = true;
  const original = pg.Result.prototype.addFields;
  pg.Result.prototype.addFields = function addFields(fieldDescriptions) {
    original.call(this, fieldDescriptions);
    const charColumns = [];
    for (let i = 0; i < fieldDescriptions.length; i++) {
      const field = fieldDescriptions[i];
      if (field.dataTypeID < FIRST_NORMAL_OBJECT_ID && !ADAPTER_KNOWN_OIDS.has(field.dataTypeID)) {
        if (field.dataTypeID === CHAR_OID) charColumns.push(i);
        field.dataTypeID = TEXT_OID;
        if (this._parsers) this._parsers[i] = rawText;
      }
    }
    if (Array.isArray(this.rows)) Object.defineProperty(this.rows, CHAR_COLUMNS, { value: charColumns, configurable: true });
  };
}

/** Applies the "char" → Character column type correction to a queryRaw result. */
function fixCharColumns(resultSet) {
  const charColumns = resultSet?.rows?.[CHAR_COLUMNS];
  if (charColumns?.length) for (const i of charColumns) resultSet.columnTypes[i] = COLUMN_TYPE_CHARACTER;
  return resultSet;
}

// ---------------------------------------------------------------------------------------------
// Connection URLs
// ---------------------------------------------------------------------------------------------
/** Query parameters understood by Prisma's native engine but meaningless (or harmful) for node-postgres. */
const PRISMA_ONLY_PARAMS = [
  'schema', 'connection_limit', 'pool_timeout', 'pgbouncer', 'statement_cache_size', 'socket_timeout', 'sslaccept',
  'sslidentity', 'sslpassword', 'max_connection_lifetime', 'max_idle_connection_lifetime', 'single_use_connections',
  'connect_timeout', 'sslmode', 'sslcert', 'sslkey', 'sslrootcert', 'uselibpqcompat', 'db', 'encoding',
];

export class UserFacingError extends Error {
  constructor(code, message, meta = {}) {
    super(message);
    this.name = 'UserFacingError';
    this.errorCode = code;
    this.meta = meta;
  }
}

/**
 * Turns a Prisma-style postgres URL into discrete node-postgres settings (no `connectionString`,
 * so that `{ ...config, database }` really targets another database).
 */
export function parseDatabaseUrl(url) {
  if (typeof url !== 'string' || url.length === 0) throw new UserFacingError('P1012', 'The datasource URL is empty.');
  if (!/^postgres(ql)?:\/\//i.test(url)) {
    throw new UserFacingError(
      'P1013',
      `The provided database string is invalid. The schema-engine stand-in only supports postgresql:// URLs.`,
    );
  }
  let raw, parsed;
  try {
    raw = parseConnectionString(url); // raw: every query parameter is kept as a string
    parsed = parseConnectionString.toClientConfig(raw);
  } catch (error) {
    throw new UserFacingError('P1013', `The provided database string is invalid. ${error.message}`);
  }
  const schema = raw.schema || undefined;
  const connectTimeout = raw.connect_timeout != null ? Number(raw.connect_timeout) : 5;
  const sslmode = raw.sslmode;

  const config = { ...parsed };
  for (const key of PRISMA_ONLY_PARAMS) delete config[key];
  config.host ||= 'localhost';
  config.port ||= 5432;
  config.user ||= process.env.PGUSER || 'postgres';
  config.database ||= 'postgres';
  if (sslmode === 'disable' || sslmode === 'prefer' || sslmode === 'allow') config.ssl = false;
  else if (sslmode && sslmode !== 'verify-full') {
    // Prisma's default for sslmode=require is `sslaccept=accept_invalid_certs`.
    const strict = raw.sslaccept === 'strict';
    config.ssl = { ...(typeof parsed.ssl === 'object' ? parsed.ssl : {}), rejectUnauthorized: strict };
  }
  if (Number.isFinite(connectTimeout) && connectTimeout > 0) config.connectionTimeoutMillis = connectTimeout * 1000;
  if (schema) {
    const quoted = `"${schema.replaceAll('"', '""')}"`;
    config.options = [config.options, `-c search_path=${quoted.replaceAll(' ', '\\ ')}`].filter(Boolean).join(' ');
  }
  const isSocket = String(config.host).startsWith('/');
  return {
    config,
    schema,
    database: config.database,
    user: config.user,
    location: isSocket ? `unix:${config.host}` : `${config.host}:${config.port}`,
  };
}

export function withDatabase(info, database) {
  return { ...info, database, config: { ...info.config, database } };
}

export const quoteIdent = (name) => `"${String(name).replaceAll('"', '""')}"`;

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOENT']);

/** Maps a node-postgres / socket error to the user-facing error the native engine would report. */
export function toUserFacingError(error, info) {
  if (error instanceof UserFacingError) return error;
  const code = error?.code;
  const where = info?.location ?? 'unknown';
  const db = info?.database ?? '';
  if (code === '3D000') return new UserFacingError('P1003', `Database \`${db}\` does not exist on the database server at \`${where}\`.`, { database_name: db, database_location: where });
  if (code === '28P01') {
    return new UserFacingError(
      'P1000',
      `Authentication failed against database server at \`${where}\`, the provided database credentials for \`${info?.user}\` are not valid.\n\nPlease make sure to provide valid database credentials for the database server at \`${where}\`.`,
      { database_user: info?.user, database_host: where },
    );
  }
  if (code === '28000') return new UserFacingError('P1010', `User \`${info?.user}\` was denied access on the database \`${db}\``, { database_user: info?.user, database_name: db });
  if (code === '42501') return new UserFacingError('P1010', `User \`${info?.user}\` was denied access on the database \`${db}\`: ${error.message}`, { database_user: info?.user, database_name: db });
  if (code === '42P04') return new UserFacingError('P1009', `Database \`${db}\` already exists on the database server at \`${where}\``, { database_name: db, database_location: where });
  if (code === '53300') return new UserFacingError('P1001', `Can't reach database server at \`${where}\`: too many connections (${error.message}).`, { database_location: where });
  if (SOCKET_CODES.has(code) || /timeout|terminated unexpectedly|Connection terminated/i.test(error?.message ?? '')) {
    return new UserFacingError(
      'P1001',
      `Can't reach database server at \`${where}\`\n\nPlease make sure your database server is running at \`${where}\`.`,
      { database_location: where },
    );
  }
  if (/SSL|TLS|certificate/i.test(error?.message ?? '') || String(code ?? '').startsWith('ERR_TLS') || /CERT/.test(String(code ?? ''))) {
    return new UserFacingError('P1011', `Error opening a TLS connection: ${error.message}`, { message: error.message });
  }
  return null;
}

function describe(error) {
  return error?.message || String(error);
}

// ---------------------------------------------------------------------------------------------
// `schema-engine --datasource <json> cli <command>`
// ---------------------------------------------------------------------------------------------
async function withClient(config, fn) {
  const client = new pg.Client(config);
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Returns null when the database accepts connections, or the user-facing error otherwise. */
export async function checkConnection(info) {
  try {
    await withClient(info.config, (c) => c.query('SELECT 1'));
    return null;
  } catch (error) {
    return toUserFacingError(error, info) ?? new UserFacingError('P1001', describe(error));
  }
}

/** Runs `fn` on a connection to a maintenance database of the same server (`postgres`, then `template1`). */
async function withMaintenanceClient(info, fn) {
  let client;
  let lastError;
  for (const database of ['postgres', 'template1']) {
    const candidate = new pg.Client({ ...info.config, database });
    candidate.on('error', () => {});
    try {
      await candidate.connect();
      client = candidate;
      break;
    } catch (error) {
      lastError = error;
      await candidate.end().catch(() => {});
      if (error?.code !== '3D000' && error?.code !== '28000') break;
    }
  }
  if (!client) throw toUserFacingError(lastError, info) ?? lastError;
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function createDatabase(info) {
  try {
    await withMaintenanceClient(info, (c) => c.query(`CREATE DATABASE ${quoteIdent(info.database)}`));
  } catch (error) {
    throw toUserFacingError(error, info) ?? error;
  }
  return info.database;
}

export async function dropDatabase(info) {
  try {
    await withMaintenanceClient(info, (c) => dropDatabaseOn(c, info.database));
  } catch (error) {
    throw toUserFacingError(error, info) ?? error;
  }
}

async function dropDatabaseOn(client, database, ifExists = false) {
  const stmt = `DROP DATABASE ${ifExists ? 'IF EXISTS ' : ''}${quoteIdent(database)}`;
  try {
    await client.query(`${stmt} WITH (FORCE)`);
  } catch (error) {
    if (error?.code !== '42601') throw error; // PostgreSQL < 13 has no WITH (FORCE)
    await client.query(stmt);
  }
}

// ---------------------------------------------------------------------------------------------
// Driver-adapter factory for the wasm engine
// ---------------------------------------------------------------------------------------------
const ColumnType = { Boolean: 5, Text: 7, Int32: 0 };

/**
 * Adds to a PrismaPg adapter:
 *  - executeScript that sends the whole script in one simple-query round trip (the stock one splits on
 *    every `;`, which breaks semicolons in string literals, comments and function bodies);
 *  - bookkeeping of the last database error (for P3018 messages).
 */
function enhanceAdapter(adapter, state) {
  const pool = adapter.underlyingDriver();
  const record = (fn) =>
    async function (...args) {
      try {
        return await fn.apply(this, args);
      } catch (error) {
        const cause = error?.cause ?? {};
        state.lastDbError = {
          code: cause.originalCode ?? cause.code ?? error?.code ?? null,
          message: cause.originalMessage ?? cause.message ?? error?.message ?? String(error),
        };
        throw error;
      }
    };
  adapter.executeScript = record(async function executeScript(script) {
    try {
      await pool.query(script);
    } catch (error) {
      adapter.onError(error); // throws a DriverAdapterError, exactly like the stock adapter
    }
  });
  const queryRaw = adapter.queryRaw.bind(adapter);
  adapter.queryRaw = record(async (query) => fixCharColumns(await queryRaw(query)));
  adapter.executeRaw = record(adapter.executeRaw.bind(adapter));
  return adapter;
}

/**
 * An adapter for a server we cannot reach. The engine insists on one version query while it starts; we
 * answer it so that commands that never touch the database (e.g. `migrate diff --from-empty --to-schema`)
 * still work, like with the native engine which connects lazily. Everything else fails with the real error.
 */
function offlineAdapter(error) {
  const fail = async () => {
    throw new DriverAdapterError({ kind: 'postgres', code: error.errorCode ?? 'N/A', severity: 'FATAL', message: error.message });
  };
  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    async queryRaw(query) {
      if (/^\s*SELECT EXISTS\(SELECT 1 FROM pg_namespace/i.test(query.sql) && /version\(\)/.test(query.sql)) {
        return {
          columnNames: ['exists', 'version', 'numeric_version'],
          columnTypes: [ColumnType.Boolean, ColumnType.Text, ColumnType.Int32],
          rows: [[true, 'PostgreSQL 17.0 (schema-engine stand-in: database not reachable)', 170000]],
        };
      }
      return fail();
    },
    executeRaw: fail,
    executeScript: fail,
    startTransaction: fail,
    getConnectionInfo: () => ({ schemaName: undefined, supportsRelationJoins: true }),
    dispose: async () => {},
  };
}

export class StandInPgAdapterFactory {
  provider = 'postgres';
  adapterName = '@prisma/adapter-pg';

  /**
   * @param {object} opts
   * @param {ReturnType<typeof parseDatabaseUrl>} opts.main
   * @param {ReturnType<typeof parseDatabaseUrl> | null} opts.shadow  configured shadowDatabaseUrl, if any
   * @param {UserFacingError | null} opts.offlineError  set when the main database is not reachable
   */
  constructor({ main, shadow, offlineError }) {
    this.main = main;
    this.shadow = shadow;
    this.offlineError = offlineError;
    this.state = { lastDbError: null, shadowError: null };
    this.temporaryDatabases = new Set();
    this.openAdapters = new Set();
  }

  track(adapter) {
    this.openAdapters.add(adapter);
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      this.openAdapters.delete(adapter);
      await dispose();
    };
    return adapter;
  }

  async connect() {
    if (this.offlineError) return offlineAdapter(this.offlineError);
    const adapter = await new PrismaPg({ ...this.main.config }, { schema: this.main.schema }).connect();
    return this.track(enhanceAdapter(adapter, this.state));
  }

  async connectToShadowDb() {
    this.state.shadowError = null;
    if (this.shadow) {
      // Unlike the native engine, the wasm engine does not wipe a configured shadow database first.
      try {
        await this.resetConfiguredShadowDatabase();
      } catch (error) {
        this.state.shadowError = error;
        throw new DriverAdapterError({
          kind: 'postgres',
          code: error?.code ?? 'N/A',
          severity: error?.severity ?? 'ERROR',
          message: `Could not prepare the shadow database (shadowDatabaseUrl): ${describe(error)}`,
        });
      }
      const adapter = await new PrismaPg({ ...this.shadow.config }, { schema: this.shadow.schema }).connect();
      return this.track(enhanceAdapter(adapter, this.state));
    }
    if (this.offlineError) {
      this.state.shadowError = this.offlineError;
      throw new DriverAdapterError({ kind: 'postgres', code: 'N/A', severity: 'FATAL', message: this.offlineError.message });
    }
    const name = `prisma_migrate_shadow_db_${randomUUID()}`;
    try {
      await withClient(this.main.config, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
    } catch (error) {
      this.state.shadowError = new UserFacingError(
        'P3014',
        'Prisma Migrate could not create the shadow database. Please make sure the database user has permission to create databases. ' +
          'Read more about the shadow database (and workarounds) at https://pris.ly/d/migrate-shadow\n\n' +
          `Original error: ${error?.code ? `${error.code} ` : ''}\n${describe(error)}`,
      );
      throw new DriverAdapterError({
        kind: 'postgres',
        code: error?.code ?? 'N/A',
        severity: error?.severity ?? 'ERROR',
        message: `Could not create the shadow database: ${describe(error)}`,
      });
    }
    this.temporaryDatabases.add(name);
    log('INFO', `Created temporary shadow database ${name}`);
    const info = withDatabase(this.main, name);
    const adapter = enhanceAdapter(await new PrismaPg({ ...info.config }, { schema: this.main.schema }).connect(), this.state);
    const closePool = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await closePool(); // the pool must be closed before the database can be dropped
      await this.dropTemporaryDatabase(name);
    };
    return this.track(adapter);
  }

  /** Drops every user schema of the configured shadow database (creating the database if needed). */
  async resetConfiguredShadowDatabase() {
    const wipe = (c) =>
      c.query(`
        DO $standin$
        DECLARE s name;
        BEGIN
          FOR s IN SELECT nspname FROM pg_namespace
                   WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'
          LOOP
            EXECUTE format('DROP SCHEMA %I CASCADE', s);
          END LOOP;
          CREATE SCHEMA IF NOT EXISTS public;
          EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I', ${pg.escapeLiteral(this.shadow.schema ?? 'public')});
        END
        $standin$`);
    try {
      await withClient(this.shadow.config, wipe);
    } catch (error) {
      if (error?.code !== '3D000') throw error;
      await createDatabase(this.shadow);
      log('INFO', `Created shadow database ${this.shadow.database}`);
    }
  }

  async dropTemporaryDatabase(name) {
    if (!this.temporaryDatabases.has(name)) return;
    try {
      await withClient(this.main.config, (c) => dropDatabaseOn(c, name, true));
      this.temporaryDatabases.delete(name);
      log('INFO', `Dropped temporary shadow database ${name}`);
    } catch (error) {
      log('WARN', `Could not drop temporary shadow database ${name}: ${describe(error)}`);
    }
  }

  /** Closes every pool and drops leftover temporary shadow databases (on shutdown). */
  async cleanup() {
    for (const adapter of [...this.openAdapters]) await adapter.dispose().catch(() => {});
    for (const name of [...this.temporaryDatabases]) await this.dropTemporaryDatabase(name);
  }
}
