import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { audit, type Actor } from '../../core/audit.ts';
import { hasPermission } from '../../core/auth/permissions.ts';
import type { Prisma } from '../../core/database/client.ts';
import { initialsSurname } from '../../core/documents/index.ts';
import { ConflictError, ForbiddenError, FormError, isUniqueViolation, NotFoundError } from '../../core/errors.ts';
import { formatDate } from '../../core/format.ts';
import { pageOf } from '../../core/pagination.ts';
import { storeUpload, type CheckedUpload } from '../../core/uploads.ts';
import type { Prisma as P } from '../../generated/prisma/client.ts';
import type { ConsentKind, ConsentMethod, Role } from '../../generated/prisma/enums.ts';
import { onConsentRevoked } from '../banks/banks.service.ts';
import { fullNameOf } from '../staff/staff.labels.ts';
import { consentDocument } from './consents.documents.ts';
import { CONSENT_KIND_LABELS, findValidConsent } from './consents.rules.ts';
import type { RecordPaperConsentInput, RegisterFilter, RevokeConsentInput, SaveTemplateInput } from './consents.schemas.ts';
import {
  CONSENT_KINDS,
  DEFAULT_TEMPLATES,
  KIND_SHORT_LABELS,
  consentText,
  normalizeText,
  unknownPlaceholders,
  type FillContext,
  type TemplateText,
} from './consents.templates.ts';

type Tx = Parameters<Parameters<Prisma['$transaction']>[0]>[0];
type Db = Prisma | Tx;

