/**
 * A document download must not block everyone (issue 8, point 6):
 * - the order form bounds the text that becomes a document (422, message beside the field, input kept);
 * - the largest order the form allows is rendered in a worker thread, and `/health` keeps answering
 *   quickly while several of them download in parallel (the old main-thread rendering stalled it for
 *   seconds — the same measurement of the main thread is printed beside it);
 * - an approved order's files are rendered once and served from memory until its content changes.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import supertest from 'supertest';
import { documentRendering, RenderPool, renderPdf } from '../../src/core/documents/index.ts';
import { ORDER_LIMITS as LIMITS } from '../../src/modules/orders/orders.schemas.ts';
import { orderForPrint } from '../../src/modules/orders/orders.service.ts';
import { loginAs, testApp, type Agent, postForm as post } from '../helpers/app.ts';
import { sharedDatabase } from '../helpers/database.ts';
import { createOrganizationWithStaff, createTeacher } from '../helpers/factories.ts';
import { scopeFor } from '../helpers/scope.ts';

const { prisma } = sharedDatabase();
// A fixed PUBLIC_URL: the stamp's link would otherwise follow supertest's port, which changes per request.
const app = testApp({ publicUrl: 'https://nastavnik.example.ru' });
/** The same app on a port of its own, for the /health monitor. */
const server = http.createServer(app);
let healthUrl = '';

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  healthUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await app.close();
  await sharedDatabase().close();
});

const WORDS = 'наставник педагог развитие программа мероприятие организация методист приказ положение система поддержка'.split(' ');

/** Russian-looking prose of exactly `chars` characters. */
function prose(chars: number, seed = 0): string {
  let text = '';
  for (let i = seed; text.length < chars; i++) text += `${WORDS[i % WORDS.length]} `;
  return text.slice(0, chars - 1) + 'я';
}

/**
 * The form of the largest order the limits allow, shaped for the most pages: every point and the
 * preamble at full length, ten appendices at the total bounds, in lines of equal length.
 */
function largestOrderForm(): Record<string, string> {
  const form: Record<string, string> = {
    kind: 'REGULATION',
    title: prose(300),
    preamble: Array.from({ length: LIMITS.preambleLines }, (_, i) => prose(Math.floor(LIMITS.preambleChars / LIMITS.preambleLines) - 1, i)).join('\n'),
    points: Array.from({ length: LIMITS.points }, (_, i) => prose(LIMITS.pointChars, i)).join('\n'),
  };
  const lines = LIMITS.appendicesLines / LIMITS.appendices;
  const lineChars = Math.floor(LIMITS.appendicesChars / LIMITS.appendicesLines) - 1;
  for (let a = 1; a <= LIMITS.appendices; a++) {
    form[`appendix${a}Title`] = prose(LIMITS.appendixTitleChars, a);
    form[`appendix${a}Text`] = Array.from({ length: lines }, (_, i) => prose(lineChars, a + i)).join('\n');
  }
  return form;
}

function binary(res: supertest.Test) {
  return res.buffer(true).parse((r, cb) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => cb(null, Buffer.concat(chunks)));
  });
}

const pdfPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};

/**
 * Asks /health every 50 ms until `until` settles, the way an outside monitor would: each answer's
 * time counts from the moment the request was due, so a main thread that is busy (and cannot even
 * send or read the request) shows as the wait it causes.
 */
/**
 * /health every `everyMs` until the work is done: the answer times. With `failuresAllowed` (the comparison that
 * blocks the thread on purpose) a check the blocked thread made fail counts as an endless wait, not an error.
 */
async function pollHealth(until: Promise<unknown>, everyMs = 50, failuresAllowed = false): Promise<number[]> {
  let finishedAt: number | undefined;
  void until.then(
    () => (finishedAt = performance.now()),
    () => (finishedAt = performance.now()),
  );
  const times: number[] = [];
  const answers: Promise<void>[] = [];
  const start = performance.now();
  // Every request due before the work finished is sent — late, if the thread was busy when it was due.
  for (let i = 0; finishedAt === undefined || start + i * everyMs <= finishedAt; i++) {
    const due = start + i * everyMs;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    answers.push(
      fetch(healthUrl).then(
        async (res) => {
          assert.equal(res.status, 200);
          await res.arrayBuffer();
          times.push(performance.now() - due);
        },
        (error: unknown) => {
          if (!failuresAllowed) throw error;
          times.push(Infinity);
        },
      ),
    );
  }
  await Promise.all(answers);
  return times;
}

