/**
 * Demo data for stages 2–3 (banks, questionnaires, consents), made through the services themselves so
 * the demo shows exactly what real use produces. Idempotent: what exists is left as it is.
 */
import type { Scope } from '../src/core/scope.ts';
import type { ConsentKind } from '../src/generated/prisma/enums.ts';
import { addMenteeFromResponse, addMentorFromResponse, approveMentor } from '../src/modules/banks/index.ts';
import { acceptancePage, acceptElectronic, findValidConsent } from '../src/modules/consents/index.ts';
import { acknowledgeOrder, approveOrder, createOrder, newOrderForm, parseOrderForm, refreshedForm, submitOrder } from '../src/modules/orders/index.ts';
import { AddSupport, addSupport, createPair, SavePair } from '../src/modules/pairs/index.ts';
import { answerField, ensureTemplateQuestionnaire, getRespondForm, publishQuestionnaire, respond, type Question } from '../src/modules/questionnaires/index.ts';
import { ensureDefaultTopics } from '../src/modules/topics/index.ts';

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

export type Person = { staffId: number; userId: number; role: 'ADMIN' | 'HEAD' | 'METHODIST' | 'TEACHER' | 'CITY'; lastName: string; login: string; fullName: string };

/** A scope acting as one of the demo's people (a consent is given in the teacher's own name). */
export type ActAs = (person: Person) => Scope;

