/**
 * City-scale data set for `npm run bench` (issue 13's city): 200 kindergartens × 80 staff members × 80 user
 * accounts, 20 000 audit rows, and the stage 2–3 banks: per organization the 12 default request
 * topics, a personal-data consent template and electronic consents for ~90 % of the staff, 10 mentee
 * entries (1–3 topics each) and 5 mentor entries (2–4 competencies each), most mentors with a written consent to
 * mentoring on paper; and stages 4–5 and 1: ~3 current pairs
 * and groups with their members, 4 approved orders (REGULATION + ASSIGN_PAIRS) with pair links and
 * acknowledgment sheets; stage 5: a personalised programme for every active pair and for the pairs of the three
 * school years before (10 per organization: 2 000 programmes, 15 plan items each: 30 000 items) in every state,
 * the current ones with items done, moved and overdue, last year's run over into this year's autumn; stages 4 and 6:
 * a school year of events (24 per organization, ~40 invitations each, attendance of the held ones); check-ins,
 * start and end self-assessments, the end-of-programme questionnaires (mentor, mentee, curator) and final
 * assessments of the programmes completed this year. Everything goes in with one
 * `INSERT … SELECT FROM unnest(…)` per table (a handful of round trips in total), and a seeded PRNG
 * keeps the data identical run to run.
 */
import crypto from 'node:crypto';
import pg from 'pg';
import { DEFAULT_TEMPLATES } from '../../src/modules/consents/consents.templates.ts';
import { dueOnForMonth, isOverdue } from '../../src/modules/programmes/programmes.rules.ts';
import { YOUNG_SPECIALIST } from '../../src/modules/programmes/programmes.templates.ts';
import { schoolYearOf, todayIn } from '../../src/domain/dates.ts';
import { DEFAULT_TOPICS } from '../../src/modules/topics/topics.service.ts';
import { CHECKIN_QUESTIONS, CHECKIN_TEMPLATE_KEY, CHECKIN_TITLE } from '../../src/modules/questionnaires/questionnaires.checkins.ts';
import { COMPETENCIES, CURATOR_MONITORING, MENTEE_MONITORING, MENTOR_MONITORING, SELF_ASSESSMENT } from '../../src/modules/monitoring/monitoring.templates.ts';

export const BENCH_PASSWORD = 'Нагрузочный-тест-2026';

export interface DatasetOptions {
  organizations: number;
  staffPerOrganization: number;
  auditRows: number;
  /** Share of staff members with a valid (electronic) personal-data consent. */
  consentShare: number;
  /** Mentee bank entries per organization (teachers, 1–3 topics each). */
  menteesPerOrganization: number;
  /** Mentor bank entries per organization (the most experienced teachers, 2–4 competencies each). */
  mentorsPerOrganization: number;
  /** Pairs and groups per organization (mostly ACTIVE, some DRAFT/PROPOSED). */
  pairsPerOrganization: number;
  /** Programmes per organization: its active pairs' and, to make up the number, completed pairs of earlier years. */
  programmesPerOrganization: number;
  itemsPerProgramme: number;
  /** The day the last year's programmes end (in the current school year, before today): set by generateDataset. */
  extendedEndOn?: string;
}

/**
 * Issue 13's city: 200 kindergartens × 80 staff; 2 000 mentee and 1 000 mentor entries, ~2 000 pairs and 2 000
 * programmes with 30 000 plan items over the city (10 programmes, 10 mentees and 5 mentors a kindergarten).
 */
export const DEFAULT_DATASET: DatasetOptions = {
  organizations: 200,
  staffPerOrganization: 80,
  auditRows: 20000,
  consentShare: 0.9,
  menteesPerOrganization: 10,
  mentorsPerOrganization: 5,
  pairsPerOrganization: 3,
  programmesPerOrganization: 10,
  itemsPerProgramme: 15,
};

export interface Dataset {
  organizations: number;
  staff: number;
  users: number;
  auditRows: number;
  /** The organization the benchmark logs into. */
  organizationId: number;
  adminLogin: string;
  adminFullName: string;
  /** Users of that organization, for picking a search term. */
  organizationUserNames: string[];
  /** A methodist of that organization (the banks need `banks:read`, which the administrator lacks). */
  methodistLogin: string;
  methodistFullName: string;
  topics: number;
  consents: number;
  /** Written consents to mentoring (ст. 351.8 ТК), on paper, of most mentors in the banks. */
  mentoringConsents: number;
  revokedConsents: number;
  menteeEntries: number;
  menteeTopicRows: number;
  mentorEntries: number;
  mentorTopicRows: number;
  pairs: number;
  pairMembers: number;
  /** Approved orders (1 REGULATION + 3 ASSIGN_PAIRS per organization), their pair links and acknowledgment rows. */
  orders: number;
  orderPairs: number;
  acknowledgments: number;
  programmes: number;
  planItems: number;
  /** Stages 4 and 6: events and invitations; check-in answers, self-assessments (start and end), end-of-programme questionnaires, final assessments. */
  events: number;
  invitations: number;
  checkins: number;
  selfAssessments: number;
  monitoringAnswers: number;
  assessments: number;
  /** What the benchmarked organization's lists must show. */
  expected: {
    workingStaff: number;
    mentees: number;
    mentors: number;
    /** The topic with the most IN_BANK mentees, for the filtered list. */
    filterTopic: { id: number; name: string; inBank: number };
    pairs: number;
    orders: number;
    /** A waiting (IN_BANK, in no open pair) mentee entry with a valid consent, for its matching page. */
    matchingMentee: { id: number; name: string };
    programmes: number;
    /** Programmes being worked on with an item overdue today (in the organization's zone). */
    overdueProgrammes: number;
    /** The school year the monitoring page shows by default (the current one). */
    schoolYear: number;
    /** Pairs and groups formed (active, completed, ended early) starting in the school year: /monitoring's first figure. */
    pairsFormed: number;
    /** Members of the programmes completed this school year who sent their end-of-programme questionnaire. */
    monitoringAnswered: number;
    /** Events of the organization from today on (the calendar's list by default). */
    upcomingEvents: number;
  };
  millis: number;
}

/** mulberry32: small, fast, seeded. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Surnames in the masculine form; the feminine one is derived (Иванов → Иванова, Ковалевский → Ковалевская).
const SURNAMES = [
  'Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров',
  'Морозов', 'Волков', 'Алексеев', 'Лебедев', 'Семёнов', 'Егоров', 'Павлов', 'Козлов', 'Степанов', 'Николаев',
  'Орлов', 'Андреев', 'Макаров', 'Никитин', 'Захаров', 'Зайцев', 'Соловьёв', 'Борисов', 'Яковлев', 'Григорьев',
  'Романов', 'Воробьёв', 'Сергеев', 'Кузьмин', 'Фролов', 'Александров', 'Дмитриев', 'Королёв', 'Гусев', 'Киселёв',
  'Ильин', 'Максимов', 'Поляков', 'Сорокин', 'Виноградов', 'Ковалев', 'Белов', 'Медведев', 'Антонов', 'Тарасов',
  'Жуков', 'Баранов', 'Филиппов', 'Комаров', 'Давыдов', 'Беляев', 'Герасимов', 'Богданов', 'Осипов', 'Сидоров',
  'Матвеев', 'Титов', 'Марков', 'Миронов', 'Крылов', 'Куликов', 'Карпов', 'Власов', 'Мельников', 'Денисов',
  'Гаврилов', 'Тихонов', 'Казаков', 'Афанасьев', 'Данилов', 'Савельев', 'Тимофеев', 'Фомин', 'Чернов', 'Абрамов',
  'Ковалевский', 'Вишневский', 'Шевченко', 'Бондаренко', 'Ткаченко', 'Кравченко', 'Литвиненко', 'Гончаренко',
];
const FEMALE_NAMES = [
  'Анна', 'Мария', 'Елена', 'Ольга', 'Наталья', 'Татьяна', 'Ирина', 'Светлана', 'Екатерина', 'Юлия',
  'Людмила', 'Галина', 'Марина', 'Надежда', 'Оксана', 'Валентина', 'Любовь', 'Анастасия', 'Дарья', 'Виктория',
  'Алёна', 'Ксения', 'Евгения', 'Вера', 'Лариса', 'Нина', 'Жанна', 'Инна', 'Полина', 'Алла',
];
const MALE_NAMES = ['Александр', 'Сергей', 'Дмитрий', 'Андрей', 'Алексей', 'Михаил', 'Игорь', 'Владимир', 'Николай', 'Павел'];
// Fathers' names → patronymic stems.
const PATRONYMICS: [masc: string, fem: string][] = [
  ['Александрович', 'Александровна'], ['Сергеевич', 'Сергеевна'], ['Владимирович', 'Владимировна'],
  ['Николаевич', 'Николаевна'], ['Викторович', 'Викторовна'], ['Петрович', 'Петровна'], ['Иванович', 'Ивановна'],
  ['Юрьевич', 'Юрьевна'], ['Михайлович', 'Михайловна'], ['Анатольевич', 'Анатольевна'], ['Геннадьевич', 'Геннадьевна'],
  ['Олегович', 'Олеговна'], ['Валерьевич', 'Валерьевна'], ['Андреевич', 'Андреевна'], ['Евгеньевич', 'Евгеньевна'],
  ['Борисович', 'Борисовна'], ['Игоревич', 'Игоревна'], ['Васильевич', 'Васильевна'], ['Дмитриевич', 'Дмитриевна'],
];
const TEACHER_POSITIONS: [position: string, weight: number][] = [
  ['Воспитатель', 60],
  ['Музыкальный руководитель', 4],
  ['Инструктор по физической культуре', 3],
  ['Учитель-логопед', 4],
  ['Педагог-психолог', 3],
  ['Учитель-дефектолог', 2],
  ['Педагог дополнительного образования', 3],
];
const AGE_GROUPS = ['Первая младшая группа', 'Вторая младшая группа', 'Средняя группа', 'Старшая группа', 'Подготовительная к школе группа', 'Группа компенсирующей направленности'];
const EDUCATION = [
  'Высшее, ФГБОУ ВО «Педагогический университет», «Дошкольное образование»',
  'Среднее профессиональное, ГБПОУ «Педагогический колледж № 1», «Дошкольное образование»',
  'Высшее, «Психолого-педагогическое образование»',
  'Высшее, «Специальное (дефектологическое) образование»',
];
const CATEGORIES = ['NONE', 'CORRESPONDENCE', 'FIRST', 'FIRST', 'HIGHEST', 'HIGHEST', 'METHODIST', 'MENTOR'] as const;
const AUDIT_ACTIONS = ['auth.login', 'auth.login', 'auth.login', 'user.read', 'user.read', 'staff.read', 'user.update', 'user.create', 'organization.update', 'auth.logout'];

const TRANSLIT: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'i', к: 'k', л: 'l', м: 'm', н: 'n',
  о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y',
  ь: '', э: 'e', ю: 'iu', я: 'ia',
};
function translit(text: string): string {
  return [...text.toLowerCase()].map((c) => TRANSLIT[c] ?? c).join('');
}

function feminine(surname: string): string {
  if (/(ов|ев|ёв|ин)$/.test(surname)) return surname + 'а';
  if (surname.endsWith('ский')) return surname.slice(0, -4) + 'ская';
  return surname; // -енко does not change
}

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

interface StaffRow {
  organizationId: number;
  lastName: string;
  firstName: string;
  middleName: string;
  birthDate: string | null;
  position: string;
  hiredOn: string | null;
  experienceYears: number;
  experienceHereYears: number;
  qualificationCategory: string;
  education: string;
  ageGroup: string;
  email: string;
  phone: string;
  /** Index within the organization: 0 head, 1 senior teacher, 2 methodist, 3 administrator, then teachers. */
  index: number;
}

