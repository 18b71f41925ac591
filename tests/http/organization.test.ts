import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loginAs, testApp, type Agent } from '../helpers/app.ts';
import { sharedDatabase } from '../helpers/database.ts';
import { createOrganizationWithStaff, uniq } from '../helpers/factories.ts';

const { prisma } = sharedDatabase();
const app = testApp();
let org: Awaited<ReturnType<typeof createOrganizationWithStaff>>;
let admin: Agent;

before(async () => {
  org = await createOrganizationWithStaff(prisma);
  admin = await loginAs(app, org.admin);
});
after(async () => {
  await app.close();
  await sharedDatabase().close();
});

function settingsForm(overrides: Record<string, string> = {}) {
  return {
    _csrf: admin.csrf,
    fullName: org.organization.fullName,
    shortName: org.organization.shortName,
    slug: org.organization.slug,
    address: '248000, г. Калуга, ул. Ленина, д. 1',
    inn: '4028012349',
    ogrn: '1024001234564',
    headName: 'Свиридова Наталья Геннадьевна',
    headPosition: 'Заведующий',
    website: 'https://ds50.example.ru',
    timeZone: 'Europe/Moscow',
    orderSuffix: '-од',
    defaultMaxMentees: '3',
    mentorExtraPay: '5 000,50',
    extraPayConditions: 'Ежемесячно, пропорционально отработанному времени',
    ...overrides,
  };
}

describe('organization settings', () => {
  test('the form shows the organization', async () => {
    const res = await admin.get('/settings');
    assert.equal(res.status, 200);
    assert.match(res.text, new RegExp(`value="${org.organization.slug}"`));
  });

  test('invalid input → 422 with Russian messages, values kept', async () => {
    const res = await admin.post('/settings').type('form').send(settingsForm({ headName: '', timeZone: 'Mars/Olympus', website: 'ftp://x', orderSuffix: '<b>', defaultMaxMentees: '0', mentorExtraPay: 'много' }));
    assert.equal(res.status, 422);
    assert.match(res.text, /Заполните поле «ФИО руководителя»/);
    assert.match(res.text, /id="field-timeZone-error".*часовой пояс/s);
    assert.match(res.text, /id="field-website-error"/);
    assert.match(res.text, /id="field-orderSuffix-error"/);
    assert.match(res.text, /value="&lt;b&gt;"/);
    assert.match(res.text, /id="field-defaultMaxMentees-error".*Не меньше одного наставляемого/s);
    assert.match(res.text, /id="field-mentorExtraPay-error".*Введите сумму в рублях/s);
  });

  test('ИНН and ОГРН: the number of digits and the check digit; a processor is named in full or not at all', async () => {
    const res = await admin.post('/settings').type('form').send(settingsForm({ inn: '4028012348', ogrn: '102400123456', processorName: 'Управление образования города Калуги', socialPages: 'vk.com/ds50' }));
    assert.equal(res.status, 422);
    assert.match(res.text, /id="field-inn-error".*контрольной цифры/s);
    assert.match(res.text, /id="field-ogrn-error".*13 цифр/s);
    assert.match(res.text, /id="field-socialPages-error".*https:\/\/vk\.com/s);
    const processor = await admin.post('/settings').type('form').send(settingsForm({ processorName: 'Управление образования города Калуги', processorInn: '4029005175' }));
    assert.equal(processor.status, 422);
    assert.match(processor.text, /id="field-processorAddress-error".*наименование, ИНН и адрес/s);
    assert.match(processor.text, /value="4029005175"/, 'the input is kept');
    const blank = await admin.post('/settings').type('form').send(settingsForm({ inn: '', ogrn: '', address: '' }));
    assert.equal(blank.status, 422);
    assert.match(blank.text, /Заполните поле «ИНН»/);
    assert.match(blank.text, /Заполните поле «Юридический адрес»/);
  });

  test('the page shows the automatic name forms; requisites, pages, processor and name forms are saved', async () => {
    const page = await admin.get('/settings');
    assert.match(page.text, /Сейчас в документах: «/);
    const res = await admin.post('/settings').type('form').send(
      settingsForm({
        inn: '40 2801 2349',
        socialPages: 'https://vk.com/ds50kaluga\r\nhttps://t.me/ds50kaluga',
        processorName: 'Управление образования города Калуги',
        processorInn: '4029005175',
        processorAddress: '248000, г. Калуга, ул. Ленина, д. 93',
        fullNameGenitive: 'Детского сада № 50 (род. п.)',
        signatureBasis: 'п. 6.3 Положения о системе наставничества',
        labourEdocBasis: 'приказ от 01.09.2026 № 15-од',
      }),
    );
    assert.equal(res.status, 303);
    const saved = await prisma.organization.findUniqueOrThrow({ where: { id: org.organization.id } });
    assert.equal(saved.inn, '4028012349', 'spaces in the number are dropped');
    assert.equal(saved.ogrn, '1024001234564');
    assert.equal(saved.socialPages, 'https://vk.com/ds50kaluga\nhttps://t.me/ds50kaluga');
    assert.equal(saved.processorInn, '4029005175');
    assert.equal(saved.fullNameGenitive, 'Детского сада № 50 (род. п.)');
    assert.equal(saved.signatureBasis, 'п. 6.3 Положения о системе наставничества');
    assert.equal(saved.labourEdocBasis, 'приказ от 01.09.2026 № 15-од');
    // Back to no processor, no hand-written forms, no electronic documents: the other tests expect the defaults.
    const reset = await admin.post('/settings').type('form').send(settingsForm());
    assert.equal(reset.status, 303);
  });

  test('a slug used by another organization is refused', async () => {
    const other = await createOrganizationWithStaff(prisma);
    const res = await admin.post('/settings').type('form').send(settingsForm({ slug: other.organization.slug }));
    assert.equal(res.status, 422);
    assert.match(res.text, /уже занят другой организацией/);
  });

  test('valid input is saved and audited, only for this organization', async () => {
    const other = await createOrganizationWithStaff(prisma);
    const slug = uniq('ds-');
    const res = await admin.post('/settings').type('form').send(settingsForm({ slug, shortName: 'МБДОУ № 50', timeZone: 'Asia/Vladivostok' }));
    assert.equal(res.status, 303);
    const saved = await prisma.organization.findUniqueOrThrow({ where: { id: org.organization.id } });
    assert.equal(saved.slug, slug);
    assert.equal(saved.timeZone, 'Asia/Vladivostok');
    assert.equal(saved.address, '248000, г. Калуга, ул. Ленина, д. 1');
    assert.equal(saved.mentorExtraPay.toString(), '5000.5');
    assert.equal(saved.defaultMaxMentees, 3);
    const untouched = await prisma.organization.findUniqueOrThrow({ where: { id: other.organization.id } });
    assert.equal(untouched.shortName, other.organization.shortName);
    const entry = await prisma.auditLog.findFirstOrThrow({ where: { action: 'organization.update', organizationId: org.organization.id }, orderBy: { id: 'desc' } });
    assert.ok((entry.details as { changed: string[] }).changed.includes('slug'));
  });
});

