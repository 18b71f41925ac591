#!/usr/bin/env node
// Stand-in for Prisma's native schema-engine binary, built on @prisma/schema-engine-wasm + @prisma/adapter-pg.
// See README.md next to this file. The Prisma CLI finds it through PRISMA_SCHEMA_ENGINE_BINARY.
//
//   schema-engine.mjs --version
//   schema-engine.mjs [--datamodels <file>…] [--datasource <json>]             JSON-RPC 2.0 on stdin/stdout
//   schema-engine.mjs --datasource <json> cli can-connect-to-database|create-database|drop-database
//
// stdout carries only JSON-RPC messages; logs go to stderr as JSON lines.

import fs from 'node:fs';
import readline from 'node:readline';
import { CLI_ERROR_TARGET, ENGINE_TARGET, log, routeProcessWarningsToLog, writeLogLine } from './log.mjs';

routeProcessWarningsToLog();

// Loaded lazily so that `--version` stays fast.
const loadPg = () => import('./pg-support.mjs');
const loadWasm = () => import('./wasm-engine.mjs');

function engineHash() {
  try {
    // The package's "exports" hide package.json; resolve the entry point and look next to it.
    const pkgPath = new URL('./package.json', import.meta.resolve('@prisma/schema-engine-wasm'));
    const { version } = JSON.parse(fs.readFileSync(pkgPath, 'utf8'));
    return version.slice(version.lastIndexOf('.') + 1);
  } catch {
    return 'unknown';
  }
}

const USAGE = `schema-engine-cli (wasm stand-in)

USAGE:
    schema-engine.mjs [--datamodels <file>...] [--datasource <json>]
    schema-engine.mjs --datasource <json> cli <can-connect-to-database|create-database|drop-database>
    schema-engine.mjs --version
`;

function parseArgs(argv) {
  const out = { datamodels: [], datasource: null, previewFeatures: [], extensionTypes: null, cli: null, version: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '-V':
      case '--version':
        out.version = true;
        break;
      case '-h':
      case '--help':
        out.help = true;
        break;
      case '-d':
      case '--datamodels':
        if (inline !== undefined) out.datamodels.push(inline);
        while (i + 1 < argv.length && !argv[i + 1].startsWith('-') && argv[i + 1] !== 'cli') out.datamodels.push(argv[++i]);
        break;
      case '--datasource':
        out.datasource = value();
        break;
      case '--enabled-preview-features':
        out.previewFeatures = String(value() ?? '').split(',').filter(Boolean);
        break;
      case '--extension-types':
        out.extensionTypes = value();
        break;
      case 'cli':
        out.cli = argv.slice(i + 1);
        i = argv.length;
        break;
      default:
        throw new Error(`Unexpected argument: ${arg}`);
    }
  }
  return out;
}

function parseDatasource(json) {
  if (json == null) return null;
  const parsed = JSON.parse(json);
  if (typeof parsed === 'string') return { url: parsed };
  return parsed ?? null;
}

// ---------------------------------------------------------------------------------------------
// `cli …` sub-commands. The CLI skips the first stderr line and expects every other one to be JSON;
// on failure it looks for {level:"ERROR", target:"schema_engine::logger", fields:{error_code, message}}.
// ---------------------------------------------------------------------------------------------
function logCliError(code, message) {
  writeLogLine({
    timestamp: new Date().toISOString(),
    level: 'ERROR',
    fields: { is_panic: false, error_code: code ?? '', message },
    target: CLI_ERROR_TARGET,
  });
}

async function runCliCommand(args, datasource) {
  const [command] = args.cli;
  log('INFO', 'Starting schema engine CLI', { git_hash: engineHash() });
  const { parseDatabaseUrl, checkConnection, createDatabase, dropDatabase, UserFacingError } = await loadPg();
  try {
    if (!datasource?.url) throw new UserFacingError('P1012', 'The `--datasource` argument with a `url` is required for `cli` commands.');
    const info = parseDatabaseUrl(datasource.url);
    switch (command) {
      case 'can-connect-to-database': {
        const error = await checkConnection(info);
        if (error) throw error;
        log('INFO', 'Connection successful');
        return 0;
      }
      case 'create-database': {
        const name = await createDatabase(info);
        log('INFO', `Database '${name}' was successfully created.`);
        return 0;
      }
      case 'drop-database': {
        await dropDatabase(info);
        log('INFO', 'The database was successfully dropped.');
        return 0;
      }
      default:
        logCliError('', `Unknown cli command: ${command ?? '(none)'}`);
        return 1;
    }
  } catch (error) {
    logCliError(error?.errorCode ?? '', error?.message ?? String(error));
    return 1;
  }
}

