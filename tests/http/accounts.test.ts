/**
 * Accounts and staff cards (issue 9, point 7): an account made at /users/new is linked to a staff card by
 * an administrator (and unlinked), from the account's page or from the card; a card has one account; the
 * card offers the person's own unlinked account instead of a second login; every named participant is on
 * an order's acknowledgment sheet, those without an account marked for a paper signature.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { extractText, getDocumentProxy } from 'unpdf';
import { loginAs, testApp, type Agent, postForm as post } from '../helpers/app.ts';
import { sharedDatabase } from '../helpers/database.ts';
import { addBankMentee, addBankMentor, createOrganizationWithStaff, createPairRow, createStaffMember, createTeacher, createUser, recordConsent, uniq } from '../helpers/factories.ts';

const { prisma } = sharedDatabase();
const app = testApp();

after(async () => {
  await app.close();
  await sharedDatabase().close();
});

type Org = Awaited<ReturnType<typeof createOrganizationWithStaff>> & { adminAgent: Agent; methodistAgent: Agent; headAgent: Agent };

async function newOrg(): Promise<Org> {
  const org = await createOrganizationWithStaff(prisma);
  const [adminAgent, methodistAgent, headAgent] = await Promise.all([loginAs(app, org.admin), loginAs(app, org.methodist), loginAs(app, org.head)]);
  return { ...org, adminAgent, methodistAgent, headAgent };
}

const flashOf = async (agent: Agent, path: string) => (await agent.get(path)).text;
const re = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function pdfText(agent: Agent, path: string): Promise<string> {
  const res = await agent
    .get(path)
    .buffer(true)
    .parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
  assert.equal(res.status, 200, path);
  return (await extractText(await getDocumentProxy(new Uint8Array(res.body as Buffer)), { mergePages: true })).text.replace(/\s+/g, ' ');
}

/** An account made by the administrator at /users/new; signs in with its one-time password and sets its own. */
async function accountFromUsersNew(org: Org, fields: { fullName: string; role: string; staffMemberId?: number }) {
  const login = uniq('acc.');
  const res = await post(org.adminAgent, '/users', { login, fullName: fields.fullName, role: fields.role, staffMemberId: fields.staffMemberId ? String(fields.staffMemberId) : '' });
  assert.equal(res.status, 303, res.text);
  const page = await org.adminAgent.get(String(res.headers.location));
  const oneTime = /data-testid="one-time-password">([^<]+)</.exec(page.text)![1]!;
  const agent = await loginAs(app, { login }, oneTime);
  const newPassword = 'Собственный-пароль-2026';
  const changed = await post(agent, '/profile/password', { currentPassword: oneTime, newPassword, newPasswordConfirm: newPassword });
  assert.equal(changed.status, 303);
  const user = await prisma.user.findUniqueOrThrow({ where: { login } });
  return { user, agent: await loginAs(app, { login }, newPassword) };
}

