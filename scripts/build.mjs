#!/usr/bin/env node
/**
 * The portal runs as JavaScript compiled from its TypeScript sources (`tsc -p tsconfig.build.json`) into
 * dist/; views/, public/ and prisma/ are read where they are (see projectRoot in src/core/database/migrate.ts).
 * Plain JavaScript on purpose: it must run before anything is compiled and with dev packages pruned.
 *
 *   node scripts/build.mjs             compile now                                 (npm run build)
 *   node scripts/build.mjs --if-stale  compile only if the sources changed since    (before npm start, npm test, …;
 *                                      under the test runner only if there is no build at all)
 *   node scripts/build.mjs --check     exit 1 if dist/ is missing or older than the sources, compile nothing
 *                                      (systemd's ExecStartPre: several instances must not compile at once)
 *
 * "Changed" is decided by content, not by file times: dist/build-stamp.json holds a SHA-256 of every input
 * (sources, the generated Prisma client, tsconfig files, package.json); a `git pull` that changes one file
 * makes the next start compile again, a checkout that changes nothing does not.
 *
 * dist/ is replaced whole and at once: compiled into a fresh directory beside it, then renamed into place,
 * so a portal running from dist/ meanwhile never finds a half-written or missing file.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const stampFile = path.join(dist, 'build-stamp.json');
const INPUT_DIRS = ['src', 'prisma', 'types'];
const INPUT_FILES = ['package.json', 'tsconfig.json', 'tsconfig.build.json'];

/** Every file tsc may read for the build, relative to the root, sorted. */
function inputs() {
  const files = INPUT_FILES.filter((file) => fs.existsSync(path.join(root, file)));
  const walk = (dir) => {
    if (!fs.existsSync(path.join(root, dir))) return;
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const relative = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'migrations') walk(relative);
      } else if (/\.(ts|mts|json)$/.test(entry.name)) files.push(relative);
    }
  };
  for (const dir of INPUT_DIRS) walk(dir);
  return files.sort();
}

function sourceHash() {
  const hash = crypto.createHash('sha256');
  for (const file of inputs()) hash.update(`${file}\0`).update(fs.readFileSync(path.join(root, file))).update('\0');
  return hash.digest('hex');
}

function builtHash() {
  try {
    return JSON.parse(fs.readFileSync(stampFile, 'utf8')).sources;
  } catch {
    return null;
  }
}

function build(hash) {
  let tsc;
  try {
    // typescript may stay after `npm prune --omit=dev` (an optional peer of Prisma), the Node types do not.
    const require = createRequire(import.meta.url);
    require.resolve('@types/node/package.json');
    tsc = require.resolve('typescript/bin/tsc');
  } catch {
    console.error(
      'Сборка невозможна: пакеты разработки (typescript, @types/node) не установлены — установка с --omit=dev? ' +
        'Соберите портал до их удаления: npm ci && npm run build && npm prune --omit=dev (README, «Развёртывание для города»).',
    );
    process.exit(1);
  }
  const started = Date.now();
  const next = `${dist}.next-${process.pid}`;
  const old = `${dist}.old-${process.pid}`;
  fs.rmSync(next, { recursive: true, force: true });
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json'), '--outDir', next], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    fs.rmSync(next, { recursive: true, force: true });
    console.error('Сборка не удалась (ошибки tsc выше).');
    process.exit(1);
  }
  fs.writeFileSync(path.join(next, 'build-stamp.json'), JSON.stringify({ sources: hash, builtAt: new Date().toISOString() }, null, 2) + '\n');
  if (fs.existsSync(dist)) fs.renameSync(dist, old);
  fs.renameSync(next, dist);
  fs.rmSync(old, { recursive: true, force: true });
  console.error(`Сборка: dist/ готов за ${((Date.now() - started) / 1000).toFixed(1)} с.`);
}

const mode = process.argv[2];
if (mode !== undefined && mode !== '--if-stale' && mode !== '--check') {
  console.error(`Неизвестный параметр ${mode}: node scripts/build.mjs [--if-stale | --check]`);
  process.exit(2);
}
const hash = sourceHash();
const fresh = builtHash() === hash;
if (mode === '--check') {
  if (!fresh) {
    console.error(
      fs.existsSync(stampFile)
        ? 'dist/ собран из других исходных файлов (портал обновили без сборки): выполните npm run build и запустите снова.'
        : 'dist/ не собран: выполните npm run build и запустите снова.',
    );
    process.exit(1);
  }
} else if (mode === undefined) {
  build(hash);
} else if (!fresh && !(process.env.NODE_ENV === 'test' && fs.existsSync(stampFile))) {
  // Under the test runner (tests/run.ts sets NODE_ENV=test) dist/ was built just before by `npm test`; a test
  // that runs `npm run backup` must not rebuild it because another test has a probe file in src/ right then.
  build(hash);
}
