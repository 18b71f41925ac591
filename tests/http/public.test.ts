/**
 * Stages 6 and 7 over HTTP: the methodological collection (Russian full-text search, filters, the
 * distribution-consent rule for public items, revocation taking an item off at once), news (the server-side
 * sanitiser against hostile HTML, drafts vs published, people named only with consent, the social post) and
 * the organization's public page /p/<slug> with its feeds (RSS 2.0 and Atom parsed back, Open Graph tags,
 * cache headers with ETag/304, and no session for a visitor).
 *
 * A database of its own: the test counts the rows of the "session" table.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Jimp } from 'jimp';
import { DOMParser } from 'linkedom';
import { todayIn } from '../../src/domain/dates.ts';
import { anonymousAgent, loginAs, testApp, type Agent, type TestApp } from '../helpers/app.ts';
import { freshDatabase } from '../helpers/database.ts';
import { createOrganizationWithStaff, createStaffMember, recordConsent } from '../helpers/factories.ts';
import { scopeFor } from '../helpers/scope.ts';
import { publicItemsSql, publicItemWhere } from '../../src/modules/collection/index.ts';
import { approveOrder } from '../../src/modules/orders/index.ts';
import { newsHtml } from '../../src/modules/news/index.ts';
import { socialPost } from '../../src/modules/news/index.ts';

let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let app: TestApp;
let org: Awaited<ReturnType<typeof createOrganizationWithStaff>>;
let methodist: Agent;
let teacher: Agent;
let slug: string;

before(async () => {
  fresh = await freshDatabase();
  org = await createOrganizationWithStaff(fresh.db.prisma);
  slug = org.organization.slug;
  app = testApp({ db: fresh.db, publicUrl: 'https://nastavnik.example.ru' });
  methodist = await loginAs(app, org.methodist);
  teacher = await loginAs(app, org.teacher);
});
after(async () => {
  await app.close();
  await fresh.drop();
});

const prisma = () => fresh.db.prisma;
const post = (agent: Agent, url: string, form: Record<string, unknown>) => agent.post(url).type('form').send({ _csrf: agent.csrf, ...form });

async function staffWithConsent(lastName: string, consent: boolean) {
  const person = await createStaffMember(prisma(), org.organization.id, { lastName, firstName: 'Мария', middleName: 'Ивановна' });
  const given = consent ? await recordConsent(prisma(), org.organization.id, person.id, 'DISTRIBUTION') : null;
  return { person, consent: given };
}

async function addItem(form: Record<string, unknown>) {
  const res = await post(methodist, '/collection', form);
  assert.equal(res.status, 303, res.text);
  return Number(/\/collection\/(\d+)$/.exec(res.headers.location!)![1]);
}

/** The page's SQL read (`publicItemsSql`, over `isPublicItemSql`) and the Prisma rule (`publicItemWhere`) pick the same items. */
async function assertPublicTwinsAgree() {
  const organizationId = org.organization.id;
  const [row] = await prisma().$queryRaw<{ items: { id: number }[] }[]>`SELECT ${publicItemsSql(organizationId, 50)} AS items`;
  const viaPrisma = await prisma().collectionItem.findMany({ where: { organizationId, ...publicItemWhere() }, select: { id: true } });
  assert.deepEqual(row!.items.map((i) => i.id).sort(), viaPrisma.map((i) => i.id).sort());
  return row!.items.length;
}

async function addNews(form: Record<string, unknown>, publish = true) {
  const res = await post(methodist, '/news', form);
  assert.equal(res.status, 303, res.text);
  const id = Number(/\/news\/(\d+)$/.exec(res.headers.location!)![1]);
  if (publish) assert.equal((await post(methodist, `/news/${id}/publish`, {})).status, 303);
  return id;
}

