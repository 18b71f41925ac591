/**
 * Demo data for stages 2–3 (banks, questionnaires, consents), made through the services themselves so
 * the demo shows exactly what real use produces. Idempotent: what exists is left as it is.
 */
import type { Actor } from '../src/core/audit.ts';
import type { Prisma } from '../src/core/database/client.ts';
import { addMenteeFromResponse } from '../src/modules/banks/mentees.service.ts';
import { addMentorFromResponse, approveMentor } from '../src/modules/banks/mentors.service.ts';
import { findValidConsent } from '../src/modules/consents/consents.rules.ts';
import { acceptancePage, acceptElectronic } from '../src/modules/consents/consents.service.ts';
import { answerField, type Question } from '../src/modules/questionnaires/questionnaires.schemas.ts';
import { ensureTemplateQuestionnaire, getRespondForm, publishQuestionnaire, respond, todayIn } from '../src/modules/questionnaires/questionnaires.service.ts';
import { ensureDefaultTopics } from '../src/modules/topics/topics.service.ts';
import { parseOrderForm } from '../src/modules/orders/orders.schemas.ts';
import { acknowledgeOrder, approveOrder, createOrder, newOrderForm, refreshedForm, submitOrder } from '../src/modules/orders/orders.service.ts';
import { AddSupport, SavePair } from '../src/modules/pairs/pairs.schemas.ts';
import { createPair } from '../src/modules/pairs/pairs.service.ts';
import { addSupport } from '../src/modules/pairs/pairs.waiting.ts';
import type { ConsentKind } from '../src/generated/prisma/enums.ts';

/** Teachers who have not given the personal-data consent yet: the register shows the gap. */
const WITHOUT_CONSENT = ['Тихонова', 'Соловьёв', 'Макарова'];
/** Teachers who answered the professional-request questionnaire, with their request. */
const MENTEE_REQUESTS: Record<string, { category: string; request: string }> = {
  Соколова: { category: 'YOUNG_SPECIALIST', request: 'Первый год в профессии: как выстроить режим дня младшей группы и спокойно разговаривать с родителями о трудностях адаптации.' },
  Новикова: { category: 'YOUNG_SPECIALIST', request: 'Нужна помощь в планировании образовательной деятельности по ФОП ДО и в оформлении документации группы.' },
  Павлова: { category: 'YOUNG_SPECIALIST', request: 'Адаптация детей раннего возраста: как помочь детям и родителям в первые недели.' },
  Орлова: { category: 'YOUNG_SPECIALIST', request: 'Хочу научиться организовывать развивающую предметно-пространственную среду группы.' },
  Кудрявцева: { category: 'YOUNG_SPECIALIST', request: 'Учитель-логопед, первый год: диагностика речевого развития и взаимодействие с воспитателями.' },
  Егорова: { category: 'NEW_EMPLOYEE', request: 'Перешла из школы: особенности работы с дошкольниками и игровые технологии.' },
  Комарова: { category: 'YOUNG_SPECIALIST', request: 'Подготовка праздников и развлечений, работа с детьми с ОВЗ на музыкальных занятиях.' },
};
/** Experienced teachers who answered the candidate-mentor questionnaire. */
const MENTOR_CANDIDATES: Record<string, string> = {
  Кузнецова: 'Восемнадцать лет в профессии, готова делиться опытом работы с родителями и планирования по ФОП ДО.',
  Морозова: 'Хочу помочь молодым коллегам быстрее освоиться в группе и не бояться открытых занятий.',
  Семёнова: 'Большой опыт работы в подготовительной группе, руководила методическим объединением.',
  Борисова: 'Интересуюсь цифровыми образовательными ресурсами, могу помочь с ИКТ.',
  Титова: 'Как учитель-логопед могу сопровождать молодых логопедов и дефектологов.',
};
const APPROVED = ['Кузнецова', 'Морозова', 'Титова'];

type Person = { staffId: number; userId: number; role: 'ADMIN' | 'HEAD' | 'METHODIST' | 'TEACHER'; lastName: string };

