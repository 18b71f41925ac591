import crypto from 'node:crypto';
import type { Prisma } from '../../src/core/database/client.ts';
import { hashPassword } from '../../src/core/passwords.ts';
import { schoolYearOf, schoolYearTerm, todayIn } from '../../src/domain/dates.ts';
import type { Role } from '../../src/generated/prisma/enums.ts';

/** The school year of today's requests (a mentee entry belongs to one). */
export const THIS_SCHOOL_YEAR = schoolYearOf(todayIn('Europe/Moscow'));

/** A short random tag keeping rows of parallel test files apart in the shared database. */
export function uniq(prefix = ''): string {
  return prefix + crypto.randomBytes(4).toString('hex');
}

export const TEST_PASSWORD = 'Проверка-пароля-2026';

/** What a teacher types under the electronic personal-data consent (ст. 9 ч. 4 152-ФЗ). */
export const PERSONAL_DATA_DETAILS = {
  address: '248001, г. Калуга, ул. Садовая, д. 5, кв. 7',
  documentNumber: '29 04 123456',
  documentIssuedBy: 'УМВД России по Калужской области',
  documentIssuedOn: '2015-03-12',
};
let testPasswordHash: Promise<string> | undefined;

export async function createOrganization(prisma: Prisma, overrides: Partial<{ shortName: string; fullName: string; slug: string }> = {}) {
  const tag = uniq();
  return prisma.organization.create({
    data: {
      slug: `org-${tag}`,
      fullName: `Муниципальное бюджетное дошкольное образовательное учреждение № ${tag}`,
      shortName: `МБДОУ № ${tag}`,
      headName: 'Свиридова Наталья Геннадьевна',
      orderSuffix: '-од',
      inn: '4028012349',
      ogrn: '1024001234564',
      // Tests give the 351.8 consent online unless they test the paper-only route.
      labourEdocBasis: 'приказ от 01.09.2026 № 15-од «О переходе на электронный кадровый документооборот»',
      ...overrides,
    },
  });
}

export async function createUser(
  prisma: Prisma,
  organizationId: number,
  overrides: Partial<{ role: Role; login: string; fullName: string; active: boolean; mustChangePassword: boolean; password: string }> = {},
) {
  const { password, ...data } = overrides;
  testPasswordHash ??= hashPassword(TEST_PASSWORD);
  const passwordHash = password ? await hashPassword(password) : await testPasswordHash;
  return prisma.user.create({
    data: {
      organizationId,
      login: uniq('user'),
      fullName: `Иванова Мария Петровна ${uniq()}`,
      role: 'TEACHER',
      passwordHash,
      ...data,
    },
  });
}

/** An organization with one user of every role. */
export async function createOrganizationWithStaff(prisma: Prisma) {
  const organization = await createOrganization(prisma);
  const [admin, head, methodist, teacher] = await Promise.all(
    (['ADMIN', 'HEAD', 'METHODIST', 'TEACHER'] as const).map((role) => createUser(prisma, organization.id, { role })),
  );
  return { organization, admin: admin!, head: head!, methodist: methodist!, teacher: teacher! };
}

// ---- staff and consents (lead's factories for banks tests) ------------------------------------

/** A working staff member; with `withUser` also a TEACHER account linked to it. */
export async function createStaffMember(
  prisma: Prisma,
  organizationId: number,
  overrides: Partial<{ lastName: string; firstName: string; middleName: string; position: string; experienceYears: number; email: string; archivedAt: Date | null }> = {},
) {
  const tag = uniq();
  return prisma.staffMember.create({
    data: {
      organizationId,
      lastName: `Петрова-${tag}`,
      firstName: 'Анна',
      middleName: 'Сергеевна',
      position: 'воспитатель',
      experienceYears: 2,
      ...overrides,
    },
  });
}

/** A staff member with a TEACHER account linked to them. */
export async function createTeacher(prisma: Prisma, organizationId: number, overrides: Parameters<typeof createStaffMember>[2] = {}) {
  const staff = await createStaffMember(prisma, organizationId, overrides);
  const user = await createUser(prisma, organizationId, { fullName: `${staff.lastName} ${staff.firstName} ${staff.middleName}` });
  await prisma.user.update({ where: { id: user.id }, data: { staffMemberId: staff.id } });
  return { staff, user };
}

/**
 * Records a consent directly in the database (the consents module's own tests go through the UI):
 * an electronic acceptance of a minimal template version.
 */
export async function recordConsent(prisma: Prisma, organizationId: number, staffMemberId: number, kind: 'PERSONAL_DATA' | 'DISTRIBUTION' | 'MENTORING' = 'PERSONAL_DATA') {
  const template =
    (await prisma.consentTemplate.findFirst({ where: { organizationId, kind }, orderBy: { version: 'desc' } })) ??
    (await prisma.consentTemplate.create({ data: { organizationId, kind, version: 1, title: 'Согласие', body: 'Я, {{person.fullName}}, даю согласие.' } }));
  const text = `Я, сотрудник ${staffMemberId}, даю согласие (${kind}).`;
  return prisma.consent.create({
    data: {
      organizationId,
      staffMemberId,
      kind,
      templateId: template.id,
      text,
      textSha256: crypto.createHash('sha256').update(text).digest('hex'),
      method: 'ELECTRONIC',
      givenAt: new Date(),
      ip: '127.0.0.1',
    },
  });
}

