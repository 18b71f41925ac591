/**
 * The roadmap as data over HTTP: the plan of measures per school year (defaults until the first change, then
 * stored), the methodist's editor (422 with messages beside the fields, reorder, remove), who may do what,
 * the printed roadmap (DOCX and PDF text), the Regulation order's appendix 2 from the plan, and each stage's
 * state on the dashboard, /roadmap and the public page from the plan's dates.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseHTML } from 'linkedom';
import supertest from 'supertest';
import { loginAs, testApp, type Agent } from '../helpers/app.ts';
import { sharedDatabase } from '../helpers/database.ts';
import { docxFileText, pdfContent } from '../helpers/documents.ts';
import { stageStates, plansOf } from '../../src/modules/roadmap/index.ts';
import { createOrganizationWithStaff, THIS_SCHOOL_YEAR } from '../helpers/factories.ts';
import { scopeFor } from '../helpers/scope.ts';

const { prisma } = sharedDatabase();
const app = testApp();
after(async () => {
  await app.close();
  await sharedDatabase().close();
});

function binary(res: supertest.Test) {
  return res.buffer(true).parse((r, cb) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => cb(null, Buffer.concat(chunks)));
  });
}

const post = (agent: Agent, url: string, body: Record<string, string> = {}) => agent.post(url).type('form').send({ ...body, _csrf: agent.csrf });

/** The plan table's rows as «№ | measure | when | responsible» (markup stripped). */
function planRows(html: string): string[] {
  const { document } = parseHTML(html);
  return Array.from(document.querySelectorAll('table.plan-table tbody tr[data-stage]')).map((tr) => {
    const cells = Array.from(tr.querySelectorAll('td')).map((td) => td.textContent!.replace(/\s+/g, ' ').trim());
    return cells.slice(0, 4).join(' | ');
  });
}

const measureIds = (html: string) => [...html.matchAll(/id="measure-(\d+)"/g)].map((m) => Number(m[1]));

let org: Awaited<ReturnType<typeof createOrganizationWithStaff>>;
let methodist: Agent;
const Y = THIS_SCHOOL_YEAR;

before(async () => {
  org = await createOrganizationWithStaff(prisma);
  methodist = await loginAs(app, org.methodist);
});

