/**
 * axe (WCAG 2.1 A/AA: no serious or critical violations) and no sideways scrolling on the staff,
 * questionnaire, consent and bank pages, at desktop width and on a 360 px phone, with real data in
 * them: list rows, a form showing its 422 errors, a builder full of questions, results with charts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { ensureTemplateQuestionnaire, getRespondForm, publishQuestionnaire, respond } from '../../src/modules/questionnaires/questionnaires.service.ts';
import { listTopics } from '../../src/modules/topics/topics.service.ts';
import {
  assertAccessible,
  assertLanded,
  assertNoHorizontalOverflow,
  assertNoPageErrors,
  DESKTOP,
  navigation,
  PHONE,
  startBrowserApp,
  type BrowserApp,
} from '../helpers/browser.ts';
import { sharedDatabase } from '../helpers/database.ts';
import { addBankMentee, addBankMentor, createOrganizationWithStaff, createStaffMember, createTeacher, recordConsent, TEST_PASSWORD } from '../helpers/factories.ts';
import { scopeFor } from '../helpers/scope.ts';

let web: BrowserApp | undefined;
/** The methodist's session cookies (they do not depend on the viewport). */
let signedIn: BrowserContextOptions['storageState'];
let ids: { questionnaire: number; mentee: number; mentor: number; menteeName: string; mentorName: string; teacherName: string };

before(async () => {
  const { prisma } = sharedDatabase();
  const org = await createOrganizationWithStaff(prisma);
  const organizationId = org.organization.id;
  const methodist = scopeFor(org.organization, org.methodist);

  // Staff: a teacher with an account (answers the questionnaire, has a consent) and a few more rows.
  const teacher = await createTeacher(prisma, organizationId, { experienceYears: 2, email: 'petrova@example.ru' });
  await Promise.all([
    createStaffMember(prisma, organizationId, { position: 'музыкальный руководитель', experienceYears: 12 }),
    createStaffMember(prisma, organizationId, { position: 'старший воспитатель', experienceYears: 25, email: 'senior@example.ru' }),
    createStaffMember(prisma, organizationId, { position: 'воспитатель', experienceYears: 0 }),
  ]);
  await recordConsent(prisma, organizationId, teacher.staff.id, 'PERSONAL_DATA');

  // The request questionnaire, published, with one submitted answer so the results have charts.
  const topics = await listTopics(methodist);
  const made = await ensureTemplateQuestionnaire(methodist, 'mentee-request');
  await publishQuestionnaire(methodist, made.id);
  const form = await getRespondForm(methodist, made.id, teacher.staff.id);
  await respond(
    methodist,
    form,
    teacher.staff.id,
    {
      'a-category': 'YOUNG_SPECIALIST',
      'a-experience': 'y1_3',
      'a-topics': [String(topics[0]!.id), String(topics[2]!.id)],
      'a-difficulty_level': '6',
      'a-difficult_situations': 'Беседы с родителями о поведении ребёнка.',
      'a-request': 'Научиться проводить родительские собрания.',
      'a-form': 'TRADITIONAL',
      'a-support_formats': ['consultations', 'observation'],
      'a-mentor_qualities': ['tact'],
      'a-preferred_time': 'nap_time',
      'a-frequency': 'biweekly',
      'a-had_mentor': 'no',
      'a-readiness': 'yes',
    },
    'submit',
  );

  // The banks: one consented mentee and one approved mentor with topics.
  const mentee = await addBankMentee(prisma, organizationId, { topicIds: [topics[0]!.id, topics[1]!.id], requestText: 'Как выстроить работу с родителями\nи вести документацию' });
  const mentor = await addBankMentor(prisma, organizationId, { topicIds: [topics[0]!.id, topics[3]!.id] });
  const nameOf = (s: { lastName: string; firstName: string; middleName: string }) => `${s.lastName} ${s.firstName} ${s.middleName}`;
  ids = {
    questionnaire: made.id,
    mentee: mentee.entry.id,
    mentor: mentor.entry.id,
    menteeName: nameOf(mentee.staff),
    mentorName: nameOf(mentor.staff),
    teacherName: nameOf(teacher.staff),
  };

  web = await startBrowserApp({ db: sharedDatabase() });
  const page = await web.newPage();
  await assertLanded(page, await navigation(page, () => page.goto('/login')), { path: '/login' });
  await page.getByLabel('Логин').fill(org.methodist.login);
  await page.getByLabel('Пароль').fill(TEST_PASSWORD);
  await assertLanded(page, await navigation(page, () => page.getByRole('button', { name: 'Войти' }).click()), { path: '/' });
  signedIn = await page.context().storageState();
  await page.context().close();
});

after(async () => {
  await web?.close();
  await sharedDatabase().close();
});

const squash = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();

interface Visit {
  label: string;
  /** Opens the page in the state to check; returns nothing, asserts where it landed. */
  open(page: Page): Promise<void>;
  /** What must be on the page, so axe does not pass an empty or wrong page. */
  check(page: Page): Promise<void>;
}

/** A plain GET of `path` that must answer 200 with this <h1>. */
function get(label: string, path: string, h1: string, check: (page: Page) => Promise<void> = async () => {}): Visit {
  return {
    label,
    open: async (page) => assertLanded(page, await navigation(page, () => page.goto(path)), { path }),
    check: async (page) => {
      assert.equal(squash(await page.locator('h1').first().textContent()), h1, `${label}: the heading`);
      await check(page);
    },
  };
}

/**
 * On a phone a table becomes a stack of cards inside `.table-wrap` (which scrolls sideways as a last
 * resort): the page-level overflow check cannot see a card wider than the screen, this one can.
 */
