import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import supertest from 'supertest';
import type { MentoringForm, MentorTraining, QualificationCategory } from '../../src/generated/prisma/enums.ts';
import { listTopics } from '../../src/modules/topics/topics.service.ts';
import { loginAs, testApp, type Agent } from '../helpers/app.ts';
import { sharedDatabase } from '../helpers/database.ts';
import { createOrganizationWithStaff, createStaffMember, recordConsent, THIS_SCHOOL_YEAR } from '../helpers/factories.ts';
import { scopeFor } from '../helpers/scope.ts';

const { prisma } = sharedDatabase();
const app = testApp();

type Org = Awaited<ReturnType<typeof createOrganizationWithStaff>>;
let org: Org;
let methodist: Agent;
let topics: Map<string, number>;
const FOP = 'Реализация ФОП ДО и ФГОС ДО';
const PARENTS = 'Работа с родителями (законными представителями)';
const RPPS = 'Развивающая предметно-пространственная среда (РППС)';

/** A working staff member with the fields matching looks at; a personal-data consent unless told otherwise. */
async function person(
  organizationId: number,
  lastName: string,
  data: { position?: string; experienceYears?: number; qualificationCategory?: QualificationCategory; ageGroup?: string; lineManagerId?: number; consent?: boolean } = {},
) {
  const { consent = true, qualificationCategory = 'NONE', ageGroup = '', lineManagerId, ...base } = data;
  const staff = await createStaffMember(prisma, organizationId, { lastName, ...base });
  await prisma.staffMember.update({ where: { id: staff.id }, data: { qualificationCategory, ageGroup, lineManagerId: lineManagerId ?? null } });
  if (consent) await recordConsent(prisma, organizationId, staff.id, 'PERSONAL_DATA');
  return staff;
}

/** A mentor bank entry; the written consent to mentoring (ст. 351.8 ТК РФ) unless told otherwise. */
async function mentorEntry(
  organizationId: number,
  staffMemberId: number,
  topicIds: number[],
  data: { forms?: MentoringForm[]; trainingStatus?: MentorTraining; maxMentees?: number; status?: 'APPROVED' | 'ACTIVE' | 'CANDIDATE'; mentoringConsent?: boolean } = {},
) {
  if (data.mentoringConsent !== false) await recordConsent(prisma, organizationId, staffMemberId, 'MENTORING');
  return prisma.mentorEntry.create({
    data: {
      organizationId,
      staffMemberId,
      status: data.status ?? 'APPROVED',
      forms: data.forms ?? ['TRADITIONAL'],
      trainingStatus: data.trainingStatus ?? 'NOT_TRAINED',
      maxMentees: data.maxMentees ?? 3,
      competencies: { create: topicIds.map((topicId) => ({ topicId })) },
    },
  });
}

async function menteeEntry(organizationId: number, staffMemberId: number, topicIds: number[], desiredForm: MentoringForm | null = null) {
  return prisma.menteeEntry.create({
    data: { organizationId, staffMemberId, schoolYear: THIS_SCHOOL_YEAR, category: 'YOUNG_SPECIALIST', status: 'IN_BANK', desiredForm, topics: { create: topicIds.map((topicId) => ({ topicId })) } },
  });
}

/** A pair holding a mentor's places (proposed or active). */
async function pairOf(organizationId: number, mentorStaffId: number, menteeStaffIds: number[], status: 'PROPOSED' | 'ACTIVE' | 'DRAFT') {
  return prisma.pair.create({
    data: {
      organizationId,
      form: menteeStaffIds.length > 1 ? 'GROUP' : 'TRADITIONAL',
      status,
      startsOn: new Date('2026-09-01'),
      plannedEndOn: new Date('2027-05-31'),
      members: { create: [{ staffMemberId: mentorStaffId, role: 'MENTOR' }, ...menteeStaffIds.map((staffMemberId) => ({ staffMemberId, role: 'MENTEE' as const }))] },
    },
  });
}

const t = (name: string) => topics.get(name)!;