// ---------------------------------------------------------------------------------------------
// JSON-RPC server
// ---------------------------------------------------------------------------------------------
/** Methods forwarded to the wasm engine unchanged (names as in schema_engine.d.ts). */
const WASM_METHODS = new Set([
  'applyMigrations', 'createMigration', 'dbExecute', 'devDiagnostic', 'diagnoseMigrationHistory', 'ensureConnectionValidity',
  'evaluateDataLoss', 'introspect', 'introspectSql', 'markMigrationApplied', 'markMigrationRolledBack', 'reset',
  'schemaPush', 'diff',
]);

/** Methods that need the schema produced by the migrations (see RpcServer.callWithMigrationsSchema). */
const MIGRATIONS_SCHEMA_METHODS = new Set(['evaluateDataLoss', 'createMigration']);

/** The wasm engine's error for a schema-from-migrations request that did not come with a shadow-database factory. */
function isMigrationsSchemaCacheMiss(error) {
  return /shadow DB must be provided through an external factory/.test(String(error?.message ?? error));
}

class RpcServer {
  constructor(args, datasource) {
    this.args = args;
    this.datasource = datasource;
    this.enginePromise = null;
    this.factory = null;
    this.queue = Promise.resolve();
    this.nextOutgoingId = 1_000_000;
    this.pendingOutgoing = new Map();
    this.exiting = false;
  }

  send(message) {
    process.stdout.write(JSON.stringify(message) + '\n');
  }

