/**
 * City-scale data set for `npm run bench`: 50 kindergartens × 80 staff members × 80 user accounts,
 * plus a few thousand audit rows, and the stage 2–3 banks: per organization the 12 default request
 * topics, a personal-data consent template and electronic consents for ~90 % of the staff, ~40 mentee
 * entries (1–3 topics each) and ~20 mentor entries (2–4 competencies each). Everything goes in with one
 * `INSERT … SELECT FROM unnest(…)` per table (a handful of round trips in total), and a seeded PRNG
 * keeps the data identical run to run.
 */
import crypto from 'node:crypto';
import pg from 'pg';
import { DEFAULT_TEMPLATES } from '../../src/modules/consents/consents.templates.ts';
import { DEFAULT_TOPICS } from '../../src/modules/topics/topics.service.ts';

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
}

export const DEFAULT_DATASET: DatasetOptions = {
  organizations: 50,
  staffPerOrganization: 80,
  auditRows: 5000,
  consentShare: 0.9,
  menteesPerOrganization: 40,
  mentorsPerOrganization: 20,
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
  revokedConsents: number;
  menteeEntries: number;
  menteeTopicRows: number;
  mentorEntries: number;
  mentorTopicRows: number;
  /** What the benchmarked organization's lists must show. */
  expected: {
    workingStaff: number;
    mentees: number;
    mentors: number;
    /** The topic with the most IN_BANK mentees, for the filtered list. */
    filterTopic: { id: number; name: string; inBank: number };
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
      `INSERT INTO "MenteeEntry" ("organizationId", "staffMemberId", category, "requestText", "desiredForm", status, "enteredAt", "createdById", "createdAt", "updatedAt")
       SELECT o, s, c, r, f, st, e, u, e, e
       FROM unnest($1::int[], $2::int[], $3::"MenteeCategory"[], $4::text[], $5::"MentoringForm"[], $6::"MenteeStatus"[], $7::timestamptz[], $8::int[])
         AS m(o, s, c, r, f, st, e, u)
       RETURNING id, "staffMemberId"`,
      [
        me.map((m) => m.organizationId), me.map((m) => m.staffMemberId), me.map((m) => m.category), me.map((m) => m.requestText),
        me.map((m) => m.desiredForm), me.map((m) => m.status), me.map((m) => m.enteredAt), me.map((m) => m.createdById),
      ],
    );
    const menteeLinks = linkTopics(me, menteeRows.rows, topicIds);
    await client.query(`INSERT INTO "MenteeEntryTopic" ("entryId", "topicId") SELECT * FROM unnest($1::int[], $2::int[])`, [menteeLinks.entryIds, menteeLinks.topicIds]);

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
    await client.query(`INSERT INTO "MentorEntryTopic" ("entryId", "topicId") SELECT * FROM unnest($1::int[], $2::int[])`, [mentorLinks.entryIds, mentorLinks.topicIds]);


    await client.query('COMMIT');
    await client.query('ANALYZE');

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
      revokedConsents: bank.consents.filter((c) => c.revokedAt).length,
      menteeEntries: menteeRows.rowCount ?? 0,
      menteeTopicRows: menteeLinks.entryIds.length,
      mentorEntries: mentorRows.rowCount ?? 0,
      mentorTopicRows: mentorLinks.entryIds.length,
      expected: {
        workingStaff: staff.filter((s) => s.organizationId === organizationId).length,
        mentees: bank.mentees.filter((m) => m.organizationId === organizationId).length,
        mentors: bank.mentors.filter((m) => m.organizationId === organizationId).length,
        filterTopic: { id: topicIds.get(organizationId)![topTopic]!, name: DEFAULT_TOPICS[topTopic]!.name, inBank },
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
