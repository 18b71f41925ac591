import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import supertest from 'supertest';
import { extractText, getDocumentProxy } from 'unpdf';
import { loginAs, testApp, TEST_UPLOADS_DIR, type Agent } from '../helpers/app.ts';
import { sharedDatabase } from '../helpers/database.ts';
import { organizationNameIn } from '../../src/domain/organizations.ts';
import { docxText, readableText, zipEntry } from '../helpers/documents.ts';
import { createOrganizationWithStaff, createStaffMember, createTeacher, createUser, uniq, THIS_SCHOOL_YEAR, PERSONAL_DATA_DETAILS } from '../helpers/factories.ts';
import { todayIn } from '../../src/domain/dates.ts';

const { prisma } = sharedDatabase();
const app = testApp();
const ADDRESS = '248000, г. Калуга, ул. Ленина, д. 1';
let today: string;

type Org = Awaited<ReturnType<typeof setupOrganization>>;

/** An organization with every role, a teacher linked to a staff card and a second such teacher. */
async function setupOrganization() {
  const base = await createOrganizationWithStaff(prisma);
  const organization = await prisma.organization.update({
    where: { id: base.organization.id },
    data: { address: ADDRESS, fullName: `Муниципальное бюджетное дошкольное образовательное учреждение «Детский сад № ${uniq()} «Алёнушка»` },
  });
  const teacher = await createTeacher(prisma, organization.id, { lastName: `Иванова${uniq()}`, firstName: 'Мария', middleName: 'Петровна' });
  const other = await createTeacher(prisma, organization.id);
  return { ...base, organization, teacher, other };
}

const sha256 = (text: string) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');
const fullName = (s: { lastName: string; firstName: string; middleName: string }) => `${s.lastName} ${s.firstName} ${s.middleName}`;

/** Collects a binary response body. */
function binary(request: supertest.Test) {
  return request.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

async function pdfText(buffer: Buffer): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(buffer)), { mergePages: true });
  return readableText(text);
}

const PDF_SCAN = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

function upload(agent: Agent, fields: Record<string, string>, file?: { content: Buffer; name: string }) {
  let request = agent.post(`/consents?_csrf=${encodeURIComponent(agent.csrf)}`);
  for (const [key, value] of Object.entries(fields)) request = request.field(key, value);
  if (file) request = request.attach('file', file.content, file.name);
  return request;
}

async function acceptOnline(agent: Agent, slug = 'personal-data') {
  const page = await agent.get(`/consents/accept/${slug}`);
  assert.equal(page.status, 200);
  const hash = /name="textSha256" value="([0-9a-f]{64})"/.exec(page.text)?.[1];
  assert.ok(hash, 'the page carries the hash of the shown text');
  const res = await agent.post(`/consents/accept/${slug}`).type('form').set('User-Agent', 'TestBrowser/1.0 (Nastavnik)').send({ _csrf: agent.csrf, textSha256: hash, agree: 'on', ...PERSONAL_DATA_DETAILS });
  return { page, hash, res };
}

let org: Org;
let methodist: Agent;
let head: Agent;
let teacher: Agent;

before(async () => {
  today = todayIn('Europe/Moscow');
  org = await setupOrganization();
  [methodist, head, teacher] = await Promise.all([
    loginAs(app, org.methodist),
    loginAs(app, org.head),
    loginAs(app, org.teacher.user),
  ]);
});
after(async () => {
  await app.close();
  await sharedDatabase().close();
});

describe('who may open what', () => {
  test('anonymous visitors go to the login page; the administrator has no consents section', async () => {
    for (const url of ['/consents', '/consents/form/personal-data.pdf', '/consents/accept/personal-data', '/consents/1', '/consents/1/scan']) {
      const anon = await supertest(app).get(url);
      assert.equal(anon.status, 303, url);
      assert.equal(anon.headers.location, '/login');
    }
    const admin = await loginAs(app, org.admin);
    assert.equal((await admin.get('/consents')).status, 403);
    assert.equal((await admin.get('/consents/mine')).status, 403);
  });

  test('the methodist’s pages are closed to teachers and (for changes) to the head', async () => {
    for (const url of ['/consents/new', '/consents/templates/personal-data/edit', '/consents/export.xlsx', `/consents/staff/${org.teacher.staff.id}`]) {
      assert.equal((await teacher.get(url)).status, 403, url);
    }
    assert.equal((await head.get('/consents/new')).status, 403);
    assert.equal((await head.get('/consents/templates/personal-data/edit')).status, 403);
    assert.equal((await head.post('/consents/templates/personal-data').type('form').send({ _csrf: head.csrf, title: 'x', body: 'y' })).status, 403);
    assert.equal((await upload(head, { staffMemberId: String(org.teacher.staff.id), kind: 'PERSONAL_DATA', signedOn: today }, { content: PDF_SCAN, name: 'scan.pdf' })).status, 403);
    assert.equal((await head.get('/consents/templates')).status, 200, 'the head reads the texts');
  });
});

