/**
 * `npm run demo`: fills the demo organization (the seed's kindergarten with 30 staff and their accounts)
 * on DATABASE_URL or the embedded database. Safe to run again: it updates rather than duplicates.
 * Passwords: DEMO_PASSWORD if set, otherwise a random one printed once at the end.
 *
 * It only ever touches an organization it created itself (`Organization.demo`), under an address of its own
 * (`demo-alenushka`, not the one the setup form suggests) and with logins of its own («demo.head»…): run after
 * `/setup` it makes a separate organization next to the real one, and it refuses — changing nothing — when
 * its address or one of its logins belongs to a real organization.
 */
import { fillCheckins } from './demo-checkins.ts';
import { fillMonitoring, fillQualificationAndReport } from './demo-monitoring.ts';
import path from 'node:path';
import { loadConfig } from '../src/config/env.ts';
import { prepareDatabase } from '../src/core/database/bootstrap.ts';
import { connectDatabase, type Database } from '../src/core/database/client.ts';
import { systemScope } from '../src/core/scope.ts';
import { plural } from '../src/domain/words.ts';
import { generateOneTimePassword, hashPassword } from '../src/core/passwords.ts';
import { createEvents } from '../src/modules/index.ts';
import { DEMO_CITY_SLUGS, DEMO_CITY_USER, fillCity } from './demo-city.ts';
import { DEMO_ORGANIZATION, DEMO_STAFF, demoLogin, loginFor } from './demo-data.ts';
import { fillEvents } from './demo-events.ts';
import { fillStages67, linkDemoNewsToEvents } from './demo-news.ts';
import { fillStage5 } from './demo-programmes.ts';
import { fillRoadmap } from './demo-roadmap.ts';
import { fillStages145, fillStages23, type ActAs, type Person } from './demo-stages.ts';

/** The demo would have to change rows it did not create: it stops before writing anything. */
export class DemoRefused extends Error {
  override name = 'DemoRefused';
}

/** Every login the demo uses: the administrator's, one per person, and the city specialist's. */
export function demoLogins(): string[] {
  return [demoLogin('admin'), ...DEMO_STAFF.map((person) => demoLogin(person.login ?? loginFor(person))), DEMO_CITY_USER.login];
}

/** Refuses (before any write) when the demo's address or a demo login belongs to an organization the demo did not create. */
async function assertOnlyDemoRows(prisma: Database['prisma']) {
  const existing = await prisma.organization.findUnique({ where: { slug: DEMO_ORGANIZATION.slug }, select: { id: true, shortName: true, demo: true } });
  if (existing && !existing.demo) {
    throw new DemoRefused(
      `Организация с адресом «${DEMO_ORGANIZATION.slug}» («${existing.shortName}») создана не командой npm run demo. ` +
        'Демонстрационные данные не меняют настоящую организацию, поэтому ничего не изменено. ' +
        'Запустите демонстрацию на отдельной базе (другой DATABASE_URL или DATA_DIR).',
    );
  }
  // The city's part (src/modules/city): the neighbours' and the authority's addresses are the demo's too.
  const city = await prisma.organization.findFirst({ where: { slug: { in: DEMO_CITY_SLUGS }, demo: false }, select: { slug: true, shortName: true } });
  if (city) {
    throw new DemoRefused(`Организация с адресом «${city.slug}» («${city.shortName}») создана не командой npm run demo. Демонстрационные данные её не трогают, поэтому ничего не изменено.`);
  }
  const taken = await prisma.user.findMany({
    // A login of an organization the demo did not make (the demo's kindergarten, neighbours and authority are its own).
    where: { login: { in: demoLogins() }, organization: { demo: false } },
    select: { login: true, organization: { select: { shortName: true } } },
    orderBy: { login: 'asc' },
  });
  if (taken.length) {
    throw new DemoRefused(
      `Логин${taken.length > 1 ? 'ы' : ''} ${taken.map((u) => `«${u.login}» (${u.organization.shortName})`).join(', ')} уже ${taken.length > 1 ? 'заняты' : 'занят'} ` +
        'учётными записями настоящей организации. Демонстрационные данные их не трогают, поэтому ничего не изменено.',
    );
  }
  return existing;
}

/**
 * The organization, its people and their accounts are written directly (the raw client: a script, like
 * first-run setup); everything after that goes through the modules' services, each step in the scope of the
 * demo person who would do it. Files (the evidence of plan items) go to `uploadsDir`, the directory the portal
 * serves them from; without it the demo has no files.
 */
