/**
 * The Nu HTML Checker (the W3C validator, `vnu-jar` on npm) run locally on Java 17: every page the
 * tests render must be valid HTML. Starting the JVM costs seconds, so pages are collected first and
 * checked in ONE run (`validateHtml(pages)`), never one java per page.
 *
 * The package's own postinstall (which would download a Java runtime when none is found) is not
 * allowed to run: the system `java` is used (JAVA_BIN overrides it). CI installs a headless JRE.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** node_modules/vnu-jar/build/dist/vnu.jar */
export const VNU_JAR = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');

const JAVA = process.env.JAVA_BIN || 'java';

export interface HtmlPage {
  /** How the report names the page: «mentor GET /orders/3». */
  label: string;
  html: string;
}

export interface HtmlError {
  label: string;
  line?: number;
  column?: number;
  message: string;
  extract?: string;
}

interface VnuMessage {
  type: 'error' | 'info' | 'non-document-error';
  subType?: string;
  url?: string;
  lastLine?: number;
  lastColumn?: number;
  message: string;
  extract?: string;
}

/** Validates every page in one JVM; returns the errors (warnings are not errors and are left out). */
export async function validateHtml(pages: HtmlPage[]): Promise<HtmlError[]> {
  if (!pages.length) return [];
  if (!fs.existsSync(VNU_JAR)) throw new Error(`${VNU_JAR} is missing: run npm ci (the package vnu-jar ships the jar)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nastavnik-vnu-'));
  try {
    const labels = new Map<string, string>();
    const files = pages.map((page, i) => {
      const file = path.join(dir, `page-${String(i).padStart(4, '0')}.html`);
      fs.writeFileSync(file, page.html);
      labels.set(path.basename(file), page.label);
      return file;
    });
    const output = await runVnu(['--format', 'json', '--stdout', '--errors-only', ...files]);
    const messages = (JSON.parse(output) as { messages: VnuMessage[] }).messages;
    return messages
      .filter((m) => m.type === 'error' || m.type === 'non-document-error')
      .map((m) => ({
        // vnu names files «file:/tmp/…/page-0001.html»: the base name is enough.
        label: (m.url && labels.get(m.url.slice(m.url.lastIndexOf('/') + 1))) ?? m.url ?? '(unknown page)',
        line: m.lastLine,
        column: m.lastColumn,
        message: m.message,
        extract: m.extract?.replace(/\s+/g, ' ').trim(),
      }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function runVnu(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    // vnu exits 1 when it found errors: that is a result, not a failure of the run.
    execFile(JAVA, ['-Xss1m', '-jar', VNU_JAR, ...args], { maxBuffer: 256 * 1024 * 1024, timeout: 300_000 }, (error, stdout, stderr) => {
      if (stdout.trim().startsWith('{')) return resolve(stdout);
      const why = (error as NodeJS.ErrnoException | null)?.code === 'ENOENT' ? `${JAVA} not found: install Java 17 (Debian: apt-get install openjdk-17-jre-headless)` : stderr || error?.message;
      reject(new Error(`the Nu HTML checker did not run: ${why}`));
    });
  });
}

/** A readable report: errors grouped by page, each with its line and the offending markup. */
export function formatHtmlErrors(errors: HtmlError[], limit = 200): string {
  const byPage = new Map<string, HtmlError[]>();
  for (const e of errors) byPage.set(e.label, [...(byPage.get(e.label) ?? []), e]);
  const lines: string[] = [];
  for (const [label, list] of byPage) {
    lines.push(`${label}: ${list.length} error(s)`);
    for (const e of list) lines.push(`    line ${e.line ?? '?'}: ${e.message}${e.extract ? `\n      ${e.extract.slice(0, 200)}` : ''}`);
  }
  const text = lines.join('\n');
  return lines.length > limit ? `${lines.slice(0, limit).join('\n')}\n    … ${lines.length - limit} more lines` : text;
}

/** Fails with every error of every page (one JVM run). */
export async function assertValidHtml(pages: HtmlPage[]): Promise<void> {
  const errors = await validateHtml(pages);
  assert.equal(errors.length, 0, `${errors.length} HTML validation error(s) in ${pages.length} page(s):\n${formatHtmlErrors(errors)}`);
}