describe('consent texts (templates)', () => {
  test('lists the three kinds, default version 1 without writing anything', async () => {
    const fresh = await setupOrganization();
    const agent = await loginAs(app, fresh.methodist);
    const res = await agent.get('/consents/templates');
    assert.equal(res.status, 200);
    assert.match(res.text, /Обработка ПД/);
    assert.match(res.text, /Распространение ПД/);
    assert.match(res.text, /Наставничество \(ст\. 351\.8 ТК\)/);
    assert.equal((res.text.match(/№ 1 \(по умолчанию\)/g) ?? []).length, 3);
    assert.equal(await prisma.consentTemplate.count({ where: { organizationId: fresh.organization.id } }), 0, 'GET does not write');
  });

  test('the edit page documents the placeholders; unknown ones → 422 beside the field', async () => {
    const form = await methodist.get('/consents/templates/personal-data/edit');
    assert.equal(form.status, 200);
    for (const p of ['organization.fullName', 'organization.address', 'organization.headName', 'person.fullName', 'person.position', 'date', 'person.document']) {
      assert.ok(form.text.includes(`{{${p}}}`), p);
    }
    assert.match(form.text, /статьёй 9 Федерального закона от 27\.07\.2006 № 152-ФЗ/);

    const bad = await methodist.post('/consents/templates/personal-data').type('form').send({ _csrf: methodist.csrf, title: 'Согласие', body: 'Я, {{person.fullName}}, получаю {{person.salary}}' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /id="field-body-error"[^]*Неизвестные подстановки: \{\{person\.salary\}\}/);
    assert.match(bad.text, /получаю \{\{person\.salary\}\}<\/textarea>/, 'the typed text is kept');
    const empty = await methodist.post('/consents/templates/personal-data').type('form').send({ _csrf: methodist.csrf, title: '', body: 'x' });
    assert.equal(empty.status, 422);
    assert.match(empty.text, /Заполните поле «Заголовок»/);
    assert.equal((await methodist.get('/consents/templates/passport/edit')).status, 404);
  });

  test('saving makes a new version; a consent already given keeps the text it agreed to', async () => {
    const fresh = await setupOrganization();
    const [m, t] = await Promise.all([loginAs(app, fresh.methodist), loginAs(app, fresh.teacher.user)]);
    const { res } = await acceptOnline(t, 'mentoring');
    assert.equal(res.status, 303);
    const given = await prisma.consent.findFirstOrThrow({ where: { staffMemberId: fresh.teacher.staff.id, kind: 'MENTORING' } });

    const saved = await m
      .post('/consents/templates/mentoring')
      .type('form')
      .send({ _csrf: m.csrf, title: 'Согласие на наставничество', body: 'Я, {{person.fullName}}, согласен(на) быть наставником в {{organization.shortName}}.\r\n\r\nНовая редакция.' });
    assert.equal(saved.status, 303);
    assert.equal(saved.headers.location, '/consents/templates');
    const versions = await prisma.consentTemplate.findMany({ where: { organizationId: fresh.organization.id, kind: 'MENTORING' }, orderBy: { version: 'asc' } });
    assert.deepEqual(versions.map((v) => v.version), [1, 2]);
    assert.equal(versions[1]!.body, 'Я, {{person.fullName}}, согласен(на) быть наставником в {{organization.shortName}}.\n\nНовая редакция.');
    assert.ok(await prisma.auditLog.findFirst({ where: { action: 'consent.template_update', entityId: String(versions[1]!.id) } }));

    const kept = await prisma.consent.findUniqueOrThrow({ where: { id: given.id } });
    assert.equal(kept.text, given.text);
    assert.match(kept.text, /статьёй 351\.8 Трудового кодекса/);
    assert.equal(kept.templateId, versions[0]!.id);
    const page = await t.get('/consents/accept/mentoring');
    assert.match(page.text, /Новая редакция\./);
    assert.match(page.text, /Редакция текста № 2/);
  });
});

describe('printed forms', () => {
  test('each kind prints with the person’s and the organization’s names, №, «» and Cyrillic', async () => {
    for (const slug of ['personal-data', 'distribution', 'mentoring']) {
      const res = await binary(methodist.get(`/consents/form/${slug}.pdf?staff=${org.teacher.staff.id}`));
      assert.equal(res.status, 200, slug);
      assert.equal(res.headers['content-type'], 'application/pdf');
      assert.match(String(res.headers['content-disposition']), /attachment; .*filename\*=UTF-8''/);
      assert.equal(res.headers['cache-control'], 'private, no-store');
      const text = await pdfText(res.body as Buffer);
      assert.ok(text.includes(fullName(org.teacher.staff)), `${slug}: the person`);
      assert.ok(text.includes(organizationNameIn(org.organization.fullName, 'dative')), `${slug}: the organization in the dative («оператору — …», «работодателю — …»), with № and «»`);
      assert.ok(text.includes('СОГЛАСИЕ') && text.includes('«___» ____________ 20___ г.'), `${slug}: title and date line`);
    }
    const pd = await pdfText((await binary(methodist.get(`/consents/form/personal-data.pdf?staff=${org.teacher.staff.id}`))).body as Buffer);
    assert.ok(pd.includes(ADDRESS), 'the operator’s address');
    assert.ok(pd.includes('серия ________ № ______________'), 'blanks for the document on paper');
    assert.ok(await prisma.auditLog.findFirst({ where: { action: 'consent.form_download', entityId: String(org.teacher.staff.id), userId: org.methodist.id } }));
  });

  test('DOCX is a Word file with the name', async () => {
    const res = await binary(methodist.get(`/consents/form/mentoring.docx?staff=${org.teacher.staff.id}`));
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const xml = docxText(zipEntry(res.body as Buffer, 'word/document.xml'));
    assert.ok(xml.includes(fullName(org.teacher.staff)));
    assert.ok(xml.includes('351.8'));
  });

  test('a teacher prints only their own form; the head only reads; other organizations do not exist', async () => {
    const own = await binary(teacher.get('/consents/form/personal-data.pdf'));
    assert.equal(own.status, 200);
    assert.ok((await pdfText(own.body as Buffer)).includes(fullName(org.teacher.staff)));
    assert.equal((await teacher.get(`/consents/form/personal-data.pdf?staff=${org.other.staff.id}`)).status, 404);
    assert.equal((await head.get(`/consents/form/personal-data.pdf?staff=${org.other.staff.id}`)).status, 403);
    const foreign = await setupOrganization();
    assert.equal((await methodist.get(`/consents/form/personal-data.pdf?staff=${foreign.teacher.staff.id}`)).status, 404);
    assert.equal((await methodist.get(`/consents/form/personal-data.txt?staff=${org.teacher.staff.id}`)).status, 404);
    assert.equal((await methodist.get(`/consents/form/passport.pdf?staff=${org.teacher.staff.id}`)).status, 404);
  });
});

describe('electronic acceptance', () => {
  test('shows the exact text, needs the checkbox, stores the hash of what was shown, the IP and the browser', async () => {
    const fresh = await setupOrganization();
    const t = await loginAs(app, fresh.teacher.user);
    const page = await t.get('/consents/accept/personal-data');
    assert.equal(page.status, 200);
    assert.match(page.text, /адрес регистрации: \(указывается ниже, при подтверждении согласия\)/);
    assert.match(page.text, /id="field-documentNumber"/);
    assert.doesNotMatch(page.text, /хранятся у оператора/);
    assert.match(page.text, /Я ознакомлен\(а\) и даю согласие/);
    const hash = /name="textSha256" value="([0-9a-f]{64})"/.exec(page.text)![1]!;

    const unchecked = await t.post('/consents/accept/personal-data').type('form').send({ _csrf: t.csrf, textSha256: hash });
    assert.equal(unchecked.status, 422);
    assert.match(unchecked.text, /id="field-agree-error"[^]*Отметьте «Я ознакомлен\(а\) и даю согласие»/);
    const stale = await t.post('/consents/accept/personal-data').type('form').send({ _csrf: t.csrf, textSha256: '0'.repeat(64), agree: 'on', ...PERSONAL_DATA_DETAILS });
    assert.equal(stale.status, 409);
    assert.match(stale.text, /Текст согласия изменился/);
    assert.equal(await prisma.consent.count({ where: { staffMemberId: fresh.teacher.staff.id } }), 0);

    const missing = await t.post('/consents/accept/personal-data').type('form').send({ _csrf: t.csrf, textSha256: hash, agree: 'on', address: PERSONAL_DATA_DETAILS.address, documentNumber: '29 04 123456' });
    assert.equal(missing.status, 422, 'the identity document is part of the text (ст. 9 ч. 4)');
    assert.match(missing.text, /id="field-documentIssuedBy-error"[^]*Укажите, кем выдан документ/);
    assert.match(missing.text, /id="field-documentIssuedOn-error"/);
    assert.match(missing.text, /248001, г\. Калуга, ул\. Садовая, д\. 5, кв\. 7<\/textarea>/, 'the typed address is kept');
    assert.equal(await prisma.consent.count({ where: { staffMemberId: fresh.teacher.staff.id } }), 0);

    const ok = await t.post('/consents/accept/personal-data').type('form').set('User-Agent', 'TestBrowser/1.0 (Nastavnik)').send({ _csrf: t.csrf, textSha256: hash, agree: 'on', ...PERSONAL_DATA_DETAILS });
    assert.equal(ok.status, 303);
    const consent = await prisma.consent.findFirstOrThrow({ where: { staffMemberId: fresh.teacher.staff.id }, include: { template: true } });
    assert.equal(ok.headers.location, `/consents/${consent.id}`);
    assert.equal(consent.method, 'ELECTRONIC');
    assert.equal(consent.organizationId, fresh.organization.id);
    assert.equal(sha256(consent.text), consent.textSha256, 'the hash of the text kept');
    assert.notEqual(consent.textSha256, hash, 'the kept text has the typed details where the shown one said «указывается ниже»');
    assert.match(consent.text, /адрес регистрации: 248001, г\. Калуга, ул\. Садовая, д\. 5, кв\. 7,\nдокумент, удостоверяющий личность: паспорт гражданина Российской Федерации 29 04 123456, выдан УМВД России по Калужской области, дата выдачи 12\.03\.2015,/);
    const logged = await prisma.auditLog.findMany({ where: { organizationId: fresh.organization.id } });
    assert.ok(!JSON.stringify(logged, (_key, value) => (typeof value === 'bigint' ? String(value) : value)).includes('123456'), 'the document number is not in the audit log');
    assert.match(consent.text, new RegExp(`^Согласие на обработку персональных данных\\n\\nЯ, ${fullName(fresh.teacher.staff)},`));
    assert.ok(consent.text.includes(`оператору — ${organizationNameIn(fresh.organization.fullName, 'dative')}`), 'the operator in the dative');
    assert.match(consent.ip, /127\.0\.0\.1|::1/);
    assert.equal(consent.userAgent, 'TestBrowser/1.0 (Nastavnik)');
    assert.equal(consent.recordedById, fresh.teacher.user.id);
    assert.equal(consent.template.version, 1, 'the default text was saved as version 1 on first use');
    assert.ok(Math.abs(consent.givenAt.getTime() - Date.now()) < 60_000);
    assert.ok(await prisma.auditLog.findFirst({ where: { action: 'consent.give', entityId: String(consent.id) } }));

    const again = await t.post('/consents/accept/personal-data').type('form').send({ _csrf: t.csrf, textSha256: hash, agree: 'on', ...PERSONAL_DATA_DETAILS });
    assert.equal(again.status, 409);
    assert.match(again.text, /Уже есть действующее согласие на обработку персональных данных/);
    assert.equal(await prisma.consent.count({ where: { staffMemberId: fresh.teacher.staff.id } }), 1);
  });

  test('a user without a staff card is told so', async () => {
    const loner = await createUser(prisma, org.organization.id, { role: 'TEACHER' });
    const agent = await loginAs(app, loner);
    const res = await agent.get('/consents/accept/distribution');
    assert.equal(res.status, 409);
    assert.match(res.text, /не связана с карточкой сотрудника/);
    assert.match((await agent.get('/consents')).text, /не связана с карточкой сотрудника/);
  });
});

describe('what the consents must contain (152-ФЗ, ТК РФ ст. 351.8)', () => {
  test('the 351.8 consent is «письменное»: online only where the employer keeps labour documents electronically', async () => {
    const paperOnly = await setupOrganization();
    await prisma.organization.update({ where: { id: paperOnly.organization.id }, data: { labourEdocBasis: '' } });
    const t = await loginAs(app, paperOnly.teacher.user);
    const page = await t.get('/consents/accept/mentoring');
    assert.equal(page.status, 200);
    assert.match(page.text, /подписывается на бумаге/);
    assert.match(page.text, /href="\/consents\/form\/mentoring\.pdf"/);
    assert.doesNotMatch(page.text, /name="agree"/, 'no checkbox');
    const hash = /name="textSha256"/.test(page.text) ? 'x' : '0'.repeat(64);
    const refused = await t.post('/consents/accept/mentoring').type('form').send({ _csrf: t.csrf, textSha256: hash, agree: 'on' });
    assert.equal(refused.status, 409);
    assert.match(refused.text, /ст\. 22\.1–22\.3/);
    assert.equal(await prisma.consent.count({ where: { staffMemberId: paperOnly.teacher.staff.id } }), 0);

    const electronic = await setupOrganization();
    const e = await loginAs(app, electronic.teacher.user);
    const { res } = await acceptOnline(e, 'mentoring');
    assert.equal(res.status, 303);
    const consent = await prisma.consent.findFirstOrThrow({ where: { staffMemberId: electronic.teacher.staff.id, kind: 'MENTORING' } });
    assert.match(consent.text, /в форме электронного документа в соответствии со статьями 22\.1–22\.3 Трудового кодекса Российской Федерации от 30\.12\.2001 № 197-ФЗ \(приказ от 01\.09\.2026 № 15-од/);
    assert.match(consent.text, /работодателю — Муниципальному бюджетному дошкольному образовательному учреждению «Детский сад № \w+ «Алёнушка» — письменное согласие/);
  });

  test('where the Regulation makes the account a simple electronic signature, the text names the account instead of the passport', async () => {
    const fresh = await setupOrganization();
    await prisma.organization.update({ where: { id: fresh.organization.id }, data: { signatureBasis: 'п. 6.3 Положения о системе наставничества' } });
    const t = await loginAs(app, fresh.teacher.user);
    const page = await t.get('/consents/accept/personal-data');
    assert.doesNotMatch(page.text, /id="field-documentNumber"/);
    assert.match(page.text, /id="field-address"/);
    const hash = /name="textSha256" value="([0-9a-f]{64})"/.exec(page.text)![1]!;
    const res = await t.post('/consents/accept/personal-data').type('form').send({ _csrf: t.csrf, textSha256: hash, agree: 'on', address: '248001, г. Калуга, ул. Садовая, д. 5' });
    assert.equal(res.status, 303);
    const consent = await prisma.consent.findFirstOrThrow({ where: { staffMemberId: fresh.teacher.staff.id } });
    assert.match(consent.text, new RegExp(`документ, удостоверяющий личность: не указывается: согласие подписано простой электронной подписью — учётной записью «${fresh.teacher.user.login.replace('.', '\\.')}» портала «Наставник» \\(п\\. 6\\.3 Положения о системе наставничества\\)`));
  });

  test('the distribution consent names ИНН/ОГРН, the full addresses of the resources, the categories, the conditions; a processor is named', async () => {
    const fresh = await setupOrganization();
    await prisma.organization.update({
      where: { id: fresh.organization.id },
      data: { website: 'https://ds50.example.ru', socialPages: 'https://vk.com/ds50\nhttps://t.me/ds50', processorName: 'Управление образования города Калуги', processorInn: '4029005175', processorAddress: '248000, г. Калуга, ул. Ленина, д. 93' },
    });
    const t = await loginAs(app, fresh.teacher.user);
    const page = await t.get('/consents/accept/distribution');
    const hash = /name="textSha256" value="([0-9a-f]{64})"/.exec(page.text)![1]!;
    const res = await t.post('/consents/accept/distribution').type('form').send({ _csrf: t.csrf, textSha256: hash, agree: 'on', restrictions: 'фотографии — только с мероприятий' });
    assert.equal(res.status, 303);
    const online = (await prisma.consent.findFirstOrThrow({ where: { staffMemberId: fresh.teacher.staff.id } })).text;
    const m = await loginAs(app, fresh.methodist);
    const paperDocx = docxText(zipEntry((await binary(m.get(`/consents/form/distribution.docx?staff=${fresh.teacher.staff.id}`))).body as Buffer, 'word/document.xml'));
    const paperPdf = await pdfText((await binary(m.get(`/consents/form/distribution.pdf?staff=${fresh.teacher.staff.id}`))).body as Buffer);
    const expected = [
      'ИНН 4028012349, ОГРН 1024001234564',
      'официальный сайт оператора https://ds50.example.ru',
      `/p/${fresh.organization.slug}`,
      'социальной сети https://vk.com/ds50',
      'социальной сети https://t.me/ds50',
      'Категории и перечень персональных данных',
      'биометрические персональные данные',
      'Срок действия согласия',
      'по поручению оператора осуществляет Управление образования города Калуги (ИНН 4029005175, адрес: 248000, г. Калуга, ул. Ленина, д. 93)',
    ];
    for (const [name, text] of [['electronic', readableText(online)], ['PDF', paperPdf], ['DOCX', paperDocx]] as const) {
      for (const part of expected) assert.ok(text.includes(part), `${name}: «${part}»`);
    }
    assert.match(online, /Условия и запреты[^:]*: фотографии — только с мероприятий\./);
  });
});

describe('signed paper scans', () => {
  test('the form renders; invalid input → 422 with Russian messages', async () => {
    const form = await methodist.get(`/consents/new?staff=${org.teacher.staff.id}&kind=MENTORING`);
    assert.equal(form.status, 200);
    assert.match(form.text, /enctype="multipart\/form-data"/);
    assert.match(form.text, /action="\/consents\?_csrf=[^"]+"/);
    assert.match(form.text, new RegExp(`<option value="${org.teacher.staff.id}" selected>`));

    const empty = await upload(methodist, { staffMemberId: '', kind: '', signedOn: '' });
    assert.equal(empty.status, 422);
    assert.match(empty.text, /Выберите педагога/);
    assert.match(empty.text, /Выберите вид согласия из списка/);
    assert.match(empty.text, /Выберите файл \(PDF, JPEG, PNG\)/);

    const future = await upload(methodist, { staffMemberId: String(org.teacher.staff.id), kind: 'PERSONAL_DATA', signedOn: '2999-01-01' }, { content: PDF_SCAN, name: 'scan.pdf' });
    assert.equal(future.status, 422);
    assert.match(future.text, /Дата подписания не может быть в будущем/);
    const foreign = await setupOrganization();
    const stranger = await upload(methodist, { staffMemberId: String(foreign.teacher.staff.id), kind: 'PERSONAL_DATA', signedOn: today }, { content: PDF_SCAN, name: 'scan.pdf' });
    assert.equal(stranger.status, 422);
    assert.match(stranger.text, /Выберите педагога из списка/);
  });

  test('refuses a text file renamed .pdf and an oversize file', async () => {
    const fields = { staffMemberId: String(org.teacher.staff.id), kind: 'PERSONAL_DATA', signedOn: today };
    const renamed = await upload(methodist, fields, { content: Buffer.from('Это не скан, а просто текст'), name: 'notes.pdf' });
    assert.equal(renamed.status, 422);
    assert.match(renamed.text, /id="field-file-error"[^]*Файл «notes\.pdf» не похож на PDF, JPEG, PNG/);
    const huge = Buffer.concat([PDF_SCAN, Buffer.alloc(10 * 1024 * 1024)]);
    const oversize = await upload(methodist, fields, { content: huge, name: 'big.pdf' });
    assert.equal(oversize.status, 422);
    assert.match(oversize.text, /Файл больше 10 МБ — уменьшите его/);
    assert.equal(await prisma.consent.count({ where: { staffMemberId: org.teacher.staff.id, method: 'PAPER_SCAN' } }), 0);
  });

  test('a multipart form without the CSRF token is refused', async () => {
    const res = await methodist.post('/consents').field('kind', 'PERSONAL_DATA').attach('file', PDF_SCAN, 'scan.pdf');
    assert.equal(res.status, 403);
  });

  test('records PAPER_SCAN with the printed text and its hash; the scan is stored outside public/ and served only to those allowed', async () => {
    const fresh = await setupOrganization();
    const [m, h, t, o] = await Promise.all([loginAs(app, fresh.methodist), loginAs(app, fresh.head), loginAs(app, fresh.teacher.user), loginAs(app, fresh.other.user)]);
    const res = await upload(m, { staffMemberId: String(fresh.teacher.staff.id), kind: 'PERSONAL_DATA', signedOn: today }, { content: PDF_SCAN, name: 'consent-scan.pdf' });
    assert.equal(res.status, 303);
    const consent = await prisma.consent.findFirstOrThrow({ where: { staffMemberId: fresh.teacher.staff.id }, include: { scanFile: true } });
    assert.equal(res.headers.location, `/consents/${consent.id}`);
    assert.equal(consent.method, 'PAPER_SCAN');
    assert.equal(consent.textSha256, sha256(consent.text));
    assert.match(consent.text, /серия ________ № ______________/, 'the text as printed on the form');
    assert.ok(consent.text.includes(fullName(fresh.teacher.staff)));
    assert.equal(consent.recordedById, fresh.methodist.id);
    assert.ok(consent.scanFile);
    assert.equal(consent.scanFile.mimeType, 'application/pdf');
    assert.equal(consent.scanFile.originalName, 'consent-scan.pdf');
    const stored = path.join(TEST_UPLOADS_DIR, consent.scanFile.storagePath);
    assert.deepEqual(fs.readFileSync(stored), PDF_SCAN);
    assert.ok(!path.resolve(stored).includes(`${path.sep}public${path.sep}`));

    for (const agent of [m, h, t]) {
      const scan = await binary(agent.get(`/consents/${consent.id}/scan`));
      assert.equal(scan.status, 200);
      assert.equal(scan.headers['content-type'], 'application/pdf');
      assert.deepEqual(scan.body, PDF_SCAN);
    }
    assert.equal((await o.get(`/consents/${consent.id}/scan`)).status, 404, 'another teacher');
    assert.equal((await methodist.get(`/consents/${consent.id}/scan`)).status, 404, 'another organization');
    assert.equal(await prisma.auditLog.count({ where: { action: 'consent.scan_download', entityId: String(consent.id) } }), 3);

    const duplicate = await upload(m, { staffMemberId: String(fresh.teacher.staff.id), kind: 'PERSONAL_DATA', signedOn: today }, { content: PDF_SCAN, name: 'again.pdf' });
    assert.equal(duplicate.status, 422);
    assert.match(duplicate.text, /Уже есть действующее согласие на обработку персональных данных/);
    const replaced = await upload(m, { staffMemberId: String(fresh.teacher.staff.id), kind: 'PERSONAL_DATA', signedOn: today, replace: 'on' }, { content: PDF_SCAN, name: 'better.pdf' });
    assert.equal(replaced.status, 303);
    const all = await prisma.consent.findMany({ where: { staffMemberId: fresh.teacher.staff.id }, orderBy: { id: 'asc' } });
    assert.equal(all.length, 2);
    assert.ok(all[0]!.revokedAt);
    assert.match(all[0]!.revokeReason, /^Заменено согласием от/);
    assert.equal(all[1]!.revokedAt, null);
  });
});

describe('the consent card', () => {
  test('shows the text as agreed, how and when, the hash; audited; closed to other teachers and organizations', async () => {
    const fresh = await setupOrganization();
    const [t, o, h] = await Promise.all([loginAs(app, fresh.teacher.user), loginAs(app, fresh.other.user), loginAs(app, fresh.head)]);
    const { res } = await acceptOnline(t, 'distribution');
    const consent = await prisma.consent.findFirstOrThrow({ where: { staffMemberId: fresh.teacher.staff.id } });
    const card = await t.get(String(res.headers.location));
    assert.equal(card.status, 200);
    assert.ok(card.text.includes(consent.textSha256));
    assert.match(card.text, /электронно: отметка «Я ознакомлен\(а\) и даю согласие»/);
    assert.match(card.text, /TestBrowser\/1\.0 \(Nastavnik\)/);
    assert.match(card.text, /статьёй 10\.1 Федерального закона/);
    assert.match(card.text, /Отозвать согласие/);
    assert.ok(await prisma.auditLog.findFirst({ where: { action: 'consent.read', entityId: String(consent.id), userId: fresh.teacher.user.id } }));

    assert.equal((await o.get(`/consents/${consent.id}`)).status, 404);
    const byHead = await h.get(`/consents/${consent.id}`);
    assert.equal(byHead.status, 200);
    assert.doesNotMatch(byHead.text, /Отозвать согласие/, 'the head reads but does not revoke');
    assert.equal((await methodist.get(`/consents/${consent.id}`)).status, 404);
    assert.equal((await t.get('/consents/abc')).status, 404);
    assert.equal((await t.get('/consents/99999999999')).status, 404);
  });
});

describe('revocation', () => {
  test('by the person: date and reason required; leaves the banks in the same step; history kept', async () => {
    const fresh = await setupOrganization();
    const [t, o, h] = await Promise.all([loginAs(app, fresh.teacher.user), loginAs(app, fresh.other.user), loginAs(app, fresh.head)]);
    await acceptOnline(t, 'personal-data');
    const consent = await prisma.consent.findFirstOrThrow({ where: { staffMemberId: fresh.teacher.staff.id } });
    const staffMemberId = fresh.teacher.staff.id;
    const mentee = await prisma.menteeEntry.create({ data: { organizationId: fresh.organization.id, schoolYear: THIS_SCHOOL_YEAR, staffMemberId, category: 'YOUNG_SPECIALIST', status: 'IN_BANK' } });
    const mentor = await prisma.mentorEntry.create({ data: { organizationId: fresh.organization.id, staffMemberId, status: 'APPROVED' } });

    const byHead = await h.post(`/consents/${consent.id}/revoke`).type('form').send({ _csrf: h.csrf, revokedOn: today, reason: 'Просьба' });
    assert.equal(byHead.status, 403);
    const byOther = await o.post(`/consents/${consent.id}/revoke`).type('form').send({ _csrf: o.csrf, revokedOn: today, reason: 'Просьба' });
    assert.equal(byOther.status, 404);
    const byForeign = await methodist.post(`/consents/${consent.id}/revoke`).type('form').send({ _csrf: methodist.csrf, revokedOn: today, reason: 'Просьба' });
    assert.equal(byForeign.status, 404);

    const noReason = await t.post(`/consents/${consent.id}/revoke`).type('form').send({ _csrf: t.csrf, revokedOn: today, reason: ' ' });
    assert.equal(noReason.status, 422);
    assert.match(noReason.text, /Заполните поле «Причина отзыва»/);
    const noDate = await t.post(`/consents/${consent.id}/revoke`).type('form').send({ _csrf: t.csrf, revokedOn: '', reason: 'Перехожу на другую работу' });
    assert.equal(noDate.status, 422);
    assert.match(noDate.text, /Укажите дату отзыва/);
    assert.match(noDate.text, /Перехожу на другую работу<\/textarea>/);
    const future = await t.post(`/consents/${consent.id}/revoke`).type('form').send({ _csrf: t.csrf, revokedOn: '2999-12-31', reason: 'x' });
    assert.equal(future.status, 422);
    assert.match(future.text, /Дата отзыва не может быть в будущем/);
    assert.equal((await prisma.consent.findUniqueOrThrow({ where: { id: consent.id } })).revokedAt, null);

    const ok = await t.post(`/consents/${consent.id}/revoke`).type('form').send({ _csrf: t.csrf, revokedOn: today, reason: 'Перехожу на другую работу' });
    assert.equal(ok.status, 303);
    const revoked = await prisma.consent.findUniqueOrThrow({ where: { id: consent.id } });
    assert.ok(revoked.revokedAt);
    assert.equal(revoked.revokeReason, 'Перехожу на другую работу');
    assert.equal(revoked.revokedById, fresh.teacher.user.id);
    assert.equal((await prisma.menteeEntry.findUniqueOrThrow({ where: { id: mentee.id } })).status, 'WITHDRAWN');
    assert.equal((await prisma.mentorEntry.findUniqueOrThrow({ where: { id: mentor.id } })).status, 'LEFT');
    const changes = await prisma.bankStatusChange.findMany({ where: { organizationId: fresh.organization.id } });
    assert.deepEqual(changes.map((c) => c.toStatus).sort(), ['LEFT', 'WITHDRAWN']);
    assert.ok(await prisma.auditLog.findFirst({ where: { action: 'consent.revoke', entityId: String(consent.id) } }));

    const twice = await t.post(`/consents/${consent.id}/revoke`).type('form').send({ _csrf: t.csrf, revokedOn: today, reason: 'ещё раз' });
    assert.equal(twice.status, 303);
    assert.match((await t.get(`/consents/${consent.id}`)).text, /Это согласие уже отозвано/);

    const dd = today.split('-').reverse().join('.');
    const mine = await t.get('/consents');
    assert.ok(mine.text.includes(`отозвано ${dd}: Перехожу на другую работу`), 'history on the person’s page');
    assert.match(mine.text, /Дать согласие электронно/, 'a new consent can be given after revocation');
  });

  test('by the methodist for anyone; the head for themself', async () => {
    const fresh = await setupOrganization();
    const [m, t, h] = await Promise.all([loginAs(app, fresh.methodist), loginAs(app, fresh.teacher.user), loginAs(app, fresh.head)]);
    await acceptOnline(t, 'distribution');
    const consent = await prisma.consent.findFirstOrThrow({ where: { staffMemberId: fresh.teacher.staff.id } });
    const res = await m.post(`/consents/${consent.id}/revoke`).type('form').send({ _csrf: m.csrf, revokedOn: today, reason: 'Заявление от сегодняшнего дня' });
    assert.equal(res.status, 303);
    assert.equal((await prisma.consent.findUniqueOrThrow({ where: { id: consent.id } })).revokedById, fresh.methodist.id);

    const headCard = await createStaffMember(prisma, fresh.organization.id, { position: 'заведующий' });
    await prisma.user.update({ where: { id: fresh.head.id }, data: { staffMemberId: headCard.id } });
    await acceptOnline(h, 'personal-data');
    const own = await prisma.consent.findFirstOrThrow({ where: { staffMemberId: headCard.id } });
    const self = await h.post(`/consents/${own.id}/revoke`).type('form').send({ _csrf: h.csrf, revokedOn: today, reason: 'Сама' });
    assert.equal(self.status, 303);
    assert.ok((await prisma.consent.findUniqueOrThrow({ where: { id: own.id } })).revokedAt);
  });
});

describe('the register', () => {
  test('one row per working staff member with the state of each kind; search, filters, pagination', async () => {
    const fresh = await setupOrganization();
    const m = await loginAs(app, fresh.methodist);
    const tag = uniq('Реестр');
    const people = [];
    for (let i = 0; i < 30; i++) people.push(await createStaffMember(prisma, fresh.organization.id, { lastName: `${tag}${String(i).padStart(2, '0')}` }));
    await createStaffMember(prisma, fresh.organization.id, { lastName: `${tag}Архив`, archivedAt: new Date() });
    const [withConsent, withRevoked, withScan] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
    for (const [person, method] of [[withConsent, 'ELECTRONIC'], [withRevoked, 'ELECTRONIC'], [withScan, 'PAPER_SCAN']] as const) {
      const text = `Согласие ${person.lastName}`;
      const template = await prisma.consentTemplate.upsert({
        where: { organizationId_kind_version: { organizationId: fresh.organization.id, kind: 'PERSONAL_DATA', version: 1 } },
        update: {},
        create: { organizationId: fresh.organization.id, kind: 'PERSONAL_DATA', version: 1, title: 'Согласие', body: 'Текст' },
      });
      await prisma.consent.create({
        data: { organizationId: fresh.organization.id, staffMemberId: person.id, kind: 'PERSONAL_DATA', templateId: template.id, text, textSha256: sha256(text), method, givenAt: new Date() },
      });
    }
    await prisma.consent.updateMany({ where: { staffMemberId: withRevoked.id }, data: { revokedAt: new Date(), revokeReason: 'Отзыв' } });
    const dd = today.split('-').reverse().join('.');

    const page1 = await m.get(`/consents?q=${encodeURIComponent(tag)}`);
    assert.equal(page1.status, 200);
    assert.match(page1.text, /Сотрудников: 30/);
    assert.match(page1.text, /Страница 1 из 2/);
    assert.doesNotMatch(page1.text, /Архив/);
    const row = (name: string) => new RegExp(`>${name} [^<]*</a></td>[^]*?</tr>`).exec(page1.text)?.[0] ?? '';
    assert.match(row(withConsent.lastName), new RegExp(`с ${dd}, электронно`));
    assert.match(row(withRevoked.lastName), new RegExp(`отозвано ${dd}`));
    assert.match(row(withScan.lastName), new RegExp(`с ${dd}, скан`));
    assert.equal((row(people[5]!.lastName).match(/>нет</g) ?? []).length, 3, 'no consent of any kind');
    const page2 = await m.get(`/consents?q=${encodeURIComponent(tag)}&page=2`);
    assert.equal((page2.text.match(/href="\/consents\/staff\/\d+"/g) ?? []).length, 5);

    const count = async (query: string) => Number(/Сотрудников: (\d+)/.exec((await m.get(`/consents?q=${encodeURIComponent(tag)}&${query}`)).text)?.[1]);
    assert.equal(await count('kind=PERSONAL_DATA&state=yes'), 2);
    assert.equal(await count('kind=PERSONAL_DATA&state=revoked'), 1);
    assert.equal(await count('kind=PERSONAL_DATA&state=no'), 27);
    assert.equal(await count('kind=MENTORING&state=no'), 30);
    assert.equal(await count('state=yes'), 2, 'without a kind the state is about the personal-data consent');
    assert.equal((await m.get('/consents?state=maybe&kind=X&page=-1')).status, 200, 'nonsense filters are ignored');

    const byHead = await (await loginAs(app, fresh.head)).get(`/consents?q=${encodeURIComponent(tag)}`);
    assert.equal(byHead.status, 200);
    assert.doesNotMatch(byHead.text, /Загрузить подписанное согласие/);

    const person = await m.get(`/consents/staff/${withRevoked.id}`);
    assert.equal(person.status, 200);
    assert.ok(person.text.includes(`отозвано ${dd}: Отзыв`));
    assert.equal((await m.get(`/consents/staff/${org.teacher.staff.id}`)).status, 404, 'another organization');
  });

  test('exports the register to XLSX (audited)', async () => {
    const res = await binary(methodist.get(`/consents/export.xlsx?q=${encodeURIComponent(org.teacher.staff.lastName)}`));
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0]!;
    assert.equal(sheet.getCell('A1').value, 'ФИО');
    assert.equal(sheet.getCell('A2').value, fullName(org.teacher.staff));
    assert.equal(sheet.rowCount, 2);
    assert.ok(await prisma.auditLog.findFirst({ where: { action: 'consent.export', userId: org.methodist.id } }));
  });

  test('a teacher opening /consents sees their own consents with the actions', async () => {
    const fresh = await setupOrganization();
    const t = await loginAs(app, fresh.teacher.user);
    await acceptOnline(t, 'personal-data');
    const res = await t.get('/consents');
    assert.equal(res.status, 200);
    assert.match(res.text, /<h1>Мои согласия<\/h1>/);
    assert.match(res.text, /Действует с/);
    assert.match(res.text, /Отозвать/);
    assert.match(res.text, /href="\/consents\/accept\/distribution">Дать согласие электронно/);
    assert.doesNotMatch(res.text, /Реестр согласий/);
  });

  test('«Мои согласия» offers the consent to mentoring (ст. 351.8) only to a mentor candidate or mentor', async () => {
    const fresh = await setupOrganization();
    const t = await loginAs(app, fresh.teacher.user);
    const mentoringOffered = /href="\/consents\/accept\/mentoring"/;
    const before = await t.get('/consents/mine');
    assert.equal(before.status, 200);
    assert.match(before.text, /href="\/consents\/accept\/personal-data">Дать согласие электронно/);
    assert.doesNotMatch(before.text, mentoringOffered, 'a teacher outside the mentor bank and pairs is not offered it');
    assert.doesNotMatch(before.text, /href="\/consents\/form\/mentoring\.pdf"/);
    // Entered into the mentor bank as a candidate: now it concerns them.
    const entry = await prisma.mentorEntry.create({ data: { organizationId: fresh.organization.id, staffMemberId: fresh.teacher.staff.id, status: 'CANDIDATE' } });
    const candidate = await t.get('/consents/mine');
    assert.match(candidate.text, mentoringOffered);
    assert.match(candidate.text, /href="\/consents\/form\/mentoring\.pdf">Распечатать бланк/);
    // One who left the bank is no longer offered it; the methodist can still record it for anyone.
    await prisma.mentorEntry.update({ where: { id: entry.id }, data: { status: 'LEFT' } });
    assert.doesNotMatch((await t.get('/consents/mine')).text, mentoringOffered);
    const m = await loginAs(app, fresh.methodist);
    const person = await m.get(`/consents/staff/${fresh.teacher.staff.id}`);
    assert.match(person.text, new RegExp(`/consents/new\\?staff=${fresh.teacher.staff.id}&amp;kind=MENTORING`));
  });
});
