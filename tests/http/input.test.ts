/**
 * Hostile input at the edge of the portal: control characters in URLs and forms (issue 8, point 5) and
 * spreadsheets built to exhaust the server (point 2). Each must be a short Russian refusal, never a 500,
 * and the portal must keep answering others meanwhile.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import supertest from 'supertest';
import { anonymousAgent, loginAs, testApp, type Agent } from '../helpers/app.ts';
import { sharedDatabase } from '../helpers/database.ts';
import { createOrganizationWithStaff, uniq } from '../helpers/factories.ts';
import { bombXlsx, manyRowsXlsx } from '../helpers/zip.ts';

const { prisma } = sharedDatabase();
const app = testApp();
type Org = Awaited<ReturnType<typeof createOrganizationWithStaff>>;
let org: Org;
let methodist: Agent;
let head: Agent;
let admin: Agent;

before(async () => {
  org = await createOrganizationWithStaff(prisma);
  [methodist, head, admin] = await Promise.all([loginAs(app, org.methodist), loginAs(app, org.head), loginAs(app, org.admin)]);
});
after(async () => {
  await app.close();
  await sharedDatabase().close();
});

const MESSAGE = /Запрос содержит недопустимые символы/;
/** NUL (PostgreSQL's 22021), BEL, ESC, DEL; a line break is a control character in a URL too. */
const CONTROLS = ['%00', '%07', '%1B', '%7F', '%0A'];

describe('control characters are refused at the edge', () => {
  test('in every search and export: 400 with the Russian message, never a 500', async () => {
    const urls: [Agent, string][] = [
      [methodist, '/staff?q='],
      [methodist, '/staff/export.xlsx?q='],
      [methodist, '/bank/mentees?q='],
      [methodist, '/bank/mentors?q='],
      [methodist, '/consents?q='],
      [methodist, '/consents/export.xlsx?q='],
      [methodist, '/pairs?q='],
      [methodist, '/pairs/payroll.xlsx?month=2026-10&q='],
      [admin, '/users?q='],
      [head, '/audit?action='],
      [methodist, '/staff?position=воспитатель&q=Иван'],
    ];
    for (const [agent, url] of urls) {
      for (const control of CONTROLS) {
        const res = await agent.get(`${url}${url.endsWith('Иван') ? '' : 'Иван'}${control}ова`);
        assert.equal(res.status, 400, `${url} ${control}: ${res.status}`);
        assert.match(res.text, MESSAGE, `${url} ${control}`);
      }
      // The same search without the control character works.
      assert.equal((await agent.get(`${url}Иванова`)).status, 200, url);
    }
    // In a parameter's name, in a path parameter, and for a visitor who is not signed in.
    assert.equal((await methodist.get('/staff?q%00=1')).status, 400);
    for (const path of ['/staff/1%00', '/orders/%00', '/bank/mentees/12%07', '/users/%1B']) {
      const res = await methodist.get(path);
      assert.equal(res.status, 400, path);
      assert.match(res.text, MESSAGE, path);
    }
    const anonymous = await supertest(app).get('/login?next=%00');
    assert.equal(anonymous.status, 400);
    assert.match(anonymous.text, MESSAGE);
  });

  test('in forms — topic name, profile name, the login form’s user name — 422, nothing saved', async () => {
    const tag = uniq();
    for (const control of ['\u0000', '\u0007', '\u001b', '\u007f']) {
      const topic = await methodist.post('/bank/topics').type('form').send({ _csrf: methodist.csrf, name: `Тема ${tag}${control}`, framework: '' });
      assert.equal(topic.status, 422, JSON.stringify(control));
      assert.match(topic.text, MESSAGE);

      const profile = await methodist.post('/profile').type('form').send({ _csrf: methodist.csrf, fullName: `Белова${control} Ирина` });
      assert.equal(profile.status, 422);
      assert.match(profile.text, MESSAGE);

      const visitor = await anonymousAgent(app);
      const login = await visitor.post('/login').type('form').send({ _csrf: visitor.csrf, username: `${org.methodist.login}${control}`, password: 'x' });
      assert.equal(login.status, 422);
      assert.match(login.text, MESSAGE);
    }
    assert.equal(await prisma.topic.count({ where: { name: { contains: tag } } }), 0);
    assert.equal((await prisma.user.findUniqueOrThrow({ where: { id: org.methodist.id } })).fullName, org.methodist.fullName);

    // Tab and line breaks are text in a form (textareas), so they pass the edge.
    const fine = await methodist.post('/bank/topics').type('form').send({ _csrf: methodist.csrf, name: `Тема\t${tag}\r\n`, framework: '' });
    assert.equal(fine.status, 303);
    assert.equal(await prisma.topic.count({ where: { name: { contains: tag } } }), 1);
  });

  test('in the text fields of a multipart form: 422', async () => {
    const res = await methodist
      .post(`/staff/import?_csrf=${methodist.csrf}`)
      .field('comment', 'a\u0000b')
      .attach('file', Buffer.from('Фамилия;Имя;Должность\nИванова;Мария;воспитатель\n'), 'list.csv');
    assert.equal(res.status, 422);
    assert.match(res.text, MESSAGE);
  });
});

// ---- spreadsheets built to hurt ------------------------------------------------------------------