export async function fillDemo(db: Database, password: string, uploadsDir?: string) {
  const { prisma } = db;
  const earlier = await assertOnlyDemoRows(prisma);
  const passwordHash = await hashPassword(password);
  const org = earlier ? await prisma.organization.findUniqueOrThrow({ where: { id: earlier.id } }) : await prisma.organization.create({ data: DEMO_ORGANIZATION });

  const accounts: { login: string; role: string; name: string }[] = [];
  const people: Person[] = [];
  const adminLogin = demoLogin('admin');
  await prisma.user.upsert({
    where: { login: adminLogin },
    update: { passwordHash, active: true, offByStaffArchive: false, mustChangePassword: false },
    create: { organizationId: org.id, login: adminLogin, fullName: 'Администратор портала', role: 'ADMIN', passwordHash },
  });
  accounts.push({ login: adminLogin, role: 'ADMIN', name: 'Администратор портала' });

  for (const person of DEMO_STAFF) {
    const fullName = `${person.lastName} ${person.firstName} ${person.middleName}`;
    const staffData = {
      position: person.position,
      birthDate: new Date(Date.UTC(person.birthYear, (person.lastName.length * 3) % 12, (person.firstName.length * 5) % 28 + 1)),
      hiredOn: new Date(Date.UTC(2026 - person.experienceHereYears, 8, 1)),
      // The labour contract signed on hiring: the supplementary agreement on mentoring amends it.
      labourContractNumber: `${DEMO_STAFF.indexOf(person) + 1}/${2026 - person.experienceHereYears}`,
      labourContractDate: new Date(Date.UTC(2026 - person.experienceHereYears, 8, 1)),
      experienceYears: person.experienceYears,
      experienceHereYears: person.experienceHereYears,
      qualificationCategory: person.category,
      education: person.education ?? '',
      ageGroup: person.ageGroup ?? '',
      email: `${loginFor(person).replace('.', '_')}@ds50.example.ru`,
      phone: '',
      // A re-run brings the demo back as a whole: its people work again, with their accounts switched on below.
      archivedAt: null,
    };
    const existing = await prisma.staffMember.findFirst({
      where: { organizationId: org.id, lastName: person.lastName, firstName: person.firstName, middleName: person.middleName },
      select: { id: true },
    });
    const staff = existing
      ? await prisma.staffMember.update({ where: { id: existing.id }, data: staffData })
      : await prisma.staffMember.create({
          data: { organizationId: org.id, lastName: person.lastName, firstName: person.firstName, middleName: person.middleName, ...staffData },
        });
    const login = demoLogin(person.login ?? loginFor(person));
    const user = await prisma.user.upsert({
      where: { login },
      update: { passwordHash, active: true, offByStaffArchive: false, mustChangePassword: false, fullName, role: person.role, staffMemberId: staff.id },
      create: { organizationId: org.id, login, fullName, role: person.role, passwordHash, staffMemberId: staff.id },
    });
    people.push({ staffId: staff.id, userId: user.id, role: person.role, lastName: person.lastName, login, fullName });
    accounts.push({ login, role: person.role, name: fullName });
  }

  // Line managers: the methodist for teachers, the head for the methodist.
  const head = await prisma.staffMember.findFirstOrThrow({ where: { organizationId: org.id, lastName: 'Свиридова' } });
  const methodist = await prisma.staffMember.findFirstOrThrow({ where: { organizationId: org.id, lastName: 'Белова' } });
  await prisma.staffMember.update({ where: { id: methodist.id }, data: { lineManagerId: head.id } });
  await prisma.staffMember.updateMany({
    where: { organizationId: org.id, id: { notIn: [head.id, methodist.id] } },
    data: { lineManagerId: methodist.id },
  });
  const events = createEvents();
  const as: ActAs = (p) =>
    systemScope({ db, events }, org, { as: { id: p.userId, role: p.role, login: p.login, fullName: p.fullName, staffMemberId: p.staffId }, requestId: 'demo' });
  await fillStages23(people, as);
  await fillStages145(people, as);
  await fillStage5(people, as, uploadsDir);
  await fillStages67(people, as, uploadsDir);
  await fillCheckins(people, as);
  await fillRoadmap(people, as);
  await fillEvents(people, as, uploadsDir);
  await linkDemoNewsToEvents(people, as);
  await fillMonitoring(people, as);
  await fillQualificationAndReport(people, as);
  // Two smaller neighbours and the education authority with «demo.city», for the city page.
  accounts.push(await fillCity(prisma, passwordHash));
  return { organization: org, accounts };
}

async function main() {
  const config = loadConfig();
  const database = await prepareDatabase(config, (m) => console.log(m));
  const db = connectDatabase(database.url);
  try {
    const password = process.env.DEMO_PASSWORD || generateOneTimePassword(14);
    const { organization, accounts } = await fillDemo(db, password, path.join(config.dataDir, 'uploads'));
    console.log(`\nДемонстрационная организация готова: ${organization.shortName}, ${accounts.length} ${plural(accounts.length, ['учётная запись', 'учётные записи', 'учётных записей'])}.`);
    console.log(`Логины: ${['admin', 'head', 'methodist', 'mentor', 'mentee', 'city'].map(demoLogin).join(', ')} и по одному на каждого педагога, например`, accounts[5]?.login);
    if (process.env.DEMO_PASSWORD) console.log('Пароль у всех: значение DEMO_PASSWORD.');
    else console.log(`Пароль у всех (показывается один раз): ${password}`);
  } finally {
    await db.close();
    await database.embedded?.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