describe('an account made at /users/new and a staff card', () => {
  test('the methodist made without a card has no consents and no place on a sheet; linked by the administrator, she has all of it', async () => {
    const org = await newOrg();
    const card = await createStaffMember(prisma, org.organization.id, { lastName: 'Белова', firstName: 'Ирина', middleName: 'Викторовна', position: 'старший воспитатель' });
    const { user, agent } = await accountFromUsersNew(org, { fullName: 'Белова И.В.', role: 'METHODIST' });
    assert.equal(user.staffMemberId, null);

    // Before: no «Мои согласия», the printed consent form is refused.
    assert.equal((await agent.get('/consents/form/personal-data.pdf')).status, 409);
    assert.match((await agent.get('/consents/mine')).text, /не связана с карточкой сотрудника/);

    // The administrator links the account to her card on the account's page.
    const page = await org.adminAgent.get(`/users/${user.id}`);
    assert.match(page.text, /Карточка сотрудника<\/dt>\s*<dd>не связана/);
    assert.match(page.text, new RegExp(`<option value="${card.id}">Белова Ирина Викторовна — старший воспитатель</option>`));
    const linked = await post(org.adminAgent, `/users/${user.id}/link`, { staffMemberId: String(card.id) });
    assert.equal(linked.status, 303);
    assert.match(await flashOf(org.adminAgent, `/users/${user.id}`), /Учётная запись связана с карточкой сотрудника Белова Ирина Викторовна/);
    const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    assert.equal(row.staffMemberId, card.id);
    assert.equal(row.fullName, 'Белова Ирина Викторовна', 'the account shows the card’s name');
    assert.ok(await prisma.auditLog.findFirst({ where: { action: 'user.link_staff', entityId: String(user.id) } }));

    // After: her own consents and the printed form (the same session: the link is read on every request).
    assert.equal((await agent.get('/consents/form/personal-data.pdf')).status, 200);
    assert.doesNotMatch((await agent.get('/consents/mine')).text, /не связана с карточкой сотрудника/);
    const self = await agent.get('/consents');
    assert.match(self.text, /href="\/consents\/mine">Мои согласия/);

    // She drafts the Regulation (naming herself the curator), the head approves: she is on its sheet and acknowledges it.
    await recordConsent(prisma, org.organization.id, card.id);
    const form = await agent.get('/orders/new?kind=REGULATION');
    assert.match(form.text, /Назначить куратором наставничества старшего воспитателя Белову И\.В\./);
    const draft = await post(agent, '/orders', { kind: 'REGULATION', title: 'Об утверждении Положения', points: 'Утвердить Положение.\nНазначить куратором наставничества Белову Ирину Викторовну.' });
    assert.equal(draft.status, 303);
    const orderId = Number(/\/orders\/(\d+)$/.exec(String(draft.headers.location))![1]);
    assert.equal((await post(agent, `/orders/${orderId}/submit`)).status, 303);
    assert.equal((await post(org.headAgent, `/orders/${orderId}/approve`)).status, 303);
    const sheet = await prisma.orderAcknowledgment.findMany({ where: { orderId } });
    assert.ok(sheet.some((s) => s.staffMemberId === card.id), 'she is on the sheet');
    assert.equal((await post(agent, `/orders/${orderId}/acknowledge`)).status, 303);
    assert.match((await agent.get(`/orders/${orderId}`)).text, /Вы ознакомлены с приказом/);
  });

  test('/users/new picks the card to link; a second account for the same card is refused with a message', async () => {
    const org = await newOrg();
    const card = await createStaffMember(prisma, org.organization.id, { lastName: 'Кузнецова', firstName: 'Ольга', middleName: 'Николаевна' });
    const foreign = await createStaffMember(prisma, (await createOrganizationWithStaff(prisma)).organization.id);
    const form = await org.adminAgent.get(`/users/new?staff=${card.id}`);
    assert.match(form.text, new RegExp(`<option value="${card.id}" selected>Кузнецова Ольга Николаевна — воспитатель</option>`));
    assert.doesNotMatch(form.text, new RegExp(`value="${foreign.id}"`), 'no card of another organization');

    const { user } = await accountFromUsersNew(org, { fullName: '', role: 'TEACHER', staffMemberId: card.id });
    assert.equal(user.staffMemberId, card.id);
    assert.equal(user.fullName, 'Кузнецова Ольга Николаевна', 'the name comes from the card');
    assert.doesNotMatch((await org.adminAgent.get('/users/new')).text, new RegExp(`<option value="${card.id}"`), 'a card with an account is not offered');

    const other = await createUser(prisma, org.organization.id, { fullName: 'Кузнецова О.Н.' });
    const before = await prisma.user.count({ where: { organizationId: org.organization.id } });
    const second = await post(org.adminAgent, '/users', { login: uniq('dup.'), fullName: '', role: 'TEACHER', staffMemberId: String(card.id) });
    assert.equal(second.status, 422);
    assert.match(second.text, new RegExp(`id="field-staffMemberId-error"[\\s\\S]*У сотрудника Кузнецова Ольга Николаевна уже есть учётная запись «${re(user.login)}»: у одной карточки может быть только одна учётная запись`));
    const relink = await post(org.adminAgent, `/users/${other.id}/link`, { staffMemberId: String(card.id) });
    assert.equal(relink.status, 422);
    assert.match(relink.text, /уже есть учётная запись/);
    const fromCard = await post(org.adminAgent, `/staff/${card.id}/account/link`, { userId: String(other.id) });
    assert.equal(fromCard.status, 303);
    assert.match(await flashOf(org.adminAgent, `/staff/${card.id}`), /уже есть учётная запись/);
    assert.equal((await post(org.methodistAgent, `/staff/${card.id}/account`)).status, 303);
    assert.match(await flashOf(org.methodistAgent, `/staff/${card.id}`), /У сотрудника уже есть учётная запись/);
    const forged = await post(org.adminAgent, `/users/${other.id}/link`, { staffMemberId: String(foreign.id) });
    assert.equal(forged.status, 422, 'a card of another organization cannot be linked');
    assert.match(forged.text, /Выберите карточку сотрудника из списка/);
    assert.equal(await prisma.user.count({ where: { organizationId: org.organization.id } }), before);
    assert.equal((await prisma.user.findUniqueOrThrow({ where: { id: other.id } })).staffMemberId, null);
    assert.equal(await prisma.user.count({ where: { staffMemberId: card.id } }), 1);
    const empty = await post(org.adminAgent, '/users', { login: uniq('none.'), fullName: '', role: 'TEACHER', staffMemberId: '' });
    assert.equal(empty.status, 422);
    assert.match(empty.text, /Заполните поле «ФИО»/);
  });

  test('an administrator links and unlinks from the account’s page and from the staff card', async () => {
    const org = await newOrg();
    const card = await createStaffMember(prisma, org.organization.id, { lastName: 'Морозова', firstName: 'Елена', middleName: 'Сергеевна' });
    const account = await createUser(prisma, org.organization.id, { fullName: 'Морозова Е.С.' });

    // From the card: the administrator sees the unlinked accounts; the methodist does not.
    const adminCard = await org.adminAgent.get(`/staff/${card.id}`);
    assert.match(adminCard.text, new RegExp(`<option value="${account.id}">Морозова Е\\.С\\. \\(«${re(account.login)}»\\)</option>`));
    assert.doesNotMatch((await org.methodistAgent.get(`/staff/${card.id}`)).text, /account\/link/);
    assert.equal((await post(org.adminAgent, `/staff/${card.id}/account/link`, { userId: String(account.id) })).status, 303);
    assert.equal((await prisma.user.findUniqueOrThrow({ where: { id: account.id } })).staffMemberId, card.id);
    const linkedCard = await org.adminAgent.get(`/staff/${card.id}`);
    assert.match(linkedCard.text, /Учётная запись «[^»]+» связана с карточкой/);
    assert.match(linkedCard.text, new RegExp(`action="/staff/${card.id}/account/unlink"`));
    assert.equal((await post(org.adminAgent, `/staff/${card.id}/account/unlink`)).status, 303);
    assert.equal((await prisma.user.findUniqueOrThrow({ where: { id: account.id } })).staffMemberId, null);

    // From the account's page.
    assert.equal((await post(org.adminAgent, `/users/${account.id}/link`, { staffMemberId: String(card.id) })).status, 303);
    const page = await org.adminAgent.get(`/users/${account.id}`);
    assert.match(page.text, new RegExp(`Карточка сотрудника</dt>\\s*<dd><a href="/staff/${card.id}">Морозова Елена Сергеевна</a>`));
    assert.equal((await post(org.adminAgent, `/users/${account.id}/unlink`)).status, 303);
    assert.equal((await prisma.user.findUniqueOrThrow({ where: { id: account.id } })).staffMemberId, null);
    const invalid = await post(org.adminAgent, `/users/${account.id}/link`, { staffMemberId: 'чужая' });
    assert.equal(invalid.status, 422);
    assert.match(invalid.text, /Выберите карточку сотрудника из списка/);
    const actions = (await prisma.auditLog.findMany({ where: { entityType: 'User', entityId: String(account.id) }, select: { action: true } })).map((a) => a.action);
    assert.deepEqual(actions.filter((a) => a.endsWith('_staff')).sort(), ['user.link_staff', 'user.link_staff', 'user.unlink_staff', 'user.unlink_staff']);
  });

  test('«Создать учётную запись» on a card whose person has an unlinked account of the same name offers to link it instead', async () => {
    const org = await newOrg();
    const card = await createStaffMember(prisma, org.organization.id, { lastName: 'Семёнова', firstName: 'Галина', middleName: 'Петровна' });
    // Made earlier at /users/new, typed a little differently.
    const own = await createUser(prisma, org.organization.id, { fullName: 'семенова  Галина Петровна', role: 'METHODIST' });
    const count = () => prisma.user.count({ where: { organizationId: org.organization.id } });
    const before = await count();

    const methodistView = await org.methodistAgent.get(`/staff/${card.id}`);
    assert.match(methodistView.text, new RegExp(`data-testid="namesake-accounts"[\\s\\S]*«${re(own.login)}»[\\s\\S]*Связать её может администратор`));
    assert.match(methodistView.text, /Всё равно создать отдельную учётную запись/);
    // The plain «create» (a stale page, a second tab) is refused with the offer, nothing is made.
    assert.equal((await post(org.methodistAgent, `/staff/${card.id}/account`)).status, 303);
    assert.match(await flashOf(org.methodistAgent, `/staff/${card.id}`), new RegExp(`уже есть учётная запись с тем же ФИО, не связанная с карточкой: «${re(own.login)}»`));
    assert.equal(await count(), before, 'no duplicate login');

    const adminView = await org.adminAgent.get(`/staff/${card.id}`);
    assert.match(adminView.text, new RegExp(`Связать «${re(own.login)}» с карточкой`));
    assert.equal((await post(org.adminAgent, `/staff/${card.id}/account/link`, { userId: String(own.id) })).status, 303);
    const linked = await prisma.user.findUniqueOrThrow({ where: { id: own.id } });
    assert.equal(linked.staffMemberId, card.id);
    assert.equal(linked.fullName, 'Семёнова Галина Петровна');
    assert.equal(await count(), before);

    // A real namesake (another person of the same name) still gets an account of their own, on a second click.
    const twin = await createStaffMember(prisma, org.organization.id, { lastName: 'Гусева', firstName: 'Анна', middleName: 'Ивановна' });
    await createUser(prisma, org.organization.id, { fullName: 'Гусева Анна Ивановна' });
    assert.equal((await post(org.methodistAgent, `/staff/${twin.id}/account`, { separate: 'on' })).status, 303);
    assert.equal((await prisma.user.findFirstOrThrow({ where: { staffMemberId: twin.id } })).role, 'TEACHER');
  });
});

