import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { loginAs, testApp, type Agent } from '../helpers/app.ts';
import { sharedDatabase } from '../helpers/database.ts';
import { createOrganizationWithStaff, createUser, uniq } from '../helpers/factories.ts';
import { runningImports } from '../../src/modules/staff/staff.imports.ts';
import { loginFor } from '../../src/core/translit.ts';
import { isoOfDbDate, todayIn } from '../../src/domain/dates.ts';
import { Prisma as Sql } from '../../src/generated/prisma/client.ts';
import { categoryRoseSql, categoryRoseWhere } from '../../src/modules/staff/index.ts';
import { scopeFor } from '../helpers/scope.ts';
import { statementsOn } from '../helpers/statements.ts';

const { prisma } = sharedDatabase();
const app = testApp();
type Org = Awaited<ReturnType<typeof createOrganizationWithStaff>>;
let org: Org;
let other: Org;
let methodist: Agent;
let head: Agent;
let admin: Agent;

before(async () => {
  [org, other] = await Promise.all([createOrganizationWithStaff(prisma), createOrganizationWithStaff(prisma)]);
  [methodist, head, admin] = await Promise.all([loginAs(app, org.methodist), loginAs(app, org.head), loginAs(app, org.admin)]);
});
after(async () => {
  await runningImports();
  await app.close();
  await sharedDatabase().close();
});

let counter = 0;
/** A staff row with a unique name (the tag keeps parallel tests apart). */
function addStaff(organizationId: number, over: Partial<Parameters<typeof prisma.staffMember.create>[0]['data']> = {}) {
  counter++;
  return prisma.staffMember.create({
    data: {
      organizationId,
      lastName: 'Тестова',
      firstName: 'Анна',
      middleName: `Тест${uniq()}`,
      position: 'воспитатель',
      birthDate: new Date(Date.UTC(1985, 4, counter % 28 + 1)),
      ...over,
    } as Parameters<typeof prisma.staffMember.create>[0]['data'],
  });
}

const form = (agent: Agent, path: string, body: Record<string, string> = {}) => agent.post(path).type('form').send({ _csrf: agent.csrf, ...body });

const validPerson = (over: Record<string, string> = {}) => ({
  lastName: 'Новикова',
  firstName: 'Елена',
  middleName: `Сергеевна${uniq()}`,
  birthDate: '1990-03-12',
  position: 'учитель-логопед',
  hiredOn: '2015-09-01',
  experienceYears: '10',
  experienceHereYears: '5',
  qualificationCategory: 'FIRST',
  education: 'высшее педагогическое',
  ageGroup: 'старшая группа',
  email: '',
  phone: '8 (910) 123-45-67',
  lineManagerId: '',
  ...over,
});

describe('access', () => {
  // Which role reaches which route (anonymous → /login, a teacher → 403, the head reads but changes nothing):
  // tests/http/roles.test.ts, from the permission table. Here: the head reads a real card.
  test('the head reads a person’s card', async () => {
    const member = await addStaff(org.organization.id);
    const card = await head.get(`/staff/${member.id}`);
    assert.equal(card.status, 200);
    assert.doesNotMatch(card.text, new RegExp(`action="/staff/${member.id}/archive"`), 'no buttons that change it');
  });

  test('another organization’s person is 404 everywhere', async () => {
    const stranger = await addStaff(other.organization.id);
    for (const path of [`/staff/${stranger.id}`, `/staff/${stranger.id}/edit`, '/staff/999999999', '/staff/abc']) {
      assert.equal((await methodist.get(path)).status, 404, path);
    }
    for (const path of [`/staff/${stranger.id}`, `/staff/${stranger.id}/archive`, `/staff/${stranger.id}/restore`, `/staff/${stranger.id}/account`]) {
      assert.equal((await form(methodist, path, validPerson())).status, 404, `POST ${path}`);
    }
    const after = await prisma.staffMember.findUniqueOrThrow({ where: { id: stranger.id } });
    assert.equal(after.middleName, stranger.middleName);
    assert.equal(after.archivedAt, null);
    assert.equal(await prisma.user.count({ where: { staffMemberId: stranger.id } }), 0);
  });
});