let mentee: Awaited<ReturnType<typeof person>>;
let menteeEntryId: number;
let mentee2: Awaited<ReturnType<typeof person>>;
let paired: Awaited<ReturnType<typeof person>>;
let best: Awaited<ReturnType<typeof person>>;
let bestEntryId: number;
let second: Awaited<ReturnType<typeof person>>;
let boss: Awaited<ReturnType<typeof person>>;

before(async () => {
  org = await createOrganizationWithStaff(prisma);
  methodist = await loginAs(app, org.methodist);
  topics = new Map((await listTopics(scopeFor(org.organization))).map((x) => [x.name, x.id]));
  const id = org.organization.id;

  boss = await person(id, 'Начальникова', { position: 'старший воспитатель', experienceYears: 25, qualificationCategory: 'HIGHEST' });
  mentee = await person(id, 'Молодцова', { position: 'воспитатель', experienceYears: 1, ageGroup: 'Средняя группа', lineManagerId: boss.id });
  menteeEntryId = (await menteeEntry(id, mentee.id, [t(FOP), t(PARENTS)], 'EXPERIENCED_YOUNG')).id;
  mentee2 = await person(id, 'Новикова', { position: 'воспитатель', experienceYears: 0 });
  await menteeEntry(id, mentee2.id, [t(PARENTS)]);
  // In the bank, but already in a proposed pair: not waiting any more.
  paired = await person(id, 'Спаренная');
  await menteeEntry(id, paired.id, [t(PARENTS)]);

  best = await person(id, 'Лучшева', { position: 'воспитатель', experienceYears: 18, qualificationCategory: 'HIGHEST', ageGroup: 'средняя группа' });
  bestEntryId = (await mentorEntry(id, best.id, [t(FOP), t(PARENTS), t(RPPS)], { forms: ['TRADITIONAL', 'EXPERIENCED_YOUNG', 'GROUP'], trainingStatus: 'TRAINED', maxMentees: 3 })).id;
  await pairOf(id, best.id, [paired.id], 'PROPOSED'); // 1 of 3 places taken

  second = await person(id, 'Вторушина', { position: 'музыкальный руководитель', experienceYears: 5, qualificationCategory: 'FIRST' });
  await mentorEntry(id, second.id, [t(PARENTS)]);

  const full = await person(id, 'Занятова', { experienceYears: 30, qualificationCategory: 'HIGHEST' });
  await mentorEntry(id, full.id, [t(FOP), t(PARENTS)], { maxMentees: 1 });
  const busyMentee = await person(id, 'Подопечная');
  await pairOf(id, full.id, [busyMentee.id], 'ACTIVE');

  const noConsent = await person(id, 'Несогласова', { experienceYears: 20, consent: false });
  await mentorEntry(id, noConsent.id, [t(FOP), t(PARENTS)]);

  await mentorEntry(id, boss.id, [t(FOP), t(PARENTS)], { forms: ['HEAD_TEACHER'] });
  // Reverse mentoring: the mentee is also in the mentor bank.
  await mentorEntry(id, mentee.id, [t(FOP)]);

  const unrelated = await person(id, 'Посторонняя', { experienceYears: 40, qualificationCategory: 'HIGHEST' });
  await mentorEntry(id, unrelated.id, [t(RPPS)]);

  const candidate = await person(id, 'Кандидатова');
  await mentorEntry(id, candidate.id, [t(FOP), t(PARENTS)], { status: 'CANDIDATE' });
});

after(async () => {
  await app.close();
  await sharedDatabase().close();
});

/** The page split into the ranked list and the two collapsed lists after it (the mentee's card above is left out). */
function sections(html: string) {
  const rankedAt = html.indexOf('Подходящие наставники');
  const unrelatedAt = html.indexOf('Без общих тем с запросом');
  const excludedAt = html.indexOf('Исключены по правилам');
  assert.ok(rankedAt > 0 && excludedAt > rankedAt, 'the ranked and the excluded lists are shown');
  return {
    ranked: html.slice(rankedAt, unrelatedAt > 0 ? unrelatedAt : excludedAt),
    unrelated: unrelatedAt > 0 ? html.slice(unrelatedAt, excludedAt) : '',
    excluded: html.slice(excludedAt),
  };
}

