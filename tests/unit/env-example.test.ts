import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { loadConfig, loadEnvFile } from '../../src/config/env.ts';
import { projectRoot } from '../../src/core/database/migrate.ts';

const read = (file: string) => fs.readFileSync(path.join(projectRoot, file), 'utf8');

test('.env.example names every variable of README’s settings table, with the defaults the portal uses', () => {
  const readme = read('README.md');
  const table = readme.slice(readme.indexOf('## Настройка'), readme.indexOf('## Демонстрационные данные'));
  const documented = [...table.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]!);
  assert.ok(documented.length >= 10, `README lists ${documented.length}`);
  assert.match(table, /\.env\.example/, 'README points at the example');

  const example = read('.env.example');
  const lines = [...example.matchAll(/^#?([A-Z_]+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!] as const);
  assert.deepEqual(lines.map(([name]) => name).sort(), [...documented].sort());
  // Every setting is commented out: copying the file changes nothing until a line is uncommented.
  assert.doesNotMatch(example, /^[A-Z_]+=/m);
  // Each comes with a Russian comment right above it.
  for (const [name] of lines) {
    const before = example.slice(0, example.indexOf(`#${name}=`)).trimEnd().split('\n').pop() ?? '';
    assert.match(before, /^# .*[а-яё]/i, `${name} has a comment`);
  }
  const defaults = loadConfig({});
  for (const [name, value] of lines) {
    if (value && name in defaults && !/URL|PROXY/.test(name)) assert.equal(String(defaults[name as keyof typeof defaults]), value, name);
  }
});

test('.env is read when present; the environment wins over the file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nastavnik-env-'));
  const file = path.join(dir, '.env');
  assert.equal(loadEnvFile(file), false);
  fs.writeFileSync(file, 'NASTAVNIK_TEST_FROM_FILE=файл\nNASTAVNIK_TEST_BOTH=файл\n');
  process.env.NASTAVNIK_TEST_BOTH = 'окружение';
  try {
    assert.equal(loadEnvFile(file), true);
    assert.equal(process.env.NASTAVNIK_TEST_FROM_FILE, 'файл');
    assert.equal(process.env.NASTAVNIK_TEST_BOTH, 'окружение');
  } finally {
    delete process.env.NASTAVNIK_TEST_FROM_FILE;
    delete process.env.NASTAVNIK_TEST_BOTH;
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