describe('the methodological collection', () => {
  test('Russian full-text search finds word forms; filters by kind, author and best; the list total is the figure', async () => {
    const { person } = await staffWithConsent('Сидорова', true);
    await addItem({ title: 'Памятка наставнику молодого педагога', kind: 'METHODICAL', description: 'Как вести первую встречу', authors: String(person.id) });
    await addItem({ title: 'Игровые технологии в работе с дошкольниками', kind: 'PRESENTATION', description: 'Презентация семинара', authors: String(person.id), best: 'on' });

    const found = await teacher.get('/collection').query({ q: 'наставника' });
    assert.equal(found.status, 200);
    assert.match(found.text, /Памятка наставнику молодого педагога/, '«наставника» finds «наставнику» (the same stem)');
    assert.doesNotMatch(found.text, /Игровые технологии/);
    assert.match(found.text, /data-total="1"/);
    // The item's authors, and the author filter's choices read in the list's statement.
    assert.match(found.text, /Авторы: Сидорова Мария</);
    assert.match(found.text, new RegExp(`<option value="${person.id}">Сидорова М\\.И\\.</option>`));
    assert.match((await teacher.get('/collection').query({ q: 'технология' })).text, /Игровые технологии/, 'plural «технологии» found by the singular');
    assert.match((await teacher.get('/collection').query({ q: 'встречи' })).text, /Памятка наставнику/, 'the description is searched too');
    assert.match((await teacher.get('/collection').query({ q: 'космос' })).text, /data-total="0"/);
    assert.match((await teacher.get('/collection').query({ kind: 'PRESENTATION', author: person.id })).text, /data-total="1"/);
    const best = await teacher.get('/collection?best=1');
    assert.match(best.text, /data-total="1"/);
    assert.match(best.text, /Игровые технологии/);
    // The search matches the organization's own items by the trigger-kept vector; no city-wide text index for a
    // generic plan to take instead (migration 20270301090000: a common word read every organization's matches).
    const indexes = await prisma().$queryRawUnsafe<{ indexdef: string }[]>(`SELECT indexdef FROM pg_indexes WHERE tablename = 'CollectionItem'`);
    assert.equal(indexes.filter((i) => /searchVector/.test(i.indexdef)).length, 0);
  });

  test('an invalid form is the same form with 422 and the values kept; a teacher cannot add', async () => {
    const res = await post(methodist, '/collection', { title: 'Без авторов', kind: 'METHODICAL' });
    assert.equal(res.status, 422);
    assert.match(res.text, /Укажите хотя бы одного автора/);
    assert.match(res.text, /value="Без авторов"/);
    assert.equal((await post(teacher, '/collection', { title: 'x', kind: 'METHODICAL' })).status, 403);
  });

  test('public only with EVERY author’s valid distribution consent: refused without, and revocation takes it off the public page at once', async () => {
    const a = await staffWithConsent('Консентова', true);
    const b = await staffWithConsent('Безсогласова', false);
    // Two authors, one without consent: the service refuses to publish.
    const refused = await post(methodist, '/collection', { title: 'Совместная практика', kind: 'BEST_PRACTICE', authors: [String(a.person.id), String(b.person.id)], public: 'on' });
    assert.equal(refused.status, 422);
    assert.match(refused.text, /нет действующего согласия на распространение персональных данных у Безсогласова М\.И\./);
    const internal = await addItem({ title: 'Совместная практика', kind: 'BEST_PRACTICE', authors: [String(a.person.id), String(b.person.id)] });
    // Marked public in the database behind the service's back: the public read still refuses it.
    await prisma().collectionItem.update({ where: { id: internal }, data: { visibility: 'PUBLIC' } });
    const publicItem = await addItem({ title: 'Наставничество через квест', kind: 'BEST_PRACTICE', authors: String(a.person.id), public: 'on', description: 'Квест для молодых педагогов' });
    // Public without any author: not shown either (the rule wants authors, every one consenting).
    await prisma().collectionItem.create({ data: { organizationId: org.organization.id, title: 'Бесхозная практика', kind: 'OTHER', visibility: 'PUBLIC' } });
    assert.equal(await assertPublicTwinsAgree(), 1);
    let page = await (await anonymousAgent(app)).get(`/p/${slug}`);
    assert.match(page.text, /Наставничество через квест/);
    assert.match(page.text, /Консентова М\.И\./);
    assert.doesNotMatch(page.text, /Совместная практика/);
    assert.doesNotMatch(page.text, /Безсогласова/);
    assert.doesNotMatch(page.text, /Бесхозная практика/);

    // The author revokes the consent through the consents' own page: the item is gone from the next public read.
    const consentId = a.consent!.id;
    const revoked = await post(methodist, `/consents/${consentId}/revoke`, { revokedOn: todayIn('Europe/Moscow'), reason: 'по заявлению' });
    assert.equal(revoked.status, 303, revoked.text);
    assert.ok((await prisma().consent.findUniqueOrThrow({ where: { id: consentId } })).revokedAt, 'revoked');
    page = await (await anonymousAgent(app)).get(`/p/${slug}`);
    assert.doesNotMatch(page.text, /Наставничество через квест/);
    assert.doesNotMatch(page.text, /Консентова/);
    assert.equal(await assertPublicTwinsAgree(), 0);
    // Inside, the card says why it is not shown.
    assert.match((await methodist.get(`/collection/${publicItem}`)).text, /На публичной странице не показывается: нет действующего согласия/);
  });
});