function upload(agent: Agent, file: Buffer, name: string) {
  return agent.post(`/staff/import?_csrf=${agent.csrf}`).attach('file', file, name);
}

/**
 * Runs `work` while asking /health again and again, and samples this process's memory (the app runs in
 * it): the slowest health answer and the growth of the resident set while the work went on.
 */
async function whileHealthChecked<T>(work: () => Promise<T>) {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  let done = false;
  const healthTimes: number[] = [];
  const probe = (async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    while (!done) {
      const started = performance.now();
      const res = await supertest(app).get('/health');
      assert.equal(res.status, 200);
      healthTimes.push(performance.now() - started);
    }
  })();
  const started = performance.now();
  try {
    const result = await work();
    return { result, ms: performance.now() - started, slowestHealthMs: Math.max(0, ...healthTimes), healthAnswers: healthTimes.length, growthMb: (peak - baseline) / 1024 / 1024 };
  } finally {
    done = true;
    clearInterval(sampler);
    await probe;
  }
}

describe('spreadsheets built to exhaust the server', () => {
  test('three zip bombs at once (a 200 MB cell each, ≈200 KB zipped): 422 in Russian, small pages, bounded memory, /health answers', async (t) => {
    const bomb = await bombXlsx(200);
    const before = await prisma.staffImport.count({ where: { organizationId: org.organization.id } });
    const { result, ms, slowestHealthMs, healthAnswers, growthMb } = await whileHealthChecked(() => Promise.all([1, 2, 3].map(() => upload(methodist, bomb, 'bomb.xlsx'))));
    t.diagnostic(`3 bombs: ${Math.round(ms)} ms, slowest /health ${Math.round(slowestHealthMs)} ms of ${healthAnswers}, memory +${Math.round(growthMb)} MB`);
    for (const res of result) {
      assert.equal(res.status, 422);
      assert.match(res.text, /ячейка, которая длиннее 2\s000 знаков/);
      assert.ok(res.text.length < 100_000, `page of ${res.text.length} characters`);
      assert.doesNotMatch(res.text, /A{50}/, 'the cell is not repeated');
    }
    assert.ok(ms < 15_000, `${Math.round(ms)} ms`);
    assert.ok(slowestHealthMs < 2_000, `/health took ${Math.round(slowestHealthMs)} ms`);
    assert.ok(growthMb < 300, `memory grew by ${Math.round(growthMb)} MB`);
    assert.equal(await prisma.staffImport.count({ where: { organizationId: org.organization.id } }), before, 'nothing stored');
  });

  test('300 000 rows in a 5 MB file: refused fast, without reading it whole', async (t) => {
    const file = await manyRowsXlsx(300_000);
    assert.ok(file.length < 5 * 1024 * 1024, `${file.length} bytes`);
    const { result: res, ms, slowestHealthMs, growthMb } = await whileHealthChecked(() => upload(methodist, file, 'many.xlsx'));
    t.diagnostic(`300 000 rows: ${Math.round(ms)} ms, slowest /health ${Math.round(slowestHealthMs)} ms, memory +${Math.round(growthMb)} MB`);
    assert.equal(res.status, 422);
    assert.match(res.text, /В файле больше 10\s?000 строк с данными, а за один раз можно загрузить не больше 10\s?000: разделите файл/);
    assert.ok(ms < 15_000, `${Math.round(ms)} ms`);
    assert.ok(slowestHealthMs < 2_000, `/health took ${Math.round(slowestHealthMs)} ms`);
    assert.ok(growthMb < 300, `memory grew by ${Math.round(growthMb)} MB`);
  });

  test('CSV: a huge field and too many rows are refused with a short message', async () => {
    const huge = Buffer.from(`Фамилия;Имя;Должность\nИванова;${'ж'.repeat(2 * 1024 * 1024)};воспитатель\n`);
    const field = await upload(methodist, huge, 'huge.csv');
    assert.equal(field.status, 422);
    assert.match(field.text, /Строка 2 файла слишком длинная/);
    assert.ok(field.text.length < 100_000);
    const many = Buffer.from(['Фамилия;Имя;Должность', ...Array.from({ length: 60_000 }, (_, i) => `Фамилия${i};Имя;воспитатель`)].join('\n'));
    const rows = await upload(methodist, many, 'many.csv');
    assert.equal(rows.status, 422);
    assert.match(rows.text, /В файле больше 10\s?000 строк с данными/);
    const column = await upload(methodist, Buffer.from(`Фамилия;Имя;Должность;${'Ж'.repeat(1_500)}\nИванова;Мария;воспитатель;1\n`), 'column.csv');
    assert.equal(column.status, 422);
    assert.match(column.text, /Неизвестные столбцы: «Ж{40}…»/);
    assert.doesNotMatch(column.text, /Ж{41}/);
  });

  test('a too-large spreadsheet is told about spreadsheets, not about scanning', async () => {
    const res = await upload(methodist, Buffer.alloc(5 * 1024 * 1024 + 1, 0x41), 'big.xlsx');
    assert.equal(res.status, 422);
    assert.match(res.text, /Файл больше 5 МБ — сохраните в таблице только нужный лист/);
    assert.doesNotMatch(res.text, /dpi|скан/i);
  });
});