describe('a mentee’s matching page', () => {
  test('ranked mentors with the points of every factor, best first', async () => {
    const res = await methodist.get(`/matching/mentees/${menteeEntryId}`);
    assert.equal(res.status, 200);
    const { ranked } = sections(res.text);
    assert.ok(ranked.indexOf('Лучшева') > 0 && ranked.indexOf('Лучшева') < ranked.indexOf('Вторушина'), 'the best mentor comes first');
    for (const [text, points] of [
      [`совпадают темы: ${FOP}, ${PARENTS}`, 40],
      ['стаж 18 лет', 15],
      ['высшая категория', 10],
      ['та же должность', 5],
      ['та же возрастная группа', 5],
      ['свободно 2 места из 3', 10],
      ['ведёт форму «опытный педагог — молодой специалист»', 10],
      ['прошёл установочные сессии', 5],
    ] as const) {
      assert.ok(ranked.includes(`${text} <strong class="match__points">+${points}</strong>`), `${text} (+${points})`);
    }
    assert.match(ranked, /100 баллов/);
    assert.match(ranked, /совпадает тема: Работа с родителями \(законными представителями\) <strong class="match__points">\+20/);
    assert.ok(ranked.includes(`href="/pairs/new?mentor=${best.id}&amp;mentee=${mentee.id}&amp;form=EXPERIENCED_YOUNG"`), 'the pair link');
    assert.ok(ranked.includes(`href="/bank/mentors/${bestEntryId}"`));
    assert.doesNotMatch(res.text, /Кандидатова/, 'candidates are not in the bank yet');
  });

  test('over capacity, without consent, the line manager and the mentee themself are excluded with the reason', async () => {
    const res = await methodist.get(`/matching/mentees/${menteeEntryId}`);
    const { ranked, unrelated, excluded } = sections(res.text);
    for (const name of ['Занятова', 'Несогласова', 'Начальникова', 'Молодцова Анна']) assert.ok(!ranked.includes(name), `${name} is not ranked`);
    assert.match(excluded, /Занятова[\s\S]*?нет свободных мест: 1 наставляемый при пределе 1/);
    assert.match(excluded, /Несогласова[\s\S]*?нет действующего согласия на обработку персональных данных/);
    assert.match(excluded, /Начальникова[\s\S]*?непосредственный руководитель наставляемого/);
    assert.match(excluded, /Молодцова[\s\S]*?нельзя быть наставником самому себе/);
    assert.match(unrelated, /Посторонняя/);
    assert.ok(!ranked.includes('Посторонняя'), 'no shared topic → not among the fitting mentors');
  });

  test('in the form «руководитель — педагог» the line manager may mentor', async () => {
    const res = await methodist.get(`/matching/mentees/${menteeEntryId}?form=HEAD_TEACHER`);
    assert.equal(res.status, 200);
    const { ranked, excluded } = sections(res.text);
    assert.match(ranked, /Начальникова/);
    assert.doesNotMatch(excluded, /Начальникова/);
    assert.ok(ranked.includes(`mentee=${mentee.id}&amp;form=HEAD_TEACHER`));
  });

  test('opening the page is written to the audit log', async () => {
    await methodist.get(`/matching/mentees/${menteeEntryId}`);
    const row = await prisma.auditLog.findFirst({ where: { organizationId: org.organization.id, action: 'matching.view', entityId: String(menteeEntryId) } });
    assert.ok(row);
    assert.equal(row.entityType, 'MenteeEntry');
    assert.equal(row.userId, org.methodist.id);
    assert.equal((row.details as { form?: string }).form, 'EXPERIENCED_YOUNG');
  });

  test('when the audit row cannot be written, the page is not shown (an error page without the personal data)', async () => {
    // The database refuses this mentee's view row only (other tests write theirs meanwhile).
    const refuse = `refuse_matching_view_${org.organization.id}`;
    await prisma.$executeRawUnsafe(`CREATE FUNCTION ${refuse}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        IF NEW."organizationId" = ${org.organization.id} AND NEW.action = 'matching.view' AND NEW."entityId" = '${menteeEntryId}' THEN
          RAISE EXCEPTION 'audit refused by the test';
        END IF;
        RETURN NEW;
      END $$`);
    await prisma.$executeRawUnsafe(`CREATE TRIGGER ${refuse} BEFORE INSERT ON "AuditLog" FOR EACH ROW EXECUTE FUNCTION ${refuse}()`);
    try {
      const res = await methodist.get(`/matching/mentees/${menteeEntryId}`);
      assert.equal(res.status, 500);
      assert.doesNotMatch(res.text, /Молодцова|Лучшева|Вторушина/);
    } finally {
      await prisma.$executeRawUnsafe(`DROP TRIGGER ${refuse} ON "AuditLog"`);
      await prisma.$executeRawUnsafe(`DROP FUNCTION ${refuse}()`);
    }
  });

  test('a mentee without a personal-data consent: nobody is proposed, and the page says why', async () => {
    const id = org.organization.id;
    const staff = await person(id, 'Безсогласная', { consent: false });
    const entry = await menteeEntry(id, staff.id, [t(PARENTS)]);
    const res = await methodist.get(`/matching/mentees/${entry.id}`);
    assert.equal(res.status, 200);
    assert.match(res.text, /Нет действующего согласия на обработку персональных данных/);
    const { ranked, excluded } = sections(res.text);
    assert.doesNotMatch(ranked, /Лучшева/);
    assert.match(excluded, /Лучшева[\s\S]*?у наставляемого нет действующего согласия/);
  });
});

