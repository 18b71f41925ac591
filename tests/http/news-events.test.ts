/**
 * A news post names one event (issue 12: «связанный этап и мероприятие»): the optional select on the news form,
 * checked (an event of the same organization that exists; a cancelled one may not be newly chosen); the news
 * pages show the event on the organization's clock, the public one linking it only while the event is open under
 * the events module's rule; the event page lists news about it and «Написать новость» opens the form with the
 * event and its stage (the events module's kind → stage mapping); the feeds keep working.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DOMParser } from 'linkedom';
import { ruDate } from '../../src/domain/dates.ts';
import { EVENT_KIND_STAGE, stageOfEventKind } from '../../src/modules/events/index.ts';
import type { EventKind } from '../../src/generated/prisma/enums.ts';
import { anonymousAgent, loginAs, postForm as post, testApp, type Agent, type TestApp } from '../helpers/app.ts';
import { dayFromToday } from '../helpers/days.ts';
import { freshDatabase } from '../helpers/database.ts';
import { createOrganizationWithStaff, createTeacher } from '../helpers/factories.ts';

let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let app: TestApp;
let org: Awaited<ReturnType<typeof createOrganizationWithStaff>>;
let other: Awaited<ReturnType<typeof createOrganizationWithStaff>>;
let methodist: Agent;
let head: Agent;
let teacher: Agent;
let teacherStaffId: number;
let slug: string;

const prisma = () => fresh.db.prisma;


/** An event row at 10:00 Moscow time (07:00 UTC) of the given day. */
async function eventRow(organizationId: number, data: { title: string; kind: EventKind; day: string; isPublic?: boolean; status?: 'PLANNED' | 'HELD' | 'CANCELLED' }) {
  const row = await prisma().event.create({
    data: { organizationId, title: data.title, kind: data.kind, startsAt: new Date(`${data.day}T07:00:00Z`), durationMinutes: 90, place: 'Музыкальный зал', audience: 'ALL_STAFF', isPublic: data.isPublic ?? false, status: data.status ?? 'PLANNED' },
  });
  return row.id;
}

async function addNews(form: Record<string, unknown>, publish = true) {
  const res = await post(methodist, '/news', { title: 'Новость', source: 'Текст новости.', ...form });
  assert.equal(res.status, 303, res.text.slice(0, 3000));
  const id = Number(/\/news\/(\d+)$/.exec(res.headers.location!)![1]);
  if (publish) assert.equal((await post(methodist, `/news/${id}/publish`, {})).status, 303);
  return id;
}

before(async () => {
  fresh = await freshDatabase();
  org = await createOrganizationWithStaff(fresh.db.prisma);
  other = await createOrganizationWithStaff(fresh.db.prisma);
  slug = org.organization.slug;
  app = testApp({ db: fresh.db, publicUrl: 'https://nastavnik.example.ru' });
  methodist = await loginAs(app, org.methodist);
  head = await loginAs(app, org.head);
  const invited = await createTeacher(prisma(), org.organization.id);
  teacherStaffId = invited.staff.id;
  teacher = await loginAs(app, invited.user);
});
after(async () => {
  await app.close();
  await fresh.drop();
});

