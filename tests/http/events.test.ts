/**
 * Training and events (stages 4 and 6) over HTTP: planning with the 422 form, invitations by audience (and the
 * notification they make), who sees which event, replies, attendance marked only by the methodist (and only
 * from the event's day), the mentors' training status derived from set-up sessions attended, event files checked
 * by content, the calendar (list, month, filters), the personal .ics feed (zone, SEQUENCE, STATUS, revocation),
 * the dashboard's figures against their lists, and the public page's upcoming open events.
 *
 * A database of its own: the dashboard's counts are of the whole organization.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { trainingStatusOf } from '../../src/modules/banks/index.ts';
import { attendedAnyEventSql, setupSessionsAttended } from '../../src/modules/events/index.ts';
import { Prisma as Sql } from '../../src/generated/prisma/client.ts';
import { anonymousAgent, loginAs, postForm as post, testApp, type Agent, type TestApp } from '../helpers/app.ts';
import { dayFromToday } from '../helpers/days.ts';
import { figureOf, listTotal } from '../helpers/dashboard.ts';
import { freshDatabase } from '../helpers/database.ts';
import { addBankMentor, createOrganizationWithStaff, createTeacher, createUser } from '../helpers/factories.ts';
import { scopeFor } from '../helpers/scope.ts';

let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let app: TestApp;
let org: Awaited<ReturnType<typeof createOrganizationWithStaff>>;
let methodist: Agent;
let head: Agent;
/** A mentor with an account (in the mentor bank), and a teacher who is not. */
let mentor: Awaited<ReturnType<typeof createTeacher>>;
let mentorEntryId: number;
let mentorAgent: Agent;
let outsider: Awaited<ReturnType<typeof createTeacher>>;
let outsiderAgent: Agent;

const prisma = () => fresh.db.prisma;


const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d2b1cd0000000049454e44ae426082', 'hex');

async function planEvent(form: Record<string, unknown>): Promise<number> {
  const res = await post(methodist, '/events', { title: 'Установочная сессия', kind: 'SETUP_SESSION', date: dayFromToday(7), time: '10:00', durationMinutes: '90', place: 'Методический кабинет', audience: 'MENTORS', ...form });
  assert.equal(res.status, 303, res.text.slice(0, 2000));
  return Number(/\/events\/(\d+)$/.exec(res.headers.location!)![1]);
}

before(async () => {
  fresh = await freshDatabase();
  org = await createOrganizationWithStaff(fresh.db.prisma);
  app = testApp({ db: fresh.db, publicUrl: 'https://nastavnik.example.ru' });
  mentor = await createTeacher(prisma(), org.organization.id, { lastName: 'Наставникова' });
  mentorEntryId = (await prisma().mentorEntry.create({ data: { organizationId: org.organization.id, staffMemberId: mentor.staff.id, status: 'APPROVED', forms: ['TRADITIONAL'] } })).id;
  outsider = await createTeacher(prisma(), org.organization.id, { lastName: 'Посторонняя' });
  // The methodist has a staff card too (invited to the events of all staff).
  const methodistCard = await prisma().staffMember.create({ data: { organizationId: org.organization.id, lastName: 'Методистова', firstName: 'Ольга', middleName: 'Петровна', position: 'старший воспитатель' } });
  await prisma().user.update({ where: { id: org.methodist.id }, data: { staffMemberId: methodistCard.id } });
  methodist = await loginAs(app, org.methodist);
  head = await loginAs(app, org.head);
  mentorAgent = await loginAs(app, mentor.user);
  outsiderAgent = await loginAs(app, outsider.user);
});
after(async () => {
  await app.close();
  await fresh.drop();
});