describe('virtual mentoring by a mentor of another organization', () => {
  test('no mentor here shares a topic: approved, consented mentors elsewhere are listed by topic name, minimal data, audited', async () => {
    const id = org.organization.id;
    const speech = await prisma.topic.create({ data: { organizationId: id, name: 'Логопедическая работа с детьми', sortOrder: 500 } });
    const logoped = await person(id, 'Логопедова', { position: 'учитель-логопед' });
    const entry = await menteeEntry(id, logoped.id, [speech.id]);

    const other = await createOrganizationWithStaff(prisma);
    const otherTopic = await prisma.topic.create({ data: { organizationId: other.organization.id, name: 'ЛОГОПЕДИЧЕСКАЯ работа с детьми', sortOrder: 10 } });
    const far = await person(other.organization.id, 'Далёкая', { position: 'учитель-логопед', experienceYears: 22, qualificationCategory: 'HIGHEST' });
    const farEntry = await mentorEntry(other.organization.id, far.id, [otherTopic.id]);
    const farNoConsent = await person(other.organization.id, 'Молчащая', { position: 'учитель-логопед', consent: false });
    await mentorEntry(other.organization.id, farNoConsent.id, [otherTopic.id]);
    const farCandidate = await person(other.organization.id, 'Непроверенная', { position: 'учитель-логопед' });
    await mentorEntry(other.organization.id, farCandidate.id, [otherTopic.id], { status: 'CANDIDATE' });

    const res = await methodist.get(`/matching/mentees/${entry.id}`);
    assert.equal(res.status, 200);
    assert.match(res.text, /В организации нет подходящего наставника/);
    assert.match(res.text, /виртуальную \(дистанционную\)/);
    assert.match(res.text, /по договорённости между\s+организациями/);
    const table = res.text.slice(res.text.indexOf('Наставники других организаций'));
    assert.match(table, new RegExp(`${far.lastName} Анна Сергеевна</td>\\s*<td data-label="Должность">учитель-логопед</td>\\s*<td data-label="Организация">${other.organization.shortName}</td>`));
    assert.doesNotMatch(table, /Молчащая|Непроверенная/);
    assert.doesNotMatch(table, /22 год|высшая/, 'experience and category of another organization’s teacher are not shown');

    const own = await prisma.auditLog.findFirst({ where: { organizationId: id, action: 'matching.virtual_view', entityId: String(entry.id) } });
    assert.deepEqual((own?.details as { mentorEntryIds: number[] }).mentorEntryIds, [farEntry.id]);
    const theirs = await prisma.auditLog.findFirst({ where: { organizationId: other.organization.id, action: 'matching.virtual_view' } });
    assert.ok(theirs, 'the other organization sees in its own journal that its mentor was shown');
  });
});