/** The staff index (within an organization) of the methodist the benchmark logs in as (index 1 is the senior teacher, also METHODIST). */
const METHODIST_INDEX = 2;

interface Random {
  random: () => number;
  pick: <T>(list: readonly T[]) => T;
  int: (min: number, max: number) => number;
  weighted: (list: readonly [string, number][]) => string;
  daysAgo: (days: number) => Date;
}

interface ConsentRow {
  organizationId: number;
  staffMemberId: number;
  text: string;
  textSha256: string;
  givenAt: string;
  ip: string;
  revokedAt: string | null;
  revokedById: number | null;
}

interface BankEntryRow {
  organizationId: number;
  staffMemberId: number;
  /** Indexes into DEFAULT_TOPICS (the organization's own topic ids are known only after the insert). */
  topics: number[];
  enteredAt: string;
  createdById: number;
}

interface MenteeRow extends BankEntryRow {
  category: string;
  requestText: string;
  desiredForm: string | null;
  status: string;
}

interface MentorRow extends BankEntryRow {
  motivation: string;
  availability: string;
  maxMentees: number;
  forms: string[];
  trainingStatus: string;
  status: string;
  approvedAt: string | null;
  approvedById: number | null;
}

const MENTORING_FORMS = ['TRADITIONAL', 'GROUP', 'PEER', 'HEAD_TEACHER', 'EXPERIENCED_YOUNG', 'REVERSE', 'SITUATIONAL', 'VIRTUAL', 'FLASH'] as const;
const MENTEE_CATEGORIES: [string, number][] = [
  ['NEW_EMPLOYEE', 25], ['AFTER_BREAK', 10], ['NEW_POSITION', 10], ['DIFFICULTIES', 35], ['CERTIFICATION', 20],
];
/** Entries of people with a valid consent; without one an entry is out of the bank (WITHDRAWN / LEFT). */
const MENTEE_STATUSES: [string, number][] = [['NEW', 20], ['IN_BANK', 50], ['PAIRED', 20], ['COMPLETED', 10]];
const MENTOR_STATUSES: [string, number][] = [['APPROVED', 75], ['ACTIVE', 10], ['CANDIDATE', 10], ['PAUSED', 5]];
const MENTOR_TRAINING: [string, number][] = [['TRAINED', 60], ['IN_TRAINING', 20], ['NOT_TRAINED', 20]];
const REQUESTS = [
  'Не всегда удаётся удержать внимание детей на занятии, нужна помощь в планировании.',
  'Затрудняюсь в общении с родителями, особенно в конфликтных ситуациях.',
  'Хочу научиться вести педагогическую диагностику и оформлять её результаты.',
  'Нужна помощь в подготовке к аттестации на первую категорию.',
  'Впервые работаю с ребёнком с ОВЗ, не знаю, как выстроить индивидуальный маршрут.',
  '',
];
const MOTIVATIONS = [
  'Хочу поделиться опытом с молодыми коллегами.',
  'Много лет веду методическое объединение, готова помогать новым педагогам.',
  'Наставничество помогает и мне самой расти профессионально.',
  '',
];
const AVAILABILITY = ['после 15:00 по вторникам и четвергам', 'в дневной сон детей', 'по договорённости', ''];

/** 1…max distinct topic indexes, the first topics of the list being the most asked about. */
function topicChoice(r: Random, min: number, max: number): number[] {
  const count = r.int(min, max);
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(Math.floor(r.random() ** 1.6 * DEFAULT_TOPICS.length));
  return [...chosen].sort((a, b) => a - b);
}

/**
 * The rows of stages 2–3, worked out in memory before the inserts: consents first (~consentShare of
 * the staff hold a valid one, a few more a revoked one), then the banks. Mentors are the most
 * experienced teachers, mentees a random choice among the others; an entry of someone without a
 * valid consent is out of the bank (the consent was revoked).
 */
