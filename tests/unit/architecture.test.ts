/**
 * The shape of src/ (.dependency-cruiser.cjs): modules reach each other only through their faces, core and
 * domain stay free of features, nothing imports the app, and there is no import cycle — checked here with
 * dependency-cruiser itself, so `npm test` fails with the list of violations. Plus the two rules a
 * dependency graph cannot see: no module touches the raw database client, and every event has a listener.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { projectRoot } from '../../src/core/database/migrate.ts';
import { DOMAIN_EVENT_NAMES } from '../../src/domain/events.ts';
import { createEvents } from '../../src/modules/index.ts';

const DEPCRUISE = path.join(projectRoot, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('architecture', () => {
  test('dependency-cruiser finds no violation: faces only, no cycles, core and domain without features', () => {
    const result = spawnSync(process.execPath, [DEPCRUISE, '--config', '.dependency-cruiser.cjs', '--output-type', 'err', 'src'], {
      cwd: projectRoot,
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(result.error, undefined, String(result.error));
    assert.equal(result.status, 0, `dependency violations:\n${result.stdout}${result.stderr}`);
    assert.match(result.stdout, /no dependency violations found/);
  });

  test('the rules file forbids what it should (a deep import and a cycle are caught)', () => {
    // Two probes next to the modules: one imports another module's internals and the app, and they import each other.
    const probe = path.join(projectRoot, 'src/modules/pairs/zz-architecture-probe.ts');
    const partner = path.join(projectRoot, 'src/modules/pairs/zz-architecture-partner.ts');
    fs.writeFileSync(probe, "import '../banks/banks.service.ts';\nimport '../../app.ts';\nimport './zz-architecture-partner.ts';\nexport const probe = 1;\n");
    fs.writeFileSync(partner, "import './zz-architecture-probe.ts';\nexport const partner = 1;\n");
    try {
      const result = spawnSync(process.execPath, [DEPCRUISE, '--config', '.dependency-cruiser.cjs', '--output-type', 'err', 'src'], {
        cwd: projectRoot,
        encoding: 'utf8',
        timeout: 120_000,
      });
      assert.notEqual(result.status, 0);
      assert.match(result.stdout, /module-face-only: src\/modules\/pairs\/zz-architecture-probe\.ts → src\/modules\/banks\/banks\.service\.ts/);
      assert.match(result.stdout, /modules-never-import-the-app: src\/modules\/pairs\/zz-architecture-probe\.ts → src\/app\.ts/);
      assert.match(result.stdout, /no-circular: src\/modules\/pairs\/zz-architecture-p/);
    } finally {
      fs.rmSync(probe, { force: true });
      fs.rmSync(partner, { force: true });
    }
  });

  test('no module touches the raw database client: services use the scope (setup and health are core mechanisms)', () => {
    // First-run setup creates the first organization (no scope can exist yet); /health pings the database.
    const allowed = new Set(['setup', 'health']);
    const offenders: string[] = [];
    for (const file of filesUnder(path.join(projectRoot, 'src/modules'))) {
      const module = path.relative(path.join(projectRoot, 'src/modules'), file).split(path.sep)[0]!;
      if (allowed.has(module)) continue;
      fs.readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          // `ctx.db.prisma`, `db.prisma`, `something.prisma.` — never an import path like '…/generated/prisma/…'.
          if (/\.prisma\b(?![/'"])/.test(line)) offenders.push(`${path.relative(projectRoot, file)}:${i + 1}: ${line.trim()}`);
        });
    }
    assert.deepEqual(offenders, [], `use scope.db (or scope.portal for reads across organizations):\n${offenders.join('\n')}`);
  });

  test('every event of the catalogue has a subscriber, and nobody listens to an event that is not in it', () => {
    const subscriptions = createEvents().subscriptions();
    for (const event of DOMAIN_EVENT_NAMES) assert.ok((subscriptions.get(event) ?? 0) > 0, `nobody subscribes to ${event}`);
    assert.deepEqual([...subscriptions.keys()].sort(), [...DOMAIN_EVENT_NAMES].sort());
  });
});