describe('planning an event', () => {
  test('an invalid form is the same form with 422, the values kept and a message beside each field', async () => {
    const res = await post(methodist, '/events', { title: '', kind: 'SETUP_SESSION', date: '31.02.2026', time: '25:00', durationMinutes: '5', place: '', link: '', audience: 'CHOSEN' });
    assert.equal(res.status, 422);
    assert.match(res.text, /Заполните поле «Название»/);
    assert.match(res.text, /Введите дату в виде ДД\.ММ\.ГГГГ/);
    assert.match(res.text, /Укажите время начала в виде ЧЧ:ММ/);
    assert.match(res.text, /Длительность — от 15 минут/);
    const noPlace = await post(methodist, '/events', { title: 'Консультация', kind: 'CONSULTATION', date: dayFromToday(3), time: '15:00', durationMinutes: '45', audience: 'CHOSEN' });
    assert.equal(noPlace.status, 422);
    assert.match(noPlace.text, /Укажите место проведения или ссылку на онлайн-встречу/);
    assert.match(noPlace.text, /Отметьте, кого пригласить/);
    assert.match(noPlace.text, /value="Консультация"/, 'the values are kept');
    const badLink = await post(methodist, '/events', { title: 'Онлайн', kind: 'CONSULTATION', date: dayFromToday(3), time: '15:00', durationMinutes: '45', link: 'javascript:alert(1)', audience: 'ALL_STAFF' });
    assert.equal(badLink.status, 422);
  });

  test('the audience is invited (a notification each), the time is the organization\'s clock', async () => {
    const id = await planEvent({ title: 'Установочная сессия № 1' });
    const event = await prisma().event.findUniqueOrThrow({ where: { id }, include: { invitations: true } });
    assert.equal(event.startsAt.toISOString(), `${dayFromToday(7)}T07:00:00.000Z`, '10:00 in Moscow is 07:00 UTC');
    assert.deepEqual(event.invitations.map((i) => i.staffMemberId), [mentor.staff.id], 'MENTORS: the mentor bank');
    const told = await prisma().notification.findMany({ where: { userId: mentor.user.id, kind: 'EVENT_INVITATION' } });
    assert.equal(told.length, 1);
    assert.equal(told[0]!.link, `/events/${id}`);
    const page = await mentorAgent.get(`/events/${id}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /10:00/);
  });

  test('chosen people are invited by name; an unknown id is refused', async () => {
    const refused = await post(methodist, '/events', { title: 'Обмен опытом', kind: 'EXPERIENCE_EXCHANGE', date: dayFromToday(5), time: '13:30', durationMinutes: '60', place: 'Зал', audience: 'CHOSEN', people: ['999999'] });
    assert.equal(refused.status, 422);
    assert.match(refused.text, /Выберите людей из списка работающих сотрудников/);
    const id = await planEvent({ title: 'Обмен опытом', kind: 'EXPERIENCE_EXCHANGE', audience: 'CHOSEN', people: [String(outsider.staff.id)] });
    const invited = await prisma().eventInvitation.findMany({ where: { eventId: id } });
    assert.deepEqual(invited.map((i) => i.staffMemberId), [outsider.staff.id]);
  });
});

describe('who sees which event', () => {
  test('the invited and the readers of all events see it; anyone else gets 404; the list is theirs', async () => {
    const id = await planEvent({ title: 'Только для наставников' });
    assert.equal((await mentorAgent.get(`/events/${id}`)).status, 200);
    assert.equal((await head.get(`/events/${id}`)).status, 200);
    assert.equal((await outsiderAgent.get(`/events/${id}`)).status, 404);
    assert.equal((await outsiderAgent.get(`/events/${id}/files/1`)).status, 404);
    const list = await outsiderAgent.get('/events');
    assert.equal(list.status, 200);
    assert.doesNotMatch(list.text, /Только для наставников/);
    assert.match((await mentorAgent.get('/events')).text, /Только для наставников/);
    const page = await head.get(`/events/${id}`);
    assert.match(page.text, /Наставникова/, 'the head sees who is invited');
    assert.doesNotMatch((await mentorAgent.get(`/events/${id}`)).text, /Приглашённые<\/h2>/, 'a guest does not see the list of the others');
  });

  test('anonymous visitors are sent to /login; a teacher cannot plan, edit, cancel or mark attendance (403)', async () => {
    const anonymous = await anonymousAgent(app);
    const res = await anonymous.get('/events');
    assert.equal(res.status, 303);
    assert.match(res.headers.location!, /\/login/);
    const id = await planEvent({ title: 'Запрещённые действия' });
    assert.equal((await mentorAgent.get('/events/new')).status, 403);
    assert.equal((await post(mentorAgent, '/events', { title: 'x' })).status, 403);
    assert.equal((await post(mentorAgent, `/events/${id}/cancel`, {})).status, 403);
    assert.equal((await post(mentorAgent, `/events/${id}/attendance`, { attended: String(mentor.staff.id) })).status, 403);
    assert.equal((await mentorAgent.get(`/events/${id}/attendance`)).status, 403);
    assert.equal((await post(head, `/events/${id}/attendance`, { attended: String(mentor.staff.id) })).status, 403, 'the head reads but does not mark');
    const unchanged = await prisma().eventInvitation.findFirstOrThrow({ where: { eventId: id } });
    assert.equal(unchanged.attended, null);
  });
});

describe('replies', () => {
  test('the invited person answers «приду» / «не смогу»; a stranger cannot; a cancelled event takes no answer', async () => {
    const id = await planEvent({ title: 'Консультация по ПНП', kind: 'CONSULTATION' });
    const home = await mentorAgent.get('/');
    assert.match(home.text, /Ответить на приглашение «Консультация по ПНП»/, 'the to-do home asks for an answer');
    assert.equal((await post(mentorAgent, `/events/${id}/reply`, { reply: 'COMING' })).status, 303);
    assert.equal((await prisma().eventInvitation.findFirstOrThrow({ where: { eventId: id, staffMemberId: mentor.staff.id } })).reply, 'COMING');
    assert.equal((await post(mentorAgent, `/events/${id}/reply`, { reply: 'NOT_COMING' })).status, 303);
    assert.equal((await prisma().eventInvitation.findFirstOrThrow({ where: { eventId: id, staffMemberId: mentor.staff.id } })).reply, 'NOT_COMING');
    assert.equal((await post(mentorAgent, `/events/${id}/reply`, { reply: 'MAYBE' })).status, 422);
    assert.doesNotMatch((await mentorAgent.get('/')).text, /Ответить на приглашение «Консультация по ПНП»/, 'answered: off the to-do list');
    assert.equal((await post(outsiderAgent, `/events/${id}/reply`, { reply: 'COMING' })).status, 404);
    assert.equal((await post(methodist, `/events/${id}/cancel`, {})).status, 303);
    assert.equal((await post(mentorAgent, `/events/${id}/reply`, { reply: 'COMING' })).status, 409);
    assert.equal((await prisma().notification.count({ where: { userId: mentor.user.id, kind: 'EVENT_CANCELLED' } })), 1, 'the invited are told of the cancellation');
  });
});

describe('attendance and the training rule', () => {
  test('the rule: none → не обучен, one → проходит обучение, two or more → прошёл установочные сессии', () => {
    assert.equal(trainingStatusOf(0), 'NOT_TRAINED');
    assert.equal(trainingStatusOf(1), 'IN_TRAINING');
    assert.equal(trainingStatusOf(2), 'TRAINED');
    assert.equal(trainingStatusOf(5), 'TRAINED');
  });

  test('attendance is marked from the day of the event; it makes the event held and the mentor trained', async () => {
    const future = await planEvent({ title: 'Будущая сессия' });
    const early = await post(methodist, `/events/${future}/attendance`, { attended: String(mentor.staff.id) });
    assert.equal(early.status, 409, 'not before the day of the event');

    const first = await planEvent({ title: 'Сессия 1', date: dayFromToday(-20) });
    assert.match((await methodist.get('/')).text, /Отметить, кто пришёл: «Сессия 1»/, 'the methodist\'s to-do home asks for attendance');
    const second = await planEvent({ title: 'Сессия 2', date: dayFromToday(-10) });
    const phone = await methodist.get(`/events/${first}/attendance`);
    assert.equal(phone.status, 200);
    assert.match(phone.text, /name="attended" value="\d+"/);
    const stranger = await post(methodist, `/events/${first}/attendance`, { attended: String(outsider.staff.id) });
    assert.equal(stranger.status, 422);
    assert.match(stranger.text, /Отмечать можно только приглашённых/);

    const status = async () => (await prisma().mentorEntry.findUniqueOrThrow({ where: { id: mentorEntryId } })).trainingStatus;
    assert.equal(await status(), 'NOT_TRAINED');
    assert.equal((await post(methodist, `/events/${first}/attendance`, { attended: String(mentor.staff.id) })).status, 303);
    assert.equal((await prisma().event.findUniqueOrThrow({ where: { id: first } })).status, 'HELD');
    assert.equal(await status(), 'IN_TRAINING');
    assert.equal((await post(methodist, `/events/${second}/attendance`, { attended: String(mentor.staff.id) })).status, 303);
    assert.equal(await status(), 'TRAINED');
    // Marked absent after all: the status follows.
    assert.equal((await post(methodist, `/events/${second}/attendance`, {})).status, 303);
    assert.equal(await status(), 'IN_TRAINING');
    assert.equal((await post(methodist, `/events/${second}/attendance`, { attended: String(mentor.staff.id) })).status, 303);
    assert.equal(await status(), 'TRAINED');

    // The bank's form no longer sets it by hand.
    const bankPage = await methodist.get(`/bank/mentors/${mentorEntryId}`);
    assert.equal(bankPage.status, 200);
    assert.match(bankPage.text, /прошёл установочные сессии/);

    // The rule's two sides agree: the Prisma side (the training status) and its SQL twin (monitoring).
    const scope = scopeFor(org.organization, undefined, fresh.db);
    assert.equal((await setupSessionsAttended(scope, [mentor.staff.id])).get(mentor.staff.id), 2);
    const period = { from: new Date(`${dayFromToday(-30)}T00:00:00+03:00`), to: new Date(`${dayFromToday(1)}T00:00:00+03:00`) };
    const attended = async (staffMemberId: number, kinds: Parameters<typeof attendedAnyEventSql>[3]) => {
      const [row] = await scope.db.$queryRaw<{ attended: boolean }[]>`SELECT ${attendedAnyEventSql(Sql.raw('s.id'), Sql.raw('s."organizationId"'), period, kinds)} AS attended
        FROM "StaffMember" s WHERE s."organizationId" = ${org.organization.id} AND s.id = ${staffMemberId}`;
      return row!.attended;
    };
    assert.equal(await attended(mentor.staff.id, ['SETUP_SESSION']), true);
    assert.equal(await attended(mentor.staff.id, ['SEMINAR']), false, 'no held seminar attended');
    assert.equal(await attended(outsider.staff.id, ['SETUP_SESSION']), (await setupSessionsAttended(scope, [outsider.staff.id])).has(outsider.staff.id));
  });

  test('sessions attended before the portal (migrated) count; a new bank entry starts from attendance already marked', async () => {
    const legacy = await addBankMentor(prisma(), org.organization.id, { staff: { lastName: 'Опытная' } });
    await prisma().mentorEntry.update({ where: { id: legacy.entry.id }, data: { setupSessionsBefore: 1 } });
    const id = await planEvent({ title: 'Сессия для опытной', date: dayFromToday(-5), audience: 'CHOSEN', people: [String(legacy.staff.id)] });
    assert.equal((await post(methodist, `/events/${id}/attendance`, { attended: String(legacy.staff.id) })).status, 303);
    assert.equal((await prisma().mentorEntry.findUniqueOrThrow({ where: { id: legacy.entry.id } })).trainingStatus, 'TRAINED');
  });
});

describe('files of an event', () => {
  test('minutes, materials and photos are checked by content; the invited download, strangers get 404', async () => {
    const id = await planEvent({ title: 'Круглый стол', kind: 'ROUND_TABLE', date: dayFromToday(-1) });
    const upload = (purpose: string, content: Buffer, name: string) =>
      methodist.post(`/events/${id}/files?_csrf=${encodeURIComponent(methodist.csrf)}`).field('purpose', purpose).attach('file', content, name);
    assert.equal((await upload('EVENT_MINUTES', PDF, 'протокол.pdf')).status, 303);
    assert.equal((await upload('EVENT_PHOTO', PNG, 'фото.png')).status, 303);
    const fake = await upload('EVENT_MINUTES', Buffer.from('это не PDF'), 'протокол.pdf');
    assert.equal(fake.status, 422);
    assert.match(fake.text, /не похож на PDF/);
    const photoAsPdf = await upload('EVENT_PHOTO', PDF, 'photo.jpg');
    assert.equal(photoAsPdf.status, 422, 'a photo must be JPEG or PNG by its bytes');
    assert.equal((await upload('NEWS_COVER', PNG, 'x.png')).status, 422, 'only the event purposes');
    const files = await prisma().attachment.findMany({ where: { ownerId: id, purpose: { in: ['EVENT_MINUTES', 'EVENT_PHOTO'] } } });
    assert.equal(files.length, 2);
    const minutes = files.find((f) => f.purpose === 'EVENT_MINUTES')!;
    const download = await mentorAgent.get(`/events/${id}/files/${minutes.id}`);
    assert.equal(download.status, 200);
    assert.equal(download.headers['content-type'], 'application/pdf');
    assert.equal((await outsiderAgent.get(`/events/${id}/files/${minutes.id}`)).status, 404);
    assert.equal((await post(mentorAgent, `/events/${id}/files/${minutes.id}/delete`, {})).status, 403);
    assert.equal((await post(methodist, `/events/${id}/files/${minutes.id}/delete`, {})).status, 303);
    assert.equal(await prisma().attachment.count({ where: { id: minutes.id } }), 0);
  });
});

describe('the calendar', () => {
  test('the list filters by kind and school year; the month grid shows the day\'s events', async () => {
    await planEvent({ title: 'Семинар «Игровые технологии»', kind: 'SEMINAR', date: dayFromToday(2) });
    const seminars = await methodist.get('/events').query({ kind: 'SEMINAR' });
    assert.equal(seminars.status, 200);
    assert.match(seminars.text, /Семинар «Игровые технологии»/);
    assert.doesNotMatch(seminars.text, /Установочная сессия № 1/);
    const month = await methodist.get('/events').query({ view: 'month', month: dayFromToday(2).slice(0, 7) });
    assert.equal(month.status, 200);
    assert.match(month.text, /Семинар «Игровые технологии»/);
    assert.match(month.text, /<table class="events-month">/);
    const mine = await methodist.get('/events').query({ mine: '1' });
    assert.doesNotMatch(mine.text, /Семинар «Игровые технологии»/, 'the methodist\'s own view: only her invitations');
  });

  test('an edit re-invites the audience and tells those still invited of a new time', async () => {
    const id = await planEvent({ title: 'Перенос', audience: 'CHOSEN', people: [String(mentor.staff.id)] });
    const res = await post(methodist, `/events/${id}`, { title: 'Перенос', kind: 'SETUP_SESSION', date: dayFromToday(8), time: '11:00', durationMinutes: '90', place: 'Зал', audience: 'CHOSEN', people: [String(mentor.staff.id), String(outsider.staff.id)] });
    assert.equal(res.status, 303);
    const event = await prisma().event.findUniqueOrThrow({ where: { id }, include: { invitations: true } });
    assert.equal(event.sequence, 1);
    assert.equal(event.invitations.length, 2);
    assert.equal(await prisma().notification.count({ where: { userId: mentor.user.id, kind: 'EVENT_CHANGED', link: `/events/${id}` } }), 1);
    assert.equal(await prisma().notification.count({ where: { userId: outsider.user.id, kind: 'EVENT_INVITATION', link: `/events/${id}` } }), 1);
    assert.equal((await post(methodist, `/events/${id}`, { title: '' })).status, 422);
  });
});

describe('the personal calendar feed', () => {
  test('the profile shows the secret link; the feed is iCalendar in the organization\'s zone, with changes and cancellations; a reset revokes it', async () => {
    const profile = await mentorAgent.get('/profile');
    assert.equal(profile.status, 200);
    const link = /value="https:\/\/nastavnik\.example\.ru(\/events\/calendar\/[^"]+\.ics)"/.exec(profile.text)?.[1];
    assert.ok(link, 'the profile shows the calendar link');
    const id = await planEvent({ title: 'Сессия в календаре', date: dayFromToday(9), time: '09:30', durationMinutes: '60' });
    const anonymous = await anonymousAgent(app);
    const feed = await anonymous.get(link!);
    assert.equal(feed.status, 200);
    assert.match(feed.headers['content-type']!, /^text\/calendar/);
    assert.equal(feed.headers['set-cookie'], undefined, 'no session for a calendar app');
    const text = feed.text;
    assert.match(text, /BEGIN:VTIMEZONE\r\nTZID:Europe\/Moscow/);
    const compact = dayFromToday(9).replace(/-/g, '');
    assert.match(text, new RegExp(`DTSTART;TZID=Europe/Moscow:${compact}T093000`));
    assert.match(text, new RegExp(`DTEND;TZID=Europe/Moscow:${compact}T103000`));
    assert.match(text, /SUMMARY:Сессия в календаре/);
    assert.match(text, new RegExp(`UID:event-${id}@`));
    assert.doesNotMatch(text, /Обмен опытом/, 'only the events the user is invited to');

    assert.equal((await post(methodist, `/events/${id}`, { title: 'Сессия в календаре', kind: 'SETUP_SESSION', date: dayFromToday(9), time: '12:00', durationMinutes: '60', place: 'Зал', audience: 'MENTORS' })).status, 303);
    const moved = (await anonymous.get(link!)).text;
    assert.match(moved, new RegExp(`DTSTART;TZID=Europe/Moscow:${compact}T120000`));
    assert.match(moved.slice(moved.indexOf(`UID:event-${id}@`)), /^UID:[^\r]+\r\nSEQUENCE:1/);
    assert.equal((await post(methodist, `/events/${id}/cancel`, {})).status, 303);
    const cancelled = (await anonymous.get(link!)).text;
    const block = cancelled.slice(cancelled.indexOf(`UID:event-${id}@`));
    assert.match(block.slice(0, block.indexOf('END:VEVENT')), /STATUS:CANCELLED/);
    assert.match(block, /^UID:[^\r]+\r\nSEQUENCE:2/);

    assert.equal((await post(mentorAgent, '/profile/calendar-feed', {})).status, 303);
    assert.equal((await anonymous.get(link!)).status, 404, 'the old link stops working');
    const fresher = /value="https:\/\/nastavnik\.example\.ru(\/events\/calendar\/[^"]+\.ics)"/.exec((await mentorAgent.get('/profile')).text)![1]!;
    assert.notEqual(fresher, link);
    assert.equal((await anonymous.get(fresher)).status, 200);
    assert.equal((await anonymous.get('/events/calendar/1-abc.ics')).status, 404);
    assert.equal((await anonymous.get(`/events/calendar/${org.organization.id + 1000}-${'a'.repeat(32)}.ics`)).status, 404);
    // A switched-off account's feed stops too.
    await prisma().user.update({ where: { id: mentor.user.id }, data: { active: false } });
    assert.equal((await anonymous.get(fresher)).status, 404);
    await prisma().user.update({ where: { id: mentor.user.id }, data: { active: true } });
  });
});

describe('the dashboard and the public page', () => {
  test('held set-up sessions, seminars and round tables: each figure equals its list', async () => {
    const seminar = await planEvent({ title: 'Педагогическая конференция', kind: 'SEMINAR', date: dayFromToday(-2), audience: 'ALL_STAFF' });
    assert.equal((await post(methodist, `/events/${seminar}/attendance`, { attended: String(mentor.staff.id) })).status, 303);
    const home = await methodist.get('/');
    assert.equal(home.status, 200);
    for (const item of ['setup-sessions', 'conference', 'round-table-held', 'training']) {
      const figure = figureOf(home.text, item);
      assert.ok(figure.href, item);
      assert.equal(await listTotal(methodist, figure.href!), figure.count, `${item}: ${figure.href}`);
    }
    assert.ok(figureOf(home.text, 'setup-sessions').count >= 2);
    assert.ok(figureOf(home.text, 'conference').count >= 1);
    const headHome = await head.get('/');
    const headFigure = figureOf(headHome.text, 'setup-sessions');
    assert.equal(await listTotal(head, headFigure.href!), headFigure.count, 'the head too');
  });

  test('upcoming open events are on the public page (no names); closed ones are not', async () => {
    await planEvent({ title: 'Открытый семинар для родителей', kind: 'SEMINAR', isPublic: 'on', date: dayFromToday(12) });
    await planEvent({ title: 'Закрытая консультация', kind: 'CONSULTATION', date: dayFromToday(12) });
    const anonymous = await anonymousAgent(app);
    const page = await anonymous.get(`/p/${org.organization.slug}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Открытый семинар для родителей/);
    assert.doesNotMatch(page.text, /Закрытая консультация/);
    assert.doesNotMatch(page.text, /Наставникова/);
  });
});

test('a user of another organization never sees an event', async () => {
  const other = await createOrganizationWithStaff(prisma());
  const stranger = await loginAs(app, other.methodist);
  const id = await planEvent({ title: 'Чужое мероприятие' });
  assert.equal((await stranger.get(`/events/${id}`)).status, 404);
  assert.doesNotMatch((await stranger.get('/events')).text, /Чужое мероприятие/);
  await createUser(prisma(), other.organization.id);
});