describe('the acknowledgment sheet names everyone', () => {
  test('pair members and the Regulation’s staff without an account are on the sheet, marked «подпись на бумаге»; the head is not', async () => {
    const org = await newOrg();
    const o = org.organization.id;
    const mentor = await addBankMentor(prisma, o, { staff: { lastName: 'Безучётная', firstName: 'Вера', middleName: 'Павловна' } });
    await recordConsent(prisma, o, mentor.staff.id, 'MENTORING');
    const mentee = await addBankMentee(prisma, o, { staff: { lastName: 'Сучётной', firstName: 'Анна', middleName: 'Сергеевна' } });
    const menteeUser = await createUser(prisma, o, { fullName: 'Сучётной Анна Сергеевна' });
    await prisma.user.update({ where: { id: menteeUser.id }, data: { staffMemberId: mentee.staff.id } });
    const pair = await createPairRow(prisma, o, { mentors: [{ staffMemberId: mentor.staff.id, mentorEntryId: mentor.entry.id }], mentees: [{ staffMemberId: mentee.staff.id, menteeEntryId: mentee.entry.id }] });
    const headCard = await createStaffMember(prisma, o, { lastName: 'Заведующая', position: 'заведующий' });
    await prisma.user.update({ where: { id: org.head.id }, data: { staffMemberId: headCard.id } });

    const draft = await org.methodistAgent.get(`/orders/new?kind=ASSIGN_PAIRS&pair=${pair.id}`);
    const points = /name="points"[^>]*>([^<]*)</.exec(draft.text)![1]!;
    const created = await post(org.methodistAgent, '/orders', { kind: 'ASSIGN_PAIRS', title: 'О закреплении', points: points.replace(/&#34;/g, '"'), pairIds: String(pair.id) });
    assert.equal(created.status, 303, created.text);
    const id = Number(/\/orders\/(\d+)$/.exec(String(created.headers.location))![1]);
    assert.match((await org.methodistAgent.get(`/orders/${id}`)).text, /Безучётная Вера Павловна<\/td>\s*<td[^>]*>[^<]*<\/td>\s*<td[^>]*>подпись на бумаге/, 'the draft says so already');
    // The factory's pair starts on 1 September: «задним числом», confirmed at submission.
    assert.equal((await post(org.methodistAgent, `/orders/${id}/submit`, { confirmRetroactive: 'on' })).status, 303);
    assert.equal((await post(org.headAgent, `/orders/${id}/approve`)).status, 303);
    const page = (await org.methodistAgent.get(`/orders/${id}`)).text;
    assert.match(page, /Безучётная Вера Павловна<\/td>\s*<td[^>]*>[^<]*<\/td>\s*<td[^>]*>подпись на бумаге/);
    assert.match(page, /Сучётной Анна Сергеевна<\/td>\s*<td[^>]*>[^<]*<\/td>\s*<td[^>]*>не ознакомлен\(а\)/);
    assert.match(page, /Без учётной записи в портале — подпись на бумаге: 1/);
    const pdf = await pdfText(org.methodistAgent, `/orders/${id}.pdf`);
    assert.match(pdf, /Безучётная Вера Павловна воспитатель подпись на бумаге/);

    // The Regulation: every working member of the staff, with an account or not; not the head who signs it.
    const withoutAccount = await createStaffMember(prisma, o, { lastName: 'Бумажная' });
    const archived = await createStaffMember(prisma, o, { lastName: 'Ушедшая', archivedAt: new Date() });
    const regulation = await post(org.methodistAgent, '/orders', { kind: 'REGULATION', title: 'Об утверждении Положения', points: 'Утвердить Положение.' });
    const regulationId = Number(/\/orders\/(\d+)$/.exec(String(regulation.headers.location))![1]);
    assert.equal((await post(org.methodistAgent, `/orders/${regulationId}/submit`)).status, 303);
    assert.equal((await post(org.headAgent, `/orders/${regulationId}/approve`)).status, 303);
    const named = new Set((await prisma.orderAcknowledgment.findMany({ where: { orderId: regulationId } })).map((a) => a.staffMemberId));
    assert.deepEqual([mentor.staff.id, mentee.staff.id, withoutAccount.id].map((s) => named.has(s)), [true, true, true]);
    assert.deepEqual([headCard.id, archived.id].map((s) => named.has(s)), [false, false]);
    const sheet = (await org.methodistAgent.get(`/orders/${regulationId}`)).text;
    assert.match(sheet, new RegExp(`${re(withoutAccount.lastName)} Анна Сергеевна</td>\\s*<td[^>]*>[^<]*</td>\\s*<td[^>]*>подпись на бумаге`));
  });
});

describe('accounts for several people at once, with slips printed once', () => {
  test('the methodist picks people without an account: each gets a login and a one-time password on a slip; refusals are named; the passwords are kept nowhere', async () => {
    const org = await newOrg();
    const o = org.organization.id;
    const [first, second] = await Promise.all([
      createStaffMember(prisma, o, { lastName: 'Листкова', firstName: 'Анна', middleName: 'Петровна', position: 'воспитатель' }),
      createStaffMember(prisma, o, { lastName: 'Бумажкина', firstName: 'Вера', middleName: 'Ивановна', position: 'учитель-логопед' }),
    ]);
    const withAccount = await createTeacher(prisma, o);
    const archived = await createStaffMember(prisma, o, { lastName: 'Архивная', archivedAt: new Date() });

    const form = await org.methodistAgent.get('/staff/accounts');
    assert.equal(form.status, 200);
    assert.match(form.text, new RegExp(`name="staffIds" value="${first.id}"`));
    assert.match(form.text, new RegExp(`name="staffIds" value="${second.id}"`));
    assert.doesNotMatch(form.text, new RegExp(`name="staffIds" value="${withAccount.staff.id}"`), 'one account per card');
    assert.doesNotMatch(form.text, new RegExp(`name="staffIds" value="${archived.id}"`), 'archived people need no account');

    const empty = await post(org.methodistAgent, '/staff/accounts');
    assert.equal(empty.status, 422);
    assert.match(empty.text, /id="field-staffIds-error"[^>]*>.*Отметьте хотя бы одного сотрудника/s);

    const slips = await org.methodistAgent
      .post('/staff/accounts')
      .type('form')
      .send(`_csrf=${encodeURIComponent(org.methodistAgent.csrf)}&staffIds=${first.id}&staffIds=${second.id}&staffIds=${withAccount.staff.id}`);
    assert.equal(slips.status, 200);
    assert.equal(slips.headers['cache-control'], 'no-store');
    const found = [...slips.text.matchAll(/class="slip__login">([^<]+)<\/code>[\s\S]*?class="slip__password">([^<]+)<\/code>/g)].map((m) => ({ login: m[1]!, password: m[2]! }));
    assert.equal(found.length, 2);
    assert.match(slips.text, /Адрес входа: <code>http:\/\/127\.0\.0\.1:\d+\/login<\/code>/);
    assert.match(slips.text, /Не созданы: 1/);
    assert.match(slips.text, /уже есть учётная запись/);
    for (const person of [first, second]) {
      const user = await prisma.user.findFirstOrThrow({ where: { staffMemberId: person.id } });
      assert.equal(user.role, 'TEACHER');
      assert.equal(user.mustChangePassword, true);
      const slip = found.find((f) => f.login === user.login)!;
      assert.ok(slip, `a slip for ${user.login}`);
      assert.ok(!user.passwordHash.includes(slip.password), 'stored as a hash only');
      await loginAs(app, { login: slip.login }, slip.password); // the slip's password signs in
    }
    assert.equal(await prisma.auditLog.count({ where: { action: 'staff.account', entityId: { in: [String(first.id), String(second.id)] } } }), 2);

    // The same people again: refused by the one-card rule, no second slip.
    const again = await post(org.methodistAgent, '/staff/accounts', { staffIds: String(first.id) });
    assert.equal(again.status, 200);
    assert.doesNotMatch(again.text, /class="slip__password"/);
    assert.match(again.text, /уже есть учётная запись/);

    // Only those who manage staff.
    const teacher = await loginAs(app, withAccount.user);
    assert.equal((await teacher.get('/staff/accounts')).status, 403);
    assert.equal((await post(teacher, '/staff/accounts', { staffIds: String(second.id) })).status, 403);
    assert.equal((await org.methodistAgent.post('/staff/accounts').type('form').send({ staffIds: String(second.id) })).status, 403, 'CSRF');
  });
});