export async function fillStages23(people: Person[], as: ActAs) {
  const methodist = as(people.find((p) => p.role === 'METHODIST')!);
  await ensureDefaultTopics(methodist);

  for (const person of people) {
    if (!WITHOUT_CONSENT.includes(person.lastName)) await giveConsent(as(person), 'PERSONAL_DATA');
  }
  const mentor = people.find((p) => p.lastName === 'Кузнецова');
  if (mentor) await giveConsent(as(mentor), 'MENTORING');

  for (const [templateKey, who] of [
    ['mentee-request', Object.keys(MENTEE_REQUESTS)],
    ['mentor-candidate', Object.keys(MENTOR_CANDIDATES)],
  ] as const) {
    const q = await ensureTemplateQuestionnaire(methodist, templateKey);
    if (q.status === 'DRAFT') {
      const closesOn = new Date(Date.UTC(new Date().getUTCFullYear() + 1, 4, 31));
      await methodist.db.questionnaire.update({ where: { id: q.id }, data: { closesOn } });
      await publishQuestionnaire(methodist, q.id);
    }
    for (const lastName of who) {
      const person = people.find((p) => p.lastName === lastName);
      if (!person) continue;
      const form = await getRespondForm(as(person), q.id, person.staffId);
      if (form.response?.status === 'SUBMITTED') continue;
      const body = demoAnswers(form.questions, lastName);
      const saved = await respond(as(person), form, person.staffId, body, 'submit');
      if (WITHOUT_CONSENT.includes(lastName)) continue; // stays in the questionnaire, not in the bank
      if (templateKey === 'mentee-request') await addMenteeFromResponse(methodist, saved.id);
      else {
        // Training follows the set-up sessions they attend (demo-events.ts), never set by hand.
        const entry = await addMentorFromResponse(methodist, saved.id);
        if (APPROVED.includes(lastName)) await approveMentor(methodist, entry.id);
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

/** The teacher's own electronic consent (the scope acts as that teacher). */
async function giveConsent(person: Scope, kind: ConsentKind) {
  if (await findValidConsent(person, person.staffMemberId!, kind)) return;
  const at = new Date(Math.min(Date.now(), CONSENT_DATES[kind].getTime()));
  const shown = await acceptancePage(person, kind, at);
  // The demo organization's Regulation makes the account a simple electronic signature: the address is typed, the passport is not.
  const address = `248000, г. Калуга, ул. Садовая, д. ${(person.staffMemberId ?? 0) % 40 + 1}, кв. ${(person.staffMemberId ?? 0) % 90 + 1}`;
  await acceptElectronic(person, kind, { textSha256: shown.textSha256, address }, { ip: '127.0.0.1', userAgent: 'demo' }, at);
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

export async function fillStages145(people: Person[], as: ActAs) {
  const by = (lastName: string) => people.find((p) => p.lastName === lastName)!;
  const head = as(people.find((p) => p.role === 'HEAD')!);
  const methodist = as(people.find((p) => p.role === 'METHODIST')!);
  if ((await methodist.db.order.count()) > 0) return; // done on an earlier run

  await methodist.db.organization.update({
    where: { id: methodist.organization.id },
    data: {
      mentorExtraPay: 5000,
      extraPayConditions: 'Доплата выплачивается ежемесячно за фактический период наставнической деятельности в пределах фонда оплаты труда по Положению об оплате труда работников МБДОУ.',
    },
  });
  for (const lastName of MENTORING_CONSENT) await giveConsent(as(by(lastName)), 'MENTORING');

  // Stage 1: the order approving the Regulation (appendix 1) and the roadmap (appendix 2).
  const regulation = await draftOrder(methodist, 'REGULATION', {});
  await submitOrder(methodist, regulation);
  await approveOrder(head, regulation, new Date(Date.UTC(2026, 8, 1, 7)));
  const named = new Set((await methodist.db.orderAcknowledgment.findMany({ where: { orderId: regulation }, select: { staffMemberId: true } })).map((a) => a.staffMemberId));
  for (const p of people) {
    if (named.has(p.staffId) && !NOT_ACKNOWLEDGED.includes(p.lastName)) await acknowledgeOrder(as(p), regulation);
  }

  // Stages 4–5: a pair and a group approved by order; another pair waits for the head.
  const pair = await makePair(methodist, 'EXPERIENCED_YOUNG', [by('Кузнецова')], [by('Соколова')]);
  const group = await makePair(methodist, 'GROUP', [by('Морозова')], [by('Новикова'), by('Орлова')]);
  const assign = await draftOrder(methodist, 'ASSIGN_PAIRS', { pairIds: [pair, group] });
  // The demo's pairs start on 01.09.2026, the school year's start: confirmed as the methodist would («задним числом»).
  await submitOrder(methodist, assign, { confirmRetroactive: true });
  await approveOrder(head, assign, new Date(Date.UTC(2026, 8, 15, 7)));
  await acknowledgeOrder(as(by('Кузнецова')), assign);

  const logopeds = await makePair(methodist, 'TRADITIONAL', [by('Титова')], [by('Кудрявцева')]);
  const awaiting = await draftOrder(methodist, 'ASSIGN_PAIRS', { pairIds: [logopeds] });
  await submitOrder(methodist, awaiting, { confirmRetroactive: true });

  // A mentee without a pair, supported by the psychologist while the search goes on.
  const waiting = await methodist.db.menteeEntry.findFirst({ where: { staffMemberId: by('Павлова').staffId }, select: { id: true } });
  if (waiting) {
    await addSupport(methodist, waiting.id, AddSupport.parse({
      providedBy: 'педагог-психолог Крылова Н.В.',
      providedOn: '10.10.2026',
      notes: 'Консультация по адаптации детей раннего возраста; договорились о посещении занятий опытного воспитателя.',
    }));
  }
}

export async function makePair(methodist: Scope, form: string, mentors: Person[], mentees: Person[], term = { startsOn: '01.09.2026', plannedEndOn: '31.05.2027' }) {
  const input = SavePair.parse({
    form,
    mentorStaffIds: mentors.map((m) => String(m.staffId)),
    menteeStaffIds: mentees.map((m) => String(m.staffId)),
    ...term,
    requestSummary: '',
    extraPay: '',
  });
  return (await createPair(methodist, input)).id;
}

export async function draftOrder(methodist: Scope, kind: 'REGULATION' | 'ASSIGN_PAIRS', query: { pairIds?: number[] }) {
  const form = await newOrderForm(methodist, kind, {});
  const values = { ...form.values, ...(query.pairIds ? { pairIds: query.pairIds.map(String) } : {}) };
  if (query.pairIds) {
    // The points follow the pairs actually chosen (as «Составить пункты заново» does in the form).
    const again = await refreshedForm(methodist, kind, values);
    Object.assign(values, again.values);
  }
  const parsed = parseOrderForm(values);
  if (!parsed.ok) throw new Error(`demo order form is invalid: ${JSON.stringify(parsed.errors)}`);
  return (await createOrder(methodist, parsed.data)).id;
}