describe('the list', () => {
  test('searches ФИО words, e-mail and phone case-insensitively; only this organization', async () => {
    const tag = uniq();
    const maria = await addStaff(org.organization.id, { lastName: 'Иванова', firstName: 'Мария', middleName: `Петровна${tag}`, email: `ivanova.${tag}@ds50.ru`, phone: '+7 910 555-12-34' });
    await addStaff(other.organization.id, { lastName: 'Иванова', firstName: 'Мария', middleName: `Петровна${tag}` });
    for (const q of [`мария иванова петровна${tag}`, `IVANOVA.${tag.toUpperCase()}`, '555-12-34', '8 910 555 12 34']) {
      const res = await head.get(`/staff?q=${encodeURIComponent(q)}`);
      assert.equal(res.status, 200);
      assert.match(res.text, /Найдено: 1</, q);
      assert.match(res.text, new RegExp(`href="/staff/${maria.id}"`), q);
    }
    const none = await head.get(`/staff?q=${encodeURIComponent('Сидорова ' + tag)}`);
    assert.match(none.text, /Найдено: 0/);
  });

  test('filters by position, category, experience band and state; shows whether there is an account', async () => {
    const tag = uniq();
    const young = await addStaff(org.organization.id, { middleName: tag, position: 'педагог-психолог', experienceYears: 1, qualificationCategory: 'NONE' });
    const senior = await addStaff(org.organization.id, { middleName: tag, position: 'педагог-психолог', experienceYears: 25, qualificationCategory: 'HIGHEST' });
    const gone = await addStaff(org.organization.id, { middleName: tag, position: 'педагог-психолог', archivedAt: new Date() });
    await prisma.user.update({ where: { id: org.teacher.id }, data: { staffMemberId: senior.id } });
    const list = async (query: string) => (await head.get(`/staff?q=${tag}&${query}`)).text;

    const working = await list('position=' + encodeURIComponent('педагог-психолог'));
    assert.match(working, /Найдено: 2</);
    assert.doesNotMatch(working, new RegExp(`/staff/${gone.id}"`), 'archived people are not in the default list');
    assert.match(await list('state=archived'), new RegExp(`/staff/${gone.id}"`));
    const under3 = await list('experience=under-3');
    assert.match(under3, /Найдено: 1</);
    assert.match(under3, new RegExp(`/staff/${young.id}"`));
    const over20 = await list('experience=over-20&category=HIGHEST');
    assert.match(over20, /Найдено: 1</);
    assert.match(over20, new RegExp(`/staff/${senior.id}"[^]*?data-label="Учётная запись">есть<`));
    assert.match(under3, new RegExp(`/staff/${young.id}"[^]*?data-label="Учётная запись">нет<`));
    assert.match(await list('position=' + encodeURIComponent('воспитатель')), /Найдено: 0</);
    const garbage = await head.get('/staff?position=king&category=X&experience=9&state=%3Cb%3E&sort=salary&dir=up&page=-3');
    assert.equal(garbage.status, 200, 'nonsense filters are ignored, not a 500');
    await prisma.user.update({ where: { id: org.teacher.id }, data: { staffMemberId: null } });
  });

  test('sorts Russian names correctly (ICU: Ё between Е and Ж), by experience, and paginates', async () => {
    const tag = uniq();
    for (const [lastName, years] of [['Жукова', 3], ['Ёлкина', 30], ['Абрамова', 12], ['Ежова', 7]] as const) {
      await addStaff(org.organization.id, { lastName, middleName: tag, experienceYears: years });
    }
    const names = (html: string) => [...html.matchAll(/href="\/staff\/\d+">(\S+) /g)].map((m) => m[1]);
    assert.deepEqual(names((await head.get(`/staff?q=${tag}`)).text), ['Абрамова', 'Ежова', 'Ёлкина', 'Жукова']);
    assert.deepEqual(names((await head.get(`/staff?q=${tag}&dir=desc`)).text), ['Жукова', 'Ёлкина', 'Ежова', 'Абрамова']);
    assert.deepEqual(names((await head.get(`/staff?q=${tag}&sort=experience&dir=desc`)).text), ['Ёлкина', 'Абрамова', 'Ежова', 'Жукова']);

    const many = uniq();
    await prisma.staffMember.createMany({
      data: Array.from({ length: 30 }, (_, i) => ({ organizationId: org.organization.id, lastName: 'Смирнова', firstName: 'Ольга', middleName: `${many}${String(i).padStart(2, '0')}`, position: 'воспитатель' })),
    });
    const page1 = await head.get(`/staff?q=${many}&sort=position`);
    assert.match(page1.text, /Страница 1 из 2/);
    assert.match(page1.text, /href="\/staff\?q=[0-9a-f]+&amp;sort=position&amp;page=2" rel="next"/, 'filters stay in the page links');
    const page2 = await head.get(`/staff?q=${many}&page=2`);
    assert.equal((page2.text.match(/">Смирнова /g) ?? []).length, 5);
  });

  test('the count and the page in one statement, however many people', async () => {
    const statements = await statementsOn('StaffMember', () => head.get('/staff?sort=hired&dir=desc'));
    assert.equal(statements.length, 1, statements.join('\n'));
    assert.match(statements[0]!, /count\(\*\)/i);
  });
});

describe('adding and editing', () => {
  test('the form renders with the positions and the working colleagues as line managers', async () => {
    const boss = await addStaff(org.organization.id, { lastName: 'Начальникова' });
    const gone = await addStaff(org.organization.id, { lastName: 'Уволенная', archivedAt: new Date() });
    const stranger = await addStaff(other.organization.id, { lastName: 'Чужая' });
    const res = await methodist.get('/staff/new');
    assert.equal(res.status, 200);
    assert.match(res.text, /<option value="учитель-логопед"/);
    assert.match(res.text, new RegExp(`<option value="${boss.id}"`));
    assert.doesNotMatch(res.text, new RegExp(`<option value="${gone.id}"`));
    assert.doesNotMatch(res.text, new RegExp(`<option value="${stranger.id}"`));
  });

  test('invalid input → 422 with Russian messages beside the fields, values kept', async () => {
    const res = await form(methodist, '/staff', validPerson({ lastName: '', position: 'директор', birthDate: '31.02.1990', experienceYears: '3', experienceHereYears: '5', phone: '12-34', email: 'ivanova@', lineManagerId: 'abc' }));
    assert.equal(res.status, 422);
    assert.match(res.text, /id="field-lastName-error".*Заполните поле «Фамилия»/s);
    assert.match(res.text, /id="field-position-error".*Выберите должность из списка/s);
    assert.match(res.text, /id="field-birthDate-error".*Введите дату рождения в виде ДД\.ММ\.ГГГГ/s);
    assert.match(res.text, /id="field-phone-error".*Введите телефон в виде \+7 910 123-45-67/s);
    assert.match(res.text, /id="field-email-error".*Введите адрес электронной почты/s);
    assert.match(res.text, /id="field-lineManagerId-error".*Выберите руководителя из списка/s);
    assert.match(res.text, /class="error-summary"/);
    assert.match(res.text, /value="Елена"/);
    const experience = await form(methodist, '/staff', validPerson({ experienceYears: '3', experienceHereYears: '5', birthDate: '1990-03-12', hiredOn: '1980-01-01' }));
    assert.equal(experience.status, 422);
    assert.match(experience.text, /Стаж в организации не может быть больше общего стажа/);
    assert.match(experience.text, /Дата приёма не может быть раньше даты рождения/);
  });

  test('a valid person → 303, saved with the phone normalised, audited', async () => {
    const boss = await addStaff(org.organization.id);
    const input = validPerson({ email: `Novikova.${uniq()}@DS50.ru`, lineManagerId: String(boss.id), birthDate: '12.03.1990' });
    const res = await form(methodist, '/staff', input);
    assert.equal(res.status, 303);
    const saved = await prisma.staffMember.findFirstOrThrow({ where: { organizationId: org.organization.id, middleName: input.middleName } });
    assert.equal(res.headers.location, `/staff/${saved.id}`);
    assert.equal(saved.phone, '+7 910 123-45-67');
    assert.equal(saved.email, input.email.toLowerCase());
    assert.equal(saved.position, 'учитель-логопед');
    assert.equal(saved.birthDate?.toISOString(), '1990-03-12T00:00:00.000Z');
    assert.equal(saved.qualificationCategory, 'FIRST');
    assert.equal(saved.lineManagerId, boss.id);
    assert.ok(await prisma.auditLog.findFirst({ where: { action: 'staff.create', entityId: String(saved.id), userId: org.methodist.id } }));

    const twin = await form(methodist, '/staff', { ...input, email: '' });
    assert.equal(twin.status, 422);
    assert.match(twin.text, /Такой сотрудник с датой рождения 12\.03\.1990 уже есть в справочнике: Новикова Е\.С\./);
    const sameEmail = await form(methodist, '/staff', validPerson({ email: input.email.toUpperCase() }));
    assert.equal(sameEmail.status, 422);
    assert.match(sameEmail.text, /id="field-email-error".*Этот e-mail уже указан у сотрудника Новикова Е\.С\./s);
    const foreignBoss = await addStaff(other.organization.id);
    const foreign = await form(methodist, '/staff', validPerson({ lineManagerId: String(foreignBoss.id) }));
    assert.equal(foreign.status, 422);
    assert.match(foreign.text, /Выберите руководителя из списка/);
  });

  test('the card shows the data and the line manager, and the read is audited', async () => {
    const boss = await addStaff(org.organization.id, { lastName: 'Свиридова', position: 'заведующий' });
    const member = await addStaff(org.organization.id, { lastName: 'Карточкина', phone: '+7 910 000-11-22', lineManagerId: boss.id, qualificationCategory: 'HIGHEST', experienceYears: 21 });
    const res = await head.get(`/staff/${member.id}`);
    assert.equal(res.status, 200);
    assert.match(res.text, /<h1>Карточкина Анна /);
    assert.match(res.text, /\+7 910 000-11-22/);
    assert.match(res.text, /высшая/);
    assert.match(res.text, /21 год/);
    assert.match(res.text, new RegExp(`href="/staff/${boss.id}">Свиридова`));
    assert.doesNotMatch(res.text, /Создать учётную запись/, 'the head only reads');
    assert.doesNotMatch(res.text, /\/edit"/);
    assert.ok(await prisma.auditLog.findFirst({ where: { action: 'staff.read', entityId: String(member.id), userId: org.head.id } }));
    assert.match((await methodist.get(`/staff/${member.id}`)).text, /Создать учётную запись/);
  });

  test('edit: prefilled; self or a subordinate as manager refused; the linked account’s name follows', async () => {
    const member = await addStaff(org.organization.id, { lastName: 'Редактируемая', birthDate: new Date(Date.UTC(1980, 0, 31)) });
    const subordinate = await addStaff(org.organization.id, { lineManagerId: member.id });
    const user = await createUser(prisma, org.organization.id, { fullName: 'старое имя' });
    await prisma.user.update({ where: { id: user.id }, data: { staffMemberId: member.id } });

    const page = await methodist.get(`/staff/${member.id}/edit`);
    assert.equal(page.status, 200);
    assert.match(page.text, /value="Редактируемая"/);
    assert.match(page.text, /id="field-birthDate" name="birthDate" value="1980-01-31"/);
    assert.doesNotMatch(page.text, new RegExp(`<option value="${member.id}"`), 'not their own manager');

    const values = validPerson({ lastName: 'Редактируемая', firstName: 'Анна', middleName: member.middleName, birthDate: '1980-01-31' });
    const self = await form(methodist, `/staff/${member.id}`, { ...values, lineManagerId: String(member.id) });
    assert.equal(self.status, 422);
    assert.match(self.text, /не может быть руководителем самому себе/);
    const loop = await form(methodist, `/staff/${member.id}`, { ...values, lineManagerId: String(subordinate.id) });
    assert.equal(loop.status, 422);
    assert.match(loop.text, /подчиняется редактируемому/);
    const bad = await form(methodist, `/staff/${member.id}`, { ...values, experienceYears: '200' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /Общий стаж: целое число лет от 0 до 70/);

    const ok = await form(methodist, `/staff/${member.id}`, { ...values, lastName: 'Переименованная', qualificationCategory: 'MENTOR' });
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.location, `/staff/${member.id}`);
    const saved = await prisma.staffMember.findUniqueOrThrow({ where: { id: member.id } });
    assert.equal(saved.lastName, 'Переименованная');
    assert.equal(saved.qualificationCategory, 'MENTOR');
    assert.equal((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).fullName, `Переименованная Анна ${member.middleName}`);
    const entry = await prisma.auditLog.findFirstOrThrow({ where: { action: 'staff.update', entityId: String(member.id) } });
    assert.ok((entry.details as { changed: string[] }).changed.includes('lastName'));
  });
});

describe('archive and account', () => {
  test('archiving hides the person and switches off their account; restoring brings them back', async () => {
    const member = await addStaff(org.organization.id);
    const user = await createUser(prisma, org.organization.id);
    await prisma.user.update({ where: { id: user.id }, data: { staffMemberId: member.id } });
    const victim = await loginAs(app, user);

    const res = await form(methodist, `/staff/${member.id}/archive`);
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/staff/${member.id}`);
    assert.ok((await prisma.staffMember.findUniqueOrThrow({ where: { id: member.id } })).archivedAt);
    assert.equal((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).active, false);
    assert.equal((await victim.get('/')).headers.location, '/login', 'their session stops working');
    assert.match((await methodist.get(`/staff/${member.id}`)).text, /учётная запись отключена[^]*В архиве с/);
    assert.ok(await prisma.auditLog.findFirst({ where: { action: 'staff.archive', entityId: String(member.id) } }));
    assert.doesNotMatch((await methodist.get(`/staff?q=${member.middleName}`)).text, new RegExp(`/staff/${member.id}"`));

    const restore = await form(methodist, `/staff/${member.id}/restore`);
    assert.equal(restore.status, 303);
    assert.equal((await prisma.staffMember.findUniqueOrThrow({ where: { id: member.id } })).archivedAt, null);
    assert.ok(await prisma.auditLog.findFirst({ where: { action: 'staff.restore', entityId: String(member.id) } }));
    assert.match((await methodist.get(`/staff?q=${member.middleName}`)).text, new RegExp(`/staff/${member.id}"`));
  });

  /** A staff card linked to a fresh account of the role; the account's own agent when asked. */
  async function cardWithAccount(role: 'TEACHER' | 'HEAD' | 'METHODIST' | 'ADMIN') {
    const member = await addStaff(org.organization.id);
    const user = await createUser(prisma, org.organization.id, { role });
    await prisma.user.update({ where: { id: user.id }, data: { staffMemberId: member.id } });
    return { member, user };
  }
  const account = (id: number) => prisma.user.findUniqueOrThrow({ where: { id } });
  const card = (id: number) => prisma.staffMember.findUniqueOrThrow({ where: { id } });

  test('a teacher’s card: the page says the account will be switched off; restoring offers, ticked, to switch it on again', async () => {
    const { member, user } = await cardWithAccount('TEACHER');
    const page = await methodist.get(`/staff/${member.id}`);
    assert.match(page.text, new RegExp(`data-confirm="Перевести сотрудника в архив\\? Учётная запись «${user.login}» будет отключена`));
    assert.match(page.text, /data-testid="archive-note">В архив: учётная запись «[^»]+» будет отключена/);

    await form(methodist, `/staff/${member.id}/archive`);
    assert.deepEqual((({ active, offByStaffArchive }) => ({ active, offByStaffArchive }))(await account(user.id)), { active: false, offByStaffArchive: true });
    assert.ok(await prisma.auditLog.findFirst({ where: { action: 'user.deactivate', entityId: String(user.id), details: { path: ['reason'], equals: 'staff.archive' } } }));
    const archived = await methodist.get(`/staff/${member.id}`);
    assert.match(archived.text, /Сотрудник переведён в архив, его учётная запись отключена/);
    assert.match(archived.text, /<input type="checkbox" name="reactivate" value="on" checked> включить учётную запись снова/);

    // Ticked (the default): the card and the account come back.
    await form(methodist, `/staff/${member.id}/restore`, { reactivate: 'on' });
    assert.equal((await card(member.id)).archivedAt, null);
    assert.deepEqual((({ active, offByStaffArchive }) => ({ active, offByStaffArchive }))(await account(user.id)), { active: true, offByStaffArchive: false });
    assert.ok(await prisma.auditLog.findFirst({ where: { action: 'user.activate', entityId: String(user.id), details: { path: ['reason'], equals: 'staff.restore' } } }));
    assert.ok(await prisma.auditLog.findFirst({ where: { action: 'staff.restore', entityId: String(member.id), details: { path: ['accountReactivated'], equals: true } } }));
    assert.match((await methodist.get(`/staff/${member.id}`)).text, /учётная запись снова включена/);
    await loginAs(app, user);

    // Unticked: the account stays off, and the next restore no longer offers it (this archiving did not switch it off).
    await form(methodist, `/staff/${member.id}/archive`);
    await form(methodist, `/staff/${member.id}/restore`);
    assert.equal((await card(member.id)).archivedAt, null);
    assert.deepEqual((({ active, offByStaffArchive }) => ({ active, offByStaffArchive }))(await account(user.id)), { active: false, offByStaffArchive: false });
    assert.match((await methodist.get(`/staff/${member.id}`)).text, /остаётся отключённой — её включает администратор/);
    await form(methodist, `/staff/${member.id}/archive`);
    assert.doesNotMatch((await methodist.get(`/staff/${member.id}`)).text, /name="reactivate"/, 'switched off before this archiving: nothing to offer');
    await form(methodist, `/staff/${member.id}/restore`, { reactivate: 'on' });
    assert.equal((await account(user.id)).active, false, 'a forged tick changes nothing');
  });

  test('a methodist archives the cards of the head, a methodist and an administrator, but their accounts stay on', async () => {
    for (const role of ['HEAD', 'METHODIST', 'ADMIN'] as const) {
      const { member, user } = await cardWithAccount(role);
      const agent = await loginAs(app, user);
      const page = await methodist.get(`/staff/${member.id}`);
      assert.match(page.text, /останется включённой: отключить её может только администратор/, role);
      assert.doesNotMatch(page.text, /будет отключена/, role);

      const res = await form(methodist, `/staff/${member.id}/archive`);
      assert.equal(res.status, 303);
      assert.ok((await card(member.id)).archivedAt, `${role}: the card is archived`);
      assert.deepEqual((({ active, offByStaffArchive }) => ({ active, offByStaffArchive }))(await account(user.id)), { active: true, offByStaffArchive: false }, role);
      assert.equal((await agent.get('/profile')).status, 200, `${role}: still signed in`);
      const whose = { HEAD: 'заведующего', METHODIST: 'методиста', ADMIN: 'администратора' }[role];
      assert.match((await methodist.get(`/staff/${member.id}`)).text, new RegExp(`Учётная запись ${whose} «${user.login}» осталась включённой: отключить её может только администратор`), role);
      const entry = await prisma.auditLog.findFirstOrThrow({ where: { action: 'staff.archive', entityId: String(member.id) } });
      assert.deepEqual(entry.details, { accountDeactivated: false, accountKeptActive: user.id });
      assert.equal(await prisma.auditLog.count({ where: { action: 'user.deactivate', entityId: String(user.id) } }), 0);

      await form(methodist, `/staff/${member.id}/restore`);
      assert.equal((await card(member.id)).archivedAt, null);
      assert.equal((await account(user.id)).active, true);
    }
  });

  test('an administrator archiving the head’s card switches the account off; only an administrator switches it on again', async () => {
    const { member, user } = await cardWithAccount('HEAD');
    assert.match((await admin.get(`/staff/${member.id}`)).text, /data-testid="archive-note">В архив: учётная запись «[^»]+» будет отключена/);
    await form(admin, `/staff/${member.id}/archive`);
    assert.deepEqual((({ active, offByStaffArchive }) => ({ active, offByStaffArchive }))(await account(user.id)), { active: false, offByStaffArchive: true });

    const seenByMethodist = await methodist.get(`/staff/${member.id}`);
    assert.doesNotMatch(seenByMethodist.text, /name="reactivate"/);
    assert.match(seenByMethodist.text, /включить её снова может только администратор/);
    await form(methodist, `/staff/${member.id}/restore`, { reactivate: 'on' });
    assert.match((await methodist.get(`/staff/${member.id}`)).text, /Включить учётную запись заведующего, методиста или администратора может только администратор/);
    assert.ok((await card(member.id)).archivedAt, 'refused as a whole: the card stays archived');
    assert.equal((await account(user.id)).active, false);

    assert.match((await admin.get(`/staff/${member.id}`)).text, /name="reactivate" value="on" checked/);
    await form(admin, `/staff/${member.id}/restore`, { reactivate: 'on' });
    assert.equal((await card(member.id)).archivedAt, null);
    assert.equal((await account(user.id)).active, true);
  });

  test('an account switched on or off in «Пользователи» after the archiving is not offered on restore', async () => {
    const { member, user } = await cardWithAccount('TEACHER');
    await form(methodist, `/staff/${member.id}/archive`);
    await form(admin, `/users/${user.id}/activate`);
    await form(admin, `/users/${user.id}/deactivate`);
    assert.deepEqual((({ active, offByStaffArchive }) => ({ active, offByStaffArchive }))(await account(user.id)), { active: false, offByStaffArchive: false });
    assert.doesNotMatch((await methodist.get(`/staff/${member.id}`)).text, /name="reactivate"/);
  });

  test('one cannot archive oneself', async () => {
    const me = await addStaff(org.organization.id);
    const user = await createUser(prisma, org.organization.id, { role: 'METHODIST' });
    await prisma.user.update({ where: { id: user.id }, data: { staffMemberId: me.id } });
    const agent = await loginAs(app, user);
    const res = await form(agent, `/staff/${me.id}/archive`);
    assert.equal(res.status, 303);
    assert.match((await agent.get(`/staff/${me.id}`)).text, /Нельзя перевести в архив себя/);
    assert.equal((await prisma.staffMember.findUniqueOrThrow({ where: { id: me.id } })).archivedAt, null);
  });

  test('«Создать учётную запись»: a TEACHER login from the name, made unique, a one-time password shown once', async () => {
    const member = await addStaff(org.organization.id, { lastName: 'Щукина', firstName: 'Юлия', middleName: `Ёлкина${uniq()}` });
    const base = loginFor(member);
    await createUser(prisma, other.organization.id, { login: base });

    const res = await form(methodist, `/staff/${member.id}/account`);
    assert.equal(res.status, 303);
    const user = await prisma.user.findFirstOrThrow({ where: { staffMemberId: member.id } });
    assert.equal(user.login, `${base}2`, 'the taken login gets a suffix');
    assert.match(user.login, /^shchukina\.iue/);
    assert.equal(user.role, 'TEACHER');
    assert.equal(user.organizationId, org.organization.id);
    assert.equal(user.mustChangePassword, true);
    assert.equal(user.fullName, `Щукина Юлия ${member.middleName}`);

    const card = await methodist.get(`/staff/${member.id}`);
    const password = /data-testid="one-time-password">([^<]+)</.exec(card.text)?.[1];
    assert.ok(password, 'the one-time password is shown');
    assert.match(card.text, new RegExp(`Логин</dt><dd>${user.login}`));
    assert.doesNotMatch((await methodist.get(`/staff/${member.id}`)).text, /one-time-password/, 'only once');
    const newcomer = await loginAs(app, user, password);
    assert.equal((await newcomer.get('/')).headers.location, '/profile/password');
    assert.ok(await prisma.auditLog.findFirst({ where: { action: 'staff.account', entityId: String(member.id) } }));

    const again = await form(methodist, `/staff/${member.id}/account`);
    assert.equal(again.status, 303);
    assert.match((await methodist.get(`/staff/${member.id}`)).text, /уже есть учётная запись/);
    assert.equal(await prisma.user.count({ where: { login: { startsWith: base } } }), 2);

    const archived = await addStaff(org.organization.id, { archivedAt: new Date() });
    await form(methodist, `/staff/${archived.id}/account`);
    assert.match((await methodist.get(`/staff/${archived.id}`)).text, /Сотрудник в архиве: учётная запись ему не нужна/);
    assert.equal(await prisma.user.count({ where: { staffMemberId: archived.id } }), 0);
  });
});

describe('export', () => {
  test('an XLSX of the current filters with Cyrillic headers and real dates, audited', async () => {
    const tag = uniq();
    await addStaff(org.organization.id, { lastName: 'Экспортова', middleName: tag, birthDate: new Date(Date.UTC(1979, 11, 31)), hiredOn: new Date(Date.UTC(2010, 8, 1)), qualificationCategory: 'FIRST', email: `e.${tag}@ds50.ru` });
    await addStaff(org.organization.id, { lastName: 'Архивная', middleName: tag, archivedAt: new Date() });
    const res = await head.get(`/staff/export.xlsx?q=${tag}`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /spreadsheetml/);
    assert.match(String(res.headers['content-disposition']), /attachment/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    assert.deepEqual(header.slice(0, 5), ['Фамилия', 'Имя', 'Отчество', 'Дата рождения', 'Должность']);
    assert.ok(header.includes('Стаж в организации'));
    assert.equal(sheet.rowCount, 2, 'only the working person matching the search');
    const row = sheet.getRow(2);
    assert.equal(row.getCell(1).value, 'Экспортова');
    const birth = row.getCell(4).value;
    assert.ok(birth instanceof Date, 'dates are dates');
    assert.equal(birth.toISOString().slice(0, 10), '1979-12-31');
    assert.equal(row.getCell(9).value, 'первая');
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: 'staff.export', userId: org.head.id }, orderBy: { id: 'desc' } });
    assert.deepEqual(audit.details, { count: 1, state: 'working', filters: ['q'] });
  });
});

// ---- import -----------------------------------------------------------------------------------

const HEADER = 'Фамилия;Имя;Отчество;Дата рождения;Должность;Дата приёма;Общий стаж;Стаж в организации;Категория;Образование;Возрастная группа;E-mail;Телефон';

/** Windows-1251, as Russian Excel saves «CSV (разделители — точка с запятой)». */
function cp1251(text: string): Buffer {
  return Buffer.from(
    [...text].map((ch) => {
      const code = ch.codePointAt(0)!;
      if (code < 0x80) return code;
      if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
      if (ch === 'Ё') return 0xa8;
      if (ch === 'ё') return 0xb8;
      throw new Error(`no cp1251 for ${ch}`);
    }),
  );
}

function upload(agent: Agent, file: Buffer, filename: string) {
  return agent.post(`/staff/import?_csrf=${agent.csrf}`).attach('file', file, filename);
}

async function waitForImport(id: number) {
  for (let i = 0; i < 600; i++) {
    const row = await prisma.staffImport.findUniqueOrThrow({ where: { id } });
    if (row.status !== 'RUNNING') return row;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import did not finish');
}

function importIdOf(res: { status: number; headers: Record<string, string> }): number {
  assert.equal(res.status, 303);
  const m = /^\/staff\/import\/(\d+)$/.exec(res.headers.location ?? '');
  assert.ok(m, `redirect to the preview, got ${res.headers.location}`);
  return Number(m[1]);
}

describe('import: the upload form', () => {
  test('renders with the columns explained and both templates', async () => {
    const page = await methodist.get('/staff/import');
    assert.equal(page.status, 200);
    assert.match(page.text, /enctype="multipart\/form-data"/);
    assert.match(page.text, /action="\/staff\/import\?_csrf=[^"]+"/);
    assert.match(page.text, /Дата приёма/);
    assert.match(page.text, /href="\/staff\/import\/template\.xlsx"/);

    const csv = await methodist.get('/staff/import/template.csv');
    assert.equal(csv.status, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    assert.ok(csv.text.startsWith('\uFEFFФамилия;Имя;Отчество;Дата рождения;Должность'), csv.text.slice(0, 40));

    const xlsx = await methodist.get('/staff/import/template.xlsx').buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as unknown as ExcelJS.Buffer);
    assert.deepEqual((workbook.worksheets[0]!.getRow(1).values as unknown[]).slice(1, 4), ['Фамилия', 'Имя', 'Отчество']);
    assert.equal(workbook.worksheets[1]!.getCell('A2').value, 'заведующий');
  });

  test('refusals → 422 on the form with a Russian message', async () => {
    const cases: [Buffer, string, RegExp][] = [
      [Buffer.from('Фамилия;Имя;Должность;Зарплата\nИванова;Мария;воспитатель;100\n'), 'a.csv', /Неизвестные столбцы: «Зарплата»\. Ожидаются столбцы: Фамилия, Имя, Отчество/],
      [Buffer.from('Фамилия;Имя\nИванова;Мария\n'), 'b.csv', /Нет обязательных столбцов: Должность/],
      [Buffer.from(HEADER + '\n'), 'c.csv', /нет строк с данными/],
      [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]), 'staff.csv', /не похож на CSV, XLSX/],
      [Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0, 0, 0, 0]), 'broken.xlsx', /не похож на CSV, XLSX|Не удалось открыть файл XLSX/],
      [Buffer.alloc(0), 'empty.csv', /Выберите файл \(CSV, XLSX\)/],
      [Buffer.alloc(5 * 1024 * 1024 + 1, 0x41), 'big.csv', /Файл больше 5 МБ/],
    ];
    const before = await prisma.staffImport.count({ where: { organizationId: org.organization.id } });
    for (const [bytes, name, message] of cases) {
      const res = await upload(methodist, bytes, name);
      assert.equal(res.status, 422, name);
      assert.match(res.text, message, name);
      assert.match(res.text, /id="field-file-error"/, name);
    }
    const none = await methodist.post(`/staff/import?_csrf=${methodist.csrf}`).field('x', '1');
    assert.equal(none.status, 422);
    assert.match(none.text, /Выберите файл/);
    assert.equal(await prisma.staffImport.count({ where: { organizationId: org.organization.id } }), before, 'nothing stored');
  });
});

