/**
 * `npm test`: makes a throwaway PostgreSQL database, migrates it with the real Prisma CLI, runs every
 * test file with node's test runner, then removes the database (and the embedded server, if one was started).
 *
 *   npm test                          all tests
 *   npm test -- tests/http/users.test.ts   only the files named
 *
 * With DATABASE_URL set, the databases are created on that server (the URL's own database is never touched);
 * otherwise an embedded PostgreSQL runs in a temporary directory.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDatabase, dropDatabase } from '../src/core/database/admin.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/core/database/embedded.ts';
import { migrateDeploy, projectRoot } from '../src/core/database/migrate.ts';
import { withDatabase } from '../src/core/database/urls.ts';
import { freePort } from './helpers/net.ts';

const SUITES = ['unit', 'integration', 'http', 'browser'];

function testFiles(args: string[]): string[] {
  if (args.length) return args;
  return SUITES.flatMap((suite) => {
    const dir = path.join(projectRoot, 'tests', suite);
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir).filter((f) => f.endsWith('.test.ts')).sort().map((f) => path.join('tests', suite, f));
  });
}

async function main() {
  const started = Date.now();
  let embedded: EmbeddedDatabase | null = null;
  let tempDir: string | null = null;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nastavnik-test-'));
    fs.chmodSync(tempDir, 0o755); // the embedded server runs as its own OS user
    embedded = await startEmbeddedPostgres({ dir: tempDir, port: await freePort() });
    serverUrl = embedded.serverUrl;
  }
  const name = `nastavnik_test_${Date.now().toString(36)}_${crypto.randomBytes(3).toString('hex')}`;
  const template = `${name}_tpl`;
  let exitCode = 1;
  try {
    await createDatabase(serverUrl, template);
    await migrateDeploy(withDatabase(serverUrl, template));
    await createDatabase(serverUrl, name, template);
    console.log(`# test database ${name} ready in ${Date.now() - started} ms`);
    exitCode = await runNodeTests(testFiles(process.argv.slice(2)), {
      DATABASE_URL: withDatabase(serverUrl, name),
      // Tests that need an empty portal (first-run setup) clone this pristine, migrated database.
      TEST_TEMPLATE_DATABASE: template,
    });
  } finally {
    await dropDatabase(serverUrl, name).catch(() => {});
    await dropDatabase(serverUrl, template).catch(() => {});
    await embedded?.stop();
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  }
  process.exit(exitCode);
}

function runNodeTests(files: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    // 5 minutes a test (a file counts as one): the demo crawls render and check every page of a role in one test.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=300000', ...files],
      { cwd: projectRoot, stdio: 'inherit', env: { ...process.env, ...env, NODE_ENV: 'test' } },
    );
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