function generateBanks(
  r: Random,
  options: DatasetOptions,
  orgIds: number[],
  shortNames: Map<number, string>,
  staff: (StaffRow & { id: number })[],
  userIdByLogin: Map<string, number>,
  users: { organizationId: number; login: string; index: number }[],
) {
  const methodistUser = new Map(users.filter((u) => u.index === METHODIST_INDEX).map((u) => [u.organizationId, userIdByLogin.get(u.login)!]));
  const userOfStaff = new Map<string, number>(users.map((u) => [`${u.organizationId}.${u.index}`, userIdByLogin.get(u.login)!]));
  const consents: ConsentRow[] = [];
  const state = new Map<number, 'valid' | 'revoked' | 'none'>();
  const consentRow = (s: StaffRow & { id: number }, revoked: boolean): ConsentRow => {
    const given = r.daysAgo(30 + r.random() * 360);
    const text =
      `Я, ${s.lastName} ${s.firstName} ${s.middleName}, в соответствии со статьёй 9 Федерального закона от 27.07.2006 № 152-ФЗ ` +
      `«О персональных данных» даю согласие ${shortNames.get(s.organizationId)} на обработку моих персональных данных в целях ` +
      `организации наставничества педагогических работников. Согласие дано в электронной форме на портале «Наставник» и ` +
      `действует до его отзыва.`;
    return {
      organizationId: s.organizationId,
      staffMemberId: s.id,
      text,
      textSha256: crypto.createHash('sha256').update(text, 'utf8').digest('hex'),
      givenAt: given.toISOString(),
      ip: `10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
      revokedAt: revoked ? new Date(given.getTime() + r.int(1, 25) * 86_400_000).toISOString() : null,
      revokedById: revoked ? (userOfStaff.get(`${s.organizationId}.${s.index}`) ?? null) : null,
    };
  };
  for (const s of staff) {
    const x = r.random();
    const kind = x < options.consentShare ? 'valid' : x < options.consentShare + 0.03 ? 'revoked' : 'none';
    state.set(s.id, kind);
    if (kind !== 'none') consents.push(consentRow(s, kind === 'revoked'));
  }
  const outOfBank = (s: StaffRow & { id: number }) => {
    if (state.get(s.id) === 'valid') return false;
    if (state.get(s.id) === 'none') {
      consents.push(consentRow(s, true));
      state.set(s.id, 'revoked');
    }
    return true;
  };

  const mentees: MenteeRow[] = [];
  const mentors: MentorRow[] = [];
  for (const organizationId of orgIds) {
    const methodist = methodistUser.get(organizationId)!;
    const teachers = staff.filter((s) => s.organizationId === organizationId && s.index > 3);
    const byExperience = [...teachers].sort((a, b) => b.experienceYears - a.experienceYears || a.index - b.index);
    const mentorStaff = byExperience.slice(0, options.mentorsPerOrganization);
    const rest = byExperience.slice(options.mentorsPerOrganization);
    for (let i = rest.length - 1; i > 0; i--) {
      const j = Math.floor(r.random() * (i + 1));
      [rest[i], rest[j]] = [rest[j]!, rest[i]!];
    }
    for (const s of rest.slice(0, options.menteesPerOrganization)) {
      const out = outOfBank(s);
      mentees.push({
        organizationId,
        staffMemberId: s.id,
        topics: topicChoice(r, 1, 3),
        enteredAt: r.daysAgo(r.random() * 400).toISOString(),
        createdById: methodist,
        category: s.experienceYears < 3 && r.random() < 0.8 ? 'YOUNG_SPECIALIST' : r.weighted(MENTEE_CATEGORIES),
        requestText: r.pick(REQUESTS),
        desiredForm: r.random() < 0.5 ? r.pick(MENTORING_FORMS) : null,
        status: out ? 'WITHDRAWN' : r.weighted(MENTEE_STATUSES),
      });
    }
    for (const s of mentorStaff) {
      const out = outOfBank(s);
      const entered = r.daysAgo(30 + r.random() * 400);
      const status = out ? 'LEFT' : r.weighted(MENTOR_STATUSES);
      const approved = status !== 'CANDIDATE';
      const forms = new Set<string>(['TRADITIONAL']);
      for (let k = r.int(0, 2); k > 0; k--) forms.add(r.pick(MENTORING_FORMS));
      mentors.push({
        organizationId,
        staffMemberId: s.id,
        topics: topicChoice(r, 2, 4),
        enteredAt: entered.toISOString(),
        createdById: methodist,
        motivation: r.pick(MOTIVATIONS),
        availability: r.pick(AVAILABILITY),
        maxMentees: r.int(2, 3),
        forms: [...forms],
        trainingStatus: r.weighted(MENTOR_TRAINING),
        status,
        approvedAt: approved ? new Date(entered.getTime() + r.int(1, 20) * 86_400_000).toISOString() : null,
        approvedById: approved ? methodist : null,
      });
    }
  }
  return { consents, mentees, mentors };
}

interface PairRow {
  id: number;
  organizationId: number;
  form: 'TRADITIONAL' | 'GROUP';
  status: 'ACTIVE' | 'PROPOSED' | 'DRAFT' | 'COMPLETED';
  requestSummary: string;
  activatedAt: string | null;
  createdById: number;
  createdAt: string;
  /** 'YYYY-MM-DD'; the current pairs run through the school year 2026/27. */
  startsOn: string;
  plannedEndOn: string;
  endedOn: string | null;
}
interface PairMemberRow {
  pairId: number;
  staffMemberId: number;
  role: 'MENTOR' | 'MENTEE';
  menteeEntryId: number | null;
  mentorEntryId: number | null;
}
interface OrderRow {
  id: number;
  organizationId: number;
  kind: 'REGULATION' | 'ASSIGN_PAIRS';
  title: string;
  preamble: string;
  points: string[];
  number: number;
  numberText: string;
  orderDate: string;
  authorId: number;
  approverId: number;
}

const PAIR_STATUSES: [string, number][] = [['ACTIVE', 70], ['PROPOSED', 15], ['DRAFT', 15]];
const ORDER_YEAR = 2026;
/** Order dates of the 1 REGULATION and 3 ASSIGN_PAIRS orders of every organization. */
const ORDER_DATES = ['2026-08-20', '2026-08-27', '2026-08-28', '2026-08-31'];

/**
 * Stages 4–5 and 1, in memory: per organization `pairsPerOrganization` pairs (a quarter of them groups
 * of two mentees) led by APPROVED mentors within their `maxMentees`; ACTIVE pairs take PAIRED mentees
 * first, DRAFT/PROPOSED ones waiting (NEW/IN_BANK) mentees. Then one approved REGULATION order and
 * three ASSIGN_PAIRS orders sharing the ACTIVE pairs, with an acknowledgment sheet (about 60 % signed).
 * Ids are given here (the tables are empty) so the join rows need no round trip.
 */
function generatePairs(
  r: Random,
  options: DatasetOptions,
  orgIds: number[],
  mentees: (MenteeRow & { entryId: number })[],
  mentors: (MentorRow & { entryId: number })[],
  userOf: (organizationId: number, index: number) => number,
  staffIdOf: (organizationId: number, index: number) => number,
) {
  const pairs: PairRow[] = [];
  const members: PairMemberRow[] = [];
  const orders: OrderRow[] = [];
  const orderPairs: { orderId: number; pairId: number }[] = [];
  const acks: { orderId: number; staffMemberId: number; acknowledgedAt: string | null }[] = [];
  const shuffle = <T>(list: T[]) => {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(r.random() * (i + 1));
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
    return list;
  };
  for (const organizationId of orgIds) {
    const methodist = userOf(organizationId, METHODIST_INDEX);
    const paired = shuffle(mentees.filter((m) => m.organizationId === organizationId && m.status === 'PAIRED'));
    const waiting = shuffle(mentees.filter((m) => m.organizationId === organizationId && (m.status === 'IN_BANK' || m.status === 'NEW')));
    const available = mentors.filter((m) => m.organizationId === organizationId && m.status === 'APPROVED');
    const load = new Map<number, number>();
    const active: PairRow[] = [];
    for (let i = 0; i < options.pairsPerOrganization && available.length; i++) {
      const status = r.weighted(PAIR_STATUSES) as PairRow['status'];
      const size = r.random() < 0.25 ? 2 : 1;
      const pool = status === 'ACTIVE' && paired.length ? paired : waiting;
      const chosen = pool.splice(0, size);
      if (!chosen.length) continue;
      const mentor = available.find((m) => (load.get(m.entryId) ?? 0) + chosen.length <= m.maxMentees) ?? available[i % available.length]!;
      load.set(mentor.entryId, (load.get(mentor.entryId) ?? 0) + chosen.length);
      const pair: PairRow = {
        id: pairs.length + 1,
        organizationId,
        form: chosen.length > 1 ? 'GROUP' : 'TRADITIONAL',
        status,
        requestSummary: chosen.map((m) => m.requestText).filter(Boolean).join(' '),
        activatedAt: status === 'ACTIVE' ? '2026-09-01T06:00:00Z' : null,
        createdById: methodist,
        createdAt: r.daysAgo(r.random() * 60).toISOString(),
        startsOn: '2026-09-01',
        plannedEndOn: '2027-05-31',
        endedOn: null,
      };
      pairs.push(pair);
      if (status === 'ACTIVE') active.push(pair);
      members.push({ pairId: pair.id, staffMemberId: mentor.staffMemberId, role: 'MENTOR', menteeEntryId: null, mentorEntryId: mentor.entryId });
      for (const m of chosen) members.push({ pairId: pair.id, staffMemberId: m.staffMemberId, role: 'MENTEE', menteeEntryId: m.entryId, mentorEntryId: null });
    }

    // Pairs of the three school years before, completed: mentors of the bank, mentees among the teachers.
    const mentorStaff = mentors.filter((m) => m.organizationId === organizationId).map((m) => m.staffMemberId);
    const past = Math.max(0, options.programmesPerOrganization - active.length);
    for (let i = 0; i < past && mentorStaff.length; i++) {
      const year = 2023 + (i % 3);
      // The last year's programmes ran over into this school year's autumn: completed in it, so the monitoring
      // page of the current year has end-of-programme questionnaires to count.
      const endsOn = i % 3 === 2 && options.extendedEndOn ? options.extendedEndOn : `${year + 1}-05-31`;
      const mentorStaffId = mentorStaff[i % mentorStaff.length]!;
      let menteeIndex = r.int(4, options.staffPerOrganization - 1);
      if (staffIdOf(organizationId, menteeIndex) === mentorStaffId) menteeIndex = menteeIndex === 4 ? 5 : 4;
      const pair: PairRow = {
        id: pairs.length + 1,
        organizationId,
        form: 'TRADITIONAL',
        status: 'COMPLETED',
        requestSummary: 'Профессиональный запрос прошлого учебного года',
        activatedAt: `${year}-09-01T06:00:00Z`,
        createdById: methodist,
        createdAt: `${year}-08-25T09:00:00Z`,
        startsOn: `${year}-09-01`,
        plannedEndOn: endsOn,
        endedOn: endsOn,
      };
      pairs.push(pair);
      members.push({ pairId: pair.id, staffMemberId: mentorStaffId, role: 'MENTOR', menteeEntryId: null, mentorEntryId: null });
      members.push({ pairId: pair.id, staffMemberId: staffIdOf(organizationId, menteeIndex), role: 'MENTEE', menteeEntryId: null, mentorEntryId: null });
    }

    const base = { organizationId, authorId: methodist, approverId: userOf(organizationId, 0) };
    const regulation: OrderRow = {
      ...base,
      id: orders.length + 1,
      kind: 'REGULATION',
      title: 'Об утверждении Положения о системе наставничества педагогических работников',
      preamble: 'В соответствии с распоряжением Минпросвещения России от 25.12.2019 № Р-145',
      points: ['Утвердить Положение о системе наставничества педагогических работников (приложение 1).', 'Утвердить дорожную карту (план мероприятий) по реализации Положения (приложение 2).', 'Контроль за исполнением приказа оставляю за собой.'],
      number: 1,
      numberText: '1-од',
      orderDate: ORDER_DATES[0]!,
    };
    orders.push(regulation);
    for (const index of [1, METHODIST_INDEX]) acks.push({ orderId: regulation.id, staffMemberId: staffIdOf(organizationId, index), acknowledgedAt: `${ORDER_DATES[0]}T12:00:00Z` });
    for (let k = 0; k < 3; k++) {
      const order: OrderRow = {
        ...base,
        id: orders.length + 1,
        kind: 'ASSIGN_PAIRS',
        title: 'О закреплении наставнических пар (групп)',
        preamble: 'В соответствии с Положением о системе наставничества педагогических работников',
        points: ['Закрепить наставнические пары (группы) согласно приложению.', 'Наставникам разработать индивидуальные планы развития до 15.09.2026.', 'Контроль за исполнением приказа возложить на методиста.'],
        number: k + 2,
        numberText: `${k + 2}-од`,
        orderDate: ORDER_DATES[k + 1]!,
      };
      orders.push(order);
      const staffIds = new Set<number>();
      for (const pair of active.filter((_, i) => i % 3 === k)) {
        orderPairs.push({ orderId: order.id, pairId: pair.id });
        for (const m of members) if (m.pairId === pair.id) staffIds.add(m.staffMemberId);
      }
      for (const staffMemberId of staffIds) acks.push({ orderId: order.id, staffMemberId, acknowledgedAt: r.random() < 0.6 ? `${order.orderDate}T13:00:00Z` : null });
    }
  }
  return { pairs, members, orders, orderPairs, acks };
}

interface ProgrammeRow {
  id: number;
  organizationId: number;
  pairId: number;
  status: 'DRAFT' | 'SUBMITTED' | 'APPROVED' | 'IN_PROGRESS' | 'COMPLETED';
  startsOn: string;
  endsOn: string;
  approvedAt: string | null;
  completedAt: string | null;
  lastActivityAt: string;
}
interface PlanItemRow {
  programmeId: number;
  section: string;
  position: number;
  activity: string;
  form: string;
  dueOn: string;
  expectedResult: string;
  responsible: string;
  status: 'PLANNED' | 'IN_PROGRESS' | 'DONE' | 'MOVED' | 'CANCELLED';
  doneOn: string | null;
}

const CURRENT_PROGRAMME_STATUSES: [string, number][] = [['IN_PROGRESS', 50], ['APPROVED', 20], ['SUBMITTED', 10], ['DRAFT', 20]];

/**
 * Stage 5, in memory: a programme for every active and every completed pair, its plan the shipped «first year»
 * template's items (15 of them, dated in the pair's term). Completed programmes are nearly all done; the current
 * ones in progress have most of their past items done, a few moved, the rest open — overdue from `today` on.
 */
function generateProgrammes(r: Random, pairs: PairRow[], itemsPerProgramme: number, today: string) {
  const programmes: ProgrammeRow[] = [];
  const items: PlanItemRow[] = [];
  for (const pair of pairs.filter((p) => p.status === 'ACTIVE' || p.status === 'COMPLETED')) {
    const status = (pair.status === 'COMPLETED' ? 'COMPLETED' : r.weighted(CURRENT_PROGRAMME_STATUSES)) as ProgrammeRow['status'];
    const approved = status !== 'DRAFT' && status !== 'SUBMITTED';
    const programme: ProgrammeRow = {
      id: programmes.length + 1,
      organizationId: pair.organizationId,
      pairId: pair.id,
      status,
      startsOn: pair.startsOn,
      endsOn: pair.plannedEndOn,
      approvedAt: approved ? `${pair.startsOn.slice(0, 4)}-09-25T09:00:00Z` : null,
      completedAt: status === 'COMPLETED' ? `${pair.plannedEndOn}T12:00:00Z` : null,
      lastActivityAt: status === 'IN_PROGRESS' ? r.daysAgo(r.random() * 40).toISOString() : `${pair.startsOn}T09:00:00Z`,
    };
    programmes.push(programme);
    for (let i = 0; i < itemsPerProgramme; i++) {
      const template = YOUNG_SPECIALIST.items[(i * 2 + pair.id) % YOUNG_SPECIALIST.items.length]!;
      const dueOn = dueOnForMonth(template.month, { startsOn: pair.startsOn, endsOn: pair.plannedEndOn });
      const roll = r.random();
      let itemStatus: PlanItemRow['status'] = 'PLANNED';
      if (status === 'COMPLETED') itemStatus = roll < 0.9 ? 'DONE' : roll < 0.95 ? 'CANCELLED' : 'PLANNED';
      else if (status === 'IN_PROGRESS' && dueOn < today) itemStatus = roll < 0.75 ? 'DONE' : roll < 0.8 ? 'MOVED' : 'PLANNED';
      else if (status === 'IN_PROGRESS') itemStatus = roll < 0.1 ? 'IN_PROGRESS' : 'PLANNED';
      items.push({
        programmeId: programme.id,
        section: template.section,
        position: (i + 1) * 10,
        activity: template.activity,
        form: template.form,
        dueOn,
        expectedResult: template.expectedResult,
        responsible: template.responsible,
        status: itemStatus,
        doneOn: itemStatus === 'DONE' ? dueOn : null,
      });
    }
  }
  return { programmes, items };
}

/** The join-table rows of freshly inserted entries (matched back by staff member: unique per organization). */
function linkTopics(entries: BankEntryRow[], inserted: { id: number; staffMemberId: number }[], topicIds: Map<number, number[]>) {
  const entryIdByStaff = new Map(inserted.map((e) => [e.staffMemberId, e.id]));
  const entryIds: number[] = [];
  const ids: number[] = [];
  for (const e of entries) {
    const own = topicIds.get(e.organizationId)!;
    for (const k of e.topics) {
      entryIds.push(entryIdByStaff.get(e.staffMemberId)!);
      ids.push(own[k]!);
    }
  }
  return { entryIds, topicIds: ids };
}

/** Fills an empty, migrated database. Password hashing is done once by the caller. */
export async function generateDataset(url: string, passwordHash: string, options: DatasetOptions = DEFAULT_DATASET): Promise<Dataset> {
  const started = Date.now();
  const random = prng(20261125);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const weighted = (list: readonly [string, number][]) => {
    const total = list.reduce((s, [, w]) => s + w, 0);
    let r = random() * total;
    for (const [value, w] of list) if ((r -= w) < 0) return value;
    return list[0]![0];
  };
  const now = Date.now();
  const daysAgo = (days: number) => new Date(now - days * 86_400_000);

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');

    // Organizations.
    const orgNumbers = Array.from({ length: options.organizations }, (_, i) => 101 + i * 3);
    const orgs = await client.query<{ id: number; slug: string }>(
      `INSERT INTO "Organization" (slug, "fullName", "shortName", address, "headName", "orderSuffix", "updatedAt")
       SELECT * , now() FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
       RETURNING id, slug`,
      [
        orgNumbers.map((n) => `ds-${n}`),
        orgNumbers.map((n) => `Муниципальное бюджетное дошкольное образовательное учреждение «Детский сад № ${n}»`),
        orgNumbers.map((n) => `МБДОУ «Детский сад № ${n}»`),
        orgNumbers.map((n) => `г. Энск, ул. ${pick(['Ленина', 'Мира', 'Садовая', 'Школьная', 'Молодёжная', 'Гагарина'])}, д. ${(n % 70) + 1}`),
        orgNumbers.map(() => ''),
        orgNumbers.map(() => '-од'),
      ],
    );
    const orgIdBySlug = new Map(orgs.rows.map((r) => [r.slug, r.id]));
    const orgIds = orgNumbers.map((n) => orgIdBySlug.get(`ds-${n}`)!);

    // Staff members.
    const staff: StaffRow[] = [];
    for (const organizationId of orgIds) {
      for (let index = 0; index < options.staffPerOrganization; index++) {
        const male = index > 3 && random() < 0.06;
        const surname = pick(SURNAMES);
        const lastName = male ? surname : feminine(surname);
        const firstName = male ? pick(MALE_NAMES) : pick(FEMALE_NAMES);
        const middleName = pick(PATRONYMICS)[male ? 0 : 1];
        const position =
          index === 0 ? 'Заведующий' : index === 1 ? 'Старший воспитатель' : index === 2 ? 'Методист' : index === 3 ? 'Заместитель заведующего' : weighted(TEACHER_POSITIONS);
        const experienceYears = int(0, 38);
        const experienceHereYears = Math.min(experienceYears, int(0, 20));
        staff.push({
          organizationId,
          lastName,
          firstName,
          middleName,
          birthDate: random() < 0.95 ? isoDate(daysAgo(int(22 * 365, 64 * 365))) : null,
          position,
          hiredOn: isoDate(daysAgo(experienceHereYears * 365 + int(0, 364))),
          experienceYears,
          experienceHereYears,
          qualificationCategory: experienceYears < 2 ? 'NONE' : pick(CATEGORIES),
          education: pick(EDUCATION),
          ageGroup: position === 'Воспитатель' ? pick(AGE_GROUPS) : '',
          email: `${translit(lastName)}.${translit(firstName[0]!)}${translit(middleName[0]!)}.${organizationId}.${index}@ds.example.ru`,
          phone: `+7 9${int(10, 99)} ${int(100, 999)}-${int(10, 99)}-${int(10, 99)}`,
          index,
        });
      }
    }
    const col = <K extends keyof StaffRow>(key: K) => staff.map((s) => s[key]);
    const insertedStaff = await client.query<{ id: number; email: string }>(
      `INSERT INTO "StaffMember" ("organizationId", "lastName", "firstName", "middleName", "birthDate", position, "hiredOn",
         "experienceYears", "experienceHereYears", "qualificationCategory", education, "ageGroup", email, phone, "updatedAt")
       SELECT *, now() FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::date[], $6::text[], $7::date[],
         $8::int[], $9::int[], $10::"QualificationCategory"[], $11::text[], $12::text[], $13::text[], $14::text[])
       RETURNING id, email`,
      [
        col('organizationId'), col('lastName'), col('firstName'), col('middleName'), col('birthDate'), col('position'), col('hiredOn'),
        col('experienceYears'), col('experienceHereYears'), col('qualificationCategory'), col('education'), col('ageGroup'), col('email'), col('phone'),
      ],
    );
    const staffIdByEmail = new Map(insertedStaff.rows.map((r) => [r.email, r.id]));
    // Everyone reports to the head of their kindergarten.
    await client.query(
      `UPDATE "StaffMember" s SET "lineManagerId" = h.id
       FROM "StaffMember" h WHERE h."organizationId" = s."organizationId" AND h.position = 'Заведующий' AND s.id <> h.id`,
    );

    // User accounts, one per staff member: 1 head, 2 methodists, 1 administrator, the rest teachers.
    const users = staff.map((s) => {
      const role = s.index === 0 ? 'HEAD' : s.index <= 2 ? 'METHODIST' : s.index === 3 ? 'ADMIN' : 'TEACHER';
      const login = role === 'ADMIN' ? `admin.${s.organizationId}` : `${translit(s.lastName)}.${translit(s.firstName[0]!)}${translit(s.middleName[0]!)}.${s.organizationId}.${s.index}`;
      return {
        organizationId: s.organizationId,
        login,
        role,
        fullName: `${s.lastName} ${s.firstName} ${s.middleName}`,
        active: role !== 'TEACHER' || random() > 0.04,
        lastLoginAt: random() < 0.7 ? daysAgo(random() * 60).toISOString() : null,
        staffMemberId: staffIdByEmail.get(s.email)!,
        index: s.index,
      };
    });
    const ucol = <K extends keyof (typeof users)[number]>(key: K) => users.map((u) => u[key]);
    const insertedUsers = await client.query<{ id: number; organizationId: number; login: string }>(
      `INSERT INTO "User" ("organizationId", login, "passwordHash", role, "fullName", active, "lastLoginAt", "staffMemberId", "updatedAt")
       SELECT o, l, $3, r, f, a, t, s, now()
       FROM unnest($1::int[], $2::text[], $4::"Role"[], $5::text[], $6::bool[], $7::timestamptz[], $8::int[]) AS u(o, l, r, f, a, t, s)
       RETURNING id, "organizationId", login`,
      [ucol('organizationId'), ucol('login'), passwordHash, ucol('role'), ucol('fullName'), ucol('active'), ucol('lastLoginAt'), ucol('staffMemberId')],
    );
    const userIdsByOrg = new Map<number, number[]>();
    for (const u of insertedUsers.rows) (userIdsByOrg.get(u.organizationId) ?? userIdsByOrg.set(u.organizationId, []).get(u.organizationId)!).push(u.id);

    // Audit trail.
    const audit = Array.from({ length: options.auditRows }, () => {
      const organizationId = pick(orgIds);
      const userId = pick(userIdsByOrg.get(organizationId)!);
      const action = pick(AUDIT_ACTIONS);
      const entity = action.startsWith('user.') ? 'User' : action.startsWith('staff.') ? 'StaffMember' : action.startsWith('organization') ? 'Organization' : action === 'auth.login' ? 'User' : '';
      return {
        organizationId,
        userId,
        action,
        entityType: entity,
        entityId: entity ? String(entity === 'Organization' ? organizationId : pick(userIdsByOrg.get(organizationId)!)) : '',
        details: action === 'user.update' ? JSON.stringify({ changed: ['fullName'] }) : null,
        ip: `10.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`,
        requestId: crypto.randomUUID(),
        createdAt: daysAgo(random() * 90).toISOString(),
      };
    });
    const acol = <K extends keyof (typeof audit)[number]>(key: K) => audit.map((a) => a[key]);
    await client.query(
      `INSERT INTO "AuditLog" ("organizationId", "userId", action, "entityType", "entityId", details, ip, "requestId", "createdAt")
       SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::text[], $8::text[], $9::timestamptz[])`,
      [acol('organizationId'), acol('userId'), acol('action'), acol('entityType'), acol('entityId'), acol('details'), acol('ip'), acol('requestId'), acol('createdAt')],
    );

    // ---- Stages 2–3: request topics, personal-data consents, the mentee and mentor banks. ----
    const bank = generateBanks(
      { random, pick, int, weighted, daysAgo },
      options,
      orgIds,
      new Map(orgNumbers.map((n, i) => [orgIds[i]!, `МБДОУ «Детский сад № ${n}»`])),
      staff.map((s) => ({ ...s, id: staffIdByEmail.get(s.email)! })),
      new Map(insertedUsers.rows.map((u) => [u.login, u.id])),
      users,
    );

    // Topics: the default list of every organization (as ensureDefaultTopics would create it).
    const topicRows = await client.query<{ id: number; organizationId: number; sortOrder: number }>(
      `INSERT INTO "Topic" ("organizationId", name, framework, "sortOrder")
       SELECT o.id, t.name, t.framework, t.n * 10
       FROM unnest($1::int[]) AS o(id) CROSS JOIN unnest($2::text[], $3::text[]) WITH ORDINALITY AS t(name, framework, n)
       RETURNING id, "organizationId", "sortOrder"`,
      [orgIds, DEFAULT_TOPICS.map((t) => t.name), DEFAULT_TOPICS.map((t) => t.framework)],
    );
    // topicIds.get(org)[k] = the k-th default topic of that organization.
    const topicIds = new Map<number, number[]>();
    for (const t of topicRows.rows) (topicIds.get(t.organizationId) ?? topicIds.set(t.organizationId, []).get(t.organizationId)!)[t.sortOrder / 10 - 1] = t.id;

    // One personal-data consent template (version 1, the shipped text) per organization.
    const template = DEFAULT_TEMPLATES.PERSONAL_DATA;
    const templateRows = await client.query<{ id: number; organizationId: number }>(
      `INSERT INTO "ConsentTemplate" ("organizationId", kind, version, title, body, "createdAt")
       SELECT o, 'PERSONAL_DATA', 1, $2, $3, $4 FROM unnest($1::int[]) AS o
       RETURNING id, "organizationId"`,
      [orgIds, template.title, template.body, daysAgo(420).toISOString()],
    );
    const templateIdByOrg = new Map(templateRows.rows.map((r) => [r.organizationId, r.id]));

    const c = bank.consents;
    await client.query(
      `INSERT INTO "Consent" ("organizationId", "staffMemberId", kind, "templateId", text, "textSha256", method, "givenAt", ip, "userAgent",
         "revokedAt", "revokeReason", "revokedById", "createdAt")
       SELECT o, s, 'PERSONAL_DATA', t, x, h, 'ELECTRONIC', g, i, $9, r, rr, rb, g
       FROM unnest($1::int[], $2::int[], $3::int[], $4::text[], $5::text[], $6::timestamptz[], $7::text[], $8::timestamptz[], $10::text[], $11::int[])
         AS c(o, s, t, x, h, g, i, r, rr, rb)`,
      [
        c.map((r) => r.organizationId), c.map((r) => r.staffMemberId), c.map((r) => templateIdByOrg.get(r.organizationId)!), c.map((r) => r.text),
        c.map((r) => r.textSha256), c.map((r) => r.givenAt), c.map((r) => r.ip), c.map((r) => r.revokedAt),
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
        c.map((r) => (r.revokedAt ? 'Отзыв согласия по заявлению работника' : '')), c.map((r) => r.revokedById),
      ],
    );

    const me = bank.mentees;
    const menteeRows = await client.query<{ id: number; staffMemberId: number }>(
      `INSERT INTO "MenteeEntry" ("organizationId", "staffMemberId", "schoolYear", category, "requestText", "desiredForm", status, "enteredAt", "createdById", "createdAt", "updatedAt")
       SELECT o, s, EXTRACT(YEAR FROM (e AT TIME ZONE 'Europe/Moscow') - interval '8 months')::int, c, r, f, st, e, u, e, e
       FROM unnest($1::int[], $2::int[], $3::"MenteeCategory"[], $4::text[], $5::"MentoringForm"[], $6::"MenteeStatus"[], $7::timestamptz[], $8::int[])
         AS m(o, s, c, r, f, st, e, u)
       RETURNING id, "staffMemberId"`,
      [
        me.map((m) => m.organizationId), me.map((m) => m.staffMemberId), me.map((m) => m.category), me.map((m) => m.requestText),
        me.map((m) => m.desiredForm), me.map((m) => m.status), me.map((m) => m.enteredAt), me.map((m) => m.createdById),
      ],
    );
    const menteeLinks = linkTopics(me, menteeRows.rows, topicIds);
    // Child rows carry the organization of their parent (composite foreign keys).
    await client.query(
      `INSERT INTO "MenteeEntryTopic" ("organizationId", "entryId", "topicId")
       SELECT e."organizationId", x.entry, x.topic FROM unnest($1::int[], $2::int[]) AS x(entry, topic) JOIN "MenteeEntry" e ON e.id = x.entry`,
      [menteeLinks.entryIds, menteeLinks.topicIds],
    );

    const mo = bank.mentors;
    const mentorRows = await client.query<{ id: number; staffMemberId: number }>(
      `INSERT INTO "MentorEntry" ("organizationId", "staffMemberId", motivation, availability, "maxMentees", forms, "trainingStatus", status,
         "enteredAt", "approvedAt", "approvedById", "createdById", "createdAt", "updatedAt")
       SELECT o, s, mv, av, mx, f::"MentoringForm"[], t, st, e, ap, ab, u, e, e
       FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::int[], $6::text[], $7::"MentorTraining"[], $8::"MentorStatus"[],
         $9::timestamptz[], $10::timestamptz[], $11::int[], $12::int[]) AS m(o, s, mv, av, mx, f, t, st, e, ap, ab, u)
       RETURNING id, "staffMemberId"`,
      [
        mo.map((m) => m.organizationId), mo.map((m) => m.staffMemberId), mo.map((m) => m.motivation), mo.map((m) => m.availability),
        mo.map((m) => m.maxMentees), mo.map((m) => `{${m.forms.join(',')}}`), mo.map((m) => m.trainingStatus), mo.map((m) => m.status),
        mo.map((m) => m.enteredAt), mo.map((m) => m.approvedAt), mo.map((m) => m.approvedById), mo.map((m) => m.createdById),
      ],
    );
    const mentorLinks = linkTopics(mo, mentorRows.rows, topicIds);
    await client.query(
      `INSERT INTO "MentorEntryTopic" ("organizationId", "entryId", "topicId")
       SELECT e."organizationId", x.entry, x.topic FROM unnest($1::int[], $2::int[]) AS x(entry, topic) JOIN "MentorEntry" e ON e.id = x.entry`,
      [mentorLinks.entryIds, mentorLinks.topicIds],
    );

    // ---- Stages 4–5 and 1: pairs and groups, approved orders, acknowledgment sheets. ----
    const menteeEntryIdByStaff = new Map(menteeRows.rows.map((e) => [e.staffMemberId, e.id]));
    const mentorEntryIdByStaff = new Map(mentorRows.rows.map((e) => [e.staffMemberId, e.id]));
    const userIdByLogin = new Map(insertedUsers.rows.map((u) => [u.login, u.id]));
    const userByPlace = new Map(users.map((u) => [`${u.organizationId}.${u.index}`, userIdByLogin.get(u.login)!]));
    const staffByPlace = new Map(staff.map((s) => [`${s.organizationId}.${s.index}`, staffIdByEmail.get(s.email)!]));
    // Today in the organizations' zone; the last year's programmes end on 30 October of this school year (or its
    // first day, when the data set is made before that).
    const today = todayIn('Europe/Moscow');
    const currentYear = schoolYearOf(today);
    const extendedEndOn = `${currentYear}-10-30` < today ? `${currentYear}-10-30` : `${currentYear}-09-01`;
    const plan = generatePairs(
      { random, pick, int, weighted, daysAgo },
      { ...options, extendedEndOn },
      orgIds,
      bank.mentees.map((m) => ({ ...m, entryId: menteeEntryIdByStaff.get(m.staffMemberId)! })),
      bank.mentors.map((m) => ({ ...m, entryId: mentorEntryIdByStaff.get(m.staffMemberId)! })),
      (o, i) => userByPlace.get(`${o}.${i}`)!,
      (o, i) => staffByPlace.get(`${o}.${i}`)!,
    );
    const pa = plan.pairs;
    await client.query(
      `INSERT INTO "Pair" (id, "organizationId", form, status, "startsOn", "plannedEndOn", "endedOn", "requestSummary", "activatedAt", "createdById", "createdAt", "updatedAt")
       SELECT i, o, f, st, s, e, en, rs, a, u, c, c
       FROM unnest($1::int[], $2::int[], $3::"MentoringForm"[], $4::"PairStatus"[], $5::text[], $6::timestamptz[], $7::int[], $8::timestamptz[],
         $9::date[], $10::date[], $11::date[])
         AS p(i, o, f, st, rs, a, u, c, s, e, en)`,
      [pa.map((p) => p.id), pa.map((p) => p.organizationId), pa.map((p) => p.form), pa.map((p) => p.status), pa.map((p) => p.requestSummary),
        pa.map((p) => p.activatedAt), pa.map((p) => p.createdById), pa.map((p) => p.createdAt), pa.map((p) => p.startsOn), pa.map((p) => p.plannedEndOn),
        pa.map((p) => p.endedOn)],
    );
    const pm = plan.members;
    await client.query(
      `INSERT INTO "PairMember" ("organizationId", "pairId", "staffMemberId", role, "menteeEntryId", "mentorEntryId")
       SELECT p."organizationId", x.* FROM unnest($1::int[], $2::int[], $3::"PairRole"[], $4::int[], $5::int[]) AS x(pair, staff, role, mentee, mentor)
       JOIN "Pair" p ON p.id = x.pair`,
      [pm.map((m) => m.pairId), pm.map((m) => m.staffMemberId), pm.map((m) => m.role), pm.map((m) => m.menteeEntryId), pm.map((m) => m.mentorEntryId)],
    );
    // The written consent to mentoring (ТК РФ ст. 351.8), as a kindergarten keeps it: signed on paper and recorded
    // by the methodist, by every mentor who leads a pair and by most of the others in the bank (a candidate often
    // has not signed yet); someone out of the bank (no personal-data consent) has none. Drawn from a PRNG of its
    // own, so that the rest of the data set stays what it was. Without these no mentor is available and the
    // matching pages rank nobody.
    const mentoringRandom = prng(20261201);
    const leading = new Set(plan.members.filter((m) => m.role === 'MENTOR').map((m) => m.staffMemberId));
    const staffById = new Map(staff.map((s) => [staffIdByEmail.get(s.email)!, s]));
    const methodistUserOf = (o: number) => userByPlace.get(`${o}.${METHODIST_INDEX}`)!;
    const mentoringTemplates = await client.query<{ id: number; organizationId: number }>(
      `INSERT INTO "ConsentTemplate" ("organizationId", kind, version, title, body, "createdAt")
       SELECT o, 'MENTORING', 1, $2, $3, $4 FROM unnest($1::int[]) AS o
       RETURNING id, "organizationId"`,
      [orgIds, DEFAULT_TEMPLATES.MENTORING.title, DEFAULT_TEMPLATES.MENTORING.body, daysAgo(420).toISOString()],
    );
    const mentoringTemplateOf = new Map(mentoringTemplates.rows.map((t) => [t.organizationId, t.id]));
    const signed = bank.mentors.filter(
      (m) => m.status !== 'LEFT' && (leading.has(m.staffMemberId) || mentoringRandom() < (m.status === 'CANDIDATE' ? 0.4 : 0.8)),
    );
    const mentoringConsents = signed.map((m) => {
      const s = staffById.get(m.staffMemberId)!;
      const text =
        `Я, ${s.lastName} ${s.firstName} ${s.middleName}, в соответствии со статьёй 351.8 Трудового кодекса Российской Федерации ` +
        `даю работодателю письменное согласие на осуществление наставнической деятельности.`;
      return { ...m, text, textSha256: crypto.createHash('sha256').update(text, 'utf8').digest('hex'), givenAt: m.approvedAt ?? m.enteredAt };
    });
    await client.query(
      `INSERT INTO "Consent" ("organizationId", "staffMemberId", kind, "templateId", text, "textSha256", method, "givenAt", "recordedById", "createdAt")
       SELECT o, s, 'MENTORING', t, x, h, 'PAPER_SCAN', g, r, g
       FROM unnest($1::int[], $2::int[], $3::int[], $4::text[], $5::text[], $6::timestamptz[], $7::int[]) AS c(o, s, t, x, h, g, r)`,
      [
        mentoringConsents.map((c) => c.organizationId), mentoringConsents.map((c) => c.staffMemberId),
        mentoringConsents.map((c) => mentoringTemplateOf.get(c.organizationId)!), mentoringConsents.map((c) => c.text),
        mentoringConsents.map((c) => c.textSha256), mentoringConsents.map((c) => c.givenAt), mentoringConsents.map((c) => methodistUserOf(c.organizationId)),
      ],
    );

    const or = plan.orders;
    await client.query(
      `INSERT INTO "Order" (id, "organizationId", kind, status, title, preamble, points, appendices, number, "numberYear", "numberText", "orderDate",
         "authorId", "submittedAt", "approverId", "approvedAt", "createdAt", "updatedAt")
       SELECT i, o, k, 'APPROVED', t, pr, pt, '[]', n, ${ORDER_YEAR}, nt, d, au, d - interval '1 day' + interval '9 hours', ap, d + interval '10 hours',
         d - interval '2 days', d + interval '10 hours'
       FROM unnest($1::int[], $2::int[], $3::"OrderKind"[], $4::text[], $5::text[], $6::jsonb[], $7::int[], $8::text[], $9::date[], $10::int[], $11::int[])
         AS x(i, o, k, t, pr, pt, n, nt, d, au, ap)`,
      [or.map((x) => x.id), or.map((x) => x.organizationId), or.map((x) => x.kind), or.map((x) => x.title), or.map((x) => x.preamble),
        or.map((x) => JSON.stringify(x.points)), or.map((x) => x.number), or.map((x) => x.numberText), or.map((x) => x.orderDate),
        or.map((x) => x.authorId), or.map((x) => x.approverId)],
    );
    await client.query(
      `SELECT setval(pg_get_serial_sequence('"Pair"', 'id'), $1), setval(pg_get_serial_sequence('"Order"', 'id'), $2)`,
      [pa.length, or.length],
    );
    // The next approval of the year continues the numbering.
    await client.query(
      `INSERT INTO "OrderNumberCounter" ("organizationId", year, "lastNumber") SELECT o, ${ORDER_YEAR}, max(n) FROM unnest($1::int[], $2::int[]) AS x(o, n) GROUP BY o`,
      [or.map((x) => x.organizationId), or.map((x) => x.number)],
    );
    await client.query(`INSERT INTO "OrderPair" ("organizationId", "orderId", "pairId") SELECT o."organizationId", x.* FROM unnest($1::int[], $2::int[]) AS x(ord, pair) JOIN "Order" o ON o.id = x.ord`, [
      plan.orderPairs.map((x) => x.orderId), plan.orderPairs.map((x) => x.pairId),
    ]);
    await client.query(
      `INSERT INTO "OrderAcknowledgment" ("organizationId", "orderId", "staffMemberId", "acknowledgedAt")
       SELECT o."organizationId", x.* FROM unnest($1::int[], $2::int[], $3::timestamptz[]) AS x(ord, staff, at) JOIN "Order" o ON o.id = x.ord`,
      [plan.acks.map((x) => x.orderId), plan.acks.map((x) => x.staffMemberId), plan.acks.map((x) => x.acknowledgedAt)],
    );

    // ---- Stage 5: programmes and their plans. ----
    const stage5 = generateProgrammes({ random, pick, int, weighted, daysAgo }, plan.pairs, options.itemsPerProgramme, today);
    const pg5 = stage5.programmes;
    await client.query(
      `INSERT INTO "Programme" (id, "organizationId", "pairId", title, goal, tasks, request, "expectedResults", "startsOn", "endsOn", status, "templateTitle",
         "submittedAt", "approvedAt", "completedAt", "lastActivityAt", "createdAt", "updatedAt")
       SELECT i, o, p, $10, $11, $12, 'Профессиональный запрос наставляемого', $13, s, e, st, $10,
         CASE WHEN st = 'DRAFT' THEN NULL ELSE s + interval '20 days' END, ap, cp, la, s, la
       FROM unnest($1::int[], $2::int[], $3::int[], $4::date[], $5::date[], $6::"ProgrammeStatus"[], $7::timestamptz[], $8::timestamptz[], $9::timestamptz[])
         AS x(i, o, p, s, e, st, ap, cp, la)`,
      [pg5.map((x) => x.id), pg5.map((x) => x.organizationId), pg5.map((x) => x.pairId), pg5.map((x) => x.startsOn), pg5.map((x) => x.endsOn),
        pg5.map((x) => x.status), pg5.map((x) => x.approvedAt), pg5.map((x) => x.completedAt), pg5.map((x) => x.lastActivityAt),
        YOUNG_SPECIALIST.title, YOUNG_SPECIALIST.goal, YOUNG_SPECIALIST.tasks, YOUNG_SPECIALIST.expectedResults],
    );
    await client.query(`SELECT setval(pg_get_serial_sequence('"Programme"', 'id'), $1)`, [pg5.length]);
    const it = stage5.items;
    await client.query(
      `INSERT INTO "PlanItem" ("organizationId", "programmeId", section, position, activity, form, "dueOn", "expectedResult", responsible, status, "doneOn", "updatedAt")
       SELECT p."organizationId", x.pr, x.se, x.po, x.ac, x.fo, x.du, x.er, x.re, x.st, x.dn, now()
       FROM unnest($1::int[], $2::text[], $3::int[], $4::text[], $5::text[], $6::date[], $7::text[], $8::"PlanResponsible"[], $9::"PlanItemStatus"[], $10::date[])
         AS x(pr, se, po, ac, fo, du, er, re, st, dn)
       JOIN "Programme" p ON p.id = x.pr`,
      [it.map((x) => x.programmeId), it.map((x) => x.section), it.map((x) => x.position), it.map((x) => x.activity), it.map((x) => x.form),
        it.map((x) => x.dueOn), it.map((x) => x.expectedResult), it.map((x) => x.responsible), it.map((x) => x.status), it.map((x) => x.doneOn)],
    );


    // Stage 6, monitoring: per organization the check-in questionnaire and the four end-of-programme forms
    // (mentor, mentee, curator, self-assessment), each made as the portal makes them on first use (templateKey,
    // PUBLISHED, version 1 with the shipped questions). Answers: two check-ins («Как идёт работа в паре?», day 30
    // and day 90) from both members of every active pair; the self-assessment at the start of every approved
    // programme and at the end of every completed one (a point or two higher); for the programmes completed in
    // this school year, the mentor's and mentee's questionnaire (~85 % answered) and the curator's (the methodist);
    // each member's final assessment of a completed programme.
    const forms: { key: string; title: string; audience: string; questions: unknown }[] = [
      { key: CHECKIN_TEMPLATE_KEY, title: CHECKIN_TITLE, audience: 'MENTOR_MONITORING', questions: CHECKIN_QUESTIONS },
      ...[MENTOR_MONITORING, MENTEE_MONITORING, CURATOR_MONITORING, SELF_ASSESSMENT].map((t) => ({ key: t.key, title: t.title, audience: t.audience, questions: t.questions })),
    ];
    // (A data-modifying CTE cannot update the rows it inserts: three statements.)
    await client.query(
      `INSERT INTO "Questionnaire" ("organizationId", title, audience, status, "templateKey", "updatedAt")
       SELECT o, f.title, f.audience::"QuestionnaireAudience", 'PUBLISHED', f.key, now()
         FROM unnest($1::int[]) AS o, unnest($2::text[], $3::text[], $4::text[]) AS f(key, title, audience)`,
      [orgIds, forms.map((f) => f.key), forms.map((f) => f.title), forms.map((f) => f.audience)],
    );
    await client.query(
      `INSERT INTO "QuestionnaireVersion" ("questionnaireId", number, questions)
       SELECT q.id, 1, f.questions FROM "Questionnaire" q JOIN unnest($2::text[], $3::jsonb[]) AS f(key, questions) ON f.key = q."templateKey"
        WHERE q."organizationId" = ANY($1::int[])`,
      [orgIds, forms.map((f) => f.key), forms.map((f) => JSON.stringify(f.questions))],
    );
    await client.query(
      `UPDATE "Questionnaire" q SET "currentVersionId" = v.id FROM "QuestionnaireVersion" v
        WHERE v."questionnaireId" = q.id AND q."organizationId" = ANY($1::int[]) AND q."templateKey" = ANY($2::text[])`,
      [orgIds, forms.map((f) => f.key)],
    );
    const competencies = COMPETENCIES.map((c) => c.key);
    const respond = (select: string, values: unknown[]) =>
      client.query(
        `INSERT INTO "QuestionnaireResponse" ("organizationId", "questionnaireId", "versionId", "staffMemberId", "subjectType", "subjectId", occasion, status, answers, "submittedAt", "updatedAt")
         SELECT r.org, q.id, q."currentVersionId", r.staff, r.subject::"ResponseSubject", r.subject_id, r.occasion, 'SUBMITTED', r.answers, r.at, r.at
           FROM (${select}) r JOIN "Questionnaire" q ON q."organizationId" = r.org AND q."templateKey" = r.template`,
        values,
      );
    // Check-ins of the active pairs (day 30 and day 90 of the pair, when already past).
    await respond(
      `SELECT m."organizationId" AS org, m."staffMemberId" AS staff, 'PAIR' AS subject, p.id AS subject_id, 'checkin-' || n AS occasion, $2::text AS template,
              jsonb_build_object('score', 4 + (m."staffMemberId" * 7 + n) % 7, 'meetings', 'weekly') AS answers,
              (p."startsOn" + (CASE n WHEN 1 THEN 30 ELSE 90 END) + 1)::timestamp + time '12:00' AS at
         FROM "Pair" p JOIN "PairMember" m ON m."organizationId" = p."organizationId" AND m."pairId" = p.id, generate_series(1, 2) AS n
        WHERE p."organizationId" = ANY($1::int[]) AND p.status = 'ACTIVE' AND p."startsOn" + (CASE n WHEN 1 THEN 30 ELSE 90 END) < $3::date`,
      [orgIds, CHECKIN_TEMPLATE_KEY, today],
    );
    // Self-assessment at the start (approved programmes) and at the end (completed ones).
    await respond(
      `SELECT m."organizationId" AS org, m."staffMemberId" AS staff, 'PROGRAMME' AS subject, pr.id AS subject_id, occ.occasion, $2::text AS template,
              (SELECT jsonb_object_agg(k, LEAST(10, 3 + (m."staffMemberId" + length(k)) % 5 + occ.bonus + (pr.id + length(k)) % 2)) FROM unnest($3::text[]) AS k) AS answers,
              CASE occ.occasion WHEN 'start' THEN pr."approvedAt" ELSE pr."completedAt" END AS at
         FROM "Programme" pr JOIN "PairMember" m ON m."organizationId" = pr."organizationId" AND m."pairId" = pr."pairId" AND m.role = 'MENTEE',
              LATERAL (VALUES ('start', 0), ('end', 2)) AS occ(occasion, bonus)
        WHERE pr."organizationId" = ANY($1::int[]) AND pr.status IN ('APPROVED', 'IN_PROGRESS', 'COMPLETED')
          AND (occ.occasion = 'start' OR pr.status = 'COMPLETED')`,
      [orgIds, SELF_ASSESSMENT.key, competencies],
    );
    // The end-of-programme questionnaires of the programmes completed in this school year.
    await respond(
      `SELECT m."organizationId" AS org, m."staffMemberId" AS staff, 'PROGRAMME' AS subject, pr.id AS subject_id, '' AS occasion,
              (CASE m.role WHEN 'MENTOR' THEN $2 ELSE $3 END)::text AS template,
              jsonb_build_object('satisfaction', 6 + (m."staffMemberId" + pr.id) % 5, 'support', 7 + m."staffMemberId" % 4, 'helped', 'Регулярные встречи и разбор занятий.',
                                 'difficulties', 'Нехватка времени.', 'change', 'Больше открытых занятий.', 'continue', (m."staffMemberId" % 4 <> 0)) AS answers,
              pr."completedAt" + interval '2 days' AS at
         FROM "Programme" pr JOIN "PairMember" m ON m."organizationId" = pr."organizationId" AND m."pairId" = pr."pairId"
        WHERE pr."organizationId" = ANY($1::int[]) AND pr.status = 'COMPLETED' AND pr."completedAt" >= $4::date AND (m."staffMemberId" + pr.id) % 7 <> 0
       UNION ALL
       SELECT pr."organizationId", s.id, 'PROGRAMME', pr.id, '', $5::text,
              jsonb_build_object('organisation', 7 + pr.id % 4, 'strengths', 'Опытные наставники.', 'weaknesses', 'Мало времени на встречи.',
                                 'opportunities', 'Сетевое взаимодействие.', 'threats', 'Текучесть кадров.'),
              pr."completedAt" + interval '3 days'
         FROM "Programme" pr JOIN "StaffMember" s ON s."organizationId" = pr."organizationId" AND s.position = 'Методист'
        WHERE pr."organizationId" = ANY($1::int[]) AND pr.status = 'COMPLETED' AND pr."completedAt" >= $4::date`,
      [orgIds, MENTOR_MONITORING.key, MENTEE_MONITORING.key, `${currentYear}-09-01`, CURATOR_MONITORING.key],
    );
    await client.query(
      `INSERT INTO "ProgrammeAssessment" ("organizationId", "programmeId", "staffMemberId", role, score, text, "updatedAt")
       SELECT pr."organizationId", pr.id, m."staffMemberId", m.role, 6 + (m."staffMemberId" + pr.id) % 5, 'Запрос решён, результаты достигнуты.', pr."completedAt"
         FROM "Programme" pr JOIN "PairMember" m ON m."organizationId" = pr."organizationId" AND m."pairId" = pr."pairId"
        WHERE pr."organizationId" = ANY($1::int[]) AND pr.status = 'COMPLETED'`,
      [orgIds],
    );

    // Stages 6–7: a distribution consent (ст. 10.1) for every second staff member, a collection of 200 materials
    // per organization (half marked public; one or two authors — so some public ones lack an author's consent and
    // must stay off the public page) and 60 published news items, two people named in each.
    await client.query(
      `INSERT INTO "ConsentTemplate" ("organizationId", kind, version, title, body, "createdAt")
       SELECT o, 'DISTRIBUTION', 1, 'Согласие на распространение', 'Я, {{person.fullName}}, даю согласие.', now() FROM unnest($1::int[]) AS o`,
      [orgIds],
    );
    await client.query(
      `INSERT INTO "Consent" ("organizationId", "staffMemberId", kind, "templateId", text, "textSha256", method, "givenAt", ip, "createdAt")
       SELECT s."organizationId", s.id, 'DISTRIBUTION', t.id, 'согласие ' || s.id, md5(s.id::text), 'ELECTRONIC', now() - interval '300 days', '127.0.0.1', now()
       FROM "StaffMember" s JOIN "ConsentTemplate" t ON t."organizationId" = s."organizationId" AND t.kind = 'DISTRIBUTION'
       WHERE s."organizationId" = ANY($1::int[]) AND s.id % 2 = 0`,
      [orgIds],
    );
    await client.query(
      `INSERT INTO "CollectionItem" ("organizationId", title, kind, description, visibility, best, "updatedAt")
       SELECT o, (ARRAY['Памятка наставнику', 'Конспект занятия', 'Презентация для педагогов', 'Практика наставничества', 'Методические рекомендации'])[1 + g % 5]
                 || ' № ' || g || ': ' || (ARRAY['развитие речи', 'игровые технологии', 'работа с семьями', 'адаптация молодого педагога', 'развивающая среда', 'здоровьесбережение'])[1 + g % 6],
              (ARRAY['METHODICAL', 'LESSON_NOTES', 'PRESENTATION', 'BEST_PRACTICE', 'METHODICAL'])[1 + g % 5]::"CollectionKind",
              'Материал для молодых педагогов и их наставников: описание, цели, ход работы, результаты.',
              (CASE WHEN g % 2 = 0 THEN 'PUBLIC' ELSE 'INTERNAL' END)::"CollectionVisibility", g % 10 = 0, now() - (g || ' days')::interval
       FROM unnest($1::int[]) AS o, generate_series(1, 200) AS g`,
      [orgIds],
    );
    await client.query(
      `INSERT INTO "CollectionItemAuthor" ("organizationId", "itemId", "staffMemberId")
       SELECT i."organizationId", i.id, a.id FROM "CollectionItem" i
       JOIN LATERAL (SELECT s.id FROM "StaffMember" s WHERE s."organizationId" = i."organizationId"
                     ORDER BY (s.id * 31 + i.id * 17) % 97, s.id LIMIT (1 + i.id % 2)) a ON true
       WHERE i."organizationId" = ANY($1::int[])`,
      [orgIds],
    );
    await client.query(
      `INSERT INTO "NewsPost" ("organizationId", title, source, html, stage, status, "publishedAt", "createdAt", "updatedAt")
       SELECT o, 'Новости наставничества № ' || g, 'Текст новости ' || g,
              '<p>Педагоги детского сада провели <strong>открытое занятие</strong> № ' || g || '.</p><ul><li>наставники</li><li>молодые педагоги</li></ul>',
              1 + g % 7, 'PUBLISHED', now() - (g * 5 || ' days')::interval, now() - (g * 5 || ' days')::interval, now() - (g * 5 || ' days')::interval
       FROM unnest($1::int[]) AS o, generate_series(1, 60) AS g`,
      [orgIds],
    );
    await client.query(
      `INSERT INTO "NewsPerson" ("organizationId", "newsId", "staffMemberId")
       SELECT n."organizationId", n.id, p.id FROM "NewsPost" n
       JOIN LATERAL (SELECT s.id FROM "StaffMember" s WHERE s."organizationId" = n."organizationId" ORDER BY (s.id * 13 + n.id * 7) % 89, s.id LIMIT 2) p ON true
       WHERE n."organizationId" = ANY($1::int[])`,
      [orgIds],
    );

    // Stages 4 and 6: a school year of events per organization — 2 set-up sessions for the mentors, consultations,
    // exchanges of experience, seminars and the final round table, one every 11 days from 1 September (10:00 UTC);
    // those already past are held. Set-up sessions invite the mentor bank, the others every second staff member;
    // replies and, for held events, attendance (~80 %). The mentors' training status is then what the rule gives:
    // the random «hand-set» status becomes the sessions attended before the portal (as the migration does) plus
    // those attended here.
    const schoolYearStart = `${schoolYearOf(todayIn('Europe/Moscow'))}-09-01`;
    await client.query(
      `INSERT INTO "Event" ("organizationId", title, kind, "startsAt", "durationMinutes", place, audience, description, "isPublic", status, "updatedAt")
       SELECT o, k.title || ' № ' || g, k.kind::"EventKind", $2::date + g * 11 + time '10:00', 90, 'Методический кабинет',
              (CASE WHEN k.kind = 'SETUP_SESSION' THEN 'MENTORS' ELSE 'CHOSEN' END)::"EventAudience",
              'Мероприятие плана наставничества: цели, ход, материалы для участников.', g % 4 = 0,
              (CASE WHEN $2::date + g * 11 + time '10:00' < now() THEN 'HELD' ELSE 'PLANNED' END)::"EventStatus", now()
       FROM unnest($1::int[]) AS o, generate_series(1, 24) AS g,
       LATERAL (SELECT CASE WHEN g <= 2 THEN 'SETUP_SESSION' WHEN g = 24 THEN 'ROUND_TABLE' WHEN g % 6 = 0 THEN 'SEMINAR' WHEN g % 2 = 0 THEN 'EXPERIENCE_EXCHANGE' ELSE 'CONSULTATION' END AS kind,
                       CASE WHEN g <= 2 THEN 'Установочная сессия для наставников' WHEN g = 24 THEN 'Итоговый круглый стол' WHEN g % 6 = 0 THEN 'Семинар-практикум'
                            WHEN g % 2 = 0 THEN 'Обмен опытом' ELSE 'Консультация' END AS title) k`,
      [orgIds, schoolYearStart],
    );
    await client.query(
      `INSERT INTO "EventInvitation" ("organizationId", "eventId", "staffMemberId", reply, "repliedAt", attended, "markedAt")
       SELECT e."organizationId", e.id, s.id,
              (CASE WHEN (s.id + e.id) % 7 = 0 THEN 'NOT_COMING' WHEN (s.id + e.id) % 3 = 0 THEN NULL ELSE 'COMING' END)::"EventReply",
              CASE WHEN (s.id + e.id) % 3 <> 0 OR (s.id + e.id) % 7 = 0 THEN e."startsAt" - interval '3 days' END,
              CASE WHEN e.status = 'HELD' THEN (s.id * 7 + e.id) % 5 <> 0 END,
              CASE WHEN e.status = 'HELD' THEN e."startsAt" + interval '2 hours' END
       FROM "Event" e JOIN "StaffMember" s ON s."organizationId" = e."organizationId"
       WHERE e."organizationId" = ANY($1::int[])
         AND CASE WHEN e.kind = 'SETUP_SESSION' THEN EXISTS (SELECT 1 FROM "MentorEntry" m WHERE m."organizationId" = s."organizationId" AND m."staffMemberId" = s.id)
                  ELSE (s.id + e.id) % 2 = 0 END`,
      [orgIds],
    );
    await client.query(
      `UPDATE "MentorEntry" m SET "setupSessionsBefore" = CASE m."trainingStatus" WHEN 'TRAINED' THEN 2 WHEN 'IN_TRAINING' THEN 1 ELSE 0 END
       WHERE m."organizationId" = ANY($1::int[])`,
      [orgIds],
    );
    await client.query(
      `UPDATE "MentorEntry" m SET "trainingStatus" = (CASE WHEN t.sessions >= 2 THEN 'TRAINED' WHEN t.sessions = 1 THEN 'IN_TRAINING' ELSE 'NOT_TRAINED' END)::"MentorTraining"
       FROM (SELECT m2.id, m2."setupSessionsBefore" + (SELECT count(*) FROM "EventInvitation" i JOIN "Event" e ON e.id = i."eventId"
                      WHERE i."organizationId" = m2."organizationId" AND i."staffMemberId" = m2."staffMemberId" AND i.attended AND e.kind = 'SETUP_SESSION' AND e.status = 'HELD') AS sessions
             FROM "MentorEntry" m2 WHERE m2."organizationId" = ANY($1::int[])) t
       WHERE m.id = t.id`,
      [orgIds],
    );

    await client.query('COMMIT');
    await client.query('ANALYZE');
    const counted = (
      await client.query<{ events: number; invitations: number; checkins: number; selfAssessments: number; monitoringAnswers: number; assessments: number }>(
        `SELECT (SELECT count(*)::int FROM "Event") AS events, (SELECT count(*)::int FROM "EventInvitation") AS invitations,
                (SELECT count(*)::int FROM "QuestionnaireResponse" WHERE "subjectType" = 'PAIR') AS checkins,
                (SELECT count(*)::int FROM "QuestionnaireResponse" WHERE occasion IN ('start', 'end')) AS "selfAssessments",
                (SELECT count(*)::int FROM "QuestionnaireResponse" WHERE "subjectType" = 'PROGRAMME' AND occasion = '') AS "monitoringAnswers",
                (SELECT count(*)::int FROM "ProgrammeAssessment") AS assessments`,
      )
    ).rows[0]!;
    // The benchmarked organization's monitoring and calendar figures, counted here in plain SQL (not by the rules).
    const own = (
      await client.query<{ pairsFormed: number; monitoringAnswered: number; upcomingEvents: number }>(
        `SELECT (SELECT count(*)::int FROM "Pair" WHERE "organizationId" = $1 AND status IN ('ACTIVE', 'COMPLETED', 'ENDED_EARLY') AND "startsOn" >= $2::date) AS "pairsFormed",
                (SELECT count(DISTINCT (r."subjectId", r."staffMemberId"))::int FROM "QuestionnaireResponse" r JOIN "Questionnaire" q ON q.id = r."questionnaireId"
                   JOIN "Programme" pr ON pr.id = r."subjectId" JOIN "PairMember" m ON m."pairId" = pr."pairId" AND m."staffMemberId" = r."staffMemberId"
                  WHERE r."organizationId" = $1 AND q."templateKey" IN ($4, $5) AND r.occasion = '' AND pr.status = 'COMPLETED' AND pr."completedAt" >= $2::date) AS "monitoringAnswered",
                (SELECT count(*)::int FROM "Event" WHERE "organizationId" = $1 AND "startsAt" >= ($3::date::timestamp AT TIME ZONE 'Europe/Moscow')) AS "upcomingEvents"`,
        [orgIds[0], `${currentYear}-09-01`, today, MENTOR_MONITORING.key, MENTEE_MONITORING.key],
      )
    ).rows[0]!;

    const organizationId = orgIds[0]!;
    const admin = users.find((u) => u.organizationId === organizationId && u.role === 'ADMIN')!;
    const methodist = users.find((u) => u.organizationId === organizationId && u.index === METHODIST_INDEX)!;
    // The filtered mentee list: the topic of the benchmarked organization with the most IN_BANK entries.
    const inBankByTopic = new Map<number, number>();
    for (const m of bank.mentees) {
      if (m.organizationId !== organizationId || m.status !== 'IN_BANK') continue;
      for (const k of m.topics) inBankByTopic.set(k, (inBankByTopic.get(k) ?? 0) + 1);
    }
    const [topTopic, inBank] = [...inBankByTopic.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0] ?? [0, 0];
    // The matching page: the longest-waiting IN_BANK mentee of the organization outside any pair.
    const inPairs = new Set(plan.members.map((m) => m.staffMemberId));
    const waitingMentee = bank.mentees
      .filter((m) => m.organizationId === organizationId && m.status === 'IN_BANK' && !inPairs.has(m.staffMemberId))
      .sort((a, b) => a.enteredAt.localeCompare(b.enteredAt))[0];
    if (!waitingMentee) throw new Error(`organization #${organizationId} has no waiting IN_BANK mentee for the matching page`);
    const waitingStaff = staff.find((s) => staffIdByEmail.get(s.email) === waitingMentee.staffMemberId)!;
    return {
      organizations: orgIds.length,
      staff: staff.length,
      users: users.length,
      auditRows: audit.length,
      organizationId,
      adminLogin: admin.login,
      adminFullName: admin.fullName,
      organizationUserNames: users.filter((u) => u.organizationId === organizationId).map((u) => u.fullName),
      methodistLogin: methodist.login,
      methodistFullName: methodist.fullName,
      topics: topicRows.rowCount ?? 0,
      consents: bank.consents.length,
      mentoringConsents: mentoringConsents.length,
      revokedConsents: bank.consents.filter((c) => c.revokedAt).length,
      menteeEntries: menteeRows.rowCount ?? 0,
      menteeTopicRows: menteeLinks.entryIds.length,
      mentorEntries: mentorRows.rowCount ?? 0,
      mentorTopicRows: mentorLinks.entryIds.length,
      pairs: plan.pairs.length,
      pairMembers: plan.members.length,
      orders: plan.orders.length,
      orderPairs: plan.orderPairs.length,
      acknowledgments: plan.acks.length,
      programmes: stage5.programmes.length,
      planItems: stage5.items.length,
      ...counted,
      expected: {
        workingStaff: staff.filter((s) => s.organizationId === organizationId).length,
        mentees: bank.mentees.filter((m) => m.organizationId === organizationId).length,
        mentors: bank.mentors.filter((m) => m.organizationId === organizationId).length,
        filterTopic: { id: topicIds.get(organizationId)![topTopic]!, name: DEFAULT_TOPICS[topTopic]!.name, inBank },
        pairs: plan.pairs.filter((p) => p.organizationId === organizationId).length,
        orders: plan.orders.filter((o) => o.organizationId === organizationId).length,
        matchingMentee: {
          id: menteeEntryIdByStaff.get(waitingMentee.staffMemberId)!,
          name: [waitingStaff.lastName, waitingStaff.firstName, waitingStaff.middleName].filter(Boolean).join(' '),
        },
        programmes: stage5.programmes.filter((p) => p.organizationId === organizationId).length,
        overdueProgrammes: stage5.programmes.filter(
          (p) =>
            p.organizationId === organizationId &&
            (p.status === 'APPROVED' || p.status === 'IN_PROGRESS') &&
            stage5.items.some((i) => i.programmeId === p.id && isOverdue({ status: i.status, dueOn: i.dueOn }, today)),
        ).length,
        schoolYear: currentYear,
        ...own,
      },
      millis: Date.now() - started,
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

/**
 * A name fragment (a patronymic/surname ending) that matches enough people for a second page
 * of search results, preferring the most selective such fragment.
 */
export function searchTerm(names: string[], perPage = 25): { q: string; matches: number } {
  const candidates = ['евна', 'ьевна', 'овна', 'ова', 'ева', 'ина', 'анна', 'ена'];
  const scored = candidates
    .map((q) => ({ q, matches: names.filter((n) => n.toLowerCase().includes(q)).length }))
    .filter((c) => c.matches > perPage && c.matches <= perPage * 3);
  scored.sort((a, b) => a.matches - b.matches);
  return scored[0] ?? { q: 'ов', matches: names.filter((n) => n.toLowerCase().includes('ов')).length };
}
