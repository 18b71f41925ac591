/**
 * Issue 9, «one rule in one place» — what a user saw before, each as a test over HTTP: the waiting mentee,
 * a withdrawn consent in a working group, the expected respondents, a cancelled pair and the stages, the
 * available mentor. And the named rules agree with their SQL twins on the same rows.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Prisma as Sql } from '../../src/generated/prisma/client.ts';
import { todayIn } from '../../src/domain/dates.ts';
import { expectedRespondentsWhere, isExpectedRespondentSql } from '../../src/modules/questionnaires/index.ts';
import {
  availableMentorWhere,
  availableMentorWhereSql,
  formedPairMembershipsSql,
  formedPairMemberWhere,
  isAvailableMentorSql,
  isOpenPairSql,
  isPoolMentorSql,
  isWaitingMenteeSql,
  mentorPoolWhere,
  needsAttentionSql,
  needsAttentionWhere,
  OPEN_STATUSES,
  waitingMenteeWhere,
  withFreePlaces,
} from '../../src/modules/pairs/index.ts';
import { needsAttention } from '../../src/modules/pairs/pairs.definitions.ts';
import { listTopics } from '../../src/modules/topics/topics.service.ts';
import { loginAs, testApp, type Agent, postForm as post } from '../helpers/app.ts';
import { figureOf, listTotal } from '../helpers/dashboard.ts';
import { sharedDatabase } from '../helpers/database.ts';
import { addBankMentee, addBankMentor, createOrganizationWithStaff, createPairRow, createStaffMember, createTeacher, recordConsent } from '../helpers/factories.ts';
import { scopeFor } from '../helpers/scope.ts';

const { prisma } = sharedDatabase();
const app = testApp();

type Org = Awaited<ReturnType<typeof createOrganizationWithStaff>> & { methodistAgent: Agent; headAgent: Agent; topicIds: number[] };

async function newOrg(): Promise<Org> {
  const org = await createOrganizationWithStaff(prisma);
  const [methodistAgent, headAgent] = await Promise.all([loginAs(app, org.methodist), loginAs(app, org.head)]);
  const topicIds = (await listTopics(scopeFor(org.organization))).map((t) => t.id);
  return { ...org, methodistAgent, headAgent, topicIds };
}

/** The alert flashed on the page a refused POST went back to. */
async function alertAfter(agent: Agent, res: { status: number; headers: Record<string, string> }): Promise<string> {
  assert.equal(res.status, 303);
  const page = await agent.get(res.headers.location!);
  return /class="flash flash--alert"[^>]*>([^<]*)</.exec(page.text)?.[1] ?? '';
}

const today = () => todayIn('Europe/Moscow');

let shared: Org;
before(async () => {
  shared = await newOrg();
});
after(async () => {
  await app.close();
  await sharedDatabase().close();
});

