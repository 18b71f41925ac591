import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { loginAs, testApp } from '../helpers/app.ts';
import { sharedDatabase } from '../helpers/database.ts';
import { createOrganizationWithStaff, createStaffMember, recordConsent, THIS_SCHOOL_YEAR } from '../helpers/factories.ts';

const { prisma } = sharedDatabase();
const app = testApp();
after(async () => {
  await app.close();
  await sharedDatabase().close();
});

/** The items of one stage card as «✓/✗/! text» lines (markup stripped), for readable assertions. */
function stageItems(html: string, stage: number): string[] {
  const card = new RegExp(`<li class="stage-card" id="stage-${stage}">([\\s\\S]*?)<details>`).exec(html)?.[1] ?? '';
  return [...card.matchAll(/<li class="checklist__item checklist__item--(\w+)"[^>]*>([\s\S]*?)<\/li>/g)].map(
    ([, state, body]) => `${{ ok: '✓', no: '✗', alert: '!', pending: '○' }[state!]} ${body!.replace(/<span class="visually-hidden">[^<]*<\/span>/g, '').replace(/<a class="stage-card__todo"[^>]*>[^<]*<\/a>/g, '').replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim()}`,
  );
}

test('the dashboard: seven stage cards of items the modules contribute; a stage is done only when every item is', async () => {
  const org = await createOrganizationWithStaff(prisma);
  const orgId = org.organization.id;
  const staff = await Promise.all([1, 2, 3, 4].map(() => createStaffMember(prisma, orgId)));
  await createStaffMember(prisma, orgId, { position: 'заведующий' }); // the head is not counted among teachers
  await createStaffMember(prisma, orgId, { archivedAt: new Date() }); // nor the archived
  await recordConsent(prisma, orgId, staff[0]!.id);
  await recordConsent(prisma, orgId, staff[1]!.id);
  const revoked = await recordConsent(prisma, orgId, staff[2]!.id);
  await prisma.consent.update({ where: { id: revoked.id }, data: { revokedAt: new Date() } });

  const questionnaire = await prisma.questionnaire.create({ data: { organizationId: orgId, title: 'Запросы', audience: 'MENTEE_REQUESTS', status: 'PUBLISHED' } });
  const version = await prisma.questionnaireVersion.create({ data: { questionnaireId: questionnaire.id, number: 1, questions: [] } });
  await prisma.questionnaireResponse.create({ data: { organizationId: orgId, questionnaireId: questionnaire.id, versionId: version.id, staffMemberId: staff[0]!.id, status: 'SUBMITTED', answers: {}, submittedAt: new Date() } });
  await prisma.questionnaireResponse.create({ data: { organizationId: orgId, questionnaireId: questionnaire.id, versionId: version.id, staffMemberId: staff[1]!.id, status: 'DRAFT', answers: {} } });
  await prisma.menteeEntry.create({ data: { organizationId: orgId, schoolYear: THIS_SCHOOL_YEAR, staffMemberId: staff[0]!.id, category: 'YOUNG_SPECIALIST', status: 'IN_BANK' } });
  await prisma.mentorEntry.create({ data: { organizationId: orgId, staffMemberId: staff[1]!.id, status: 'APPROVED', forms: ['TRADITIONAL'] } });

  // Stages 1, 4, 5: an approved Regulation order, one active and one draft pair; staff[0]'s entry waits.
  await prisma.order.create({
    data: { organizationId: orgId, kind: 'REGULATION', status: 'APPROVED', title: 'Об утверждении Положения', points: [], appendices: [], number: 7, numberYear: 2026, numberText: '7-од', orderDate: new Date('2026-09-01'), approvedAt: new Date() },
  });
  for (const status of ['ACTIVE', 'DRAFT'] as const) {
    await prisma.pair.create({ data: { organizationId: orgId, form: 'TRADITIONAL', status, startsOn: new Date('2026-09-01'), plannedEndOn: new Date('2027-05-31') } });
  }

  const methodist = await loginAs(app, org.methodist);
  const res = await methodist.get('/');
  assert.equal(res.status, 200);
  assert.equal((res.text.match(/class="stage-card"/g) ?? []).length, 7);
  assert.deepEqual(stageItems(res.text, 1), [
    '✓ Приказ об утверждении Положения: № 7-од от 01.09.2026',
    '✗ Утверждено приказов о закреплении наставнических пар (групп): 0',
    '✗ Персонализированные программы наставничества утверждены: 0 из 1 действующей пары',
  ]);
  assert.deepEqual(stageItems(res.text, 2), [
    '✗ Запросы собраны у 1 из 4 педагогов',
    '✗ Сотрудники без действующего согласия на обработку персональных данных: 3',
    '✓ Запросов в банке наставляемых: 1',
  ]);
  assert.deepEqual(stageItems(res.text, 3), [
    '✗ Анкета потенциального наставника ещё не опубликована',
    '✓ Кандидаты в наставники ждут решения: 0',
    '✓ Одобрено наставников: 1',
    '! Одобренные наставники без согласия на обработку ПД или письменного согласия на наставническую деятельность (ст. 351.8 ТК РФ): 1',
  ]);
  assert.deepEqual(stageItems(res.text, 4).slice(0, 2), ['✗ Обучено наставников (прошли установочные сессии): 0 из 1', '✓ Сформировано пар и групп (закреплены приказом): 1']);
  assert.deepEqual(stageItems(res.text, 5).slice(0, 5), [
    '✓ Работают пары и группы: 1',
    '✗ Пары и группы ждут приказа о закреплении (черновики и предложенные): 1',
    '✓ Пары под риском: работа остановилась, просрочены мероприятия или участник отозвал согласие: 0',
    '✗ Наставляемые без пары: 1',
    '✗ Из них ещё без психолого-педагогической поддержки: 1',
  ]);
  assert.equal(stageItems(res.text, 7).length, 1, 'a stage no module covers yet is one «not yet» item');
  assert.doesNotMatch(res.text, />Этап выполнен</);
  // The methodist's next steps; figures link to their lists.
  assert.match(res.text, /href="\/questionnaires">Опубликовать анкету потенциального наставника/);
  assert.match(res.text, /href="\/orders\/new\?kind=ASSIGN_PAIRS">Подготовить приказ о закреплении пар/);
  assert.match(res.text, new RegExp(`href="/questionnaires/${questionnaire.id}/results\\?answered=yes#respondents" data-figure="1"`));

  // The head: the same figures and lists, none of the methodist's actions.
  const head = await loginAs(app, org.head);
  const headHome = (await head.get('/')).text;
  assert.match(headHome, /href="\/pairs\?status=ACTIVE" data-figure="1"/);
  for (const action of ['Опубликовать анкету', 'Подготовить приказ', 'Подбор наставников']) assert.doesNotMatch(headHome, new RegExp(action), action);

  // A teacher sees the numbers, not links to lists she cannot open.
  const teacher = await loginAs(app, org.teacher);
  const teacherHome = (await teacher.get('/roadmap')).text;
  const cards = /<ol class="stage-list">[\s\S]*<\/ol>/.exec(teacherHome)![0];
  assert.doesNotMatch(cards, /href="\/(bank|pairs|consents|orders|questionnaires|matching)/);
  assert.match(teacherHome, /<span data-figure="1">1<\/span>/);
});