describe('the plan of measures', () => {
  test('until the first change the plan is the defaults, read without being stored; the methodist stores it to edit', async () => {
    const page = await methodist.get('/roadmap/plan');
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`План мероприятий на ${Y}/${Y + 1} учебный год`));
    assert.match(page.text, /data-plan="defaults"/);
    assert.equal(planRows(page.text).length, 16);
    assert.equal(planRows(page.text)[0], `1.1. | Подготовка и принятие локальных нормативных правовых актов образовательной организации: - приказ «Об утверждении положения о системе наставничества педагогических работников в образовательной организации» (Приложение 1 - Положение о системе наставничества педагогических работников в образовательной организации, Приложение 2 - Дорожная карта (план мероприятий) по реализации Положения о системе наставничества педагогических работников в образовательной организации). | сентябрь ${Y} г. | Заведующий`);
    assert.equal(await prisma.roadmapPlan.count({ where: { organizationId: org.organization.id } }), 0, 'a GET writes nothing');
    assert.deepEqual(measureIds(page.text), []);

    const start = await post(methodist, '/roadmap/plan/start', { year: String(Y) });
    assert.equal(start.status, 303);
    // Twice is still one plan.
    await post(methodist, '/roadmap/plan/start', { year: String(Y) });
    assert.equal(await prisma.roadmapPlan.count({ where: { organizationId: org.organization.id } }), 1);
    const stored = await methodist.get('/roadmap/plan');
    assert.doesNotMatch(stored.text, /data-plan="defaults"/);
    assert.equal(measureIds(stored.text).length, 16);
    assert.match(stored.text, /href="\/roadmap\/plan\/\d+">Править/);
  });

  test('add: 422 with the messages beside the fields and the values kept; then the measure at the end of its stage', async () => {
    const form = await methodist.get(`/roadmap/plan/new?year=${Y}&stage=2`);
    assert.equal(form.status, 200);
    assert.match(form.text, /<option value="2" selected>2\. Формирование банка наставляемых/);

    const invalid = await post(methodist, '/roadmap/plan', { year: String(Y), stage: '2', text: 'Встреча с молодыми педагогами', fromMonth: '9', dueOn: '2026-13-45', responsible: '' });
    assert.equal(invalid.status, 422);
    assert.match(invalid.text, /id="field-dueOn-error"><span class="visually-hidden">Ошибка: <\/span>Введите дату в виде ДД\.ММ\.ГГГГ/);
    assert.match(invalid.text, /id="field-responsible-error">[^\n]*Заполните поле «Ответственные»/);
    assert.match(invalid.text, /class="error-summary"/);
    assert.match(invalid.text, />Встреча с молодыми педагогами<\/textarea>/);

    const both = await post(methodist, '/roadmap/plan', { year: String(Y), stage: '2', text: 'Встреча', fromMonth: '9', dueOn: `15.10.${Y}`, responsible: 'Куратор' });
    assert.equal(both.status, 422);
    assert.match(both.text, /Укажите либо месяцы, либо точную дату/);
    const outside = await post(methodist, '/roadmap/plan', { year: String(Y), stage: '2', text: 'Встреча', dueOn: `01.09.${Y + 1}`, responsible: 'Куратор' });
    assert.equal(outside.status, 422);
    assert.match(outside.text, new RegExp(`Дата — в пределах учебного года: с 01\\.09\\.${Y} по 31\\.08\\.${Y + 1}`));

    const created = await post(methodist, '/roadmap/plan', { year: String(Y), stage: '2', text: 'Встреча с молодыми педагогами', dueOn: `15.10.${Y}`, responsible: 'Старший воспитатель' });
    assert.equal(created.status, 303);
    const rows = planRows((await methodist.get('/roadmap/plan')).text);
    assert.equal(rows.length, 17);
    assert.equal(rows.find((r) => r.startsWith('2.3.')), `2.3. | Встреча с молодыми педагогами | до 15.10.${Y} | Старший воспитатель`);
  });

  test('edit, move up and down within the stage, move to another stage, remove', async () => {
    const page = (await methodist.get('/roadmap/plan')).text;
    const stage2 = () => prisma.roadmapMeasure.findMany({ where: { organizationId: org.organization.id, stage: 2, plan: { schoolYear: Y } }, orderBy: { position: 'asc' } });
    const [first, , third] = await stage2();
    assert.ok(page.includes(`id="measure-${third!.id}"`));

    const edit = await methodist.get(`/roadmap/plan/${third!.id}`);
    assert.equal(edit.status, 200);
    assert.match(edit.text, /Встреча с молодыми педагогами<\/textarea>/);
    const empty = await post(methodist, `/roadmap/plan/${third!.id}`, { stage: '2', text: '', responsible: 'Куратор' });
    assert.equal(empty.status, 422);
    assert.match(empty.text, /id="field-text-error">[^\n]*Заполните поле «Мероприятие»/);
    const backwards = await post(methodist, `/roadmap/plan/${third!.id}`, { stage: '2', text: 'Встреча', fromMonth: '5', toMonth: '9', responsible: 'Куратор' });
    assert.equal(backwards.status, 422);
    assert.match(backwards.text, /id="field-toMonth-error">[^\n]*не раньше месяца начала/);
    assert.match(backwards.text, /<option value="5" selected>май/);
    assert.equal((await post(methodist, `/roadmap/plan/${third!.id}`, { stage: '2', text: 'Встреча наставников и молодых педагогов', fromMonth: '11', toMonth: '12', responsible: 'Куратор' })).status, 303);

    assert.equal((await post(methodist, `/roadmap/plan/${third!.id}/move`, { direction: 'up' })).status, 303);
    assert.equal((await post(methodist, `/roadmap/plan/${third!.id}/move`, { direction: 'up' })).status, 303);
    // At the top already: nothing moves.
    assert.equal((await post(methodist, `/roadmap/plan/${third!.id}/move`, { direction: 'up' })).status, 303);
    let rows = planRows((await methodist.get('/roadmap/plan')).text);
    assert.equal(rows.find((r) => r.startsWith('2.1.')), `2.1. | Встреча наставников и молодых педагогов | ноябрь – декабрь ${Y} г. | Куратор`);
    assert.match(rows.find((r) => r.startsWith('2.2.'))!, /^2\.2\. \| Сбор информации о профессиональных запросах педагогов/);
    assert.equal((await post(methodist, `/roadmap/plan/${third!.id}/move`, { direction: 'down' })).status, 303);
    assert.deepEqual((await stage2()).map((m: { id: number }) => m.id), [first!.id, third!.id, (await stage2())[2]!.id]);

    // To stage 7: at the end of it.
    assert.equal((await post(methodist, `/roadmap/plan/${third!.id}`, { stage: '7', text: 'Встреча наставников и молодых педагогов', responsible: 'Куратор' })).status, 303);
    rows = planRows((await methodist.get('/roadmap/plan')).text);
    assert.equal(rows.find((r) => r.startsWith('7.2.')), '7.2. | Встреча наставников и молодых педагогов | в течение учебного года | Куратор');

    assert.equal((await post(methodist, `/roadmap/plan/${third!.id}/delete`)).status, 303);
    assert.equal(planRows((await methodist.get('/roadmap/plan')).text).length, 16);
    assert.equal((await methodist.get(`/roadmap/plan/${third!.id}`)).status, 404);
    assert.equal((await post(methodist, `/roadmap/plan/${third!.id}/delete`)).status, 404);
  });

  test('per school year: another year has its own plan (the defaults with that year’s dates) and is edited apart', async () => {
    const next = await methodist.get(`/roadmap/plan?year=${Y + 1}`);
    assert.equal(next.status, 200);
    assert.match(next.text, /data-plan="defaults"/);
    assert.equal(planRows(next.text)[0]!.split(' | ')[2], `сентябрь ${Y + 1} г.`);
    await post(methodist, '/roadmap/plan', { year: String(Y + 1), stage: '6', text: 'Городской семинар', fromMonth: '3', responsible: 'Куратор' });
    const nextRows = planRows((await methodist.get(`/roadmap/plan?year=${Y + 1}`)).text);
    assert.equal(nextRows.length, 17, 'the first change stores the defaults, then adds');
    assert.ok(nextRows.includes(`6.4. | Городской семинар | март ${Y + 2} г. | Куратор`));
    assert.equal(planRows((await methodist.get('/roadmap/plan')).text).length, 16, 'this year is untouched');
    // Another organization's measure is not found.
    const other = await createOrganizationWithStaff(prisma);
    const otherMethodist = await loginAs(app, other.methodist);
    const mine = await prisma.roadmapMeasure.findFirstOrThrow({ where: { organizationId: org.organization.id } });
    assert.equal((await otherMethodist.get(`/roadmap/plan/${mine.id}`)).status, 404);
    assert.equal((await post(otherMethodist, `/roadmap/plan/${mine.id}/delete`)).status, 404);
  });

  test('who may: the head and teachers read and print the plan, only the methodist edits', async () => {
    for (const user of [org.head, org.teacher]) {
      const agent = await loginAs(app, user);
      const page = await agent.get('/roadmap/plan');
      assert.equal(page.status, 200);
      assert.equal(planRows(page.text).length, 16);
      assert.doesNotMatch(page.text, /Править|Добавить мероприятие|\/roadmap\/plan\/start/);
      assert.equal((await agent.get('/roadmap/plan/new')).status, 403);
      assert.equal((await post(agent, '/roadmap/plan', { stage: '1', text: 'x', responsible: 'y' })).status, 403);
    }
  });

  test('the printed roadmap: DOCX and PDF in the seed’s layout, from the data', async () => {
    await post(methodist, '/roadmap/plan', { year: String(Y), stage: '4', text: 'Установочная сессия для наставников «Роль наставника»', dueOn: `20.10.${Y}`, responsible: 'Морозова Е.С.' });
    const docx = await binary(methodist.get(`/roadmap/plan.docx?year=${Y}`));
    assert.equal(docx.status, 200);
    assert.match(String(docx.headers['content-type']), /wordprocessingml/);
    const pdf = await binary(methodist.get(`/roadmap/plan.pdf?year=${Y}`));
    assert.equal(pdf.status, 200);
    const docxText = docxFileText(docx.body as Buffer);
    const pdfText = (await pdfContent(pdf.body as Buffer)).text;
    const name = org.organization.fullName.toUpperCase();
    for (const [format, text] of [['docx', docxText], ['pdf', pdfText]] as const) {
      assert.ok(text.includes(name), `${format}: the organization's name in capitals`);
      assert.match(text, /Дорожная карта \(план мероприятий\) по реализации Положения о системе наставничества педагогических работников в образовательной организации/, format);
      assert.match(text, new RegExp(`на ${Y}/${Y + 1} учебный год`), format);
      assert.match(text, /№ Наименование этапа Содержание деятельности и примерный план мероприятий Сроки Ответственные/, format);
      assert.match(text, new RegExp(`4\\.3\\. Установочная сессия для наставников «Роль наставника» до 20\\.10\\.${Y} Морозова Е\\.С\\.`), format);
      assert.match(text, /7\.1\. Информационная поддержка системы наставничества Освещение мероприятий Дорожной карты/, format);
    }
    const teacher = await loginAs(app, org.teacher);
    assert.equal((await binary(teacher.get('/roadmap/plan.pdf'))).status, 200);
  });

  test('a new school year carries last year’s plan over: its months as they were, its exact dates a year on', async () => {
    await post(methodist, '/roadmap/plan', { year: String(Y + 1), stage: '4', text: 'Установочная сессия', dueOn: `20.10.${Y + 1}`, responsible: 'Куратор' });
    const offer = await methodist.get(`/roadmap/plan?year=${Y + 2}`);
    assert.match(offer.text, new RegExp(`Перенести мероприятия из плана на ${Y + 1}/${Y + 2} учебный год`));
    // Only from the year just before, and only a stored plan: the year after next offers nothing to carry.
    assert.doesNotMatch((await methodist.get(`/roadmap/plan?year=${Y + 3}`)).text, /Перенести мероприятия/);

    assert.equal((await post(methodist, '/roadmap/plan/start', { year: String(Y + 2), from: String(Y + 1) })).status, 303);
    const rows = planRows((await methodist.get(`/roadmap/plan?year=${Y + 2}`)).text);
    assert.equal(rows.length, 18);
    assert.ok(rows.includes(`6.4. | Городской семинар | март ${Y + 3} г. | Куратор`), rows.join('\n'));
    assert.ok(rows.includes(`4.3. | Установочная сессия | до 20.10.${Y + 2} | Куратор`), rows.join('\n'));
    assert.equal(planRows((await methodist.get(`/roadmap/plan?year=${Y + 1}`)).text).length, 18, 'last year’s plan stays as it was');
  });

  test('the Regulation order drafts appendix 2 from the plan (the stored one, with its changes)', async () => {
    const page = await methodist.get('/orders/new?kind=REGULATION');
    assert.equal(page.status, 200);
    const { document } = parseHTML(page.text);
    const text = document.querySelector('textarea[name="appendix2Text"]')!.textContent!;
    assert.match(document.querySelector('[name="appendix2Title"]')!.getAttribute('value') ?? '', /^Дорожная карта \(план мероприятий\)/);
    assert.match(text, /^\| № \| Наименование этапа \| Содержание деятельности и примерный план мероприятий \| Сроки \| Ответственные \|/);
    assert.match(text, new RegExp(`\\| 4\\.3\\. \\|  \\| Установочная сессия для наставников «Роль наставника» \\| до 20\\.10\\.${Y} \\| Морозова Е\\.С\\. \\|`));
    assert.match(text, new RegExp(`\\| 1\\.1\\. \\| Подготовка условий для реализации системы наставничества \\| [^|]+ \\| сентябрь ${Y} г\\. \\| Заведующий \\|`));
  });
});

