/**
 * The demo's city (src/modules/city): two smaller neighbouring kindergartens and the education authority with
 * its city specialist «demo.city». The neighbours are background for the city page — people, bank entries,
 * consents and pairs written directly, at two different points of the roadmap — and have no accounts: nobody
 * signs in to them. The demo kindergarten's own data and counts do not change.
 *
 * Like the rest of the demo, it only ever touches organizations it created itself (`demo: true`); a neighbour
 * that exists already is left as it is, so a second run adds nothing.
 */
import crypto from 'node:crypto';
import type { Database } from '../src/core/database/client.ts';
import { schoolYearOf, todayIn } from '../src/domain/dates.ts';
import { ensureAuthority, saveCityAccount } from '../src/modules/city/index.ts';
import { demoLogin } from './demo-data.ts';

type Prisma = Database['prisma'];

/** The authority: its address and names (the demo's own, `demo: true`). */
export const DEMO_AUTHORITY = { slug: 'demo-uo', shortName: 'Управление образования (демо)', fullName: 'Управление образования города Калуги (демонстрационное)' };

export const DEMO_CITY_USER = { login: demoLogin('city'), fullName: 'Лаптева Вера Павловна' };

interface Neighbour {
  slug: string;
  shortName: string;
  fullName: string;
  /** [lastName, firstName, middleName, years of experience] */
  staff: [string, string, string, number][];
  /** Index pairs (mentor, mentee) into `staff` of the pairs at work; further young ones wait in the bank. */
  pairs: [number, number][];
  /** Everyone gave the personal-data consent but these (by index). */
  noConsent: number[];
}

export const DEMO_NEIGHBOURS: Neighbour[] = [
  {
    slug: 'demo-solnyshko',
    shortName: 'МБДОУ № 12 «Солнышко»',
    fullName: 'Муниципальное бюджетное дошкольное образовательное учреждение «Детский сад № 12 «Солнышко» (демонстрационное)',
    staff: [
      ['Громова', 'Лариса', 'Юрьевна', 26],
      ['Фомина', 'Ольга', 'Игоревна', 19],
      ['Широкова', 'Елена', 'Павловна', 14],
      ['Дёмина', 'Алина', 'Романовна', 1],
      ['Жукова', 'Полина', 'Олеговна', 2],
      ['Ершова', 'Ксения', 'Денисовна', 0],
      ['Зуева', 'Валерия', 'Ильинична', 8],
      ['Калинина', 'Нина', 'Фёдоровна', 11],
    ],
    pairs: [
      [1, 3],
      [2, 4],
    ],
    noConsent: [6],
  },
  {
    slug: 'demo-rodnichok',
    shortName: 'МБДОУ № 31 «Родничок»',
    fullName: 'Муниципальное бюджетное дошкольное образовательное учреждение «Детский сад № 31 «Родничок» (демонстрационное)',
    staff: [
      ['Мельникова', 'Раиса', 'Степановна', 30],
      ['Тихонова', 'Галина', 'Борисовна', 22],
      ['Уварова', 'Дина', 'Артёмовна', 1],
      ['Чернова', 'Яна', 'Глебовна', 0],
      ['Щербакова', 'Людмила', 'Ивановна', 9],
    ],
    pairs: [],
    noConsent: [3, 4],
  },
];

/** The slugs the city part of the demo owns (the demo's refusal checks them). */
export const DEMO_CITY_SLUGS = [DEMO_AUTHORITY.slug, ...DEMO_NEIGHBOURS.map((n) => n.slug)];

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

async function fillNeighbour(prisma: Prisma, neighbour: Neighbour) {
  if (await prisma.organization.findUnique({ where: { slug: neighbour.slug } })) return;
  const { staff, pairs, noConsent, ...names } = neighbour;
  const org = await prisma.organization.create({ data: { ...names, demo: true, orderSuffix: '-од' } });
  const organizationId = org.id;
  const schoolYear = schoolYearOf(todayIn(org.timeZone));
  const template = await prisma.consentTemplate.create({
    data: { organizationId, kind: 'PERSONAL_DATA', version: 1, title: 'Согласие на обработку персональных данных', body: 'Я, {{person.fullName}}, даю согласие на обработку моих персональных данных.' },
  });
  const people = [];
  for (const [index, [lastName, firstName, middleName, experienceYears]] of staff.entries()) {
    const person = await prisma.staffMember.create({
      data: { organizationId, lastName, firstName, middleName, experienceYears, experienceHereYears: Math.min(experienceYears, 5), position: index === 0 ? 'заведующий' : 'воспитатель' },
    });
    people.push(person);
    if (noConsent.includes(index)) continue;
    const text = `Я, ${lastName} ${firstName} ${middleName}, даю согласие на обработку моих персональных данных.`;
    await prisma.consent.create({
      data: { organizationId, staffMemberId: person.id, kind: 'PERSONAL_DATA', templateId: template.id, text, textSha256: crypto.createHash('sha256').update(text).digest('hex'), method: 'ELECTRONIC', givenAt: day('2026-09-01') },
    });
  }
  // Mentors approved, young specialists in the bank; the paired ones work with their mentor since mid-September.
  const mentorIndexes = new Set(pairs.map(([mentor]) => mentor));
  const young = staff.map(([, , , years], index) => ({ years, index })).filter((s) => s.years < 3 && !noConsent.includes(s.index));
  const mentorEntries = new Map<number, number>();
  for (const index of mentorIndexes) {
    const entry = await prisma.mentorEntry.create({
      data: { organizationId, staffMemberId: people[index]!.id, status: 'ACTIVE', forms: ['TRADITIONAL'], enteredAt: day('2026-09-05'), approvedAt: day('2026-09-08') },
    });
    mentorEntries.set(index, entry.id);
  }
  for (const { index } of young) {
    const pair = pairs.find(([, mentee]) => mentee === index);
    const entry = await prisma.menteeEntry.create({
      data: { organizationId, staffMemberId: people[index]!.id, schoolYear, category: 'YOUNG_SPECIALIST', status: pair ? 'PAIRED' : 'IN_BANK', requestText: 'Работа с родителями и планирование занятий', enteredAt: day('2026-09-05') },
    });
    if (!pair) continue;
    await prisma.pair.create({
      data: {
        organizationId,
        form: 'TRADITIONAL',
        status: 'ACTIVE',
        startsOn: day('2026-09-15'),
        plannedEndOn: day('2027-05-31'),
        activatedAt: day('2026-09-15'),
        members: {
          create: [
            { staffMemberId: people[pair[0]]!.id, role: 'MENTOR', mentorEntryId: mentorEntries.get(pair[0])! },
            { staffMemberId: people[index]!.id, role: 'MENTEE', menteeEntryId: entry.id },
          ],
        },
      },
    });
  }
}

/** The neighbours, the authority and the city specialist's account (the demo's password, no forced change). */
export async function fillCity(prisma: Prisma, passwordHash: string) {
  for (const neighbour of DEMO_NEIGHBOURS) await fillNeighbour(prisma, neighbour);
  const authority = await ensureAuthority(prisma, DEMO_AUTHORITY);
  if (!authority.demo) await prisma.organization.update({ where: { id: authority.id }, data: { demo: true } });
  await saveCityAccount(prisma, authority, { ...DEMO_CITY_USER, passwordHash, mustChangePassword: false });
  return { login: DEMO_CITY_USER.login, role: 'CITY', name: DEMO_CITY_USER.fullName };
}