describe('the overview', () => {
  test('waiting mentees with their best match; a mentee in a proposed pair is not waiting', async () => {
    const res = await methodist.get('/matching');
    assert.equal(res.status, 200);
    const list = res.text.slice(res.text.indexOf('Ожидают наставника'), res.text.indexOf('Групповое наставничество'));
    assert.match(list, new RegExp(`href="/matching/mentees/${menteeEntryId}">${mentee.lastName}`));
    assert.match(list, new RegExp(`${mentee.lastName}[\\s\\S]*?${best.lastName}[\\s\\S]*?совпадают темы[\\s\\S]*?<span class="match__score">100</span>`));
    assert.match(list, new RegExp(mentee2.lastName));
    assert.doesNotMatch(list, new RegExp(paired.lastName), 'already in a proposed pair');
    assert.ok(list.includes(`/pairs/new?mentor=${best.id}&amp;mentee=${mentee.id}&amp;form=EXPERIENCED_YOUNG`));
  });

  test('group proposals: a mentor with free places and the mentees sharing their topics', async () => {
    const res = await methodist.get('/matching');
    const groups = res.text.slice(res.text.indexOf('Групповое наставничество'));
    const cardAt = groups.indexOf(`Предлагаемая группа: <a href="/bank/mentors/${bestEntryId}">`);
    assert.ok(cardAt > 0, 'a group is proposed for the best mentor');
    const card = groups.slice(cardAt);
    const first = card.slice(0, card.indexOf('Сформировать группу'));
    assert.match(first, /свободно 2 места из 3/);
    assert.match(first, /Общие темы группы: <strong>Работа с родителями \(законными представителями\)<\/strong>/);
    assert.match(first, new RegExp(mentee.lastName));
    assert.match(first, new RegExp(mentee2.lastName));
    assert.ok(groups.includes(`/pairs/new?mentor=${best.id}&amp;mentee=`), 'a «Сформировать группу» link');
    assert.match(groups, new RegExp(`/pairs/new\\?mentor=${best.id}(&amp;mentee=(${mentee.id}|${mentee2.id})){2}&amp;form=GROUP`));
  });
});