describe('import: preview, apply, cancel', () => {
  test('a Windows-1251 CSV: every problem kind flagged, problems first; applying adds only the valid rows', async () => {
    const tag = uniq();
    const existing = await addStaff(org.organization.id, { lastName: 'Старожилова', firstName: 'Мария', middleName: `Петровна${tag}`, birthDate: new Date(Date.UTC(1970, 0, 1)), email: `old.${tag}@ds50.ru` });
    const lines = [
      HEADER,
      `Первая;Ольга;Ивановна${tag};12.03.1990;Воспитатель;01.09.2015;10;5;высшая;высшее;старшая группа;;8 910 123 45 67`,
      `;Анна;${tag};;воспитатель;;;;;;;;`,
      `Директорова;Анна;${tag};;директор;;;;;;;;`,
      `Датова;Анна;${tag};31.02.1990;воспитатель;;;;;;;;`,
      `Старожилова;Мария;Петровна${tag};01.01.1970;воспитатель;;;;;;;;`,
      `Почтова;Анна;${tag};;воспитатель;;;;;;;old.${tag}@ds50.ru;`,
      `Вторая;Ольга;Петровна${tag};01.02.1991;учитель-логопед;;3;1;первая;;;;`,
      `Вторая;Ольга;Петровна${tag};01.02.1991;учитель-логопед;;3;1;первая;;;;`,
      `Стажева;Анна;${tag};;воспитатель;;2;5;;;;;`,
      `Телефонова;Анна;${tag};;воспитатель;;;;вторая;;;;12-34`,
    ];
    const id = importIdOf(await upload(methodist, cp1251(lines.join('\r\n') + '\r\n'), 'сотрудники.csv'));
    const stored = await prisma.staffImport.findUniqueOrThrow({ where: { id } });
    assert.equal(stored.status, 'PREVIEW');
    assert.equal(stored.totalRows, 10);
    assert.equal(stored.validRows, 3, 'two new people and one already in the directory (a match, not an error)');

    const page = await methodist.get(`/staff/import/${id}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Всего строк<\/dt><dd>10</);
    assert.match(page.text, /Без ошибок<\/dt><dd>3</);
    assert.match(page.text, /С ошибками<\/dt><dd>7</);
    assert.match(page.text, /Уже есть в справочнике<\/dt><dd>1 — пропустить</);
    assert.match(page.text, /уже есть в справочнике — будет пропущена/);
    for (const problem of [
      'не указана фамилия',
      'неизвестная должность «директор»',
      'неверная дата рождения «31.02.1990»',
      'e-mail уже у сотрудника Старожилова М.П.',
      'дубликат строки 8 (ФИО и дата рождения)',
      'стаж в организации больше общего стажа',
      'неизвестная категория «вторая»',
      'неверный телефон «12-34»',
    ]) {
      assert.ok(page.text.includes(problem), problem);
    }
    const order = [...page.text.matchAll(/data-label="Строка">(\d+)</g)].map((m) => Number(m[1]));
    assert.deepEqual(order, [3, 4, 5, 7, 9, 10, 11, 2, 6, 8], 'rows with problems first');
    assert.match(page.text, /Загрузить 3 строки без ошибок/);
    assert.ok(await prisma.auditLog.findFirst({ where: { action: 'staff.import', entityId: String(id), details: { path: ['stage'], equals: 'preview' } } }));

    const apply = await form(methodist, `/staff/import/${id}/apply`);
    assert.equal(apply.status, 303);
    assert.equal(apply.headers.location, `/staff/import/${id}`);
    const done = await waitForImport(id);
    assert.equal(done.status, 'DONE');
    assert.equal(done.createdCount, 2);
    assert.equal(done.skippedCount, 1);
    assert.equal(done.updatedCount, 0);
    const created = await prisma.staffMember.findMany({ where: { organizationId: org.organization.id, middleName: { endsWith: tag }, NOT: { id: existing.id } }, orderBy: { lastName: 'asc' } });
    assert.deepEqual(created.map((s) => s.lastName), ['Вторая', 'Первая']);
    const first = created.find((s) => s.lastName === 'Первая')!;
    assert.equal(first.position, 'воспитатель');
    assert.equal(first.phone, '+7 910 123-45-67');
    assert.equal(first.qualificationCategory, 'HIGHEST');
    assert.equal(first.hiredOn?.toISOString().slice(0, 10), '2015-09-01');
    const summary = await methodist.get(`/staff/import/${id}`);
    assert.match(summary.text, /Импорт завершён[^]*добавлено 2 сотрудника/);
    assert.match(summary.text, /href="\/staff"/);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: 'staff.import', entityId: String(id), details: { path: ['stage'], equals: 'done' } } });
    assert.deepEqual(audit.details, { stage: 'done', total: 10, created: 2, updated: 0, skipped: 1, dropped: 0, invalid: 7 });
    assert.match(summary.text, /data-count="skipped">1</);
    assert.match(summary.text, /data-count="errors">7</);
    assert.match(summary.text, new RegExp(`<span data-outcome="skipped">пропущена: уже есть в справочнике</span> <a href="/staff/${existing.id}">`));

    const twice = await form(methodist, `/staff/import/${id}/apply`);
    assert.equal(twice.status, 303);
    assert.match((await methodist.get(`/staff/import/${id}`)).text, /уже выполнен или отменён/);
    assert.equal(await prisma.staffMember.count({ where: { organizationId: org.organization.id, middleName: { endsWith: tag } } }), 3);
  });

  test('an XLSX built in Excel style: date cells, numbers, links; comma CSV too', async () => {
    const tag = uniq();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Лист1');
    sheet.addRow(['ФИО', 'Должность', 'Дата рождения', 'Дата приема', 'Общий стаж', 'Стаж в организации', 'Категория', 'E-mail', 'Телефон']);
    sheet.addRow([`Эксельева Ирина ${tag}`, 'Музыкальный руководитель', new Date(Date.UTC(1988, 6, 15)), new Date(Date.UTC(2012, 8, 1)), 14, 11, 'Первая категория', { text: `irina.${tag}@ds50.ru`, hyperlink: `mailto:irina.${tag}@ds50.ru` }, 89101112233]);
    sheet.addRow([`Серийная Ольга ${tag}`, 'воспитатель', 32944, '', '', '', '', '', '']);
    const id = importIdOf(await upload(methodist, Buffer.from(await workbook.xlsx.writeBuffer()), 'список.xlsx'));
    const stored = await prisma.staffImport.findUniqueOrThrow({ where: { id } });
    assert.equal(stored.validRows, 2, JSON.stringify(stored.rows));
    await form(methodist, `/staff/import/${id}/apply`);
    assert.equal((await waitForImport(id)).status, 'DONE');
    const irina = await prisma.staffMember.findFirstOrThrow({ where: { organizationId: org.organization.id, middleName: tag, lastName: 'Эксельева' } });
    assert.equal(irina.birthDate?.toISOString().slice(0, 10), '1988-07-15');
    assert.equal(irina.hiredOn?.toISOString().slice(0, 10), '2012-09-01');
    assert.equal(irina.position, 'музыкальный руководитель');
    assert.equal(irina.experienceYears, 14);
    assert.equal(irina.email, `irina.${tag}@ds50.ru`);
    assert.equal(irina.phone, '+7 910 111-22-33');
    const serial = await prisma.staffMember.findFirstOrThrow({ where: { organizationId: org.organization.id, middleName: tag, lastName: 'Серийная' } });
    assert.equal(serial.birthDate?.toISOString().slice(0, 10), '1990-03-12');

    const comma = Buffer.from(`\uFEFFфамилия,имя,отчество,должность\r\nЗапятая,Анна,"${tag}, дочь",воспитатель\r\n`);
    const commaId = importIdOf(await upload(methodist, comma, 'comma.csv'));
    assert.equal((await prisma.staffImport.findUniqueOrThrow({ where: { id: commaId } })).validRows, 1);
  });

  test('an export can be loaded back: everyone is already in the directory', async () => {
    const tag = uniq();
    await addStaff(org.organization.id, { lastName: 'Круговая', middleName: `Тест${tag}` });
    const exported = await methodist.get(`/staff/export.xlsx?q=${tag}`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    const id = importIdOf(await upload(methodist, exported.body as Buffer, 'export.xlsx'));
    const page = await methodist.get(`/staff/import/${id}`);
    assert.match(page.text, /уже есть в справочнике — будет пропущена/);
    assert.match(page.text, /Уже есть в справочнике<\/dt><dd>1 — пропустить</);
  });

  test('re-importing a corrected file with «Совпадающих: обновить» updates the matching cards (audited)', async () => {
    const tag = uniq();
    const form0 = await methodist.get('/staff/import');
    assert.match(form0.text, /<input type="radio" id="matchMode-SKIP" name="matchMode" value="SKIP" checked>/);
    assert.match(form0.text, /id="matchMode-UPDATE" name="matchMode" value="UPDATE">/);
    const existing = await addStaff(org.organization.id, { lastName: 'Исправленная', firstName: 'Мария', middleName: `Петровна${tag}`, birthDate: new Date(Date.UTC(1985, 4, 5)), position: 'воспитатель', education: 'среднее' });
    const lines = [
      HEADER,
      `Исправленная;Мария;Петровна${tag};05.05.1985;старший воспитатель;;12;4;первая;высшее педагогическое;;;`,
      `Новенькая;Анна;${tag};;воспитатель;;;;;;;;`,
      `Битая;Анна;${tag};;директор;;;;;;;;`,
    ];
    const res = await methodist.post(`/staff/import?_csrf=${methodist.csrf}`).field('matchMode', 'UPDATE').attach('file', Buffer.from(lines.join('\n') + '\n'), 'исправленный.csv');
    const id = importIdOf(res);
    const page = await methodist.get(`/staff/import/${id}`);
    assert.match(page.text, /Уже есть в справочнике<\/dt><dd>1 — обновить</);
    assert.match(page.text, /совпадающих обновится: 1/);
    await form(methodist, `/staff/import/${id}/apply`);
    const done = await waitForImport(id);
    assert.equal(done.status, 'DONE');
    assert.deepEqual([done.createdCount, done.updatedCount, done.skippedCount], [1, 1, 0]);
    const card = await prisma.staffMember.findUniqueOrThrow({ where: { id: existing.id } });
    assert.equal(card.position, 'старший воспитатель');
    assert.equal(card.education, 'высшее педагогическое');
    assert.equal(card.experienceYears, 12);
    assert.equal(card.qualificationCategory, 'FIRST');
    assert.equal(await prisma.staffMember.count({ where: { organizationId: org.organization.id, lastName: 'Исправленная', middleName: `Петровна${tag}` } }), 1, 'no second card');
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: 'staff.update', entityId: String(existing.id) } });
    assert.deepEqual(audit.details, { changed: ['position', 'experienceYears', 'experienceHereYears', 'qualificationCategory', 'education'], source: 'import' });
    // The category's change joins the qualification history: from the import, dated the import's day.
    const history = await prisma.staffCategoryChange.findMany({ where: { staffMemberId: existing.id } });
    assert.equal(history.length, 1);
    assert.deepEqual([history[0]!.fromCategory, history[0]!.toCategory, history[0]!.source], ['NONE', 'FIRST', 'IMPORT']);
    assert.equal(isoOfDbDate(history[0]!.effectiveOn), todayIn('Europe/Moscow'));
    const summary = await methodist.get(`/staff/import/${id}`);
    assert.match(summary.text, /data-count="created">1</);
    assert.match(summary.text, /data-count="updated">1</);
    assert.match(summary.text, /data-count="skipped">0</);
    assert.match(summary.text, /data-count="errors">1</);
    assert.match(summary.text, /<span data-outcome="updated">обновлена карточка<\/span>/);
    assert.match(summary.text, /неизвестная должность «директор»/);
  });

  test('cancel forgets the rows; other organizations get 404', async () => {
    const id = importIdOf(await upload(methodist, Buffer.from(`${HEADER}\nОтменова;Анна;${uniq()};;воспитатель;;;;;;;;\n`), 'cancel.csv'));
    const otherMethodist = await loginAs(app, other.methodist);
    assert.equal((await otherMethodist.get(`/staff/import/${id}`)).status, 404);
    assert.equal((await form(otherMethodist, `/staff/import/${id}/apply`)).status, 404);
    assert.equal((await form(otherMethodist, `/staff/import/${id}/cancel`)).status, 404);
    assert.equal((await prisma.staffImport.findUniqueOrThrow({ where: { id } })).status, 'PREVIEW');
    assert.equal((await form(head, `/staff/import/${id}/cancel`)).status, 403);
    assert.equal((await head.get(`/staff/import/${id}`)).status, 403);

    const res = await form(methodist, `/staff/import/${id}/cancel`);
    assert.equal(res.status, 303);
    const cancelled = await prisma.staffImport.findUniqueOrThrow({ where: { id } });
    assert.equal(cancelled.status, 'CANCELLED');
    assert.deepEqual(cancelled.rows, []);
    assert.match((await methodist.get(`/staff/import/${id}`)).text, /Импорт отменён/);
    await form(methodist, `/staff/import/${id}/apply`);
    assert.equal((await prisma.staffImport.findUniqueOrThrow({ where: { id } })).status, 'CANCELLED', 'a cancelled import cannot be applied');
  });

  test('while running the page refreshes itself and shows a progress bar', async () => {
    const running = await prisma.staffImport.create({
      data: { organizationId: org.organization.id, fileName: 'идёт.csv', status: 'RUNNING', rows: [], totalRows: 1200, validRows: 1000, processedRows: 500 },
    });
    const page = await methodist.get(`/staff/import/${running.id}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /<meta http-equiv="refresh" content="1">/);
    assert.match(page.text, /<progress id="import-progress" max="1000" value="500">/);
    assert.match(page.text, /500 из 1[\s\u00a0]000/);
  });

  test('a failure in the middle writes nothing and says so', async () => {
    const tag = uniq();
    const body = [HEADER, ...Array.from({ length: 600 }, (_, i) => `Сбойная;Анна;${tag}${i};;воспитатель;;;;;;;;`)].join('\n');
    const id = importIdOf(await upload(methodist, Buffer.from(body), 'fail.csv'));
    // Spoil one row of the second chunk behind the preview's back: the database refuses it.
    const stored = await prisma.staffImport.findUniqueOrThrow({ where: { id } });
    const rows = stored.rows as { values: Record<string, unknown> }[];
    rows[550]!.values.qualificationCategory = 'НЕТ_ТАКОЙ';
    await prisma.staffImport.update({ where: { id }, data: { rows: rows as unknown as object } });

    await form(methodist, `/staff/import/${id}/apply`);
    const failed = await waitForImport(id);
    assert.equal(failed.status, 'FAILED');
    assert.match(failed.error, /ничего не записано/);
    assert.equal(await prisma.staffMember.count({ where: { organizationId: org.organization.id, middleName: { startsWith: tag } } }), 0);
    assert.match((await methodist.get(`/staff/import/${id}`)).text, /ничего не записано/);
  });
});

