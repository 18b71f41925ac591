/**
 * Stages 2–3 of the roadmap through the real UI: the methodist publishes the teacher's request
 * questionnaire from its template, a teacher fills it on a phone (with a mistake first); sending it
 * without the personal-data consent keeps the answers as a draft and points to the consent (the answers
 * go into the bank, which that consent covers); the teacher consents online, sends the kept draft, and
 * the methodist puts the answer into the mentee bank.
 * axe checks every distinct page on the way; the teacher's pages must not scroll sideways.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { BrowserContextOptions, Page } from 'playwright-core';
import {
  assertAccessible,
  assertLanded,
  assertNoHorizontalOverflow,
  assertNoPageErrors,
  navigation,
  openMenu,
  startBrowserApp,
  type BrowserApp,
} from '../helpers/browser.ts';
import { sharedDatabase } from '../helpers/database.ts';
import { createOrganizationWithStaff, createTeacher, TEST_PASSWORD } from '../helpers/factories.ts';

/** A mid-size phone (iPhone 12–15 class). */
const PHONE_390: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 };
const TEMPLATE_TITLE = 'Анкета профессиональных запросов педагога (наставляемого)';
const TOPIC = 'Работа с родителями (законными представителями)';
const REQUEST = 'Хочу научиться уверенно проводить родительские собрания и отвечать на трудные вопросы родителей.';

let web: BrowserApp | undefined;
let org: Awaited<ReturnType<typeof createOrganizationWithStaff>>;
let teacher: Awaited<ReturnType<typeof createTeacher>>;

before(async () => {
  const { prisma } = sharedDatabase();
  org = await createOrganizationWithStaff(prisma);
  teacher = await createTeacher(prisma, org.organization.id, { position: 'воспитатель', experienceYears: 1 });
  web = await startBrowserApp({ db: sharedDatabase() });
});

after(async () => {
  await web?.close();
  await sharedDatabase().close();
});

const squash = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();

async function text(page: Page, selector: string): Promise<string> {
  return squash(await page.locator(selector).first().textContent());
}

async function flashes(page: Page): Promise<string[]> {
  return (await page.locator('.flash').allTextContents()).map(squash);
}

async function assertFlash(page: Page, expected: RegExp, kind: 'notice' | 'alert' = 'notice'): Promise<void> {
  const messages = await flashes(page);
  assert.ok(messages.some((m) => expected.test(m)), `${new URL(page.url()).pathname}: expected a message matching ${expected}, got ${JSON.stringify(messages)}`);
  if (kind === 'alert') {
    const alerts = (await page.locator('.flash[role=alert]').allTextContents()).map(squash);
    assert.ok(alerts.some((m) => expected.test(m)), `the message ${expected} is an alert (role=alert): ${JSON.stringify(alerts)}`);
  }
}

async function login(page: Page, loginName: string, tapOrClick: 'tap' | 'click' = 'click'): Promise<void> {
  await assertLanded(page, await navigation(page, () => page.goto('/login')), { path: '/login' });
  await page.getByLabel('Логин').fill(loginName);
  await page.getByLabel('Пароль').fill(TEST_PASSWORD);
  const button = page.getByRole('button', { name: 'Войти' });
  const landing = await navigation(page, () => (tapOrClick === 'tap' ? button.tap() : button.click()));
  await assertLanded(page, landing, { path: '/' });
}

async function menu(page: Page, label: string) {
  await openMenu(page);
  return page.getByRole('navigation', { name: 'Основное меню' }).getByRole('link', { name: label, exact: true });
}