// ---- pairs module: bank entries and pairs written directly --------------------------------------

/** A consented staff member in the mentor bank (APPROVED unless told), with competencies; `mentoringConsent` for the ст. 351.8 one. */
export async function addBankMentor(
  prisma: Prisma,
  organizationId: number,
  options: {
    topicIds?: number[];
    maxMentees?: number;
    status?: 'CANDIDATE' | 'APPROVED' | 'ACTIVE' | 'PAUSED' | 'LEFT';
    enteredAt?: Date;
    approvedAt?: Date | null;
    staff?: Parameters<typeof createStaffMember>[2];
    consent?: boolean;
    /** Also the written consent to mentoring (ст. 351.8 ТК РФ): with it the mentor is an available mentor. */
    mentoringConsent?: boolean;
  } = {},
) {
  const staff = await createStaffMember(prisma, organizationId, { experienceYears: 15, position: 'воспитатель', ...options.staff });
  if (options.consent !== false) await recordConsent(prisma, organizationId, staff.id, 'PERSONAL_DATA');
  if (options.mentoringConsent) await recordConsent(prisma, organizationId, staff.id, 'MENTORING');
  const entry = await prisma.mentorEntry.create({
    data: {
      organizationId,
      staffMemberId: staff.id,
      maxMentees: options.maxMentees ?? 3,
      status: options.status ?? 'APPROVED',
      enteredAt: options.enteredAt ?? new Date(),
      approvedAt: options.approvedAt === undefined ? new Date() : options.approvedAt,
      forms: ['TRADITIONAL', 'GROUP'],
      competencies: { create: (options.topicIds ?? []).map((topicId) => ({ topicId })) },
    },
  });
  return { staff, entry };
}

/** A consented staff member in the mentee bank (NEW unless told), with request topics. */
export async function addBankMentee(
  prisma: Prisma,
  organizationId: number,
  options: { topicIds?: number[]; status?: 'NEW' | 'IN_BANK' | 'PAIRED' | 'COMPLETED' | 'WITHDRAWN'; enteredAt?: Date; requestText?: string; staff?: Parameters<typeof createStaffMember>[2]; consent?: boolean } = {},
) {
  const staff = await createStaffMember(prisma, organizationId, { experienceYears: 1, ...options.staff });
  if (options.consent !== false) await recordConsent(prisma, organizationId, staff.id, 'PERSONAL_DATA');
  const entry = await prisma.menteeEntry.create({
    data: {
      organizationId,
      staffMemberId: staff.id,
      schoolYear: THIS_SCHOOL_YEAR,
      category: 'YOUNG_SPECIALIST',
      status: options.status ?? 'NEW',
      requestText: options.requestText ?? 'Как выстроить работу с родителями',
      enteredAt: options.enteredAt ?? new Date(),
      topics: { create: (options.topicIds ?? []).map((topicId) => ({ topicId })) },
    },
  });
  return { staff, entry };
}

/** A pair row with its members (no rule checks: for setting up states directly). */
export async function createPairRow(
  prisma: Prisma,
  organizationId: number,
  options: {
    mentors: { staffMemberId: number; mentorEntryId?: number }[];
    mentees: { staffMemberId: number; menteeEntryId?: number }[];
    status?: 'DRAFT' | 'PROPOSED' | 'ACTIVE' | 'COMPLETED' | 'ENDED_EARLY' | 'CANCELLED';
    form?: 'TRADITIONAL' | 'GROUP' | 'HEAD_TEACHER';
    startsOn?: string;
    plannedEndOn?: string;
    activatedAt?: Date | null;
    endedOn?: string | null;
    extraPay?: string | null;
  },
) {
  return prisma.pair.create({
    data: {
      organizationId,
      form: options.form ?? 'TRADITIONAL',
      status: options.status ?? 'DRAFT',
      startsOn: new Date(`${options.startsOn ?? '2026-09-01'}T00:00:00Z`),
      // By default the plan ends on 31 May of the start's school year (the database refuses an end before the start).
      plannedEndOn: new Date(`${options.plannedEndOn ?? schoolYearTerm(options.startsOn ?? '2026-09-01').plannedEndOn}T00:00:00Z`),
      activatedAt: options.activatedAt ?? null,
      endedOn: options.endedOn ? new Date(`${options.endedOn}T00:00:00Z`) : null,
      extraPay: options.extraPay ?? null,
      members: {
        create: [
          ...options.mentors.map((m) => ({ staffMemberId: m.staffMemberId, role: 'MENTOR' as const, mentorEntryId: m.mentorEntryId ?? null })),
          ...options.mentees.map((m) => ({ staffMemberId: m.staffMemberId, role: 'MENTEE' as const, menteeEntryId: m.menteeEntryId ?? null })),
        ],
      },
    },
  });
}