export async function fillStages23(prisma: Prisma, organizationId: number, people: Person[], methodistUserId: number) {
  await ensureDefaultTopics(prisma, organizationId);
  const methodist: Actor = { userId: methodistUserId, organizationId, ip: '127.0.0.1', requestId: 'demo' };
  const actorOf = (p: Person): Actor => ({ userId: p.userId, organizationId, ip: '127.0.0.1', requestId: 'demo' });

  for (const person of people) {
    if (!WITHOUT_CONSENT.includes(person.lastName)) await giveConsent(prisma, organizationId, person, 'PERSONAL_DATA', actorOf(person));
  }
  const mentor = people.find((p) => p.lastName === 'Кузнецова');
  if (mentor) await giveConsent(prisma, organizationId, mentor, 'MENTORING', actorOf(mentor));

  const today = todayIn('Europe/Moscow');
  for (const [templateKey, who] of [
    ['mentee-request', Object.keys(MENTEE_REQUESTS)],
    ['mentor-candidate', Object.keys(MENTOR_CANDIDATES)],
  ] as const) {
    const q = await ensureTemplateQuestionnaire(prisma, organizationId, templateKey, methodist);
    if (q.status === 'DRAFT') {
      const closesOn = new Date(Date.UTC(new Date().getUTCFullYear() + 1, 4, 31));
      await prisma.questionnaire.update({ where: { id: q.id }, data: { closesOn } });
      await publishQuestionnaire(prisma, organizationId, q.id, today, methodist);
    }
    for (const lastName of who) {
      const person = people.find((p) => p.lastName === lastName);
      if (!person) continue;
      const form = await getRespondForm(prisma, organizationId, q.id, person.staffId, today);
      if (form.response?.status === 'SUBMITTED') continue;
      const body = demoAnswers(form.questions, lastName);
      const saved = await respond(prisma, organizationId, form, person.staffId, body, 'submit', actorOf(person));
      if (WITHOUT_CONSENT.includes(lastName)) continue; // stays in the questionnaire, not in the bank
      if (templateKey === 'mentee-request') await addMenteeFromResponse(prisma, organizationId, saved.id, methodist);
      else {
        const entry = await addMentorFromResponse(prisma, organizationId, saved.id, methodist);
        await prisma.mentorEntry.update({ where: { id: entry.id }, data: { trainingStatus: 'TRAINED' } });
        if (APPROVED.includes(lastName)) await approveMentor(prisma, organizationId, entry.id, methodist);
      }
    }
  }
}

/**
 * The demo's story runs from August 2026: consents are collected before the Regulation (01.09.2026) and
 * before any pair starts (01.09.2026) — a pair never starts before its members agreed. Run before those
 * dates, the demo dates them today instead (never in the future).
 */
const CONSENT_DATES: Record<ConsentKind, Date> = {
  PERSONAL_DATA: new Date(Date.UTC(2026, 7, 25, 7)),
  MENTORING: new Date(Date.UTC(2026, 7, 28, 7)),
  DISTRIBUTION: new Date(Date.UTC(2026, 7, 25, 7)),
};

async function giveConsent(prisma: Prisma, organizationId: number, person: Person, kind: ConsentKind, actor: Actor) {
  if (await findValidConsent(prisma, organizationId, person.staffId, kind)) return;
  const viewer = { userId: person.userId, role: person.role, staffMemberId: person.staffId, canRead: false, canManage: false };
  const at = new Date(Math.min(Date.now(), CONSENT_DATES[kind].getTime()));
  const shown = await acceptancePage(prisma, organizationId, viewer, kind, at);
  await acceptElectronic(prisma, organizationId, viewer, kind, { textSha256: shown.textSha256 }, { ip: '127.0.0.1', userAgent: 'demo' }, actor, at);
}

/** Plausible answers for any questionnaire: the keys the banks read get meaningful values. */
function demoAnswers(questions: Question[], lastName: string): Record<string, string | string[]> {
  const body: Record<string, string | string[]> = {};
  const seed = [...lastName].reduce((n, c) => n + c.charCodeAt(0), 0);
  const pick = <T>(list: T[], shift = 0) => list[(seed + shift) % list.length]!;
  for (const [i, q] of questions.entries()) {
    const field = answerField(q.key);
    const values = (q.options ?? []).map((o) => o.value);
    if (q.key === 'category') body[field] = MENTEE_REQUESTS[lastName]?.category ?? values[0]!;
    else if (q.key === 'request') body[field] = MENTEE_REQUESTS[lastName]?.request ?? '';
    else if (q.key === 'motivation') body[field] = MENTOR_CANDIDATES[lastName] ?? '';
    else if (q.key === 'maxMentees') body[field] = '2';
    else if (q.kind === 'SINGLE') body[field] = pick(values, i);
    else if (q.kind === 'MULTIPLE') body[field] = [...new Set([pick(values, i), pick(values, i + 3)])];
    else if (q.kind === 'SCALE') body[field] = String(4 + ((seed + i) % 7));
    else if (q.kind === 'YES_NO') body[field] = (seed + i) % 3 ? 'yes' : 'no';
    else if (q.required) body[field] = 'Ответ для демонстрации';
  }
  return body;
}

// ---- stages 1, 4, 5: orders, pairs and groups, mentees waiting ----------------------------------

/** Mentors who also sign the written consent to mentoring (ст. 351.8 ТК РФ) before their order. */
const MENTORING_CONSENT = ['Кузнецова', 'Морозова', 'Титова'];
/** Staff who have not yet acknowledged the Regulation order: the sheet shows who is missing. */
const NOT_ACKNOWLEDGED = ['Тихонова', 'Соловьёв', 'Гусев'];