describe('news', () => {
  test('the sanitiser keeps simple formatting and drops everything hostile', () => {
    const hostile = [
      '<p>Итоги <b>семинара</b> и <i>встречи</i></p>',
      '<script>alert(1)</script><style>body{}</style>',
      '<img src=x onerror="alert(2)"><iframe src="https://evil.example"></iframe>',
      '<a href="javascript:alert(3)">ссылка</a> <a href="https://ds50.example.ru/" onclick="x()">сайт</a>',
      '<ul><li onmouseover="y()">раз</li><li>два</li></ul><p style="color:red">цвет</p><svg><use href="#a"/></svg>',
    ].join('');
    const html = newsHtml(hostile);
    assert.match(html, /<p>Итоги <strong>семинара<\/strong> и <em>встречи<\/em><\/p>/);
    assert.match(html, /<a href="https:\/\/ds50\.example\.ru\/" rel="nofollow noopener">сайт<\/a>/);
    assert.match(html, /<ul><li>раз<\/li><li>два<\/li><\/ul><p>цвет<\/p>/);
    for (const bad of [/<script/i, /alert/, /<style/i, /<img/i, /onerror/i, /<iframe/i, /javascript:/i, /onclick/i, /onmouseover/i, /style=/i, /<svg/i]) assert.doesNotMatch(html, bad);
    assert.equal(newsHtml('Первый абзац.\nВторая строка.\n\nВторой абзац с <угловыми> скобками'), '<p>Первый абзац.<br />Вторая строка.</p>\n<p>Второй абзац с  скобками</p>'.replace('с  скобками', 'с &lt;угловыми&gt; скобками'));
  });

  test('a draft stays inside; published news is on the public page; people are named only with consent; the social post', async () => {
    const named = await staffWithConsent('Публикуемая', true);
    const hidden = await staffWithConsent('Скрываемая', false);
    const draft = await addNews({ title: 'Черновик о круглом столе', source: 'Пока не публикуем', stage: '6' }, false);
    const id = await addNews({
      title: 'Итоговый круглый стол',
      source: 'Педагоги представили <b>лучшие практики</b>.<script>alert(1)</script>\n\nСпасибо всем участникам!',
      stage: '6',
      people: [String(named.person.id), String(hidden.person.id)],
    });
    const inside = await methodist.get(`/news/${id}`);
    assert.match(inside.text, /Нет согласия на распространение персональных данных: Скрываемая М\.И\./, 'the editor warns');
    assert.doesNotMatch(inside.text, /<script>alert/);
    // The social post: title, short text, the stage's hashtags, the public link.
    const postText = /<textarea id="social-post"[^>]*>([\s\S]*?)<\/textarea>/.exec(inside.text)![1]!;
    assert.match(postText, /^Итоговый круглый стол\n\nПедагоги представили лучшие практики\. Спасибо всем участникам!\n\n#наставничество #педагоги #лучшиепрактики #методическаякопилка\n\nПодробнее: https:\/\/nastavnik\.example\.ru\/p\/[a-z0-9-]+\/news\/\d+$/);

    const visitor = await anonymousAgent(app);
    const home = await visitor.get(`/p/${slug}`);
    assert.match(home.text, /Итоговый круглый стол/);
    assert.doesNotMatch(home.text, /Черновик о круглом столе/);
    assert.equal((await visitor.get(`/p/${slug}/news/${draft}`)).status, 404, 'a draft is not public');
    const page = await visitor.get(`/p/${slug}/news/${id}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /<strong>лучшие практики<\/strong>/);
    assert.doesNotMatch(page.text, /alert\(1\)/);
    assert.match(page.text, /Участники: Публикуемая М\.И\./);
    assert.doesNotMatch(page.text, /Скрываемая/);
    // Open Graph.
    assert.match(page.text, /<meta property="og:title" content="Итоговый круглый стол">/);
    assert.match(page.text, /<meta property="og:type" content="article">/);
    assert.match(page.text, new RegExp(`<meta property="og:url" content="https://nastavnik\\.example\\.ru/p/${slug}/news/${id}">`));
    assert.match(page.text, /<meta property="og:description" content="Педагоги представили лучшие практики\. Спасибо всем участникам!">/);
    assert.match(page.text, /<link rel="alternate" type="application\/atom\+xml"/);

    // Unpublished: gone from the page and the feed.
    assert.equal((await post(methodist, `/news/${id}/unpublish`, {})).status, 303);
    assert.equal((await visitor.get(`/p/${slug}/news/${id}`)).status, 404);
    assert.equal((await post(methodist, `/news/${id}/publish`, {})).status, 303);
  });

  test('the cover: one photo in, ВКонтакте 1200×630 and Telegram 1280×720 out; Open Graph image on the public page; a non-image refused', async () => {
    const id = await addNews({ title: 'Новость с обложкой', source: 'Текст новости с обложкой.', stage: '7' });
    const photo = await new Jimp({ width: 2000, height: 1500, color: 0x3366_99ff }).getBuffer('image/png');
    const upload = await methodist.post(`/news/${id}/cover?_csrf=${encodeURIComponent(methodist.csrf)}`).attach('cover', photo, { filename: 'фото.png', contentType: 'image/png' });
    assert.equal(upload.status, 303, upload.text);
    for (const [size, width, height] of [['vk', 1200, 630], ['telegram', 1280, 720]] as const) {
      const file = await methodist.get(`/news/${id}/cover/${size}`).buffer(true).parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
      assert.equal(file.status, 200);
      assert.equal(file.headers['content-type'], 'image/jpeg');
      const image = await Jimp.read(file.body as Buffer);
      assert.deepEqual([image.width, image.height], [width, height], size);
    }
    const visitor = await anonymousAgent(app);
    const page = await visitor.get(`/p/${slug}/news/${id}`);
    assert.match(page.text, new RegExp(`<meta property="og:image" content="https://nastavnik\\.example\\.ru/p/${slug}/news/${id}/cover\\.jpg">`));
    const publicCover = await visitor.get(`/p/${slug}/news/${id}/cover.jpg`);
    assert.equal(publicCover.status, 200);
    assert.equal(publicCover.headers['content-type'], 'image/jpeg');
    assert.match(publicCover.headers['cache-control'] ?? '', /^public/);
    // Not an image (a text file called .png): the same page with 422 and the message beside the field.
    const bad = await methodist.post(`/news/${id}/cover?_csrf=${encodeURIComponent(methodist.csrf)}`).attach('cover', Buffer.from('не картинка'), { filename: 'x.png', contentType: 'image/png' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /не похож на/);
    // A draft's cover is not public.
    assert.equal((await post(methodist, `/news/${id}/unpublish`, {})).status, 303);
    assert.equal((await visitor.get(`/p/${slug}/news/${id}/cover.jpg`)).status, 404);
    assert.equal((await post(methodist, `/news/${id}/publish`, {})).status, 303);
  });

  test('the social post cuts a long text at a word and has no hashtags of a stage when there is none', () => {
    const text = socialPost({ title: 'Заголовок', html: `<p>${'слово '.repeat(100)}</p>`, stage: null }, 'https://x/p/a/news/1');
    const body = text.split('\n')[2]!;
    assert.ok(body.length <= 280, String(body.length));
    assert.match(body, /слово…$/);
    assert.match(text, /\n#наставничество #педагоги\n/);
  });

  test('an invalid news form: 422, values kept; a teacher may not open /news', async () => {
    const res = await post(methodist, '/news', { title: '', source: 'Текст', stage: '9' });
    assert.equal(res.status, 422);
    assert.match(res.text, /Заполните поле «Заголовок»/);
    assert.match(res.text, /Выберите этап из списка/);
    assert.match(res.text, />Текст<\/textarea>/);
    assert.equal((await teacher.get('/news')).status, 403);
  });
});

describe('the public page /p/<slug>', () => {
  test('the Regulation from the frozen approved order, the roadmap with states, 404 for an unknown address', async () => {
    const order = await prisma().order.create({
      data: {
        organizationId: org.organization.id,
        kind: 'REGULATION',
        status: 'SUBMITTED',
        title: 'Об утверждении Положения о системе наставничества',
        points: ['Утвердить Положение (приложение 1).'],
        appendices: [{ title: 'Положение о системе наставничества педагогических работников', text: '1. Общие положения\nНастоящее Положение определяет порядок наставничества.' }],
        submittedAt: new Date(),
        authorId: org.methodist.id,
      },
    });
    await approveOrder(scopeFor(org.organization, { ...org.head, staffMemberId: null }, fresh.db), order.id);
    // A change of the row's appendices after approval never reaches the public page: it reads the frozen copy.
    await prisma().order.update({ where: { id: order.id }, data: { appendices: [{ title: 'Подменённый текст', text: 'Подмена' }] } });
    const visitor = await anonymousAgent(app);
    const res = await visitor.get(`/p/${slug}`);
    assert.equal(res.status, 200);
    assert.match(res.text, /Утверждено: Приказ № 1-од от \d\d\.\d\d\.\d{4}/);
    assert.match(res.text, /Настоящее Положение определяет порядок наставничества/);
    assert.doesNotMatch(res.text, /Подмена/);
    // Seven stages, each with its state; stage 6 has a best practice (from the collection test) — «идёт» at least.
    assert.equal([...res.text.matchAll(/class="public-stage public-stage--(done|progress|not_started|overdue)"/g)].length, 7);
    assert.match(res.text, /public-stage--(progress|done)">\s*<strong>Завершение персонализированных программ/);
    assert.equal((await visitor.get('/p/no-such-organization')).status, 404);
    assert.equal((await visitor.get('/p/NOT_A_SLUG')).status, 404);
    // Nothing about people but consented names: no staff list, no head's name on the page.
    assert.doesNotMatch(res.text, /Свиридова/);
  });

  test('cache headers (public, short max-age, ETag → 304) and no session, no cookie for a visitor', async () => {
    const before = await prisma().session.count();
    const visitor = await anonymousAgent(app);
    const afterLogin = await prisma().session.count();
    assert.equal(afterLogin, before, 'the login page writes no session row either');
    for (const url of [`/p/${slug}`, `/p/${slug}/feed.xml`, `/p/${slug}/atom.xml`]) {
      const res = await visitor.get(url);
      assert.equal(res.status, 200, url);
      assert.match(res.headers['cache-control'] ?? '', /^public, max-age=60$/, url);
      assert.ok(res.headers.etag, `${url}: ETag`);
      assert.equal(res.headers['set-cookie'], undefined, `${url}: no cookie`);
      const again = await visitor.get(url).set('If-None-Match', res.headers.etag!);
      assert.equal(again.status, 304, `${url}: revalidated by ETag`);
    }
    assert.equal(await prisma().session.count(), before, 'public visits create no session rows');
  });

  test('the feeds parse back as RSS 2.0 and Atom with the published news', async () => {
    const visitor = await anonymousAgent(app);
    const rss = await visitor.get(`/p/${slug}/feed.xml`);
    assert.match(rss.headers['content-type']!, /^application\/rss\+xml/);
    const rssDoc = new DOMParser().parseFromString(rss.text, 'text/xml');
    const channel = rssDoc.querySelector('rss > channel')!;
    assert.equal(rssDoc.documentElement.getAttribute('version'), '2.0');
    assert.match(channel.querySelector('title')!.textContent!, /наставничество — новости/);
    const items = [...channel.querySelectorAll('item')];
    assert.ok(items.length >= 1);
    const titles = items.map((i) => i.querySelector('title')!.textContent);
    assert.ok(titles.includes('Итоговый круглый стол'), titles.join());
    assert.ok(!titles.includes('Черновик о круглом столе'));
    for (const item of items) {
      assert.match(item.querySelector('link')!.textContent!, new RegExp(`^https://nastavnik\\.example\\.ru/p/${slug}/news/\\d+$`));
      assert.ok(!Number.isNaN(Date.parse(item.querySelector('pubDate')!.textContent!)));
    }
    assert.doesNotMatch(rss.text, /<script/);

    const atom = await visitor.get(`/p/${slug}/atom.xml`);
    assert.match(atom.headers['content-type']!, /^application\/atom\+xml/);
    const atomDoc = new DOMParser().parseFromString(atom.text, 'text/xml');
    assert.equal(atomDoc.documentElement.tagName.toLowerCase(), 'feed');
    assert.equal(atomDoc.documentElement.getAttribute('xmlns'), 'http://www.w3.org/2005/Atom');
    const entries = [...atomDoc.querySelectorAll('entry')];
    assert.equal(entries.length, items.length);
    assert.ok(entries.every((e) => e.querySelector('id')?.textContent && e.querySelector('updated')?.textContent));
    assert.ok([...atomDoc.querySelectorAll('feed > link')].some((l) => l.getAttribute('rel') === 'self'));
  });
});
