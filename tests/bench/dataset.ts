/**
 * City-scale data set for `npm run bench`: 50 kindergartens × 80 staff members × 80 user accounts,
 * plus a few thousand audit rows. Everything goes in with one `INSERT … SELECT FROM unnest(…)` per
 * table (a handful of round trips in total), and a seeded PRNG keeps the data identical run to run.
 */
import crypto from 'node:crypto';
import pg from 'pg';

export const BENCH_PASSWORD = 'Нагрузочный-тест-2026';

export interface DatasetOptions {
  organizations: number;
  staffPerOrganization: number;
  auditRows: number;
}

export const DEFAULT_DATASET: DatasetOptions = { organizations: 50, staffPerOrganization: 80, auditRows: 5000 };

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
      };
    });
    const ucol = <K extends keyof (typeof users)[number]>(key: K) => users.map((u) => u[key]);
    const insertedUsers = await client.query<{ id: number; organizationId: number }>(
      `INSERT INTO "User" ("organizationId", login, "passwordHash", role, "fullName", active, "lastLoginAt", "staffMemberId", "updatedAt")
       SELECT o, l, $3, r, f, a, t, s, now()
       FROM unnest($1::int[], $2::text[], $4::"Role"[], $5::text[], $6::bool[], $7::timestamptz[], $8::int[]) AS u(o, l, r, f, a, t, s)
       RETURNING id, "organizationId"`,
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

    await client.query('COMMIT');
    await client.query('ANALYZE');

    const organizationId = orgIds[0]!;
    const admin = users.find((u) => u.organizationId === organizationId && u.role === 'ADMIN')!;
    return {
      organizations: orgIds.length,
      staff: staff.length,
      users: users.length,
      auditRows: audit.length,
      organizationId,
      adminLogin: admin.login,
      adminFullName: admin.fullName,
      organizationUserNames: users.filter((u) => u.organizationId === organizationId).map((u) => u.fullName),
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