describe('weights', () => {
  test('the settings page shows every weight with its default', async () => {
    const res = await methodist.get('/matching/settings');
    assert.equal(res.status, 200);
    assert.match(res.text, /<input type="number" id="field-topic" name="topic" value="20"/);
    assert.match(res.text, /по умолчанию 60/);
    assert.match(res.text, /Сейчас действуют веса по умолчанию/);
  });

  test('invalid weights → 422 with Russian messages beside the fields, values kept, nothing saved', async () => {
    const res = await methodist.post('/matching/settings').type('form').send({
      _csrf: methodist.csrf,
      topic: '',
      topicCap: '101',
      experience: '-1',
      categoryTop: 'десять',
      categoryFirst: '5',
      samePosition: '5',
      sameAgeGroup: '5',
      capacity: '15',
      form: '7.5',
      training: '5',
    });
    assert.equal(res.status, 422);
    assert.match(res.text, /id="field-topic-error".*Укажите баллы: «За каждую общую тему»/s);
    assert.match(res.text, /id="field-topicCap-error".*целое число от 0 до 100/s);
    assert.match(res.text, /id="field-experience-error".*целое число от 0 до 100/s);
    assert.match(res.text, /id="field-categoryTop-error"/);
    assert.match(res.text, /id="field-form-error"/);
    assert.match(res.text, /name="categoryTop" value="десять"/);
    assert.match(res.text, /class="error-summary"/);
    const saved = await prisma.organization.findUniqueOrThrow({ where: { id: org.organization.id }, select: { matchingWeights: true } });
    assert.equal(saved.matchingWeights, null);
  });

  test('valid weights → 303, saved, audited and applied to the ranking; reset returns the defaults', async () => {
    const weights = { topic: '30', topicCap: '90', experience: '0', categoryTop: '10', categoryFirst: '5', samePosition: '5', sameAgeGroup: '5', capacity: '15', form: '10', training: '5' };
    const res = await methodist.post('/matching/settings').type('form').send({ _csrf: methodist.csrf, ...weights });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/matching/settings');
    const saved = await prisma.organization.findUniqueOrThrow({ where: { id: org.organization.id }, select: { matchingWeights: true } });
    assert.deepEqual(saved.matchingWeights, Object.fromEntries(Object.entries(weights).map(([k, v]) => [k, Number(v)])));
    assert.ok(await prisma.auditLog.findFirst({ where: { organizationId: org.organization.id, action: 'matching.weights_update' } }));

    const page = await methodist.get(`/matching/mentees/${menteeEntryId}`);
    assert.ok(page.text.includes(`${PARENTS} <strong class="match__points">+60</strong>`), 'two topics × 30');
    assert.doesNotMatch(sections(page.text).ranked, /стаж 18 лет <strong/, 'a zero weight earns nothing');
    // The overview reads the weights with its waiting mentees (one statement): the same best points as the page.
    const best = /<span class="match__score">(\d+) /.exec(sections(page.text).ranked)?.[1];
    assert.ok(best && best !== '100', `the stored weights change the best points (defaults give 100), got ${best}`);
    const overview = await methodist.get('/matching');
    const list = overview.text.slice(overview.text.indexOf('Ожидают наставника'), overview.text.indexOf('Групповое наставничество'));
    assert.match(list, new RegExp(`${mentee.lastName}[\\s\\S]*?<span class="match__score">${best}</span>`), 'the overview ranks with the stored weights');

    const reset = await methodist.post('/matching/settings/reset').type('form').send({ _csrf: methodist.csrf });
    assert.equal(reset.status, 303);
    const after = await prisma.organization.findUniqueOrThrow({ where: { id: org.organization.id }, select: { matchingWeights: true } });
    assert.equal(after.matchingWeights, null);
  });
});

describe('access', () => {
  test('anonymous → /login; teacher and head → 403; another organization’s entry → 404', async () => {
    const [teacher, head] = await Promise.all([loginAs(app, org.teacher), loginAs(app, org.head)]);
    for (const path of ['/matching', `/matching/mentees/${menteeEntryId}`, '/matching/settings']) {
      const anonymous = await supertest(app).get(path);
      assert.equal(anonymous.status, 303, path);
      assert.equal(anonymous.headers.location, '/login', path);
      assert.equal((await teacher.get(path)).status, 403, path);
      assert.equal((await head.get(path)).status, 403, path);
    }
    assert.equal((await teacher.post('/matching/settings').type('form').send({ _csrf: teacher.csrf, topic: '1' })).status, 403);
    assert.equal((await head.post('/matching/settings/reset').type('form').send({ _csrf: head.csrf })).status, 403);

    const other = await createOrganizationWithStaff(prisma);
    const otherMethodist = await loginAs(app, other.methodist);
    assert.equal((await otherMethodist.get(`/matching/mentees/${menteeEntryId}`)).status, 404);
    assert.equal((await otherMethodist.get('/matching/mentees/abc')).status, 404);
    const overview = await otherMethodist.get('/matching');
    assert.equal(overview.status, 200);
    assert.doesNotMatch(overview.text, new RegExp(mentee.lastName));
  });
});