export async function fillStages145(prisma: Prisma, organizationId: number, people: Person[]) {
  if ((await prisma.order.count({ where: { organizationId } })) > 0) return; // done on an earlier run
  const by = (lastName: string) => people.find((p) => p.lastName === lastName)!;
  const actorOf = (p: Person): Actor => ({ userId: p.userId, organizationId, ip: '127.0.0.1', requestId: 'demo' });
  const methodistPerson = people.find((p) => p.role === 'METHODIST')!;
  const head = actorOf(people.find((p) => p.role === 'HEAD')!);
  const methodist = actorOf(methodistPerson);
  const methodistUser = { fullName: 'Белова Ирина Викторовна', staffMemberId: methodistPerson.staffId };

  await prisma.organization.update({
    where: { id: organizationId },
    data: {
      mentorExtraPay: 5000,
      extraPayConditions: 'Доплата выплачивается ежемесячно за фактический период наставнической деятельности в пределах фонда оплаты труда по Положению об оплате труда работников МБДОУ.',
    },
  });
  for (const lastName of MENTORING_CONSENT) await giveConsent(prisma, organizationId, by(lastName), 'MENTORING', actorOf(by(lastName)));

  // Stage 1: the order approving the Regulation (appendix 1) and the roadmap (appendix 2).
  const regulation = await draftOrder(prisma, organizationId, 'REGULATION', {}, methodistUser, methodist);
  await submitOrder(prisma, organizationId, regulation, methodist);
  await approveOrder(prisma, organizationId, regulation, head, new Date(Date.UTC(2026, 8, 1, 7)));
  const named = new Set((await prisma.orderAcknowledgment.findMany({ where: { orderId: regulation }, select: { staffMemberId: true } })).map((a) => a.staffMemberId));
  for (const p of people) {
    if (named.has(p.staffId) && !NOT_ACKNOWLEDGED.includes(p.lastName)) await acknowledgeOrder(prisma, organizationId, regulation, p.staffId, actorOf(p));
  }

  // Stages 4–5: a pair and a group approved by order; another pair waits for the head.
  const pair = await makePair(prisma, organizationId, 'EXPERIENCED_YOUNG', [by('Кузнецова')], [by('Соколова')], methodist);
  const group = await makePair(prisma, organizationId, 'GROUP', [by('Морозова')], [by('Новикова'), by('Орлова')], methodist);
  const assign = await draftOrder(prisma, organizationId, 'ASSIGN_PAIRS', { pairIds: [pair, group] }, methodistUser, methodist);
  await submitOrder(prisma, organizationId, assign, methodist);
  await approveOrder(prisma, organizationId, assign, head, new Date(Date.UTC(2026, 8, 15, 7)));
  await acknowledgeOrder(prisma, organizationId, assign, by('Кузнецова').staffId, actorOf(by('Кузнецова')));

  const logopeds = await makePair(prisma, organizationId, 'TRADITIONAL', [by('Титова')], [by('Кудрявцева')], methodist);
  const awaiting = await draftOrder(prisma, organizationId, 'ASSIGN_PAIRS', { pairIds: [logopeds] }, methodistUser, methodist);
  await submitOrder(prisma, organizationId, awaiting, methodist);

  // A mentee without a pair, supported by the psychologist while the search goes on.
  const waiting = await prisma.menteeEntry.findFirst({ where: { organizationId, staffMemberId: by('Павлова').staffId }, select: { id: true } });
  if (waiting) {
    await addSupport(prisma, organizationId, waiting.id, AddSupport.parse({
      providedBy: 'педагог-психолог Крылова Н.В.',
      providedOn: '10.10.2026',
      notes: 'Консультация по адаптации детей раннего возраста; договорились о посещении занятий опытного воспитателя.',
    }), methodist);
  }
}

async function makePair(prisma: Prisma, organizationId: number, form: string, mentors: Person[], mentees: Person[], actor: Actor) {
  const input = SavePair.parse({
    form,
    mentorStaffIds: mentors.map((m) => String(m.staffId)),
    menteeStaffIds: mentees.map((m) => String(m.staffId)),
    startsOn: '01.09.2026',
    plannedEndOn: '31.05.2027',
    requestSummary: '',
    extraPay: '',
  });
  return (await createPair(prisma, organizationId, input, actor)).id;
}

async function draftOrder(
  prisma: Prisma,
  organizationId: number,
  kind: 'REGULATION' | 'ASSIGN_PAIRS',
  query: { pairIds?: number[] },
  user: { fullName: string; staffMemberId: number },
  actor: Actor,
) {
  const form = await newOrderForm(prisma, organizationId, kind, {}, user);
  const values = { ...form.values, ...(query.pairIds ? { pairIds: query.pairIds.map(String) } : {}) };
  if (query.pairIds) {
    // The points follow the pairs actually chosen (as «Составить пункты заново» does in the form).
    const again = await refreshedForm(prisma, organizationId, kind, values, user);
    Object.assign(values, again.values);
  }
  const parsed = parseOrderForm(values);
  if (!parsed.ok) throw new Error(`demo order form is invalid: ${JSON.stringify(parsed.errors)}`);
  return (await createOrder(prisma, organizationId, parsed.data, actor)).id;
}
