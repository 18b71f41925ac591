/**
 * The worker pool that renders documents off the request thread (bounded threads, queue and time)
 * and the byte-bounded cache of unchanging documents.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { DocumentCache, DocumentsBusyError, RenderPool, type DocumentDescription } from '../../src/core/documents/index.ts';

const SMALL: DocumentDescription = { fileTitle: 'Приказ', title: 'Приказ', body: [{ kind: 'paragraph', text: 'Закрепить наставника.' }] };

/** A document that takes pdfmake a good while: 3 000 numbered points of prose (≈ 250 pages). */
const BIG: DocumentDescription = {
  fileTitle: 'Большой',
  body: [{ kind: 'points', items: Array.from({ length: 3000 }, (_, i) => `Пункт ${i}: наставник проводит с наставляемым занятие, разбирает его итоги и планирует следующее.`) }],
};

const pools: RenderPool[] = [];
function pool(options: ConstructorParameters<typeof RenderPool>[0]): RenderPool {
  const made = new RenderPool(options);
  pools.push(made);
  return made;
}
after(() => Promise.all(pools.map((p) => p.close())));

describe('RenderPool', () => {
  test('renders PDF and DOCX in a worker thread', async () => {
    const renderer = pool({ maxThreads: 1 });
    const [pdf, docx] = await Promise.all([renderer.render(SMALL, 'pdf'), renderer.render(SMALL, 'docx')]);
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.equal(docx.subarray(0, 2).toString('latin1'), 'PK');
  });

  test('a full queue refuses at once with 503 (DocumentsBusyError); the accepted renders finish', async () => {
    const renderer = pool({ maxThreads: 1, maxQueue: 1 });
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => renderer.render(SMALL, 'pdf')));
    const refused = results.filter((r) => r.status === 'rejected');
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'fulfilled', 'rejected', 'rejected', 'rejected'], 'one running and one waiting are accepted');
    const after = await renderer.render(SMALL, 'pdf');
    assert.equal(after.subarray(0, 5).toString('latin1'), '%PDF-', 'the queue frees as renders finish');
    for (const r of refused) {
      const error = (r as PromiseRejectedResult).reason;
      assert.ok(error instanceof DocumentsBusyError, String(error));
      assert.equal(error.status, 503);
      assert.match(error.message, /много документов/);
    }
  });

  test('a render past its time is cancelled with 503, and the pool goes on working', async () => {
    const renderer = pool({ maxThreads: 1, timeoutMs: 300 });
    const started = Date.now();
    await assert.rejects(renderer.render(BIG, 'pdf'), (error: unknown) => error instanceof DocumentsBusyError && /слишком долго/.test(error.message));
    assert.ok(Date.now() - started < 5000, 'cancelled near its deadline, not after the render');
    const pdf = await pool({ maxThreads: 1 }).render(SMALL, 'pdf');
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  });

  test('a render whose client went away is cancelled', async () => {
    const renderer = pool({ maxThreads: 1 });
    const gone = new AbortController();
    const rendering = renderer.render(BIG, 'pdf', gone.signal);
    setTimeout(() => gone.abort(), 100);
    await assert.rejects(rendering, (error: Error) => error.name === 'AbortError');
  });
});

describe('DocumentCache', () => {
  const file = (text: string) => Promise.resolve(Buffer.from(text));

  test('renders a document once; concurrent requests share the render', async () => {
    const cache = new DocumentCache();
    let renders = 0;
    const render = () => {
      renders++;
      return new Promise<Buffer>((resolve) => setTimeout(() => resolve(Buffer.from('pdf')), 20));
    };
    const [a, b] = await Promise.all([cache.get('order:1:pdf', SMALL, render), cache.get('order:1:pdf', SMALL, render)]);
    const c = await cache.get('order:1:pdf', SMALL, render);
    assert.equal(renders, 1);
    assert.equal(a, b);
    assert.equal(a, c);
    assert.deepEqual({ hits: cache.hits, misses: cache.misses, entries: cache.entries }, { hits: 2, misses: 1, entries: 1 });
  });

  test('changed content renders again and replaces the old file of that document and format', async () => {
    const cache = new DocumentCache();
    await cache.get('order:1:pdf', SMALL, () => file('old'));
    await cache.get('order:1:docx', SMALL, () => file('docx'));
    const changed = { ...SMALL, body: [...SMALL.body, { kind: 'paragraph' as const, text: 'Ознакомлена: Иванова' }] };
    assert.equal((await cache.get('order:1:pdf', changed, () => file('new'))).toString(), 'new');
    assert.equal(cache.entries, 2, 'the old PDF is dropped, the DOCX stays');
    assert.equal(cache.bytes, 'new'.length + 'docx'.length);
  });

  test('is bounded in bytes: the least recently used file goes first; a huge file is not kept', async () => {
    const cache = new DocumentCache(100);
    await cache.get('order:1:pdf', SMALL, () => file('a'.repeat(20)));
    await cache.get('order:2:pdf', SMALL, () => file('b'.repeat(20)));
    await cache.get('order:1:pdf', SMALL, () => file('never'));
    await cache.get('order:3:pdf', SMALL, () => file('c'.repeat(20)));
    await cache.get('order:4:pdf', SMALL, () => file('d'.repeat(20)));
    await cache.get('order:5:pdf', SMALL, () => file('e'.repeat(20)));
    assert.equal(cache.bytes, 100, 'full, nothing evicted yet');
    await cache.get('order:6:pdf', SMALL, () => file('f'.repeat(20)));
    assert.equal(cache.bytes, 100);
    let rendered = false;
    await cache.get('order:1:pdf', SMALL, () => ((rendered = true), file('a')));
    assert.ok(!rendered, 'order 1 was used again after order 2 and stays');
    await cache.get('order:2:pdf', SMALL, () => ((rendered = true), file('b')));
    assert.ok(rendered, 'order 2 (least recently used) was evicted');
    await cache.get('order:9:pdf', SMALL, () => file('z'.repeat(30)));
    assert.ok(cache.bytes <= 100);
    rendered = false;
    await cache.get('order:9:pdf', SMALL, () => ((rendered = true), file('z')));
    assert.ok(rendered, 'a file over a quarter of the cache is not kept');
  });

  test('a failed render is not cached', async () => {
    const cache = new DocumentCache();
    await assert.rejects(cache.get('order:1:pdf', SMALL, () => Promise.reject(new Error('boom'))), /boom/);
    assert.equal((await cache.get('order:1:pdf', SMALL, () => file('ok'))).toString(), 'ok');
  });
});