describe('profile', () => {
  test('own profile: invalid → 422, valid → saved', async () => {
    const teacher = await loginAs(app, org.teacher);
    const page = await teacher.get('/profile');
    assert.match(page.text, new RegExp(org.teacher.login));
    const bad = await teacher.post('/profile').type('form').send({ _csrf: teacher.csrf, fullName: ' ' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /Заполните поле «ФИО»/);
    const ok = await teacher.post('/profile').type('form').send({ _csrf: teacher.csrf, fullName: 'Иванова Мария Петровна' });
    assert.equal(ok.status, 303);
    assert.equal((await prisma.user.findUniqueOrThrow({ where: { id: org.teacher.id } })).fullName, 'Иванова Мария Петровна');
  });

  test('password change checks the current password and the rules', async () => {
    const head = await loginAs(app, org.head);
    const wrong = await head.post('/profile/password').type('form').send({ _csrf: head.csrf, currentPassword: 'nope', newPassword: 'Другой-пароль-22', newPasswordConfirm: 'Другой-пароль-22' });
    assert.equal(wrong.status, 422);
    assert.match(wrong.text, /Текущий пароль введён неверно/);
    const short = await head.post('/profile/password').type('form').send({ _csrf: head.csrf, currentPassword: 'x', newPassword: 'short', newPasswordConfirm: 'other' });
    assert.equal(short.status, 422);
    assert.match(short.text, /не короче 10 символов/);
    assert.match(short.text, /Пароли не совпадают/);
    assert.doesNotMatch(short.text, /value="short"/);
  });
});

describe('audit log page', () => {
  test('lists this organization’s entries with who and what, filters by action', async () => {
    await admin.get(`/users/${org.teacher.id}`);
    const res = await admin.get('/audit');
    assert.equal(res.status, 200);
    assert.match(res.text, /Просмотр карточки пользователя/);
    const filtered = await admin.get('/audit?action=auth.login');
    assert.match(filtered.text, /Вход в портал/);
    assert.doesNotMatch(filtered.text, /<td data-label="Действие">Просмотр карточки пользователя/);
    const other = await createOrganizationWithStaff(prisma);
    const otherAdmin = await loginAs(app, other.admin);
    const otherPage = await otherAdmin.get('/audit');
    assert.doesNotMatch(otherPage.text, new RegExp(org.admin.fullName), 'entries of another organization are not shown');
  });
});