describe('import: performance', () => {
  test('5 000 rows: preview and apply in under 10 s together', async (t) => {
    const perf = await createOrganizationWithStaff(prisma);
    const agent = await loginAs(app, perf.methodist);
    const positions = ['воспитатель', 'учитель-логопед', 'музыкальный руководитель', 'педагог-психолог', 'старший воспитатель'];
    const lines = [HEADER];
    for (let i = 0; i < 5000; i++) {
      const day = String((i % 28) + 1).padStart(2, '0');
      lines.push(
        `Фамилия${i};Имя${i % 97};Отчество${i % 89};${day}.0${(i % 9) + 1}.${1960 + (i % 40)};${positions[i % positions.length]};01.09.2015;${10 + (i % 20)};${i % 10};первая;высшее педагогическое;старшая группа;person${i}@ds.example.ru;8 910 ${String(1000000 + i).slice(0, 3)} ${String(i).padStart(4, '0').slice(0, 2)} ${String(i).padStart(4, '0').slice(2)}`,
      );
    }
    const csv = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n'))]);

    const started = performance.now();
    const id = importIdOf(await upload(agent, csv, 'big.csv'));
    const previewMs = performance.now() - started;
    const stored = await prisma.staffImport.findUniqueOrThrow({ where: { id }, select: { validRows: true, totalRows: true } });
    assert.deepEqual(stored, { validRows: 5000, totalRows: 5000 });
    const previewPage = await agent.get(`/staff/import/${id}`);
    assert.equal(previewPage.status, 200);

    const applyStarted = performance.now();
    await form(agent, `/staff/import/${id}/apply`);
    const done = await waitForImport(id);
    const applyMs = performance.now() - applyStarted;
    assert.equal(done.status, 'DONE', done.error);
    assert.equal(done.createdCount, 5000);
    assert.equal(await prisma.staffMember.count({ where: { organizationId: perf.organization.id, email: { endsWith: '@ds.example.ru' } } }), 5000);

    t.diagnostic(`5000 rows: upload + parse + preview ${Math.round(previewMs)} ms, apply ${Math.round(applyMs)} ms, total ${Math.round(previewMs + applyMs)} ms`);
    assert.ok(previewMs + applyMs < 10_000, `took ${Math.round(previewMs + applyMs)} ms`);

    // The list stays one statement (the count and the page) with thousands of people.
    const listStarted = performance.now();
    const statements = await statementsOn('StaffMember', () => agent.get('/staff?sort=experience&dir=desc&page=100'));
    t.diagnostic(`list page 100 of ${Math.ceil(5000 / 25)}: ${Math.round(performance.now() - listStarted)} ms`);
    assert.equal(statements.length, 1);
  });
});