export function sha256(text: string): string {
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

// ---- who is asking ------------------------------------------------------------------------------

/** The signed-in user as the consents rules see them: what they may do and which staff member they are. */
export interface Viewer {
  userId: number;
  role: Role;
  staffMemberId: number | null;
  canRead: boolean;
  canManage: boolean;
}

export async function viewerOf(prisma: Prisma, user: { id: number; role: Role }): Promise<Viewer> {
  const row = await prisma.user.findUnique({ where: { id: user.id }, select: { staffMemberId: true } });
  return {
    userId: user.id,
    role: user.role,
    staffMemberId: row?.staffMemberId ?? null,
    canRead: hasPermission(user.role, 'consents:read'),
    canManage: hasPermission(user.role, 'consents:manage'),
  };
}

/**
 * Another person's consent: the head and the methodist see it; for anyone else it does not exist (404),
 * so a teacher cannot even learn that an id belongs to someone.
 */
function assertMaySee(viewer: Viewer, staffMemberId: number) {
  if (viewer.canRead || viewer.staffMemberId === staffMemberId) return;
  throw new NotFoundError('Согласие не найдено');
}

/** Acting for another person (printing their form, revoking): the methodist only; the head sees but may not act. */
function assertMayActFor(viewer: Viewer, staffMemberId: number) {
  if (viewer.canManage || viewer.staffMemberId === staffMemberId) return;
  if (viewer.canRead) throw new ForbiddenError('Оформлять и отзывать согласия за других может только методист');
  throw new NotFoundError('Согласие не найдено');
}

function ownStaffId(viewer: Viewer): number {
  if (viewer.staffMemberId === null) {
    throw new ConflictError('Ваша учётная запись не связана с карточкой сотрудника. Обратитесь к методисту или администратору.');
  }
  return viewer.staffMemberId;
}

// ---- dates --------------------------------------------------------------------------------------

/** Today as yyyy-mm-dd in the organization's time zone. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * A date typed in a form as a moment: noon UTC keeps the same calendar day in every Russian time zone;
 * today's date becomes «now», so it never lies in the future.
 */
function momentOf(day: string, now = new Date()): Date {
  const noon = new Date(`${day}T12:00:00Z`);
  return noon > now ? now : noon;
}

// ---- the organization and the person --------------------------------------------------------------

const organizationSelect = { fullName: true, shortName: true, address: true, headName: true, headPosition: true, website: true, slug: true, timeZone: true } as const;
const personSelect = {
  id: true,
  lastName: true,
  firstName: true,
  middleName: true,
  position: true,
  email: true,
  phone: true,
  archivedAt: true,
} as const;

async function organizationOf(db: Db, organizationId: number) {
  const organization = await db.organization.findUnique({ where: { id: organizationId }, select: organizationSelect });
  if (!organization) throw new NotFoundError();
  return organization;
}

async function personOf(db: Db, organizationId: number, staffMemberId: number) {
  const person = await db.staffMember.findFirst({ where: { id: staffMemberId, organizationId }, select: personSelect });
  if (!person) throw new NotFoundError('Сотрудник не найден');
  return person;
}

type Organization = Awaited<ReturnType<typeof organizationOf>>;
type Person = Awaited<ReturnType<typeof personOf>>;

function contextOf(organization: Organization, person: Person, now: Date): FillContext {
  return { organization, person, now, timeZone: organization.timeZone };
}

// ---- templates ------------------------------------------------------------------------------------

export interface CurrentTemplate extends TemplateText {
  /** null while the organization still uses the default text, which is saved as version 1 on first use. */
  id: number | null;
  version: number;
  createdAt: Date | null;
}

/** The text in force. Reading never writes: the default stays in code until a consent or an edit needs a row. */
export async function currentTemplate(db: Db, organizationId: number, kind: ConsentKind): Promise<CurrentTemplate> {
  const latest = await db.consentTemplate.findFirst({
    where: { organizationId, kind },
    orderBy: { version: 'desc' },
    select: { id: true, version: true, title: true, body: true, createdAt: true },
  });
  return latest ?? { id: null, version: 1, createdAt: null, ...DEFAULT_TEMPLATES[kind] };
}

/** Saves the default text as version 1 if the organization has no version yet (safe when two requests race). */
async function persistDefaultTemplate(prisma: Prisma, organizationId: number, kind: ConsentKind) {
  if (await prisma.consentTemplate.findFirst({ where: { organizationId, kind }, select: { id: true } })) return;
  try {
    await prisma.consentTemplate.create({ data: { organizationId, kind, version: 1, ...DEFAULT_TEMPLATES[kind] } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}

async function persistedTemplate(tx: Tx, organizationId: number, kind: ConsentKind) {
  const template = await currentTemplate(tx, organizationId, kind);
  if (template.id === null) throw new Error('consent template was not persisted');
  return { ...template, id: template.id };
}

export async function listTemplates(prisma: Prisma, organizationId: number) {
  const counts = await prisma.consentTemplate.groupBy({ by: ['kind'], where: { organizationId }, _count: { _all: true } });
  const templates = await Promise.all(CONSENT_KINDS.map((kind) => currentTemplate(prisma, organizationId, kind)));
  const organization = await organizationOf(prisma, organizationId);
  return {
    organization,
    templates: CONSENT_KINDS.map((kind, i) => ({
      kind,
      template: templates[i]!,
      versions: counts.find((c) => c.kind === kind)?._count._all ?? 0,
    })),
  };
}

/** Each save is a new version; consents already given keep the text they agreed to. */
export async function saveTemplate(prisma: Prisma, organizationId: number, kind: ConsentKind, input: SaveTemplateInput, actor: Actor) {
  const title = normalizeText(input.title);
  const body = normalizeText(input.body);
  const errors: Record<string, string> = {};
  for (const [field, text] of [['title', title], ['body', body]] as const) {
    const unknown = unknownPlaceholders(text);
    if (unknown.length) errors[field] = `Неизвестные подстановки: ${unknown.join(', ')}. Используйте только подстановки из списка ниже`;
  }
  if (Object.keys(errors).length) throw new FormError(errors);

  const current = await currentTemplate(prisma, organizationId, kind);
  if (current.id !== null && current.title === title && current.body === body) return { version: current.version, changed: false };
  await persistDefaultTemplate(prisma, organizationId, kind);
  try {
    return await prisma.$transaction(async (tx) => {
      const latest = await persistedTemplate(tx, organizationId, kind);
      const created = await tx.consentTemplate.create({
        data: { organizationId, kind, version: latest.version + 1, title, body, createdById: actor.userId },
        select: { id: true, version: true },
      });
      await audit(tx, actor, { action: 'consent.template_update', entityType: 'ConsentTemplate', entityId: created.id, details: { kind, version: created.version } });
      return { version: created.version, changed: true };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError('Текст только что сохранил кто-то другой. Откройте страницу заново и внесите правку ещё раз.');
    throw error;
  }
}

// ---- printed form -------------------------------------------------------------------------------

/** The prefilled form to print and sign: the methodist for anyone, everyone else for themself. */
export async function consentForm(prisma: Prisma, organizationId: number, viewer: Viewer, kind: ConsentKind, staffMemberId: number | undefined, actor: Actor) {
  const id = staffMemberId ?? ownStaffId(viewer);
  const person = await personOf(prisma, organizationId, id);
  assertMayActFor(viewer, person.id);
  const organization = await organizationOf(prisma, organizationId);
  const template = await currentTemplate(prisma, organizationId, kind);
  await audit(prisma, actor, { action: 'consent.form_download', entityType: 'StaffMember', entityId: person.id, details: { kind, version: template.version } });
  const doc = consentDocument(kind, template, contextOf(organization, person, new Date()));
  const fileName = `${KIND_SHORT_LABELS[kind].replace(/[()]/g, '')} — ${initialsSurname(fullNameOf(person))}`;
  return { doc, fileName };
}

// ---- giving consent --------------------------------------------------------------------------------

/** Serialises consents of one person: the rule «one valid consent of a kind» holds under concurrent requests. */
async function lockPerson(tx: Tx, staffMemberId: number) {
  await tx.$queryRaw`SELECT id FROM "StaffMember" WHERE id = ${staffMemberId} FOR UPDATE`;
}

/** What the teacher reads before accepting: the exact text and its hash (sent back in a hidden field). */
/** `at`: the moment of consent, now unless given (the demo data dates its consents back to before its pairs). */
export async function acceptancePage(prisma: Prisma, organizationId: number, viewer: Viewer, kind: ConsentKind, at = new Date()) {
  const person = await personOf(prisma, organizationId, ownStaffId(viewer));
  const organization = await organizationOf(prisma, organizationId);
  const template = await currentTemplate(prisma, organizationId, kind);
  const text = consentText(template, contextOf(organization, person, at), 'electronic');
  const existing = await findValidConsent(prisma, organizationId, person.id, kind);
  return { person, text, textSha256: sha256(text), version: template.version, existing };
}

/** The shown text no longer matches (the template or the person's data changed): accept again. */
export class TextChangedError extends ConflictError {
  constructor() {
    super('Текст согласия изменился, пока страница была открыта. Прочитайте новую редакцию и подтвердите согласие снова.');
  }
}

function alreadyGiven(kind: ConsentKind, givenAt: Date, timeZone: string) {
  return `Уже есть действующее ${CONSENT_KIND_LABELS[kind]} от ${formatDate(givenAt, timeZone)}. Новое можно дать после отзыва действующего.`;
}

export async function acceptElectronic(
  prisma: Prisma,
  organizationId: number,
  viewer: Viewer,
  kind: ConsentKind,
  shown: { textSha256: string },
  client: { ip: string; userAgent: string },
  actor: Actor,
  at = new Date(),
) {
  const staffMemberId = ownStaffId(viewer);
  await persistDefaultTemplate(prisma, organizationId, kind);
  return prisma.$transaction(async (tx) => {
    await lockPerson(tx, staffMemberId);
    const person = await personOf(tx, organizationId, staffMemberId);
    if (person.archivedAt) throw new ConflictError('Карточка сотрудника в архиве: согласие дать нельзя.');
    const organization = await organizationOf(tx, organizationId);
    const template = await persistedTemplate(tx, organizationId, kind);
    const now = at;
    const text = consentText(template, contextOf(organization, person, now), 'electronic');
    const textSha256 = sha256(text);
    if (textSha256 !== shown.textSha256) throw new TextChangedError();
    const existing = await findValidConsent(tx, organizationId, staffMemberId, kind);
    if (existing) throw new ConflictError(alreadyGiven(kind, existing.givenAt, organization.timeZone));
    const consent = await tx.consent.create({
      data: {
        organizationId,
        staffMemberId,
        kind,
        templateId: template.id,
        text,
        textSha256,
        method: 'ELECTRONIC',
        givenAt: now,
        ip: client.ip.slice(0, 100),
        userAgent: client.userAgent.slice(0, 500),
        recordedById: actor.userId,
      },
      select: { id: true },
    });
    await audit(tx, actor, { action: 'consent.give', entityType: 'Consent', entityId: consent.id, details: { kind, method: 'ELECTRONIC', version: template.version } });
    return consent;
  });
}

/**
 * A signed paper form: the text of the current version as printed (blanks included) and its hash, the
 * scan stored outside public/. With `replace`, the person's current consent of the kind is marked as
 * replaced (not revoked: the person keeps a valid consent throughout, so the banks are not touched).
 */
export async function recordPaperConsent(
  prisma: Prisma,
  uploadsDir: string,
  organizationId: number,
  input: RecordPaperConsentInput,
  upload: CheckedUpload,
  actor: Actor,
) {
  const organization = await organizationOf(prisma, organizationId);
  if (input.signedOn > todayIn(organization.timeZone)) throw new FormError({ signedOn: 'Дата подписания не может быть в будущем' });
  const person = await prisma.staffMember.findFirst({ where: { id: input.staffMemberId, organizationId, archivedAt: null }, select: { id: true } });
  if (!person) throw new FormError({ staffMemberId: 'Выберите педагога из списка' });
  const existing = await findValidConsent(prisma, organizationId, person.id, input.kind);
  if (existing && !input.replace) {
    throw new FormError({ kind: `${alreadyGiven(input.kind, existing.givenAt, organization.timeZone)} Если прежний скан испорчен, отметьте «Заменить действующее согласие».` });
  }
  await persistDefaultTemplate(prisma, organizationId, input.kind);

  let storedPath: string | undefined;
  try {
    return await prisma.$transaction(async (tx) => {
      await lockPerson(tx, person.id);
      const fresh = await personOf(tx, organizationId, person.id);
      const template = await persistedTemplate(tx, organizationId, input.kind);
      const givenAt = momentOf(input.signedOn);
      const text = consentText(template, contextOf(organization, fresh, givenAt), 'print');
      const previous = await findValidConsent(tx, organizationId, person.id, input.kind);
      if (previous && !input.replace) throw new FormError({ kind: alreadyGiven(input.kind, previous.givenAt, organization.timeZone) });
      const file = await storeUpload(tx, uploadsDir, upload, { organizationId, uploadedById: actor.userId });
      storedPath = file.storagePath;
      const consent = await tx.consent.create({
        data: {
          organizationId,
          staffMemberId: person.id,
          kind: input.kind,
          templateId: template.id,
          text,
          textSha256: sha256(text),
          method: 'PAPER_SCAN',
          givenAt,
          scanFileId: file.id,
          recordedById: actor.userId,
        },
        select: { id: true },
      });
      if (previous) {
        await tx.consent.update({
          where: { id: previous.id },
          data: { revokedAt: new Date(), revokeReason: `Заменено согласием от ${formatDate(givenAt, organization.timeZone)} (новый скан)`, revokedById: actor.userId },
        });
      }
      await audit(tx, actor, {
        action: 'consent.give',
        entityType: 'Consent',
        entityId: consent.id,
        details: { kind: input.kind, method: 'PAPER_SCAN', version: template.version, fileId: file.id, replaced: previous?.id },
      });
      return consent;
    });
  } catch (error) {
    // The transaction rolled back: the file written inside it has no row any more.
    if (storedPath) await fs.promises.rm(path.join(uploadsDir, storedPath), { force: true });
    throw error;
  }
}

// ---- reading ------------------------------------------------------------------------------------

const consentDetails = {
  id: true,
  kind: true,
  method: true,
  text: true,
  textSha256: true,
  givenAt: true,
  ip: true,
  userAgent: true,
  recordedById: true,
  revokedAt: true,
  revokeReason: true,
  revokedById: true,
  createdAt: true,
  staffMemberId: true,
  staffMember: { select: { id: true, lastName: true, firstName: true, middleName: true, position: true } },
  template: { select: { version: true } },
  scanFile: { select: { id: true, originalName: true, size: true, mimeType: true, sha256: true } },
} as const;

export async function getConsent(prisma: Prisma, organizationId: number, viewer: Viewer, id: number, actor: Actor) {
  const consent = await prisma.consent.findFirst({ where: { id, organizationId }, select: consentDetails });
  if (!consent) throw new NotFoundError('Согласие не найдено');
  assertMaySee(viewer, consent.staffMemberId);
  const userIds = [consent.recordedById, consent.revokedById].filter((v): v is number => v !== null);
  const users = userIds.length ? await prisma.user.findMany({ where: { id: { in: userIds }, organizationId }, select: { id: true, fullName: true } }) : [];
  const nameOf = (userId: number | null) => users.find((u) => u.id === userId)?.fullName ?? '';
  await audit(prisma, actor, { action: 'consent.read', entityType: 'Consent', entityId: consent.id, details: { kind: consent.kind } });
  return {
    ...consent,
    recordedByName: nameOf(consent.recordedById),
    revokedByName: nameOf(consent.revokedById),
    textMatches: sha256(consent.text) === consent.textSha256,
    mayRevoke: consent.revokedAt === null && (viewer.canManage || viewer.staffMemberId === consent.staffMemberId),
  };
}

/** The scan file of a consent, for the methodist, the head and the person themself. */
export async function consentScan(prisma: Prisma, organizationId: number, viewer: Viewer, id: number, actor: Actor) {
  const consent = await prisma.consent.findFirst({
    where: { id, organizationId },
    select: { id: true, staffMemberId: true, scanFile: { select: { id: true, storagePath: true, mimeType: true, originalName: true } } },
  });
  if (!consent) throw new NotFoundError('Согласие не найдено');
  assertMaySee(viewer, consent.staffMemberId);
  if (!consent.scanFile) throw new NotFoundError('У этого согласия нет скана: оно дано электронно');
  await audit(prisma, actor, { action: 'consent.scan_download', entityType: 'Consent', entityId: consent.id, details: { fileId: consent.scanFile.id } });
  return consent.scanFile;
}

// ---- revoking -----------------------------------------------------------------------------------

/**
 * Revocation by the person or the methodist. The person leaves the banks in the same transaction
 * (banks.onConsentRevoked decides what each kind means for them); the consent row stays as history.
 */
export async function assertMayRevoke(prisma: Prisma, organizationId: number, viewer: Viewer, id: number) {
  const consent = await prisma.consent.findFirst({ where: { id, organizationId }, select: { id: true, staffMemberId: true, kind: true, givenAt: true, revokedAt: true } });
  if (!consent) throw new NotFoundError('Согласие не найдено');
  assertMaySee(viewer, consent.staffMemberId);
  assertMayActFor(viewer, consent.staffMemberId);
  return consent;
}

export async function revokeConsent(prisma: Prisma, organizationId: number, viewer: Viewer, id: number, input: RevokeConsentInput, actor: Actor) {
  const consent = await assertMayRevoke(prisma, organizationId, viewer, id);
  const organization = await organizationOf(prisma, organizationId);
  if (input.revokedOn > todayIn(organization.timeZone)) throw new FormError({ revokedOn: 'Дата отзыва не может быть в будущем' });
  if (input.revokedOn < todayIn(organization.timeZone, consent.givenAt)) {
    throw new FormError({ revokedOn: `Дата отзыва не может быть раньше даты согласия (${formatDate(consent.givenAt, organization.timeZone)})` });
  }
  await prisma.$transaction(async (tx) => {
    await lockPerson(tx, consent.staffMemberId);
    const fresh = await tx.consent.findUniqueOrThrow({ where: { id: consent.id }, select: { revokedAt: true } });
    if (fresh.revokedAt) throw new ConflictError('Это согласие уже отозвано');
    await tx.consent.update({
      where: { id: consent.id },
      data: { revokedAt: momentOf(input.revokedOn), revokeReason: input.reason, revokedById: actor.userId },
    });
    await onConsentRevoked(tx, organizationId, consent.staffMemberId, consent.kind, actor);
    await audit(tx, actor, { action: 'consent.revoke', entityType: 'Consent', entityId: consent.id, details: { kind: consent.kind } });
  });
  return consent;
}

// ---- lists --------------------------------------------------------------------------------------

export type CellState = 'yes' | 'no' | 'revoked';

export interface RegisterCell {
  state: CellState;
  consentId?: number;
  givenAt?: Date;
  method?: ConsentMethod;
  revokedAt?: Date;
}

type ConsentSummary = { id: number; kind: ConsentKind; method: ConsentMethod; givenAt: Date; revokedAt: Date | null };

/** The state of one kind for one person: a valid consent, else the latest revoked one, else none. */
export function cellOf(consents: ConsentSummary[], kind: ConsentKind): RegisterCell {
  const ofKind = consents.filter((c) => c.kind === kind).sort((a, b) => b.givenAt.getTime() - a.givenAt.getTime());
  const valid = ofKind.find((c) => c.revokedAt === null);
  if (valid) return { state: 'yes', consentId: valid.id, givenAt: valid.givenAt, method: valid.method };
  const revoked = ofKind[0];
  if (revoked) return { state: 'revoked', consentId: revoked.id, givenAt: revoked.givenAt, method: revoked.method, revokedAt: revoked.revokedAt ?? undefined };
  return { state: 'no' };
}

function registerWhere(organizationId: number, filter: Omit<RegisterFilter, 'page'>): P.StaffMemberWhereInput {
  const where: P.StaffMemberWhereInput = { organizationId, archivedAt: null };
  const and: P.StaffMemberWhereInput[] = [];
  for (const word of (filter.q ?? '').split(/\s+/).filter(Boolean).slice(0, 3)) {
    and.push({
      OR: [
        { lastName: { contains: word, mode: 'insensitive' } },
        { firstName: { contains: word, mode: 'insensitive' } },
        { middleName: { contains: word, mode: 'insensitive' } },
      ],
    });
  }
  // The state is about one kind; without a chosen kind it is about the personal-data consent.
  const kind = filter.kind ?? 'PERSONAL_DATA';
  if (filter.state === 'yes') and.push({ consents: { some: { kind, revokedAt: null } } });
  if (filter.state === 'no') and.push({ consents: { none: { kind } } });
  if (filter.state === 'revoked') and.push({ consents: { some: { kind, revokedAt: { not: null } } } }, { consents: { none: { kind, revokedAt: null } } });
  if (and.length) where.AND = and;
  return where;
}

const registerSelect = {
  id: true,
  lastName: true,
  firstName: true,
  middleName: true,
  position: true,
  consents: { select: { id: true, kind: true, method: true, givenAt: true, revokedAt: true }, orderBy: { givenAt: 'desc' } },
} as const satisfies P.StaffMemberSelect;

const registerOrder: P.StaffMemberOrderByWithRelationInput[] = [{ lastName: 'asc' }, { firstName: 'asc' }, { middleName: 'asc' }, { id: 'asc' }];

function toRow(member: { id: number; lastName: string; firstName: string; middleName: string; position: string; consents: ConsentSummary[] }) {
  return {
    id: member.id,
    fullName: fullNameOf(member),
    position: member.position,
    cells: Object.fromEntries(CONSENT_KINDS.map((k) => [k, cellOf(member.consents, k)])) as Record<ConsentKind, RegisterCell>,
  };
}

/** One row per working staff member; the page's consents come with the page (no query per row). */
export async function listRegister(prisma: Prisma, organizationId: number, filter: RegisterFilter) {
  const where = registerWhere(organizationId, filter);
  const total = await prisma.staffMember.count({ where });
  const page = pageOf(total, filter.page);
  const members = await prisma.staffMember.findMany({ where, select: registerSelect, orderBy: registerOrder, skip: page.skip, take: page.perPage });
  return { rows: members.map(toRow), page };
}

export function cellText(cell: RegisterCell, timeZone: string): string {
  if (cell.state === 'yes') return `с ${formatDate(cell.givenAt, timeZone)}, ${cell.method === 'ELECTRONIC' ? 'электронно' : 'скан'}`;
  if (cell.state === 'revoked') return `отозвано ${formatDate(cell.revokedAt, timeZone)}`;
  return 'нет';
}

/** The whole register (with the list's filters) as XLSX. */
export async function exportRegister(prisma: Prisma, organizationId: number, filter: Omit<RegisterFilter, 'page'>, actor: Actor) {
  const organization = await organizationOf(prisma, organizationId);
  const members = await prisma.staffMember.findMany({ where: registerWhere(organizationId, filter), select: registerSelect, orderBy: registerOrder });
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Наставник';
  const sheet = workbook.addWorksheet('Согласия');
  sheet.columns = [
    { header: 'ФИО', key: 'name', width: 36 },
    { header: 'Должность', key: 'position', width: 28 },
    ...CONSENT_KINDS.map((k) => ({ header: KIND_SHORT_LABELS[k], key: k, width: 26 })),
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const member of members) {
    const row = toRow(member);
    sheet.addRow({ name: row.fullName, position: row.position, ...Object.fromEntries(CONSENT_KINDS.map((k) => [k, cellText(row.cells[k], organization.timeZone)])) });
  }
  await audit(prisma, actor, { action: 'consent.export', entityType: 'Consent', details: { rows: members.length, state: filter.state ?? null, kind: filter.kind ?? null } });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A person's consents, newest first (revoked ones stay as history), with the state of each kind. */
export async function personConsents(prisma: Prisma, organizationId: number, staffMemberId: number) {
  const person = await prisma.staffMember.findFirst({
    where: { id: staffMemberId, organizationId },
    select: {
      ...personSelect,
      consents: {
        select: { id: true, kind: true, method: true, givenAt: true, revokedAt: true, revokeReason: true, template: { select: { version: true } } },
        orderBy: [{ givenAt: 'desc' }, { id: 'desc' }],
      },
    },
  });
  if (!person) throw new NotFoundError('Сотрудник не найден');
  const cells = Object.fromEntries(CONSENT_KINDS.map((k) => [k, cellOf(person.consents, k)])) as Record<ConsentKind, RegisterCell>;
  return { person: { ...person, fullName: fullNameOf(person) }, cells };
}

export async function ownConsents(prisma: Prisma, organizationId: number, viewer: Viewer) {
  if (viewer.staffMemberId === null) return null;
  return personConsents(prisma, organizationId, viewer.staffMemberId);
}

/** Working staff for the upload form's select. */
export function staffOptions(prisma: Prisma, organizationId: number) {
  return prisma.staffMember.findMany({
    where: { organizationId, archivedAt: null },
    select: { id: true, lastName: true, firstName: true, middleName: true, position: true },
    orderBy: registerOrder,
  });
}

export async function auditPersonList(prisma: Prisma, actor: Actor, staffMemberId: number) {
  await audit(prisma, actor, { action: 'consent.read', entityType: 'StaffMember', entityId: staffMemberId, details: { list: true } });
}