describe('news about an event', () => {
  test('the kind → stage mapping lives in the events module: set-up and consultation are stage 4, the rest stage 6', () => {
    assert.deepEqual(EVENT_KIND_STAGE, { SETUP_SESSION: 4, CONSULTATION: 4, EXPERIENCE_EXCHANGE: 6, SEMINAR: 6, ROUND_TABLE: 6 });
    assert.equal(stageOfEventKind('ROUND_TABLE'), 6);
  });

  test('«Написать новость» on the event page opens the form with the event and its stage; the saved news is listed there', async () => {
    const setup = await eventRow(org.organization.id, { title: 'Установочная сессия для наставников', kind: 'SETUP_SESSION', day: dayFromToday(5) });
    const round = await eventRow(org.organization.id, { title: 'Итоговый круглый стол', kind: 'ROUND_TABLE', day: dayFromToday(-3), status: 'HELD' });
    const page = await methodist.get(`/events/${setup}`);
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`<a class="button button--secondary" href="/news/new\\?event=${setup}">Написать новость</a>`));
    assert.match(page.text, /Новостей о мероприятии пока нет/);

    const form = await methodist.get('/news/new').query({ event: setup });
    assert.equal(form.status, 200);
    assert.match(form.text, new RegExp(`<option value="${setup}" selected>${ruDate(dayFromToday(5))} — Установочная сессия для наставников</option>`));
    assert.match(form.text, /<option value="4" selected>4\. /, 'a set-up session is stage 4');
    const roundForm = await methodist.get('/news/new').query({ event: round });
    assert.match(roundForm.text, /<option value="6" selected>6\. /, 'the round table is stage 6');
    const unknown = await methodist.get('/news/new').query({ event: 999999 });
    assert.equal(unknown.status, 200);
    assert.doesNotMatch(unknown.text, /<option value="\d+" selected>/, 'an unknown event prefills nothing');

    const id = await addNews({ title: 'Прошла установочная сессия', event: String(setup), stage: '4' }, false);
    assert.equal((await prisma().newsPost.findUniqueOrThrow({ where: { id } })).eventId, setup);
    const listed = await methodist.get(`/events/${setup}`);
    assert.match(listed.text, new RegExp(`<a href="/news/${id}">Прошла установочная сессия</a> <span class="muted">черновик</span>`));
    assert.match((await head.get(`/events/${setup}`)).text, /Прошла установочная сессия/, 'the head reads news too');
    assert.doesNotMatch((await head.get(`/events/${setup}`)).text, /Написать новость/, 'only the methodist writes');
    // A teacher invited to the event sees no news section (news is the methodist's and the head's).
    await prisma().eventInvitation.create({ data: { organizationId: org.organization.id, eventId: setup, staffMemberId: teacherStaffId } });
    const seen = await teacher.get(`/events/${setup}`);
    assert.equal(seen.status, 200);
    assert.doesNotMatch(seen.text, /Новости о мероприятии/);

    const show = await methodist.get(`/news/${id}`);
    assert.match(show.text, new RegExp(`Мероприятие: <a href="/events/${setup}">Установочная сессия для наставников</a>, <time datetime="${dayFromToday(5)}T10:00">${ruDate(dayFromToday(5))}, 10:00</time>`), 'on the organization\'s clock');
    const edit = await methodist.get(`/news/${id}/edit`);
    assert.match(edit.text, new RegExp(`<option value="${setup}" selected>`));
  });

  test('the link is checked: another organization\'s event or an unknown one → 422 beside the field, values kept; a cancelled event may not be chosen anew', async () => {
    const foreign = await eventRow(other.organization.id, { title: 'Чужой семинар', kind: 'SEMINAR', day: dayFromToday(2) });
    const cancelled = await eventRow(org.organization.id, { title: 'Отменённая консультация', kind: 'CONSULTATION', day: dayFromToday(4), status: 'CANCELLED' });
    for (const [event, message] of [[foreign, 'Выберите мероприятие из списка'], [999999, 'Выберите мероприятие из списка'], ['abc', 'Выберите мероприятие из списка'], [cancelled, 'Мероприятие отменено: выберите другое или оставьте поле пустым']] as const) {
      const res = await post(methodist, '/news', { title: 'Новость о мероприятии', source: 'Текст.', event: String(event) });
      assert.equal(res.status, 422, String(event));
      assert.match(res.text, new RegExp(`<p class="field__error" id="field-event-error"><span class="visually-hidden">Ошибка: </span>${message}`));
      assert.match(res.text, /value="Новость о мероприятии"/, 'the values are kept');
    }
    const form = await methodist.get('/news/new');
    assert.doesNotMatch(form.text, /Отменённая консультация/, 'a cancelled event is not offered');
    assert.doesNotMatch(form.text, /Чужой семинар/);
    assert.equal(await prisma().newsPost.count({ where: { title: 'Новость о мероприятии' } }), 0);

    // A post linked before the event was cancelled keeps its link when edited.
    const seminar = await eventRow(org.organization.id, { title: 'Семинар, который отменят', kind: 'SEMINAR', day: dayFromToday(6) });
    const id = await addNews({ title: 'Приглашаем на семинар', event: String(seminar) }, false);
    await prisma().event.update({ where: { id: seminar }, data: { status: 'CANCELLED' } });
    assert.match((await methodist.get(`/news/${id}/edit`)).text, /Семинар, который отменят \(отменено\)/);
    assert.equal((await post(methodist, `/news/${id}`, { title: 'Семинар переносится', source: 'Текст.', event: String(seminar) })).status, 303);
    assert.equal((await prisma().newsPost.findUniqueOrThrow({ where: { id } })).eventId, seminar);
    // And the database itself refuses a link across organizations (the composite key).
    await assert.rejects(prisma().newsPost.update({ where: { id }, data: { eventId: foreign } }));
  });

  test('the public news page shows the event, linking it only while it is open; the feeds keep working', async () => {
    const open = await eventRow(org.organization.id, { title: 'Открытый семинар для педагогов района', kind: 'SEMINAR', day: dayFromToday(10), isPublic: true });
    const internal = await eventRow(org.organization.id, { title: 'Обмен опытом пар', kind: 'EXPERIENCE_EXCHANGE', day: dayFromToday(-2), status: 'HELD' });
    const aboutOpen = await addNews({ title: 'Приглашаем на открытый семинар', event: String(open), stage: '6' });
    const aboutInternal = await addNews({ title: 'Пары обменялись опытом', event: String(internal), stage: '6' });
    const visitor = await anonymousAgent(app);

    const openPage = await visitor.get(`/p/${slug}/news/${aboutOpen}`);
    assert.equal(openPage.status, 200);
    assert.match(openPage.text, new RegExp(`Мероприятие: <a href="/p/${slug}#event-${open}">Открытый семинар для педагогов района</a>, <time datetime="${dayFromToday(10)}T10:00">${ruDate(dayFromToday(10))}, 10:00</time>`));
    const index = await visitor.get(`/p/${slug}`);
    assert.match(index.text, new RegExp(`<li id="event-${open}">`), 'the link\'s target is on the public page');

    const internalPage = await visitor.get(`/p/${slug}/news/${aboutInternal}`);
    assert.match(internalPage.text, new RegExp(`Мероприятие: Обмен опытом пар, <time datetime="${dayFromToday(-2)}T10:00">`));
    assert.doesNotMatch(internalPage.text, /#event-/, 'no link to an event the public page does not show');

    // The open event stops being open (made internal): the public news keeps the title but drops the link at once.
    await prisma().event.update({ where: { id: open }, data: { isPublic: false } });
    const after = await visitor.get(`/p/${slug}/news/${aboutOpen}`);
    assert.match(after.text, /Мероприятие: Открытый семинар для педагогов района, <time/);

    const rss = await visitor.get(`/p/${slug}/feed.xml`);
    assert.equal(rss.status, 200);
    const titles = [...new DOMParser().parseFromString(rss.text, 'text/xml').querySelectorAll('item > title')].map((t) => t.textContent);
    assert.ok(titles.includes('Приглашаем на открытый семинар') && titles.includes('Пары обменялись опытом'), titles.join());
    const atom = await visitor.get(`/p/${slug}/atom.xml`);
    assert.equal(atom.status, 200);
    assert.equal(new DOMParser().parseFromString(atom.text, 'text/xml').querySelectorAll('entry').length, titles.length);
  });
});