async function assertTablesFit(page: Page, label: string): Promise<void> {
  const wide = await page.locator('.table-wrap').evaluateAll((wraps) =>
    wraps
      .map((w) => w as unknown as { scrollWidth: number; clientWidth: number; querySelector(s: string): { textContent: string } | null })
      .filter((w) => w.scrollWidth > w.clientWidth + 1)
      .map((w) => `${w.querySelector('caption')?.textContent?.trim() ?? 'a table'}: ${w.scrollWidth} px of content in ${w.clientWidth} px`),
  );
  assert.deepEqual(wide, [], `${label}: tables scroll sideways`);
}

const rowsOf = (page: Page, selector = 'table.table tbody tr') => page.locator(selector).count();

function visits(): Visit[] {
  const q = ids.questionnaire;
  return [
    get('staff list', '/staff', 'Сотрудники', async (page) => {
      assert.ok((await rowsOf(page)) >= 4, 'the staff list has rows');
      assert.equal(await page.getByRole('link', { name: ids.teacherName }).count(), 1);
    }),
    {
      label: 'new staff member with errors',
      open: async (page) => {
        await assertLanded(page, await navigation(page, () => page.goto('/staff/new')), { path: '/staff/new' });
        await page.getByLabel('Отчество').fill('Ивановна');
        await page.getByLabel('Общий педагогический стаж, лет').fill('99');
        const invalid = await navigation(page, () => page.getByRole('button', { name: 'Добавить' }).click());
        await assertLanded(page, invalid, { path: '/staff', status: 422 });
      },
      check: async (page) => {
        assert.equal(squash(await page.locator('h1').textContent()), 'Новый сотрудник');
        assert.match(squash(await page.locator('#field-lastName-error').textContent()), /^Ошибка: .*Фамилия/);
        assert.equal(await page.getByLabel('Фамилия').getAttribute('aria-invalid'), 'true');
        assert.match(squash(await page.locator('#field-experienceYears-error').textContent()), /Общий стаж: целое число лет/);
        assert.equal(await page.getByLabel('Отчество').inputValue(), 'Ивановна', 'values are kept');
        assert.equal(await page.getByRole('alert').filter({ hasText: 'Не удалось сохранить' }).count(), 1);
      },
    },
    get('staff import', '/staff/import', 'Импорт сотрудников', async (page) => {
      assert.equal(await page.getByLabel('Файл со списком сотрудников').count(), 1);
    }),
    get('questionnaire builder', `/questionnaires/${q}/edit`, 'Конструктор анкеты', async (page) => {
      assert.ok((await page.locator('.q-builder__question').count()) >= 10, 'the builder lists the template’s questions');
    }),
    get('questionnaire results', `/questionnaires/${q}/results`, 'Результаты анкеты', async (page) => {
      assert.match(squash(await page.locator('.q-tally').textContent()), /Ответили 1 из/);
      assert.ok((await page.locator('figure.q-chart svg').count()) >= 5, 'the choice questions have charts');
    }),
    get('consent register', '/consents', 'Реестр согласий', async (page) => {
      assert.ok((await rowsOf(page)) >= 4, 'the register has rows');
      assert.equal(await page.locator('.consent-state--yes').count() >= 1, true, 'someone has a consent');
    }),
    get('consent templates', '/consents/templates', 'Тексты согласий'),
    get('mentee bank', '/bank/mentees', 'Банк наставляемых', async (page) => {
      assert.equal(await page.getByRole('link', { name: ids.menteeName }).count(), 1);
    }),
    get('mentor bank', '/bank/mentors', 'Банк наставников', async (page) => {
      assert.equal(await page.getByRole('link', { name: ids.mentorName }).count(), 1);
    }),
    get('mentee card', `/bank/mentees/${ids.mentee}`, ids.menteeName, async (page) => {
      assert.match(squash(await page.locator('dl.details').first().textContent()), /вести документацию/);
    }),
    get('mentor card', `/bank/mentors/${ids.mentor}`, ids.mentorName),
    get('topics', '/bank/topics', 'Темы профессиональных запросов', async (page) => {
      const names = await page.locator('tbody input[name=name]').evaluateAll((inputs) => inputs.map((i) => (i as unknown as { value: string }).value));
      assert.ok(names.includes('Работа с родителями (законными представителями)'), `the topics are listed: ${names.join('; ')}`);
      // Each row's buttons say which topic they act on.
      assert.equal(await page.getByRole('button', { name: /^Убрать из форм\s*:\s*Работа с родителями/ }).count(), 1);
      assert.equal(await page.getByRole('button', { name: /^Сохранить\s+тему «Работа с родителями/ }).count(), 1);
    }),
  ];
}

async function checkAll(t: { diagnostic(message: string): void }, viewport: BrowserContextOptions, size: string) {
  const page = await web!.newPage({ ...viewport, storageState: signedIn });
  const lesser: string[] = [];
  for (const visit of visits()) {
    const label = `${visit.label} (${size})`;
    await visit.open(page);
    await visit.check(page);
    await assertNoHorizontalOverflow(page, label);
    if (viewport === PHONE) await assertTablesFit(page, label);
    for (const id of await assertAccessible(page, label)) lesser.push(`${label}: ${id}`);
  }
  assertNoPageErrors(page);
  if (lesser.length) t.diagnostic(`moderate/minor axe findings: ${lesser.join('; ')}`);
}

// The two widths run side by side (own browser contexts, read-only pages): axe dominates the time.
describe('staff, questionnaire, consent and bank pages', { concurrency: true }, () => {
  test('at desktop width', async (t) => {
    await checkAll(t, DESKTOP, 'desktop');
  });

  test('on a 360 px phone', async (t) => {
    assert.equal(PHONE.viewport?.width, 360);
    await checkAll(t, PHONE, '360 px');
  });
});
