/**
 * `npm run samples` on a database with the demo: every kind of document in PDF and DOCX, non-empty, and
 * the database exactly as it was (the drafts of the kinds the demo lacks are rolled back).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fillDemo } from '../../prisma/demo.ts';
import { projectRoot } from '../../src/core/database/migrate.ts';
import { docxFileText, pdfContent } from '../helpers/documents.ts';
import { freshDatabase } from '../helpers/database.ts';

let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let dir: string;
before(async () => {
  fresh = await freshDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nastavnik-samples-'));
});
after(async () => {
  await fresh.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('npm run samples writes every kind of document of the demo organization, PDF and DOCX, and changes nothing', async () => {
  const { prisma } = fresh.db;
  // Without the demo the script says what to do first.
  const empty = spawnSync(process.execPath, ['--import', 'tsx', 'prisma/samples.ts', dir], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, DATABASE_URL: fresh.url }, timeout: 180_000 });
  assert.equal(empty.status, 1);
  assert.match(empty.stderr, /сначала выполните npm run demo/);

  await fillDemo(fresh.db, 'samples-password-1');
  const counts = async () => ({ orders: await prisma.order.count(), audit: await prisma.auditLog.count(), pairs: await prisma.pair.count() });
  const before = await counts();
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'prisma/samples.ts', dir], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, DATABASE_URL: fresh.url }, timeout: 300_000 });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /Готово: \d+ документ/);
  assert.deepEqual(await counts(), before, 'the drafts and the audit entries of the samples are rolled back');

  const files = fs.readdirSync(dir).sort();
  const names = (format: string) => files.filter((f) => f.endsWith(`.${format}`)).map((f) => f.slice(0, -format.length - 1));
  assert.deepEqual(names('pdf'), names('docx'), 'every document in both formats');
  for (const file of files) assert.ok(fs.statSync(path.join(dir, file)).size > 1000, `${file} is not empty`);

  // Every kind: the four kinds of order, the three consent forms, the mentors' agreements.
  const texts = await Promise.all(names('pdf').map(async (name) => (await pdfContent(fs.readFileSync(path.join(dir, `${name}.pdf`)))).text));
  const docxTexts = names('docx').map((name) => docxFileText(fs.readFileSync(path.join(dir, `${name}.docx`))));
  const has = (pattern: RegExp) => texts.filter((t) => pattern.test(t)).length;
  assert.equal(has(/ г\. Калуга Об утверждении Положения о системе наставничества/), 1);
  assert.equal(has(/ г\. Калуга О закреплении наставнических пар \(групп\)/), 3, 'the two approved assignments and the one awaiting the head');
  assert.equal(has(/^ПРОЕКТ .* г\. Калуга О внесении изменений в приказ от \d\d\.\d\d\.\d{4} № 2-од/), 1);
  assert.equal(has(/^ПРОЕКТ .* г\. Калуга О досрочном прекращении наставничества/), 1);
  assert.equal(has(/^СОГЛАСИЕ на обработку персональных данных Я,/), 2, 'the blank form and a consent the demo gave electronically');
  assert.equal(has(/ДОКУМЕНТ ПОДПИСАН ПРОСТОЙ ЭЛЕКТРОННОЙ ПОДПИСЬЮ.*Код проверки/), 4, 'the three approved orders and the given consent carry the stamp');
  assert.equal(has(/^СОГЛАСИЕ на обработку персональных данных, разрешённых субъектом персональных данных для распространения/), 1);
  assert.equal(has(/^СОГЛАСИЕ педагогического работника на осуществление наставнической деятельности/), 1);
  assert.equal(has(/ДОПОЛНИТЕЛЬНОЕ СОГЛАШЕНИЕ .*? к трудовому договору от \d\d\.\d\d\.\d{4} № \d+\/\d{4}/), 5, 'one per mentor of the proposed and active pairs');
  assert.equal(texts.length, 1 + 3 + 2 + 3 + 1 + 5, 'the Regulation, three assignments, the amendment and the termination; three forms; a given consent; five agreements');
  // The DOCX says what the PDF says (the LibreOffice test compares them page by page).
  for (const [i, text] of docxTexts.entries()) assert.equal(text.slice(0, 40), texts[i]!.slice(0, 40));
});