describe('qualification history', () => {
  test('the form records a change of category with the attestation order’s date (default today), only when it changes; a future date is refused; the card shows it', async () => {
    const member = await addStaff(org.organization.id, { lastName: 'Аттестуемая', firstName: 'Анна', birthDate: new Date(Date.UTC(1984, 1, 2)), qualificationCategory: 'FIRST' });
    const edit = await methodist.get(`/staff/${member.id}/edit`);
    assert.match(edit.text, new RegExp(`id="field-categoryChangedOn" name="categoryChangedOn" value="${todayIn('Europe/Moscow')}"`));
    const values = validPerson({ lastName: 'Аттестуемая', firstName: 'Анна', middleName: member.middleName, birthDate: '1984-02-02', qualificationCategory: 'FIRST' });

    // Nothing changes the category: no history.
    assert.equal((await form(methodist, `/staff/${member.id}`, { ...values, education: 'высшее', categoryChangedOn: '2025-01-10' })).status, 303);
    assert.equal(await prisma.staffCategoryChange.count({ where: { staffMemberId: member.id } }), 0);

    const future = await form(methodist, `/staff/${member.id}`, { ...values, qualificationCategory: 'HIGHEST', categoryChangedOn: '2999-01-01' });
    assert.equal(future.status, 422);
    assert.match(future.text, /Дата приказа об аттестации не может быть позже сегодняшнего дня/);
    const bad = await form(methodist, `/staff/${member.id}`, { ...values, qualificationCategory: 'HIGHEST', categoryChangedOn: '31.02.2025' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /Введите дату приказа об аттестации/);
    assert.equal((await prisma.staffMember.findUniqueOrThrow({ where: { id: member.id } })).qualificationCategory, 'FIRST', 'a refused form changes nothing');

    assert.equal((await form(methodist, `/staff/${member.id}`, { ...values, qualificationCategory: 'HIGHEST', categoryChangedOn: '2025-03-15' })).status, 303);
    // An empty date: the organization's today.
    assert.equal((await form(methodist, `/staff/${member.id}`, { ...values, qualificationCategory: 'MENTOR', categoryChangedOn: '' })).status, 303);
    const history = await prisma.staffCategoryChange.findMany({ where: { staffMemberId: member.id }, orderBy: { id: 'asc' } });
    assert.deepEqual(
      history.map((h) => [h.fromCategory, h.toCategory, isoOfDbDate(h.effectiveOn), h.source, h.recordedById]),
      [
        ['FIRST', 'HIGHEST', '2025-03-15', 'FORM', org.methodist.id],
        ['HIGHEST', 'MENTOR', todayIn('Europe/Moscow'), 'FORM', org.methodist.id],
      ],
    );

    // The head reads the card: the history, newest first; the read is audited.
    const card = await head.get(`/staff/${member.id}`);
    assert.equal(card.status, 200);
    const table = /<table class="table" id="category-history">[\s\S]*?<\/table>/.exec(card.text)?.[0] ?? '';
    assert.match(table, /первая<\/td>\s*<td>высшая/);
    assert.match(table, /15\.03\.2025/);
    assert.ok(table.indexOf('педагог-наставник') < table.indexOf('15.03.2025'), 'newest first');
    assert.ok(await prisma.auditLog.findFirst({ where: { action: 'staff.read', entityId: String(member.id), userId: org.head.id } }));

    // A new card starts without history (its category is where the person is, not a change).
    const created = await form(methodist, '/staff', validPerson({ qualificationCategory: 'HIGHEST' }));
    assert.equal(created.status, 303);
    const newId = Number(/\/staff\/(\d+)/.exec(created.headers.location!)![1]);
    assert.equal(await prisma.staffCategoryChange.count({ where: { staffMemberId: newId } }), 0);
    assert.match((await methodist.get(`/staff/${newId}`)).text, /Изменений категории не записано/);
  });

  test('«category rose between [from, to]»: by rank, in the period; the Prisma condition and its SQL twin agree', async () => {
    const o = org.organization.id;
    const person = await addStaff(o, { lastName: 'Ранговая' });
    const change = (fromCategory: string, toCategory: string, effectiveOn: string) =>
      prisma.staffCategoryChange.create({ data: { organizationId: o, staffMemberId: person.id, fromCategory, toCategory, effectiveOn: new Date(`${effectiveOn}T00:00:00Z`), source: 'FORM' } as never });
    const rose = [
      await change('CORRESPONDENCE', 'FIRST', '2024-09-01'),
      await change('FIRST', 'HIGHEST', '2025-01-15'),
      await change('HIGHEST', 'MENTOR', '2025-08-31'),
      await change('NONE', 'FIRST', '2025-05-01'),
    ].map((c) => c.id).sort();
    await change('NONE', 'CORRESPONDENCE', '2025-01-10'); // compliance is not a category
    await change('HIGHEST', 'FIRST', '2025-02-01'); // down
    await change('METHODIST', 'MENTOR', '2025-03-01'); // the two top ones are equal
    await change('FIRST', 'HIGHEST', '2024-08-31'); // before the period
    await change('FIRST', 'HIGHEST', '2025-09-01'); // after it
    const period = { from: '2024-09-01', to: '2025-08-31' };
    const scope = scopeFor(org.organization);
    const viaPrisma = (await scope.db.staffCategoryChange.findMany({ where: { staffMemberId: person.id, ...categoryRoseWhere(period) }, select: { id: true } })).map((r) => r.id).sort();
    const viaSql = (await scope.db.$queryRaw<{ changeId: number }[]>`
      SELECT r."changeId" FROM (${categoryRoseSql(Sql.sql`ARRAY[${o}::int]`, period)}) r WHERE r."organizationId" = ${o} AND r."staffMemberId" = ${person.id}`).map((r) => r.changeId).sort();
    assert.deepEqual(viaPrisma, rose);
    assert.deepEqual(viaSql, rose);
  });
});