/** A future calendar day as YYYY-MM-DD (what <input type="date"> takes). */
function daysFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** One question of the respond form: its fieldset (choice questions) found by the legend's text. */
function question(page: Page, textStart: string) {
  return page.getByRole('group', { name: new RegExp(`^\\d+\\. ${escapeRegExp(textStart)}`) });
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The accessible name of a control whose visible text is followed by a visually hidden «: …» part.
 * Chromium puts a space before the hidden part (it is absolutely positioned), so the match allows one.
 */
const withHidden = (visible: string, hidden: string) => new RegExp(`^${escapeRegExp(visible)}\\s*:\\s*${escapeRegExp(hidden)}$`);

test('stage 2–3: request questionnaire → answer on a phone → consent → mentee bank', async (t) => {
  const lesser = new Set<string>();
  const checked = new Set<string>();
  /** axe once per distinct page (the label names it). */
  const checkAccessibility = async (page: Page, label: string) => {
    if (checked.has(label)) return;
    checked.add(label);
    for (const id of await assertAccessible(page, label)) lesser.add(`${label}: ${id}`);
  };
  const teacherName = `${teacher.staff.lastName} ${teacher.staff.firstName} ${teacher.staff.middleName}`;

  // ---- the methodist creates the questionnaire from the template and publishes it ----
  const methodist = await web!.newPage();
  await login(methodist, org.methodist.login);
  await checkAccessibility(methodist, 'dashboard (methodist)');

  await assertLanded(methodist, await navigation(methodist, async () => (await menu(methodist, 'Анкеты')).click()), { path: '/questionnaires' });
  assert.equal(await text(methodist, 'h1'), 'Анкеты');
  await checkAccessibility(methodist, 'questionnaires list (empty)');

  await assertLanded(methodist, await navigation(methodist, () => methodist.getByRole('link', { name: 'Создать анкету' }).click()), { path: '/questionnaires/new' });
  await checkAccessibility(methodist, 'new questionnaire');
  const fromTemplate = await navigation(methodist, () =>
    methodist.getByRole('button', { name: withHidden('Создать по шаблону', TEMPLATE_TITLE) }).click(),
  );
  await assertLanded(methodist, fromTemplate, { path: /^\/questionnaires\/\d+\/edit$/ });
  const questionnaireId = Number(fromTemplate.path.split('/')[2]);
  assert.equal(await text(methodist, 'h1'), 'Конструктор анкеты');
  await assertFlash(methodist, /создана по шаблону/);
  assert.equal(await methodist.getByLabel('Название').inputValue(), TEMPLATE_TITLE);
  // The topic question offers the organization's topics.
  assert.match(await text(methodist, '#question-topics'), new RegExp(TOPIC.replace(/[()]/g, '\\$&')));
  await checkAccessibility(methodist, 'questionnaire builder');

  const closesOn = daysFromNow(30);
  await methodist.getByLabel('Окончание приёма ответов').fill(closesOn);
  const saved = await navigation(methodist, () => methodist.getByRole('button', { name: 'Сохранить' }).first().click());
  await assertLanded(methodist, saved, { path: `/questionnaires/${questionnaireId}/edit` });
  await assertFlash(methodist, /Изменения сохранены/);
  assert.equal(await methodist.getByLabel('Окончание приёма ответов').inputValue(), closesOn);

  const published = await navigation(methodist, () => methodist.getByRole('button', { name: 'Опубликовать' }).click());
  await assertLanded(methodist, published, { path: `/questionnaires/${questionnaireId}` });
  await assertFlash(methodist, /Анкета опубликована/);
  assert.equal(await text(methodist, '.details .status'), 'опубликована');
  await checkAccessibility(methodist, 'questionnaire overview');

  // ---- the teacher answers on a phone ----
  const phone = await web!.newPage(PHONE_390);
  await login(phone, teacher.user.login, 'tap');
  assert.equal(await phone.evaluate(() => (globalThis as any).window.innerWidth), 390);
  await assertNoHorizontalOverflow(phone, 'dashboard (teacher)');
  await checkAccessibility(phone, 'dashboard (teacher, phone)');

  await assertLanded(phone, await navigation(phone, async () => (await menu(phone, 'Анкеты')).tap()), { path: '/questionnaires' });
  const card = phone.locator('.q-card', { hasText: TEMPLATE_TITLE });
  assert.match(squash(await card.textContent()), /не заполнена/);
  await assertNoHorizontalOverflow(phone, 'questionnaires (teacher)');
  await checkAccessibility(phone, 'questionnaires (teacher, phone)');

  const respondPath = `/questionnaires/${questionnaireId}/respond`;
  await assertLanded(phone, await navigation(phone, () => card.getByRole('link', { name: withHidden('Заполнить', TEMPLATE_TITLE) }).tap()), { path: respondPath });
  assert.equal(await text(phone, 'h1'), TEMPLATE_TITLE);
  await assertNoHorizontalOverflow(phone, 'respond form');
  await checkAccessibility(phone, 'respond form (phone)');

  // Everything required except the request text.
  await question(phone, 'К какой категории').getByLabel('Молодой специалист (стаж до 3 лет)').check();
  await question(phone, 'Ваш общий педагогический стаж').getByLabel('менее 1 года').check();
  await question(phone, 'По каким темам').getByLabel(TOPIC).check();
  await question(phone, 'По каким темам').getByLabel('Подготовка к аттестации').check();
  await question(phone, 'Насколько часто').getByLabel('7', { exact: true }).check();
  await question(phone, 'Какая форма наставничества').getByLabel('Традиционная («один на один»)').check();
  await question(phone, 'Какие формы совместной работы').getByLabel('Индивидуальные консультации').check();
  await question(phone, 'Когда вам удобнее').getByLabel('Во время дневного сна детей').check();
  await question(phone, 'Как часто вы хотели бы').getByLabel('Раз в две недели').check();
  await question(phone, 'Готовы ли вы').getByLabel('Да', { exact: true }).check();

  const missing = await navigation(phone, () => phone.getByRole('button', { name: 'Отправить', exact: true }).tap());
  await assertLanded(phone, missing, { path: respondPath, status: 422 });
  assert.equal(await text(phone, '#field-a-request-error'), 'Ошибка: Ответьте на этот вопрос');
  const requestBox = phone.getByRole('textbox', { name: /Опишите, в чём вам нужна помощь наставника/ });
  assert.equal(await requestBox.getAttribute('aria-invalid'), 'true');
  assert.match((await requestBox.getAttribute('aria-describedby')) ?? '', /\bfield-a-request-error\b/);
  // Only the missing answer is flagged, and what was chosen is kept.
  assert.deepEqual((await phone.locator('.field__error').allTextContents()).map(squash), ['Ошибка: Ответьте на этот вопрос']);
  const summary = phone.getByRole('alert').filter({ hasText: 'Не удалось сохранить' });
  // The summary names the question (a bare «Ответьте на этот вопрос» would not say which) and links to it.
  const summaryLinks = (await summary.getByRole('link').allTextContents()).map(squash);
  assert.deepEqual(summaryLinks, ['6. Опишите, в чём вам нужна помощь наставника — ответьте на этот вопрос']);
  assert.equal(await summary.getByRole('link').getAttribute('href'), '#field-a-request');
  assert.equal(await question(phone, 'По каким темам').getByLabel(TOPIC).isChecked(), true);
  assert.equal(await question(phone, 'Насколько часто').getByLabel('7', { exact: true }).isChecked(), true);
  await assertNoHorizontalOverflow(phone, 'respond form with an error');
  await checkAccessibility(phone, 'respond form with an error (phone)');

  await requestBox.fill(REQUEST);
  // Without the personal-data consent the answers are kept as a draft, and the page says where to give it.
  const noConsent = await navigation(phone, () => phone.getByRole('button', { name: 'Отправить', exact: true }).tap());
  await assertLanded(phone, noConsent, { path: respondPath, status: 409 });
  assert.match(await text(phone, 'main'), /Ответы сохранены как черновик, но отправить анкету можно только после согласия на обработку персональных данных/);
  assert.equal(await phone.getByRole('link', { name: 'Дать согласие на обработку персональных данных' }).count(), 1);
  await checkAccessibility(phone, 'respond form, consent needed (phone)');

  // ---- the teacher gives the personal-data consent on the phone ----
  await assertLanded(phone, await navigation(phone, async () => (await menu(phone, 'Согласия')).tap()), { path: '/consents' });
  assert.equal(await text(phone, 'h1'), 'Мои согласия');
  const personalData = phone.locator('li.consent-kind', { has: phone.getByRole('heading', { name: 'Согласие на обработку персональных данных', exact: true }) });
  assert.match(squash(await personalData.textContent()), /Нет согласия/);
  await assertNoHorizontalOverflow(phone, 'my consents');
  await checkAccessibility(phone, 'my consents (phone)');

  await assertLanded(phone, await navigation(phone, () => personalData.getByRole('link', { name: 'Дать согласие электронно' }).tap()), {
    path: '/consents/accept/personal-data',
  });
  // The text is the teacher's own, filled in.
  const consentText = await text(phone, '#consent-text');
  assert.match(consentText, new RegExp(teacher.staff.lastName));
  await phone.locator('#consent-text').scrollIntoViewIfNeeded();
  await assertNoHorizontalOverflow(phone, 'consent text');
  await checkAccessibility(phone, 'consent acceptance (phone)');

  // Without the tick the consent is not taken: the message is beside the checkbox.
  const unticked = await navigation(phone, () => phone.getByRole('button', { name: 'Дать согласие' }).tap());
  await assertLanded(phone, unticked, { path: '/consents/accept/personal-data', status: 422 });
  assert.match(await text(phone, '#field-agree-error'), /^Ошибка: Отметьте «Я ознакомлен\(а\) и даю согласие»/);
  assert.match((await phone.getByLabel('Я ознакомлен(а) и даю согласие').getAttribute('aria-describedby')) ?? '', /\bfield-agree-error\b/);
  await assertNoHorizontalOverflow(phone, 'consent acceptance with an error');
  await checkAccessibility(phone, 'consent acceptance with an error (phone)');

  // The address and the identity document go into the text (ст. 9 ч. 4 152-ФЗ): typed under it.
  await phone.getByLabel('Адрес регистрации').fill('248001, г. Калуга, ул. Садовая, д. 5, кв. 7');
  await phone.getByLabel('Серия и номер').fill('29 04 123456');
  await phone.getByLabel('Кем выдан').fill('УМВД России по Калужской области');
  await phone.getByLabel('Дата выдачи').fill('2015-03-12');
  await phone.getByLabel('Я ознакомлен(а) и даю согласие').check();
  const consented = await navigation(phone, () => phone.getByRole('button', { name: 'Дать согласие' }).tap());
  await assertLanded(phone, consented, { path: /^\/consents\/\d+$/ });
  await assertFlash(phone, /Согласие принято/);
  assert.equal(await text(phone, '.consent-banner'), 'Действует');
  await assertNoHorizontalOverflow(phone, 'consent page');
  await checkAccessibility(phone, 'consent (phone)');

  // ---- the kept draft goes now ----
  await assertLanded(phone, await navigation(phone, () => phone.goto(respondPath)), { path: respondPath });
  assert.equal(await requestBox.inputValue(), REQUEST, 'the draft kept the request');
  const submitted = await navigation(phone, () => phone.getByRole('button', { name: 'Отправить', exact: true }).tap());
  await assertLanded(phone, submitted, { path: `/questionnaires/${questionnaireId}/my-response` });
  await assertFlash(phone, /Спасибо! Ответы отправлены/);
  assert.match(await text(phone, 'main'), new RegExp(REQUEST.slice(0, 40)));
  await assertNoHorizontalOverflow(phone, 'my response');
  await checkAccessibility(phone, 'my response (phone)');

  // ---- the methodist sees the answer ----
  await assertLanded(methodist, await navigation(methodist, () => methodist.getByRole('link', { name: 'Результаты' }).click()), {
    path: `/questionnaires/${questionnaireId}/results`,
  });
  assert.match(await text(methodist, '.q-tally'), /Ответили 1 из \d+/);
  const row = methodist.locator('table.table tbody tr', { hasText: teacherName });
  assert.match(squash(await row.textContent()), /отправлен/);
  // A chart for each answered choice question.
  assert.ok((await methodist.locator('figure.q-chart svg').count()) >= 1, 'the results have charts');
  await checkAccessibility(methodist, 'questionnaire results');

  const responseLanding = await navigation(methodist, () => row.getByRole('link', { name: new RegExp(`отправлен.*${teacherName}`) }).click());
  await assertLanded(methodist, responseLanding, { path: new RegExp(`^/questionnaires/${questionnaireId}/responses/\\d+$`) });
  assert.equal(await text(methodist, 'h1'), teacherName);
  assert.match(await text(methodist, 'main'), new RegExp(REQUEST.slice(0, 40)));
  await checkAccessibility(methodist, 'response');

  // ---- the bank takes the teacher ----
  const entered = await navigation(methodist, () => methodist.getByRole('button', { name: 'Внести в банк наставляемых' }).click());
  await assertLanded(methodist, entered, { path: /^\/bank\/mentees\/\d+$/ });
  await assertFlash(methodist, /Запрос педагога внесён в банк наставляемых/);
  assert.equal(await text(methodist, 'h1'), teacherName);
  const details = squash(await methodist.locator('dl.details').first().textContent());
  assert.match(details, /Молодой специалист/i);
  assert.ok(details.includes(TOPIC), `the card names the topic: ${details}`);
  assert.ok(details.includes(REQUEST), `the card has the request text: ${details}`);
  await checkAccessibility(methodist, 'mentee card');

  await assertLanded(methodist, await navigation(methodist, async () => (await menu(methodist, 'Банк наставляемых')).click()), { path: '/bank/mentees' });
  const listed = methodist.locator('table.table tbody tr', { hasText: teacherName });
  assert.equal(await listed.count(), 1, 'the teacher is in the mentee bank');
  assert.match(squash(await listed.textContent()), /Работа с родителями/);
  assert.doesNotMatch(squash(await listed.textContent()), /нет согласия/);
  await checkAccessibility(methodist, 'mentee bank');

  assertNoPageErrors(methodist);
  assertNoPageErrors(phone);
  if (lesser.size) t.diagnostic(`moderate/minor axe findings: ${[...lesser].join('; ')}`);
});
