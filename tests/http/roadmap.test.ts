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

test('the dashboard shows the seven stages, with real progress for stages 2 and 3', async () => {
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
  assert.match(res.text, /Запросы собраны у 1 из 4 педагогов; согласия на обработку ПД: 2/);
  assert.match(res.text, /В банке наставляемых: 1/);
  assert.match(res.text, /В банке наставников: 1, из них одобрено: 1/);
  assert.match(res.text, /Согласия на обработку ПД нет у 2 педагогов/);
  assert.match(res.text, /Опубликовать анкету потенциального наставника/);
  assert.doesNotMatch(res.text, /Опубликовать анкету профессиональных запросов/, 'it is published already');
  assert.match(res.text, /Приказ об утверждении Положения: № 7-од от 01\.09\.2026/);
  assert.match(res.text, /Одобрено наставников: 1, прошли установочные сессии: 0/);
  assert.match(res.text, /Пар и групп работает: 1; на согласовании: 0; черновиков: 1/);
  assert.match(res.text, /Наставляемых без пары: 1, из них получают поддержку: 0/);
  assert.match(res.text, /ещё не реализован/, 'stages without a module say so');

  const teacher = await loginAs(app, org.teacher);
  const teacherHome = await teacher.get('/');
  assert.doesNotMatch(teacherHome.text, /href="\/bank\/mentees"/, 'no links a teacher cannot open');
});
