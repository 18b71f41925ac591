/**
 * The document worker threads start however the portal is started from its TypeScript sources: the tsx
 * CLI (`tsx src/server.ts`, `npm run dev`), `node --import tsx` (the tests). Each way renders a PDF and a
 * DOCX through the pool, pdfmake is never loaded on the main thread, and the idle pool lets the process
 * exit. The compiled portal (`npm start`): tests/integration/compiled.test.ts.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { projectRoot } from '../../src/core/database/migrate.ts';

const FIXTURE = path.join('tests', 'fixtures', 'render-in-worker.ts');
const TSX_CLI = path.join(projectRoot, 'node_modules', '.bin', 'tsx');

function run(command: string, args: string[]): Promise<{ stdout: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    // The timeout also catches a pool that keeps the process alive after its work.
    execFile(command, args, { cwd: projectRoot, timeout: 90_000, env: { ...process.env, NODE_OPTIONS: '' } }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${command} ${args.join(' ')} failed: ${error.message}\n${stderr}`));
      resolve({ stdout, ms: Date.now() - started });
    });
  });
}

for (const [name, command, args] of [
  ['the tsx CLI (npm run dev)', TSX_CLI, [FIXTURE]],
  ['node --import tsx (npm test)', process.execPath, ['--import', 'tsx', FIXTURE]],
] as const) {
  test(`${name}: documents render in a worker thread`, { timeout: 120_000 }, async (t) => {
    const { stdout, ms } = await run(command, [...args]);
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as { pdfmakeOnMainThread: boolean; pdf: string; pdfBytes: number; docx: string; docxBytes: number };
    assert.equal(result.pdf, '%PDF-');
    assert.equal(result.docx, 'PK');
    assert.ok(result.pdfBytes > 1000 && result.docxBytes > 1000);
    assert.equal(result.pdfmakeOnMainThread, false, 'pdfmake ran on the main thread');
    t.diagnostic(`${name}: started, rendered and exited in ${ms} ms`);
  });
}
