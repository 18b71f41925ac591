/**
 * The to-do home: each person opens `/` and sees their own list first — every kind of item contributed by the
 * module that owns it (src/core/todo.ts) — then, for the methodist and the head, the roadmap's cards; a teacher
 * gets a link to the roadmap. The list takes a fixed number of SQL statements whatever the organization's size.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { demoLogin } from '../../prisma/demo-data.ts';
import { loginAs, type Agent } from '../helpers/app.ts';
import { demoSuite } from '../helpers/demo-suite.ts';
import { createOrganizationWithStaff, createTeacher } from '../helpers/factories.ts';
import { statementsDuring } from '../helpers/statements.ts';
import { systemScope } from '../../src/core/scope.ts';
import { collectTodo, type TodoContributor, type TodoGroup } from '../../src/core/todo.ts';
import { createEvents, TODO } from '../../src/modules/index.ts';

const PASSWORD = 'demo-password-home-1';

const suite = demoSuite(PASSWORD);

/** The groups of the to-do list: key → the items' texts. */
function todoOf(html: string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const [, key, body] of html.matchAll(/<section class="todo__group" data-todo="([^"]+)"[^>]*>([\s\S]*?)<\/section>/g)) {
    groups.set(key!, [...body!.matchAll(/<li class="todo__item[^"]*">\s*<a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]!));
  }
  return groups;
}

async function home(login: string): Promise<{ agent: Agent; html: string }> {
  const agent = await loginAs(suite.app, { login: demoLogin(login) }, PASSWORD);
  const res = await agent.get('/');
  assert.equal(res.status, 200);
  return { agent, html: res.text };
}

test('the mentee sees her own list first — the order to acknowledge, plan items, comments to answer — each one tap away; the roadmap is a link', async () => {
  const { agent, html } = await home('mentee');
  assert.match(html, /<h1>Мои дела<\/h1>/);
  const todo = todoOf(html);
  // The candidate mentor's questionnaire is open, but it does not concern a mentee: not offered to her.
  // The events ahead she has not answered yet (she said «приду» to the January consultation).
  assert.deepEqual([...todo.keys()], ['orders-acknowledge', 'plan-items', 'comments', 'events-reply']);
  assert.match(todo.get('orders-acknowledge')![0]!, /Ознакомиться с приказом № \d+-од «О закреплении наставнических пар \(групп\)»/);
  assert.ok(todo.get('events-reply')!.every((text) => !/Подготовка к открытому занятию/.test(text)));
  assert.ok(todo.get('plan-items')!.length > 0);
  assert.match(todo.get('comments')![0]!, /^Кузнецова О\.Н\.: «/);
  // No stage cards for a teacher: a link to the roadmap instead, and the roadmap opens.
  assert.doesNotMatch(html, /class="stage-list"/);
  assert.match(html, /<a href="\/roadmap">Дорожная карта наставничества<\/a>/);
  const roadmap = await agent.get('/roadmap');
  assert.equal(roadmap.status, 200);
  assert.match(roadmap.text, /class="stage-list"/);

  // One tap: the order's link opens it, «Ознакомлен(а)» takes the item off the list.
  const orderHref = /<a href="(\/orders\/\d+)">Ознакомиться с приказом/.exec(html)![1]!;
  assert.equal((await agent.get(orderHref)).status, 200);
  const ack = await agent.post(`${orderHref}/acknowledge`).type('form').send({ _csrf: agent.csrf });
  assert.equal(ack.status, 303);
  assert.equal(todoOf((await agent.get('/')).text).has('orders-acknowledge'), false);

  // A comment answered is no longer waiting for an answer.
  const commentHref = /<a href="(\/programmes\/\d+\/items\/\d+)#comments-title">Кузнецова/.exec(html)![1]!;
  const answered = await agent.post(`${commentHref}/comments`).type('form').send({ _csrf: agent.csrf, text: 'Спасибо, добавлю рефлексию.' });
  assert.ok([302, 303].includes(answered.status), `${answered.status} ${answered.text.slice(0, 300)}`);
  assert.equal(todoOf((await agent.get('/')).text).get('comments')!.length, todo.get('comments')!.length - 1);
});

test('the mentor owes no consent she has given; the methodist and the head see their list, then the roadmap cards', async () => {
  const mentor = todoOf((await home('mentor')).html);
  assert.equal(mentor.has('consents'), false, 'the demo mentor holds both consents');
  const { html } = await home('methodist');
  assert.match(html, /<h1>Мои дела и дорожная карта<\/h1>/);
  // Not a mentee: both open questionnaires are offered to the methodist.
  assert.deepEqual(todoOf(html).get('questionnaires'), ['Заполнить анкету «Анкета потенциального наставника»', 'Заполнить анкету «Анкета профессиональных запросов педагога (наставляемого)»']);
  assert.ok(html.indexOf('class="todo"') < html.indexOf('class="stage-list"'), 'the list comes before the cards');
  const head = (await home('head')).html;
  assert.ok(head.indexOf('class="todo"') < head.indexOf('class="stage-list"'));
});