describe('1. a waiting mentee is one rule', () => {
  test('archive one of two waiting mentees: the dashboard says 1, /pairs/waiting lists 1, matching too; the entry is withdrawn at the source', async () => {
    const org = await newOrg();
    const o = org.organization.id;
    const stays = await addBankMentee(prisma, o, { topicIds: [org.topicIds[0]!], staff: { lastName: 'Остающаяся' } });
    const leaves = await addBankMentee(prisma, o, { topicIds: [org.topicIds[0]!], staff: { lastName: 'Уходящая' } });
    // A mentor who leaves too: the mentor entry is left at the source.
    const mentor = await addBankMentor(prisma, o, { mentoringConsent: true, staff: { lastName: 'Увольняемая' } });
    const before = await org.methodistAgent.get('/');
    assert.equal(figureOf(before.text, 'waiting-mentees').count, 2);

    for (const id of [leaves.staff.id, mentor.staff.id]) assert.equal((await post(org.methodistAgent, `/staff/${id}/archive`)).status, 303);

    const home = await org.methodistAgent.get('/');
    const figure = figureOf(home.text, 'waiting-mentees');
    assert.equal(figure.count, 1);
    assert.match(home.text, /Наставляемые без пары: <a href="\/pairs\/waiting" data-figure="1">1<\/a>/);
    const waiting = await org.methodistAgent.get('/pairs/waiting');
    assert.equal(await listTotal(org.methodistAgent, figure.href!), 1);
    assert.match(waiting.text, /Остающаяся/);
    assert.doesNotMatch(waiting.text, /Уходящая/);
    const matching = await org.methodistAgent.get('/matching');
    assert.match(matching.text, /Ожидают наставника \(1\)/);
    assert.doesNotMatch(matching.text, /Уходящая/);

    const entry = await prisma.menteeEntry.findUniqueOrThrow({ where: { id: leaves.entry.id }, include: { history: true } });
    assert.equal(entry.status, 'WITHDRAWN');
    assert.ok(entry.history.some((h) => h.toStatus === 'WITHDRAWN' && h.reason === 'Сотрудник в архиве'));
    const mentorEntry = await prisma.mentorEntry.findUniqueOrThrow({ where: { id: mentor.entry.id }, include: { history: true } });
    assert.equal(mentorEntry.status, 'LEFT');
    assert.ok(mentorEntry.history.some((h) => h.toStatus === 'LEFT' && h.reason === 'Сотрудник в архиве'));
    assert.equal((await prisma.menteeEntry.findUniqueOrThrow({ where: { id: stays.entry.id } })).status, 'NEW');
  });

  test('a mentee in a draft pair waits nowhere: not on the waiting list, not in matching, not in the pair form, not on the dashboard', async () => {
    const org = await newOrg();
    const o = org.organization.id;
    const mentor = await addBankMentor(prisma, o, { mentoringConsent: true, topicIds: [org.topicIds[0]!] });
    const drafted = await addBankMentee(prisma, o, { topicIds: [org.topicIds[0]!], staff: { lastName: 'Черновикова' } });
    await addBankMentee(prisma, o, { topicIds: [org.topicIds[0]!], staff: { lastName: 'Свободная' } });
    await createPairRow(prisma, o, { status: 'DRAFT', mentors: [{ staffMemberId: mentor.staff.id }], mentees: [{ staffMemberId: drafted.staff.id }] });

    assert.equal(figureOf((await org.methodistAgent.get('/')).text, 'waiting-mentees').count, 1);
    assert.doesNotMatch((await org.methodistAgent.get('/pairs/waiting')).text, /Черновикова/);
    const matching = await org.methodistAgent.get('/matching');
    assert.match(matching.text, /Ожидают наставника \(1\)/, 'matching used to count a mentee in a draft as waiting');
    assert.doesNotMatch(matching.text, /Черновикова/);
    assert.doesNotMatch((await org.methodistAgent.get('/pairs/new')).text, new RegExp(`name="menteeStaffIds" value="${drafted.staff.id}"`));
    assert.match((await org.methodistAgent.get(`/matching/mentees/${drafted.entry.id}`)).text, /пока черновик/);
  });
});