let org: Awaited<ReturnType<typeof createOrganizationWithStaff>>;
let methodist: Agent;
let head: Agent;

before(async () => {
  org = await createOrganizationWithStaff(prisma);
  [methodist, head] = await Promise.all([loginAs(app, org.methodist), loginAs(app, org.head)]);
});

describe('limits of the order form', () => {
  test('text beyond the limits: 422, a Russian message beside each field, the input kept', async () => {
    const tooLongAppendix = `МЕТКА-ПРИЛОЖЕНИЯ ${prose(LIMITS.appendixChars)}`;
    const res = await post(methodist, '/orders', {
      kind: 'REGULATION',
      title: 'Об утверждении Положения',
      preamble: Array.from({ length: LIMITS.preambleLines + 1 }, () => 'строка').join('\n'),
      points: Array.from({ length: LIMITS.points + 1 }, (_, i) => `Пункт ${i + 1}`).join('\n'),
      appendix1Title: 'Положение',
      appendix1Text: tooLongAppendix,
      appendix2Title: 'Много строк',
      appendix2Text: Array.from({ length: LIMITS.appendixLines + 1 }, () => 'а').join('\n'),
      appendix3Title: 'Широкая таблица',
      appendix3Text: `|${Array.from({ length: LIMITS.tableColumns + 1 }, (_, i) => `Столбец ${i + 1}`).join('|')}|\n|${'а|'.repeat(LIMITS.tableColumns + 1)}`,
    });
    assert.equal(res.status, 422);
    const text = res.text.replace(/&nbsp;|\u00A0/g, ' ');
    assert.match(text, /Поле «Констатирующая часть»: не больше 30 строк/);
    assert.match(text, /Не больше 50 пунктов распорядительной части/);
    assert.match(text, /Приложение 1: не длиннее 60 000 символов \(сейчас 60 017\)/);
    assert.match(text, /Приложение 2: не больше 1 500 строк \(сейчас 1 501\)/);
    assert.match(text, /Приложение 3: в таблице не больше 10 столбцов/);
    assert.match(text, /class="error-summary/, 'a summary at the top');
    assert.match(text, /id="field-appendix1Text-error"/, 'the message is beside the field');
    assert.ok(res.text.includes('МЕТКА-ПРИЛОЖЕНИЯ'), 'the typed appendix is kept in the form');

    const longPoint = await post(methodist, '/orders', { kind: 'REGULATION', title: 'Приказ', points: `Первый\n${prose(LIMITS.pointChars + 1)}` });
    assert.equal(longPoint.status, 422);
    assert.match(longPoint.text.replace(/\u00A0/g, ' '), /Каждый пункт распорядительной части — не длиннее 1 000 символов/);

    const many: Record<string, string> = { kind: 'REGULATION', title: 'Приказ', points: 'Пункт' };
    for (let i = 1; i <= LIMITS.appendices + 1; i++) Object.assign(many, { [`appendix${i}Title`]: `Приложение ${i}`, [`appendix${i}Text`]: 'Текст' });
    const tooMany = await post(methodist, '/orders', many);
    assert.equal(tooMany.status, 422);
    assert.match(tooMany.text, /Не больше 10 приложений: объедините или уберите лишние/);
    assert.match(tooMany.text, /id="field-appendix11Title-error"/);

    const total: Record<string, string> = { kind: 'REGULATION', title: 'Приказ', points: 'Пункт' };
    for (let i = 1; i <= 2; i++) Object.assign(total, { [`appendix${i}Title`]: `Приложение ${i}`, [`appendix${i}Text`]: prose(LIMITS.appendixChars - 10, i) });
    const tooMuch = await post(methodist, '/orders', total);
    assert.equal(tooMuch.status, 422);
    assert.match(tooMuch.text.replace(/\u00A0/g, ' '), /Все приложения вместе — не длиннее 100 000 символов: сократите приложение 2/);
    assert.equal(await prisma.order.count({ where: { organizationId: org.organization.id } }), 0, 'nothing saved');
  });
});

describe('other text that becomes a document is bounded in lines too', () => {
  const lines = (count: number) => Array.from({ length: count }, () => 'строка').join('\n');

  test('consent text, the pair request, the organization header and pay conditions: 422 with the message and the input kept', async () => {
    const consent = await post(methodist, '/consents/templates/personal-data', { title: 'Согласие на обработку персональных данных', body: `МЕТКА-СОГЛАСИЯ\n${lines(300)}` });
    assert.equal(consent.status, 422);
    assert.match(consent.text, /Поле «Текст согласия»: не больше 300 строк/);
    assert.ok(consent.text.includes('МЕТКА-СОГЛАСИЯ'), 'the text is kept');

    const pair = await post(methodist, '/pairs', { form: 'TRADITIONAL', requestSummary: lines(41) });
    assert.equal(pair.status, 422);
    assert.match(pair.text, /Поле «Запрос, на который отвечает пара»: не больше 40 строк/);

    const admin = await loginAs(app, org.admin);
    const settings = await post(admin, '/settings', { fullName: lines(6), extraPayConditions: lines(21), address: lines(4) });
    assert.equal(settings.status, 422);
    assert.match(settings.text, /Поле «Полное наименование»: не больше 5 строк/);
    assert.match(settings.text, /Поле «Условия доплаты»: не больше 20 строк/);
    assert.match(settings.text, /Поле «Юридический адрес»: не больше 3 строк/);
  });
});

describe('the largest allowed order', () => {
  let orderId: number;

  test('is accepted, and renders in a worker thread in both formats', async (t) => {
    const form = largestOrderForm();
    const bodyBytes = new URLSearchParams(form).toString().length;
    const created = await post(methodist, '/orders', form);
    assert.equal(created.status, 303, created.status === 422 ? created.text.match(/field__error[^<]*<[^<]*<\/span>([^<]*)/g)?.join(' | ') : String(created.status));
    orderId = Number(/\/orders\/(\d+)$/.exec(created.headers.location!)![1]);

    let started = performance.now();
    const pdf = await binary(methodist.get(`/orders/${orderId}.pdf`));
    const pdfMs = performance.now() - started;
    started = performance.now();
    const docx = await binary(methodist.get(`/orders/${orderId}.docx`));
    const docxMs = performance.now() - started;
    assert.equal(pdf.status, 200);
    assert.equal(docx.status, 200);
    const pages = pdfPages(pdf.body as Buffer);
    assert.ok(pages > 50 && pages < 250, `${pages} pages`);
    t.diagnostic(
      `largest allowed order: form ${(bodyBytes / 1024).toFixed(0)} KB; PDF ${pages} pages, ${((pdf.body as Buffer).length / 1024).toFixed(0)} KB in ${pdfMs.toFixed(0)} ms; ` +
        `DOCX ${((docx.body as Buffer).length / 1024).toFixed(0)} KB in ${docxMs.toFixed(0)} ms (worker thread, first render includes its start)`,
    );
  });

  test('/health stays quick while five of them download in parallel (the main thread is never busy with a render)', async (t) => {
    assert.ok(orderId, 'the order of the previous test');
    const stats = (times: number[]) => `×${times.length}: p50 ${percentile(times, 50).toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms`;
    // How quick /health is on this machine right now with nothing rendering (other tests share the cores).
    const quiet = await pollHealth(new Promise((resolve) => setTimeout(resolve, 2000)));

    const downloads = 5;
    const started = performance.now();
    const running = Promise.all(
      Array.from({ length: downloads }, async () => {
        const begun = performance.now();
        const res = await binary(methodist.get(`/orders/${orderId}.pdf`));
        return { status: res.status, ms: performance.now() - begun };
      }),
    );
    const health = await pollHealth(running);
    const results = await running;
    const wall = performance.now() - started;
    assert.deepEqual(results.map((r) => r.status), Array(downloads).fill(200));
    t.diagnostic(`/health with nothing rendering ${stats(quiet)}`);
    t.diagnostic(
      `${downloads} parallel downloads of the largest order (draft, rendered each time) in ${(wall / 1000).toFixed(1)} s ` +
        `(each ${results.map((r) => (r.ms / 1000).toFixed(1)).join(', ')} s); /health meanwhile ${stats(health)}`,
    );

    // For comparison, the way it was: the same document rendered on the request thread, twice.
    const { doc } = await orderForPrint(scopeFor(org.organization, org.methodist), orderId, 'pdf');
    const blocked = await pollHealth(
      (async () => {
        await new Promise((resolve) => setTimeout(resolve, 30));
        for (let i = 0; i < 2; i++) await renderPdf(doc);
      })(),
      50,
      true,
    );
    t.diagnostic(`the same PDF rendered twice on the main thread (as before): /health ${stats(blocked)}`);

    // 500 ms; on a machine so loaded that even a quiet /health is slow, three times its quiet p95.
    const bound = Math.max(500, 3 * percentile(quiet, 95));
    const p95 = percentile(health, 95);
    assert.ok(health.length >= 5, `only ${health.length} health checks while downloading`);
    assert.ok(p95 < bound, `/health p95 ${p95.toFixed(0)} ms while documents render (bound ${bound.toFixed(0)} ms)`);
  });
});

describe('approved orders are rendered once', () => {
  test('the second download comes from memory; an acknowledgment (a new sheet) renders anew', async () => {
    const teacher = await createTeacher(prisma, org.organization.id);
    const created = await post(methodist, '/orders', { kind: 'REGULATION', title: 'Об утверждении Положения о наставничестве', points: 'Утвердить Положение.\nКонтроль оставляю за собой.' });
    assert.equal(created.status, 303);
    const id = Number(/\/orders\/(\d+)$/.exec(created.headers.location!)![1]);
    assert.equal((await post(methodist, `/orders/${id}/submit`)).status, 303);
    assert.equal((await post(head, `/orders/${id}/approve`)).status, 303);

    const { cache } = documentRendering;
    const before = { hits: cache.hits, misses: cache.misses };
    const first = await binary(methodist.get(`/orders/${id}.pdf`));
    const second = await binary(head.get(`/orders/${id}.pdf`));
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    assert.ok((first.body as Buffer).equals(second.body as Buffer), 'the same file');
    assert.deepEqual({ hits: cache.hits - before.hits, misses: cache.misses - before.misses }, { hits: 1, misses: 1 });
    assert.equal(second.headers['cache-control'], 'private, no-store', 'kept by the portal, not by browsers or proxies');
    assert.equal(await prisma.auditLog.count({ where: { action: 'order.download', entityId: String(id) } }), 2, 'every download is audited, cached or not');

    const teacherAgent = await loginAs(app, teacher.user);
    assert.equal((await post(teacherAgent, `/orders/${id}/acknowledge`)).status, 303);
    const third = await binary(methodist.get(`/orders/${id}.pdf`));
    assert.equal(third.status, 200);
    assert.ok(!(third.body as Buffer).equals(first.body as Buffer), 'the sheet changed: a new file');
    assert.equal(cache.misses - before.misses, 2);

    // A draft is never cached: it may change at any moment.
    const draft = await post(methodist, '/orders', { kind: 'REGULATION', title: 'Проект', points: 'Пункт' });
    const draftId = Number(/\/orders\/(\d+)$/.exec(draft.headers.location!)![1]);
    const misses = cache.misses;
    const hits = cache.hits;
    await binary(methodist.get(`/orders/${draftId}.pdf`));
    await binary(methodist.get(`/orders/${draftId}.pdf`));
    assert.deepEqual([cache.hits - hits, cache.misses - misses], [0, 0]);
  });
});

describe('a busy portal says so', () => {
  test('a render past its deadline answers 503 with Retry-After and a Russian page', async () => {
    const created = await post(methodist, '/orders', { kind: 'REGULATION', title: 'Проект для проверки', points: 'Пункт' });
    const id = Number(/\/orders\/(\d+)$/.exec(created.headers.location!)![1]);
    const normal = documentRendering.pool;
    documentRendering.pool = new RenderPool({ maxThreads: 1, timeoutMs: 1 });
    try {
      const res = await methodist.get(`/orders/${id}.pdf`);
      assert.equal(res.status, 503);
      assert.equal(res.headers['retry-after'], '60');
      assert.match(res.headers['content-type'] ?? '', /text\/html/);
      assert.match(res.text, /Документ пока не готов/);
      assert.match(res.text, /Документ готовится слишком долго. Повторите попытку через минуту./);
    } finally {
      await documentRendering.pool.close();
      documentRendering.pool = normal;
    }
    assert.equal((await binary(methodist.get(`/orders/${id}.pdf`))).status, 200, 'and the next download works');
  });
});