describe('stage states from the plan', () => {
  test('a measure past its date while its stage is not done makes the stage «просрочен» on the dashboard, /roadmap and the public page', async () => {
    const fresh = await createOrganizationWithStaff(prisma);
    const agent = await loginAs(app, fresh.methodist);
    // Stage 3's measures are due the day before the school year began: always past, whatever day the test runs.
    await post(agent, '/roadmap/plan/start', { year: String(Y) });
    const stage3 = await prisma.roadmapMeasure.findMany({ where: { organizationId: fresh.organization.id, stage: 3 } });
    for (const m of stage3) await prisma.roadmapMeasure.update({ where: { id: m.id }, data: { fromMonth: null, toMonth: null, dueOn: new Date(`${Y}-08-31`) } });
    // Stage 6: due on the school year's last day (never before today), start unsaid — nothing of it has begun.
    const lastDay = new Date(`${Y + 1}-08-31`);
    const stage6 = await prisma.roadmapMeasure.findMany({ where: { organizationId: fresh.organization.id, stage: 6 } });
    for (const m of stage6) await prisma.roadmapMeasure.update({ where: { id: m.id }, data: { fromMonth: null, toMonth: null, dueOn: lastDay } });

    const home = (await agent.get('/')).text;
    const stateOf = (html: string, n: number) => new RegExp(`id="stage-${n}">[\\s\\S]*?data-state="(\\w+)"`).exec(html)?.[1];
    assert.equal(stateOf(home, 3), 'overdue');
    assert.match(home, /id="stage-3">[\s\S]*?Этап просрочен/);
    assert.equal(stateOf(home, 6), 'not_started');
    // What is missing links to where to do it.
    assert.match(home, /data-item="candidates-questionnaire">[\s\S]*?<a class="stage-card__todo" href="\/questionnaires">К анкетам<\/a>/);
    assert.match(home, /data-item="regulation">[\s\S]*?href="\/orders\/new\?kind=REGULATION">Подготовить приказ<\/a>/);
    // The measures with their dates under the card; the late one marked.
    assert.match(home, /class="stage-card__measure--overdue">Проведение анкетирования среди потенциальных наставников/);

    const roadmap = (await agent.get('/roadmap')).text;
    assert.equal(stateOf(roadmap, 3), stateOf(home, 3));
    // The head sees the states but not the methodist's links.
    const head = await loginAs(app, fresh.head);
    const headHome = (await head.get('/')).text;
    assert.equal(stateOf(headHome, 3), stateOf(home, 3));
    assert.doesNotMatch(headHome, /stage-card__todo" href="\/questionnaires"/);

    const visitor = supertest(app);
    const publicPage = await visitor.get(`/p/${fresh.organization.slug}`);
    assert.equal(publicPage.status, 200);
    assert.match(publicPage.text, /class="public-stage public-stage--overdue">\s*<strong>Формирование банка наставников<\/strong> — <span class="status">просрочен<\/span>/);
    assert.match(publicPage.text, /class="public-stage public-stage--not_started">\s*<strong>Завершение персонализированных программ наставничества<\/strong> — <span class="status">не начат<\/span>/);
    assert.doesNotMatch(publicPage.text, /stage-card__todo|Старший воспитатель/);

    // Moving the date ahead takes «просрочен» off.
    for (const m of stage3) await prisma.roadmapMeasure.update({ where: { id: m.id }, data: { dueOn: lastDay } });
    // «Кандидаты ждут решения: 0» is done, the rest is not: under way.
    assert.equal(stateOf((await agent.get('/')).text, 3), 'progress');
  });
});

describe('the face for other modules (the city page)', () => {
  test('stageStates for one organization, and plansOf for many: the same states the pages show', async () => {
    const a = await createOrganizationWithStaff(prisma);
    const b = await createOrganizationWithStaff(prisma);
    const agentA = await loginAs(app, a.methodist);
    await post(agentA, '/roadmap/plan/start', { year: String(Y) });
    const stage3 = await prisma.roadmapMeasure.findMany({ where: { organizationId: a.organization.id, stage: 3 } });
    for (const m of stage3) await prisma.roadmapMeasure.update({ where: { id: m.id }, data: { fromMonth: null, toMonth: null, dueOn: new Date(`${Y}-08-31`) } });

    const scopes = [scopeFor(a.organization), scopeFor(b.organization)];
    // The contributors are the dashboard's, registered by the composition root: no argument needed.
    const one = await stageStates(scopes[0]!);
    assert.equal(one.length, 7);
    assert.equal(one[2]!.state, 'overdue');
    assert.equal(one[2]!.stateLabel, 'просрочен');
    assert.ok(one[2]!.missing.some((m) => m.key === 'candidates-questionnaire' && m.todo?.href === '/questionnaires'));

    const home = (await agentA.get('/')).text;
    for (const s of one) assert.match(home, new RegExp(`id="stage-${s.number}">[\\s\\S]*?data-state="${s.state}"`), `stage ${s.number}`);

    const plans = await plansOf(scopes[0]!, [a.organization.id, b.organization.id], Y);
    assert.equal(plans.get(a.organization.id)!.stored, true);
    assert.equal(plans.get(b.organization.id)!.stored, false);
    assert.equal(plans.get(b.organization.id)!.measures.length, 16);
  });
});