  /** Sends a request to the CLI (used for `print`) and waits for its answer. */
  callCli(method, params) {
    const id = this.nextOutgoingId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pendingOutgoing.delete(id);
        reject(new Error(`The CLI did not answer the ${method} request`));
      }, 60_000);
      this.pendingOutgoing.set(id, (message) => {
        clearTimeout(timer);
        if (message.error) reject(new Error(message.error.message ?? JSON.stringify(message.error)));
        else resolve(message.result);
      });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  async engine() {
    this.enginePromise ??= (async () => {
      const pgSupport = await loadPg();
      const { createWasmEngine } = await loadWasm();
      pgSupport.patchPgResultTypes();
      let main = null;
      let offlineError = null;
      try {
        if (!this.datasource?.url) throw new pgSupport.UserFacingError('P1012', 'No datasource URL was passed to the schema engine (--datasource).');
        main = pgSupport.parseDatabaseUrl(this.datasource.url);
        offlineError = await pgSupport.checkConnection(main);
      } catch (error) {
        offlineError = error instanceof pgSupport.UserFacingError ? error : new pgSupport.UserFacingError('P1001', String(error?.message ?? error));
      }
      if (offlineError) log('WARN', `Database not reachable, only offline commands will work: ${offlineError.message}`);
      const shadow = this.datasource?.shadowDatabaseUrl ? pgSupport.parseDatabaseUrl(this.datasource.shadowDatabaseUrl) : null;
      if (shadow && main && shadow.location === main.location && shadow.database === main.database) {
        throw new pgSupport.UserFacingError(
          'P3014',
          'The shadow database you configured appears to be the same as the main database. Please specify another shadow database.',
        );
      }
      this.factory = new pgSupport.StandInPgAdapterFactory({ main, shadow, offlineError });
      const datamodels = this.args.datamodels.map((file) => [file, fs.readFileSync(file, 'utf8')]);
      return createWasmEngine(datamodels, this.factory);
    })();
    return this.enginePromise;
  }

  async dispatch(method, params) {
    if (method === 'getDatabaseVersion') return (await this.engine()).version(params ?? null);
    if (method === 'version') return engineHash();
    if (method === 'debugPanic') return (await this.engine()).debugPanic();
    if (method === 'createDatabase') return this.createDatabase(params);
    if (method === 'getDatabaseDescription') throw new Error('getDatabaseDescription is not supported by the schema-engine stand-in.');
    if (!WASM_METHODS.has(method)) {
      const error = new Error(`Method not found: ${method}`);
      error.rpcCode = -32601;
      throw error;
    }
    const engine = await this.engine();
    const result = MIGRATIONS_SCHEMA_METHODS.has(method)
      ? await this.callWithMigrationsSchema(engine, method, params)
      : await engine[method](params);
    if (method === 'diff' && result && typeof result.stdout === 'string') {
      // The native engine prints the diff through the CLI (`print` request); the CLI relies on that.
      await this.callCli('print', { content: result.stdout });
    }
    return result;
  }

  /**
   * `evaluateDataLoss` and `createMigration` need the schema that the migrations produce. The wasm engine
   * does not hand these two methods the adapter factory: they only read that schema from a per-engine cache
   * filled by `devDiagnostic` / `diagnoseMigrationHistory` (which do use the factory's shadow database), and
   * on a cache miss fall back to a path that exists only in the native engine ("PostgreSQL shadow DB must be
   * provided through an external factory"). The cache key is the migration list, and the diagnosis caches the
   * list of migrations *applied at that moment*, so `migrate dev` misses whenever it had pending migrations:
   * devDiagnostic caches the applied part, applyMigrations applies the rest, evaluateDataLoss asks for all.
   * On that miss we run diagnoseMigrationHistory with the same list (every migration is applied by then, so
   * it replays all of them in a shadow database and caches the result) and call the method again.
   */
  async callWithMigrationsSchema(engine, method, params) {
    try {
      return await engine[method](params);
    } catch (error) {
      if (!isMigrationsSchemaCacheMiss(error)) throw error;
    }
    log('INFO', `${method}: computing the schema of the migrations in a shadow database first (diagnoseMigrationHistory)`);
    const diagnosis = await engine.diagnoseMigrationHistory({
      migrationsList: params?.migrationsList,
      optInToShadowDatabase: true,
      filters: params?.filters ?? { externalTables: [], externalEnums: [] },
    });
    try {
      return await engine[method](params);
    } catch (error) {
      if (!isMigrationsSchemaCacheMiss(error)) throw error;
      const pending = diagnosis?.history?.unappliedMigrationNames ?? [];
      throw new Error(
        'The schema-engine stand-in can only work out the schema of the migrations when all of them are applied ' +
          `to the database${pending.length ? ` (not applied: ${pending.join(', ')})` : ''}. Run \`prisma migrate deploy\` or \`prisma migrate dev\` first.`,
      );
    }
  }

  async createDatabase(params) {
    const { parseDatabaseUrl, createDatabase } = await loadPg();
    const source = params?.datasource;
    const url = source?.tag === 'ConnectionString' ? source.url : this.datasource?.url;
    const databaseName = await createDatabase(parseDatabaseUrl(url));
    return { databaseName };
  }

  async handleRequest(request) {
    const { id, method, params } = request;
    this.inFlight = { id, method };
    try {
      const result = await this.dispatch(method, params);
      if (id !== undefined) this.send({ jsonrpc: '2.0', id, result: result === undefined ? null : result });
    } catch (error) {
      const { rpcError, isPanic } = await this.toRpcError(error, method);
      log('ERROR', `${method} failed: ${error?.message ?? error}`);
      if (id !== undefined) this.send({ jsonrpc: '2.0', id, error: rpcError });
      if (isPanic) await this.shutdown(101);
    } finally {
      this.inFlight = null;
    }
  }

  /** A Rust panic inside a wasm future surfaces as an uncaught exception: answer the pending request. */
  reportPanic(message) {
    if (this.inFlight?.id === undefined) return;
    const data = { is_panic: true, message, meta: null };
    this.send({ jsonrpc: '2.0', id: this.inFlight.id, error: { code: 4466, message: 'An error happened. Check the data field for details.', data } });
    this.inFlight = null;
  }

  async toRpcError(error, method) {
    if (error?.rpcCode) return { rpcError: { code: error.rpcCode, message: error.message }, isPanic: false };
    const { panicRegistry } = await loadWasm();
    const isPanic = error instanceof WebAssembly.RuntimeError || panicRegistry.message != null;
    const data = { is_panic: isPanic, message: '', meta: null, error_code: null };
    if (isPanic) {
      data.message = panicRegistry.message ?? String(error?.message ?? error);
      data.backtrace = error?.stack;
    } else if (error?.name === 'UserFacingError') {
      Object.assign(data, { message: error.message, meta: error.meta, error_code: error.errorCode });
    } else {
      const raw = String(error?.message ?? error);
      const message = stripSpanTrace(raw);
      Object.assign(data, { message, error_code: error?.code ?? null });
      const shadowError = this.factory?.state.shadowError;
      if (!data.error_code && shadowError?.name === 'UserFacingError' && /shadow database/i.test(raw)) {
        Object.assign(data, { message: shadowError.message, error_code: shadowError.errorCode, meta: shadowError.meta });
      } else if (!data.error_code && this.factory?.offlineError) {
        Object.assign(data, { message: this.factory.offlineError.message, error_code: this.factory.offlineError.errorCode, meta: this.factory.offlineError.meta });
      } else if (!data.error_code && method === 'applyMigrations') {
        const p3018 = migrationFailedError(raw, this.factory?.state.lastDbError);
        if (p3018) Object.assign(data, p3018);
      }
    }
    if (data.error_code == null) delete data.error_code;
    return { rpcError: { code: 4466, message: 'An error happened. Check the data field for details.', data }, isPanic };
  }

  start() {
    log('INFO', 'Starting schema engine RPC server (wasm stand-in)', { git_hash: engineHash() });
    const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
    rl.on('line', (line) => {
      if (!line.trim()) return;
      let message;
      try {
        message = JSON.parse(line);
      } catch {
        this.send({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
        return;
      }
      if (typeof message.method === 'string') {
        this.queue = this.queue.then(() => this.handleRequest(message));
      } else if (message.id != null && this.pendingOutgoing.has(message.id)) {
        const resolve = this.pendingOutgoing.get(message.id);
        this.pendingOutgoing.delete(message.id);
        resolve(message);
      }
    });
    rl.on('close', () => {
      this.queue.then(() => this.shutdown(0));
    });
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => this.shutdown(0));
  }

  async shutdown(code) {
    if (this.exiting) return;
    this.exiting = true;
    const cleanup = this.factory ? this.factory.cleanup() : Promise.resolve();
    await Promise.race([cleanup.catch(() => {}), new Promise((r) => setTimeout(r, 5000).unref())]);
    process.exit(code);
  }
}