describe('2. a consent withdrawn in a working group', () => {
  test('the group is flagged, every page warns, the termination order is proposed with the reason; a draft with such a member cannot be proposed or ordered until fixed', async () => {
    const org = await newOrg();
    const o = org.organization.id;
    const mentor = await addBankMentor(prisma, o, { mentoringConsent: true, staff: { lastName: 'Руководова' } });
    const leaving = await createTeacher(prisma, o, { lastName: 'Соколова', firstName: 'Анастасия', middleName: 'Игоревна' });
    const consent = await recordConsent(prisma, o, leaving.staff.id);
    const leavingEntry = await prisma.menteeEntry.create({ data: { organizationId: o, staffMemberId: leaving.staff.id, schoolYear: 2026, category: 'YOUNG_SPECIALIST', status: 'PAIRED' } });
    const other = await addBankMentee(prisma, o, { status: 'PAIRED' });
    const group = await createPairRow(prisma, o, {
      status: 'ACTIVE',
      form: 'GROUP',
      activatedAt: new Date('2026-09-01T07:00:00Z'),
      mentors: [{ staffMemberId: mentor.staff.id, mentorEntryId: mentor.entry.id }],
      mentees: [{ staffMemberId: leaving.staff.id, menteeEntryId: leavingEntry.id }, { staffMemberId: other.staff.id, menteeEntryId: other.entry.id }],
    });
    // A draft whose mentor will withdraw the written consent to mentoring.
    const draftMentor = await createTeacher(prisma, o, { lastName: 'Передумавшая', firstName: 'Вера', middleName: 'Павловна' });
    await recordConsent(prisma, o, draftMentor.staff.id);
    const mentoringConsent = await recordConsent(prisma, o, draftMentor.staff.id, 'MENTORING');
    await prisma.mentorEntry.create({ data: { organizationId: o, staffMemberId: draftMentor.staff.id, status: 'APPROVED', forms: ['TRADITIONAL'] } });
    const draftMentee = await addBankMentee(prisma, o);
    const draft = await createPairRow(prisma, o, { status: 'DRAFT', mentors: [{ staffMemberId: draftMentor.staff.id }], mentees: [{ staffMemberId: draftMentee.staff.id }] });

    // On the phone: each withdraws their own consent.
    for (const [who, id] of [[leaving, consent.id], [draftMentor, mentoringConsent.id]] as const) {
      const agent = await loginAs(app, who.user);
      const res = await post(agent, `/consents/${id}/revoke`, { revokedOn: today(), reason: 'Отзываю согласие' });
      assert.equal(res.status, 303, res.text);
    }

    const flagged = await prisma.pair.findUniqueOrThrow({ where: { id: group.id } });
    assert.equal(flagged.status, 'ACTIVE', 'the group works until the termination order');
    assert.ok(flagged.attentionSince);
    assert.match(flagged.attentionReason, /наставляемая Соколова Анастасия Игоревна отозвала согласие на обработку персональных данных \d{2}\.\d{2}\.\d{4}/);
    assert.equal((await prisma.menteeEntry.findUniqueOrThrow({ where: { id: leavingEntry.id } })).status, 'WITHDRAWN');

    // The card: the warning and the termination order, prefilled with the reason.
    const card = await org.methodistAgent.get(`/pairs/${group.id}`);
    assert.match(card.text, /Требует внимания<\/strong> с \d{2}\.\d{2}\.\d{4}: наставляемая Соколова Анастасия Игоревна отозвала согласие/);
    assert.match(card.text, new RegExp(`<a class="button" href="/orders/new\\?kind=TERMINATE&amp;pair=${group.id}">Подготовить приказ о досрочном прекращении`));
    const order = await org.methodistAgent.get(`/orders/new?kind=TERMINATE&pair=${group.id}`);
    assert.equal(order.status, 200);
    assert.match(order.text, /В связи с тем, что наставляемая Соколова Анастасия Игоревна отозвала согласие на обработку персональных данных \d{2}\.\d{2}\.\d{4}, в соответствии с Положением/);
    assert.match(order.text, new RegExp(`name="pairIds" value="${group.id}" checked`));
    // The head reads the warning too, without the order button.
    const headCard = await org.headAgent.get(`/pairs/${group.id}`);
    assert.match(headCard.text, /Требует внимания/);
    assert.doesNotMatch(headCard.text, /Подготовить приказ о досрочном прекращении/);

    // The list and the dashboard.
    const list = await org.methodistAgent.get('/pairs');
    assert.match(list.text, new RegExp(`href="/pairs/${group.id}#attention">требует внимания`));
    assert.match(list.text, new RegExp(`href="/pairs/${draft.id}#attention">требует внимания`));
    for (const agent of [org.methodistAgent, org.headAgent]) {
      const home = await agent.get('/');
      const figure = figureOf(home.text, 'attention');
      assert.equal(figure.count, 2);
      assert.match(home.text, /checklist__item--alert" data-item="attention"/);
      assert.equal(await listTotal(agent, figure.href!), 2);
    }

    // The draft: cannot be proposed, nor ordered.
    const propose = await post(org.methodistAgent, `/pairs/${draft.id}/propose`);
    assert.match(await alertAfter(org.methodistAgent, propose), /Пару нельзя предложить: требует внимания — наставник Передумавшая Вера Павловна отозвала письменное согласие на наставническую деятельность/);
    assert.equal((await prisma.pair.findUniqueOrThrow({ where: { id: draft.id } })).status, 'DRAFT');
    const assign = await prisma.order.create({ data: { organizationId: o, kind: 'ASSIGN_PAIRS', title: 'О закреплении', points: ['Закрепить'], appendices: [], pairs: { create: [{ pairId: draft.id }] } } });
    const submitted = await post(org.methodistAgent, `/orders/${assign.id}/submit`);
    assert.equal(submitted.status, 409);
    assert.match(submitted.text, new RegExp(`Пара № ${draft.id}: требует внимания`));

    // Taking the mark off needs the consent back; then it comes off.
    const early = await post(org.methodistAgent, `/pairs/${draft.id}/attention/clear`);
    assert.match(await alertAfter(org.methodistAgent, early), /Отметку снять нельзя: Передумавшая Вера Павловна: нет действующего письменного согласия/);
    await recordConsent(prisma, o, draftMentor.staff.id, 'MENTORING');
    assert.equal((await post(org.methodistAgent, `/pairs/${draft.id}/attention/clear`)).status, 303);
    assert.equal((await prisma.pair.findUniqueOrThrow({ where: { id: draft.id } })).attentionSince, null);
    assert.equal((await post(org.methodistAgent, `/pairs/${draft.id}/propose`)).status, 303);
    assert.equal((await prisma.pair.findUniqueOrThrow({ where: { id: draft.id } })).status, 'PROPOSED');
    assert.equal(figureOf((await org.methodistAgent.get('/')).text, 'attention').count, 1);
  });

  test('a flagged draft is fixed by changing its members: saving it under every rule takes the mark off', async () => {
    const o = shared.organization.id;
    const mentor = await addBankMentor(prisma, o, { mentoringConsent: true });
    const gone = await addBankMentee(prisma, o, { staff: { lastName: 'Ушедшая' } });
    const next = await addBankMentee(prisma, o);
    const draft = await createPairRow(prisma, o, { status: 'DRAFT', mentors: [{ staffMemberId: mentor.staff.id }], mentees: [{ staffMemberId: gone.staff.id }] });
    assert.equal((await post(shared.methodistAgent, `/staff/${gone.staff.id}/archive`)).status, 303);
    const marked = await prisma.pair.findUniqueOrThrow({ where: { id: draft.id } });
    assert.match(marked.attentionReason, /Ушедшая .* работу в организации \(карточка в архиве с \d{2}\.\d{2}\.\d{4}\)/);
    const body = { form: 'TRADITIONAL', mentorStaffIds: String(mentor.staff.id), menteeStaffIds: String(next.staff.id), startsOn: '2026-09-01', plannedEndOn: '2027-05-31' };
    assert.equal((await post(shared.methodistAgent, `/pairs/${draft.id}`, body)).status, 303);
    const fixed = await prisma.pair.findUniqueOrThrow({ where: { id: draft.id } });
    assert.equal(fixed.attentionSince, null);
    assert.equal(fixed.attentionReason, '');
  });
});

describe('3. the expected respondents are one rule', () => {
  test('«Запросы собраны у N из M» on the dashboard = «Ответили N из M» on the results, with an archived person, one without an account and the head', async () => {
    const org = await newOrg();
    const o = org.organization.id;
    const answering = await Promise.all([1, 2].map(() => createTeacher(prisma, o)));
    await createTeacher(prisma, o); // silent
    await createStaffMember(prisma, o, { lastName: 'Безучётная' }); // no account: expected, cannot answer online
    const archived = await createTeacher(prisma, o, { archivedAt: new Date() }); // archived: not expected
    const headCard = await createStaffMember(prisma, o, { position: 'воспитатель' }); // the head by her account…
    await prisma.user.update({ where: { id: org.head.id }, data: { staffMemberId: headCard.id } });
    await createStaffMember(prisma, o, { position: 'Заведующая' }); // …or by the position alone
    await createStaffMember(prisma, o, { position: 'ЗАВЕДУЮЩИЙ МБДОУ' }); // in any case (isHeadSql lowers it)
    const q = await prisma.questionnaire.create({ data: { organizationId: o, title: 'Запросы', audience: 'MENTEE_REQUESTS', status: 'PUBLISHED' } });
    const version = await prisma.questionnaireVersion.create({ data: { questionnaireId: q.id, number: 1, questions: [] } });
    await prisma.questionnaire.update({ where: { id: q.id }, data: { currentVersionId: version.id } });
    for (const staffMemberId of [...answering.map((t) => t.staff.id), archived.staff.id, headCard.id]) {
      await prisma.questionnaireResponse.create({ data: { organizationId: o, questionnaireId: q.id, versionId: version.id, staffMemberId, status: 'SUBMITTED', answers: {}, submittedAt: new Date() } });
    }

    for (const agent of [org.methodistAgent, org.headAgent]) {
      const home = await agent.get('/');
      assert.match(home.text, /Запросы собраны у <a href="[^"]+" data-figure="2">2<\/a> из 4 педагогов/);
      const results = await agent.get(`/questionnaires/${q.id}/results`);
      assert.match(results.text, /Ответили <strong>2 из 4<\/strong>/);
      assert.equal(await listTotal(agent, figureOf(home.text, 'requests').href!), 2);
      assert.equal(await listTotal(agent, `/questionnaires/${q.id}/results?answered=no#respondents`), 2);
      assert.match(results.text, /Безучётная[^<]*— адрес не указан \(нет учётной записи/);
    }
    const scope = scopeFor(org.organization);
    const prismaCount = await scope.db.staffMember.count({ where: expectedRespondentsWhere() });
    const [sql] = await scope.db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "StaffMember" s WHERE s."organizationId" = ${o} AND ${isExpectedRespondentSql(Sql.raw('s'))}`;
    // The same rule bounded to the organization's head accounts (the dashboard's one-organization count).
    const [bounded] = await scope.db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "StaffMember" s WHERE s."organizationId" = ${o} AND ${isExpectedRespondentSql(Sql.raw('s'), o)}`;
    assert.equal(prismaCount, 4);
    assert.equal(sql!.n, 4);
    assert.equal(bounded!.n, 4);
  });
});

describe('4. a cancelled pair and stages that are done only when every part is', () => {
  test('a cancelled draft reads «отменена» and is not «formed»; stage 4 counts only pairs an order formed', async () => {
    const org = await newOrg();
    const o = org.organization.id;
    const mentor = await addBankMentor(prisma, o, { mentoringConsent: true, maxMentees: 10 });
    const pairWith = async (status: 'DRAFT' | 'PROPOSED' | 'ACTIVE' | 'COMPLETED' | 'ENDED_EARLY', activated: boolean) => {
      const mentee = await addBankMentee(prisma, o);
      return createPairRow(prisma, o, { status, activatedAt: activated ? new Date('2026-09-01T07:00:00Z') : null, endedOn: ['COMPLETED', 'ENDED_EARLY'].includes(status) ? '2026-12-01' : null, mentors: [{ staffMemberId: mentor.staff.id }], mentees: [{ staffMemberId: mentee.staff.id }] });
    };
    await pairWith('ACTIVE', true);
    await pairWith('COMPLETED', true);
    await pairWith('ENDED_EARLY', true);
    await pairWith('PROPOSED', false);
    const draft = await pairWith('DRAFT', false);
    const cancelled = await post(org.methodistAgent, `/pairs/${draft.id}/end`, { outcome: 'CANCELLED', endedOn: today(), reason: 'Передумали' });
    assert.equal(cancelled.status, 303);
    assert.equal((await prisma.pair.findUniqueOrThrow({ where: { id: draft.id } })).status, 'CANCELLED');
    assert.match((await org.methodistAgent.get(`/pairs/${draft.id}`)).text, /отменена/);
    assert.doesNotMatch((await org.methodistAgent.get(`/pairs/${draft.id}`)).text, /прекращена досрочно/);

    const home = await org.methodistAgent.get('/');
    const formed = figureOf(home.text, 'formed-pairs');
    assert.equal(formed.count, 3, 'active, completed and ended early — not the draft, the proposal nor the cancelled one');
    assert.equal(await listTotal(org.methodistAgent, formed.href!), 3);
    assert.equal(await listTotal(org.methodistAgent, '/pairs?status=CANCELLED'), 1);
  });

  test('stage 1 is not done while programmes cannot be recorded; stage 3 is not done while an approved mentor lacks the ст. 351.8 consent', async () => {
    const org = await newOrg();
    const o = org.organization.id;
    for (const kind of ['REGULATION', 'ASSIGN_PAIRS'] as const) {
      await prisma.order.create({ data: { organizationId: o, kind, status: 'APPROVED', title: kind, points: [], appendices: [], number: kind === 'REGULATION' ? 1 : 2, numberYear: 2026, numberText: kind === 'REGULATION' ? '1-од' : '2-од', orderDate: new Date('2026-09-01'), approvedAt: new Date() } });
    }
    const teacher = await createTeacher(prisma, o);
    await recordConsent(prisma, o, teacher.staff.id);
    await prisma.mentorEntry.create({ data: { organizationId: o, staffMemberId: teacher.staff.id, status: 'APPROVED', forms: ['TRADITIONAL'] } });
    const q = await prisma.questionnaire.create({ data: { organizationId: o, title: 'Кандидаты', audience: 'MENTOR_CANDIDATES', status: 'PUBLISHED' } });
    const version = await prisma.questionnaireVersion.create({ data: { questionnaireId: q.id, number: 1, questions: [] } });
    await prisma.questionnaireResponse.create({ data: { organizationId: o, questionnaireId: q.id, versionId: version.id, staffMemberId: teacher.staff.id, status: 'SUBMITTED', answers: {}, submittedAt: new Date() } });

    const stageDone = (html: string, n: number) => new RegExp(`id="stage-${n}">(?:(?!</li>\\s*<li class="stage-card")[\\s\\S])*>Этап выполнен<`).test(html);
    const before = (await org.methodistAgent.get('/')).text;
    assert.match(before, /checklist__item--ok" data-item="regulation"/);
    assert.match(before, /checklist__item--ok" data-item="assignment-orders"/);
    // Programmes contribute their item to stage 1 (programmes.service.ts): not done while no active pair has an approved programme.
    assert.match(before, /checklist__item--no" data-item="programmes"/);
    assert.equal(stageDone(before, 1), false, 'programmes are part of stage 1');
    assert.match(before, /data-item="mentor-consents">[\s\S]*?data-figure="1"/);
    assert.equal(stageDone(before, 3), false, 'the approved mentor has no written consent to mentoring');

    await recordConsent(prisma, o, teacher.staff.id, 'MENTORING');
    const after = (await org.methodistAgent.get('/')).text;
    assert.match(after, /checklist__item--ok" data-item="mentor-consents">[\s\S]*?У каждого одобренного наставника есть согласие на обработку ПД и письменное согласие на наставническую деятельность/);
    assert.equal(stageDone(after, 3), true);
    assert.equal(stageDone(after, 1), false);
  });
});

describe('6. the available mentor is one rule', () => {
  test('matching never ranks a mentor without the ст. 351.8 consent: excluded, with the reason and the consents page', async () => {
    const org = await newOrg();
    const o = org.organization.id;
    const topic = org.topicIds[0]!;
    const mentee = await addBankMentee(prisma, o, { topicIds: [topic] });
    // The strongest candidate by every factor — but without the written consent to mentoring.
    const star = await addBankMentor(prisma, o, { topicIds: [topic], staff: { lastName: 'Звёздная', experienceYears: 30 } });
    await prisma.mentorEntry.update({ where: { id: star.entry.id }, data: { trainingStatus: 'TRAINED', forms: ['TRADITIONAL', 'GROUP', 'EXPERIENCED_YOUNG'] } });
    await addBankMentor(prisma, o, { mentoringConsent: true, topicIds: [topic], staff: { lastName: 'Согласная', experienceYears: 3 } });

    const page = await org.methodistAgent.get(`/matching/mentees/${mentee.entry.id}`);
    assert.equal(page.status, 200);
    const ranked = /<h2>Подходящие наставники[\s\S]*?(?=<details|$)/.exec(page.text)![0];
    assert.match(ranked, /Согласная/);
    assert.doesNotMatch(ranked, /Звёздная/);
    assert.match(page.text, new RegExp(`Звёздная[\\s\\S]*?нет письменного согласия на наставническую деятельность \\(ст\\. 351\\.8 ТК РФ\\) — <a href="/consents/staff/${star.staff.id}">согласия наставника</a>`));
    assert.doesNotMatch((await org.methodistAgent.get('/matching')).text, /Звёздная/);
  });

  test('the pair form offers only available mentors and says why the others are not; proposing names the missing document', async () => {
    const o = shared.organization.id;
    const without = await addBankMentor(prisma, o, { staff: { lastName: 'Безсогласная', firstName: 'Нина', middleName: 'Олеговна' } });
    const mentee = await addBankMentee(prisma, o);
    const form = await shared.methodistAgent.get('/pairs/new');
    assert.doesNotMatch(form.text, new RegExp(`name="mentorStaffIds" value="${without.staff.id}"`));
    assert.match(form.text, /Безсогласная Нина Олеговна: нет письменного согласия на наставническую деятельность \(ст\. 351\.8 ТК РФ\)/);
    const saved = await post(shared.methodistAgent, '/pairs', { form: 'TRADITIONAL', mentorStaffIds: String(without.staff.id), menteeStaffIds: String(mentee.staff.id), startsOn: '2026-09-01', plannedEndOn: '2027-05-31' });
    assert.equal(saved.status, 422);
    assert.match(saved.text, /id="field-mentorStaffIds-error".*Нет документа «письменное согласие на наставническую деятельность \(ст\. 351\.8 ТК РФ\)»: Безсогласная Нина Олеговна/s);

    const draft = await createPairRow(prisma, o, { status: 'DRAFT', mentors: [{ staffMemberId: without.staff.id }], mentees: [{ staffMemberId: mentee.staff.id }] });
    const proposed = await post(shared.methodistAgent, `/pairs/${draft.id}/propose`);
    assert.match(await alertAfter(shared.methodistAgent, proposed), /Пару нельзя предложить: Нет документа «письменное согласие на наставническую деятельность \(ст\. 351\.8 ТК РФ\)»: Безсогласная Нина Олеговна/);
    assert.equal((await prisma.pair.findUniqueOrThrow({ where: { id: draft.id } })).status, 'DRAFT');
  });

  test('«появился подходящий наставник» only for an available mentor', async () => {
    const org = await newOrg();
    const o = org.organization.id;
    const topic = org.topicIds[1]!;
    await addBankMentee(prisma, o, { topicIds: [topic], enteredAt: new Date(Date.now() - 7 * 86_400_000) });
    const newcomer = await addBankMentor(prisma, o, { topicIds: [topic] });
    assert.match((await org.methodistAgent.get('/pairs/waiting')).text, /Новых подходящих наставников нет/);
    await recordConsent(prisma, o, newcomer.staff.id, 'MENTORING');
    assert.match((await org.methodistAgent.get('/pairs/waiting')).text, /Появился подходящий наставник: у 1 наставляемого/);
  });

  test('the professional-requests questionnaire is sent only with the personal-data consent; a draft is kept', async () => {
    const o = shared.organization.id;
    const q = await prisma.questionnaire.create({ data: { organizationId: o, title: 'Анкета профессиональных запросов', audience: 'MENTEE_REQUESTS', status: 'PUBLISHED' } });
    const version = await prisma.questionnaireVersion.create({ data: { questionnaireId: q.id, number: 1, questions: [{ key: 'request', kind: 'SHORT_TEXT', text: 'Запрос', hint: '', required: true }] } });
    await prisma.questionnaire.update({ where: { id: q.id }, data: { currentVersionId: version.id } });
    const teacher = await createTeacher(prisma, o);
    const agent = await loginAs(app, teacher.user);
    const form = await agent.get(`/questionnaires/${q.id}/respond`);
    assert.match(form.text, /href="\/consents\/accept\/personal-data">Дать согласие на обработку персональных данных/);

    const refused = await post(agent, `/questionnaires/${q.id}/respond`, { action: 'submit', 'a-request': 'Работа с родителями' });
    assert.equal(refused.status, 409);
    assert.match(refused.text, /Ответы сохранены как черновик, но отправить анкету можно только после согласия на обработку персональных данных/);
    assert.match(refused.text, /href="\/consents\/accept\/personal-data"/);
    assert.match(refused.text, /Работа с родителями/, 'what was typed is kept');
    const kept = await prisma.questionnaireResponse.findFirstOrThrow({ where: { questionnaireId: q.id, staffMemberId: teacher.staff.id } });
    assert.equal(kept.status, 'DRAFT');
    assert.equal((await post(agent, `/questionnaires/${q.id}/respond`, { action: 'save', 'a-request': 'Ещё подумаю' })).status, 303, 'a draft is allowed');

    await recordConsent(prisma, o, teacher.staff.id);
    assert.equal((await post(agent, `/questionnaires/${q.id}/respond`, { action: 'submit', 'a-request': 'Работа с родителями' })).status, 303);
    assert.equal((await prisma.questionnaireResponse.findFirstOrThrow({ where: { questionnaireId: q.id, staffMemberId: teacher.staff.id } })).status, 'SUBMITTED');
  });
});

describe('the named rules and their SQL twins agree', () => {
  test('waiting mentee, mentor pool, available mentor (consents only and with the places), open pair, needs attention: the same rows either way', async () => {
    const org = await newOrg();
    const o = org.organization.id;
    const scope = scopeFor(org.organization);
    // Mentors: available; without the ст. 351.8 consent; without the personal-data consent; full; archived; a candidate.
    await addBankMentor(prisma, o, { mentoringConsent: true });
    await addBankMentor(prisma, o);
    const noPersonal = await addBankMentor(prisma, o, { consent: false });
    await recordConsent(prisma, o, noPersonal.staff.id, 'MENTORING');
    const full = await addBankMentor(prisma, o, { mentoringConsent: true, maxMentees: 1 });
    await addBankMentor(prisma, o, { mentoringConsent: true, staff: { archivedAt: new Date() } });
    await addBankMentor(prisma, o, { mentoringConsent: true, status: 'CANDIDATE' });
    // Mentees: waiting; in a draft; in the full mentor's active pair; withdrawn; archived.
    await addBankMentee(prisma, o);
    const inDraft = await addBankMentee(prisma, o);
    const inPair = await addBankMentee(prisma, o, { status: 'PAIRED' });
    await addBankMentee(prisma, o, { status: 'WITHDRAWN' });
    await addBankMentee(prisma, o, { staff: { archivedAt: new Date() } });
    await createPairRow(prisma, o, { status: 'DRAFT', mentors: [{ staffMemberId: full.staff.id }], mentees: [{ staffMemberId: inDraft.staff.id }] });
    const active = await createPairRow(prisma, o, { status: 'ACTIVE', activatedAt: new Date(), mentors: [{ staffMemberId: full.staff.id }], mentees: [{ staffMemberId: inPair.staff.id }] });
    await prisma.pair.update({ where: { id: active.id }, data: { attentionSince: new Date(), attentionReason: 'проверка' } });

    const waitingPrisma = (await scope.db.menteeEntry.findMany({ where: waitingMenteeWhere(), select: { id: true } })).map((r) => r.id).sort();
    const waitingSql = (await scope.db.$queryRaw<{ id: number }[]>`SELECT e.id FROM "MenteeEntry" e WHERE e."organizationId" = ${o} AND ${isWaitingMenteeSql(Sql.raw('e'))}`).map((r) => r.id).sort();
    assert.equal(waitingPrisma.length, 1);
    assert.deepEqual(waitingSql, waitingPrisma);

    const availablePrisma = (await withFreePlaces(scope, await scope.db.mentorEntry.findMany({ where: availableMentorWhere(), select: { id: true, staffMemberId: true, maxMentees: true } }))).map((r) => r.id).sort();
    const availableSql = (await scope.db.$queryRaw<{ id: number }[]>`SELECT m.id FROM "MentorEntry" m WHERE m."organizationId" = ${o} AND ${isAvailableMentorSql(Sql.raw('m'))}`).map((r) => r.id).sort();
    assert.equal(availablePrisma.length, 1);
    assert.deepEqual(availableSql, availablePrisma);

    // The pool (approved or mentoring, working) and the consents part of «available» (the full mentor is in it).
    const poolPrisma = (await scope.db.mentorEntry.findMany({ where: mentorPoolWhere(), select: { id: true } })).map((r) => r.id).sort();
    const poolSql = (await scope.db.$queryRaw<{ id: number }[]>`SELECT m.id FROM "MentorEntry" m WHERE m."organizationId" = ${o} AND ${isPoolMentorSql(Sql.raw('m'))}`).map((r) => r.id).sort();
    assert.equal(poolPrisma.length, 4);
    assert.deepEqual(poolSql, poolPrisma);
    const consentedPrisma = (await scope.db.mentorEntry.findMany({ where: availableMentorWhere(), select: { id: true } })).map((r) => r.id).sort();
    const consentedSql = (await scope.db.$queryRaw<{ id: number }[]>`SELECT m.id FROM "MentorEntry" m WHERE m."organizationId" = ${o} AND ${availableMentorWhereSql(Sql.raw('m'))}`).map((r) => r.id).sort();
    assert.deepEqual(consentedPrisma, [...availablePrisma, full.entry.id].sort());
    assert.deepEqual(consentedSql, consentedPrisma);

    const openPrisma = await scope.db.pair.count({ where: { status: { in: OPEN_STATUSES } } });
    const [openSql] = await scope.db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "Pair" p WHERE p."organizationId" = ${o} AND ${isOpenPairSql(Sql.raw('p'))}`;
    assert.equal(openPrisma, 2);
    assert.equal(openSql!.n, openPrisma);

    const attentionPrisma = await scope.db.pair.count({ where: needsAttentionWhere() });
    const [attentionSql] = await scope.db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "Pair" p WHERE p."organizationId" = ${o} AND ${needsAttentionSql(Sql.raw('p'))}`;
    assert.equal(attentionPrisma, 1);
    assert.equal(attentionSql!.n, 1);
    const attentionRead = (await scope.db.pair.findMany({ select: { attentionSince: true, status: true } })).filter(needsAttention);
    assert.equal(attentionRead.length, 1);
  });
});

describe('a mentee (mentor) of a formed pair during a period', () => {
  test('formed before and still active, ended inside, ended early inside count; formed after, ended before, a draft, a cancelled pair do not; Prisma and SQL agree', async () => {
    const org = await newOrg();
    const o = org.organization.id;
    const scope = scopeFor(org.organization);
    const period = { from: '2024-09-01', to: '2025-08-31' };
    const mentor = await createStaffMember(prisma, o, { lastName: 'Наставникова' });
    const mentee = async (lastName: string, pair: { status: 'DRAFT' | 'ACTIVE' | 'COMPLETED' | 'ENDED_EARLY' | 'CANCELLED'; startsOn: string; plannedEndOn: string; endedOn?: string }) => {
      const staff = await createStaffMember(prisma, o, { lastName });
      await createPairRow(prisma, o, { ...pair, mentors: [{ staffMemberId: mentor.id }], mentees: [{ staffMemberId: staff.id }] });
      return staff.id;
    };
    const counted = [
      await mentee('ДоИВсёЕщё', { status: 'ACTIVE', startsOn: '2023-10-01', plannedEndOn: '2026-05-31' }),
      await mentee('ЗакончилаВнутри', { status: 'COMPLETED', startsOn: '2024-01-10', plannedEndOn: '2024-12-31', endedOn: '2024-12-31' }),
      await mentee('ДосрочноВнутри', { status: 'ENDED_EARLY', startsOn: '2025-02-01', plannedEndOn: '2025-05-31', endedOn: '2025-03-01' }),
      await mentee('ВПервыйДень', { status: 'COMPLETED', startsOn: '2024-01-10', plannedEndOn: '2024-09-01', endedOn: '2024-09-01' }),
      await mentee('ВПоследнийДень', { status: 'ACTIVE', startsOn: '2025-08-31', plannedEndOn: '2026-05-31' }),
    ].sort();
    await mentee('ПослеПериода', { status: 'ACTIVE', startsOn: '2025-09-01', plannedEndOn: '2026-05-31' });
    await mentee('ДоПериода', { status: 'COMPLETED', startsOn: '2023-09-01', plannedEndOn: '2024-08-31', endedOn: '2024-08-31' });
    await mentee('Черновик', { status: 'DRAFT', startsOn: '2024-10-01', plannedEndOn: '2025-05-31' });
    await mentee('Отменена', { status: 'CANCELLED', startsOn: '2024-10-01', plannedEndOn: '2025-05-31' });

    const viaPrisma = (await scope.db.pairMember.findMany({ where: formedPairMemberWhere('MENTEE', period), select: { staffMemberId: true } })).map((r) => r.staffMemberId).sort();
    const viaSql = (await scope.db.$queryRaw<{ staffMemberId: number }[]>`
      SELECT m."staffMemberId" FROM (${formedPairMembershipsSql(Sql.sql`ARRAY[${o}::int]`, 'MENTEE', period)}) m WHERE m."organizationId" = ${o}`).map((r) => r.staffMemberId).sort();
    assert.deepEqual(viaPrisma, counted);
    assert.deepEqual(viaSql, counted);
    // The mentor is one mentor, however many pairs: the rows are memberships, one per counted pair.
    const mentors = await scope.db.$queryRaw<{ staffMemberId: number }[]>`
      SELECT DISTINCT m."staffMemberId" FROM (${formedPairMembershipsSql(Sql.sql`ARRAY[${o}::int]`, 'MENTOR', period)}) m WHERE m."organizationId" = ${o}`;
    assert.deepEqual(mentors.map((r) => r.staffMemberId), [mentor.id]);
  });
});