test('a teacher without a consent is asked for it; the list is a fixed number of statements, however much there is to do', async () => {
  const { prisma } = suite.fresh.db;
  const mentee = await prisma.staffMember.findFirstOrThrow({ where: { lastName: 'Соколова' }, select: { id: true } });
  const { agent } = await home('mentee');
  const before = await statementsDuring(() => agent.get('/'));

  // Much more to do: 60 more plan items due and overdue, a comment waiting on each, a personal-data consent withdrawn.
  const programme = await prisma.programme.findFirstOrThrow({ where: { pair: { members: { some: { staffMemberId: mentee.id } } }, status: { in: ['APPROVED', 'IN_PROGRESS'] } } });
  const mentor = await prisma.staffMember.findFirstOrThrow({ where: { lastName: 'Кузнецова' }, select: { id: true } });
  for (let i = 0; i < 60; i++) {
    const item = await prisma.planItem.create({
      data: { organizationId: programme.organizationId, programmeId: programme.id, section: 'Дополнительно', position: 1000 + i, activity: `Дополнительное мероприятие ${i}`, form: 'практикум', dueOn: new Date(Date.UTC(2026, 10, 20 + (i % 10))), expectedResult: '', responsible: 'MENTEE' },
    });
    await prisma.planItemComment.create({ data: { organizationId: programme.organizationId, itemId: item.id, staffMemberId: mentor.id, role: 'MENTOR', text: `Вопрос ${i}` } });
  }
  await prisma.consent.updateMany({ where: { staffMemberId: mentee.id, kind: 'PERSONAL_DATA' }, data: { revokedAt: new Date(), revokeReason: 'проверка' } });

  const res = await agent.get('/');
  const todo = todoOf(res.text);
  assert.deepEqual(todo.get('consents'), ['Дать согласие на обработку персональных данных']);
  assert.match(res.text, /<a href="\/consents\/accept\/personal-data">/);
  assert.equal((await agent.get('/consents/accept/personal-data')).status, 200, 'one tap: the consent page opens');
  assert.equal(todo.get('comments')!.length, 20, 'at most 20 comments listed');
  const after = await statementsDuring(() => agent.get('/'));
  assert.equal(after.length, before.length, `statements before: ${before.length}, after: ${after.length}`);
  assert.ok(after.length <= 20, `GET / takes ${after.length} statements:\n${after.join('\n')}`);
});

test('the home\'s one statement, its text composed once per shape and then reused, gives every person of every organization their own list', async () => {
  const { db } = suite.fresh;
  const events = createEvents();
  // A second kindergarten with a person of every role and a teacher with a staff card (no consent given yet).
  const other = await createOrganizationWithStaff(db.prisma);
  await createTeacher(db.prisma, other.organization.id);
  const users = await db.prisma.user.findMany({
    where: { active: true, organization: { kind: 'KINDERGARTEN' } },
    select: { id: true, role: true, login: true, fullName: true, staffMemberId: true, organization: { select: { id: true, slug: true, shortName: true, fullName: true, timeZone: true } } },
    orderBy: { id: 'asc' },
  });
  assert.ok(new Set(users.map((u) => u.organization.id)).size >= 2, 'people of two organizations at least');
  const seen = new Set<string>();
  // Twice over: the second round goes through the texts the first one kept.
  for (let round = 0; round < 2; round++) {
    for (const { organization, ...user } of users) {
      const scope = systemScope({ db, events }, organization, { as: user });
      const composed = await collectTodo(scope, TODO);
      const alone: TodoGroup[] = [];
      for (const contributor of TODO as TodoContributor[]) {
        if (typeof contributor === 'function') {
          alone.push(...(await contributor(scope)));
          continue;
        }
        const figures = contributor.figures(scope);
        if (!figures) continue;
        const [own] = await scope.db.$queryRaw<{ row: unknown }[]>`SELECT to_json(f) AS row FROM (${figures}) f`;
        alone.push(...(await contributor.groups(own!.row as never, scope)));
      }
      const expected = alone
        .filter((g) => g.items.length > 0)
        .map((g) => ({ key: g.key, title: g.title, items: [...g.items].sort((a, b) => Number(b.overdue ?? false) - Number(a.overdue ?? false)), more: g.more }));
      assert.deepEqual(composed, expected, `${user.login} of ${organization.shortName}`);
      seen.add(JSON.stringify(composed));
    }
  }
  assert.ok(seen.size > 2, 'the people differ in their lists');
});