/** The wasm engine appends a tracing span trace ("   0: crate::module …") to its messages. */
function stripSpanTrace(message) {
  const lines = message.split('\n');
  const at = lines.findIndex((l) => /^\s+\d+: [\w:]+/.test(l));
  return (at === -1 ? lines : lines.slice(0, at)).join('\n').trimEnd();
}

/** A failed migration script becomes the native P3018 error instead of an anonymous connector error. */
function migrationFailedError(raw, lastDbError) {
  const name = raw.match(/apply_migration::apply_script\s+with migration_name="([^"]+)"/)?.[1];
  if (!name) return null;
  const text = stripSpanTrace(raw).replace(/^external connector error\n/, '').replace(/^Error querying the database: /, '');
  const code = lastDbError?.code ?? 'N/A';
  return {
    error_code: 'P3018',
    message:
      'A migration failed to apply. New migrations cannot be applied before the error is recovered from. Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve\n\n' +
      `Migration name: ${name}\n\nDatabase error code: ${code}\n\nDatabase error:\n${text}\n`,
    meta: { migration_name: name, database_error_code: code, database_error: text },
  };
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (args.version) {
    process.stdout.write(`schema-engine-cli ${engineHash()} (wasm stand-in)\n`);
    return;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return;
  }
  let datasource;
  try {
    datasource = parseDatasource(args.datasource);
  } catch (error) {
    if (args.cli) {
      log('INFO', 'Starting schema engine CLI', { git_hash: engineHash() });
      logCliError('', `Invalid --datasource JSON: ${error.message}`);
    } else {
      log('ERROR', `Invalid --datasource JSON: ${error.message}`, { is_panic: false });
    }
    process.exit(1);
  }
  if (args.cli) {
    const code = await runCliCommand(args, datasource);
    process.exit(code);
  }
  activeServer = new RpcServer(args, datasource);
  activeServer.start();
}

let activeServer = null;

process.on('uncaughtException', (error) => {
  const panic = globalThis.PRISMA_WASM_PANIC_REGISTRY?.message;
  const message = panic ?? `Uncaught exception in the schema-engine stand-in: ${error?.message ?? error}`;
  log('ERROR', `${message}\n${error?.stack ?? ''}`, { is_panic: true }, ENGINE_TARGET);
  if (!activeServer) process.exit(101);
  activeServer.reportPanic(message);
  activeServer.shutdown(101); // closes pools and drops temporary shadow databases first
});
process.on('unhandledRejection', (error) => {
  log('ERROR', `Unhandled rejection: ${error?.stack ?? error}`, { is_panic: true }, ENGINE_TARGET);
  process.exit(101);
});

await main();
