import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { audit } from '../../core/audit.ts';
import { canonicalSha256 } from '../../core/canonical.ts';
import { ConflictError, ForbiddenError, FormError, isUniqueViolation, NotFoundError } from '../../core/errors.ts';
import { formatDate } from '../../core/format.ts';
import { pageOf } from '../../core/pagination.ts';
import { participation, takesPart } from '../../core/participation.ts';
import { publish, transaction, type Scope } from '../../core/scope.ts';
import { linkAttachment, storeUpload, type CheckedUpload } from '../../core/uploads.ts';
import { dateTimeWithZone, momentOf, ruDate, todayIn } from '../../domain/dates.ts';
import { fullNameOf, initialsSurname } from '../../domain/people.ts';
import type { Prisma as P } from '../../generated/prisma/client.ts';
import type { ConsentKind, ConsentMethod } from '../../generated/prisma/enums.ts';
import { consentDocument, givenConsentDocument } from './consents.documents.ts';
import { signatureOf, signDocument, simpleSignatureStamp, type SignedContent } from '../signatures/index.ts';
import { workingStaffWhere } from '../staff/index.ts';
import { CONSENT_KIND_LABELS, findValidConsent, validConsentWhere } from './consents.rules.ts';
import type { AcceptConsentInput, RecordPaperConsentInput, RegisterFilter, RevokeConsentInput, SaveTemplateInput } from './consents.schemas.ts';
import {
  CONSENT_KINDS,
  DEFAULT_TEMPLATES,
  KIND_SHORT_LABELS,
  consentText,
  detailsToType,
  normalizeText,
  unknownPlaceholders,
  type FillContext,
  type GivenDetails,
  type TemplateText,
} from './consents.templates.ts';

export const MENTORING_ON_PAPER =
  'Письменное согласие на наставническую деятельность (ст. 351.8 Трудового кодекса РФ) в вашей организации подписывается на бумаге: распечатайте бланк, подпишите его и передайте методисту — он загрузит скан. Дать его в портале можно, только если работодатель ведёт электронный кадровый документооборот (ст. 22.1–22.3 ТК РФ) и указал это в настройках.';

const EMPTY_DETAILS = { address: '', documentKind: '', documentNumber: '', documentIssuedBy: '', documentIssuedOn: '', restrictions: '' };

export function sha256(text: string): string {
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

// ---- who is asking ------------------------------------------------------------------------------

/**
 * Another person's consent: the head and the methodist see it; for anyone else it does not exist (404),
 * so a teacher cannot even learn that an id belongs to someone.
 */
function assertMaySee(scope: Scope, staffMemberId: number) {
  if (takesPart(participation(scope, 'consents:read'), [staffMemberId])) return;
  throw new NotFoundError('Согласие не найдено');
}

/** Acting for another person (printing their form, revoking): the methodist only; the head sees but may not act. */
function assertMayActFor(scope: Scope, staffMemberId: number) {
  if (takesPart(participation(scope, 'consents:manage'), [staffMemberId])) return;
  if (scope.can('consents:read')) throw new ForbiddenError('Оформлять и отзывать согласия за других может только методист');
  throw new NotFoundError('Согласие не найдено');
}

function ownStaffId(scope: Scope): number {
  if (scope.staffMemberId === null) {
    throw new ConflictError('Ваша учётная запись не связана с карточкой сотрудника. Обратитесь к методисту или администратору.');
  }
  return scope.staffMemberId;
}

// ---- the organization and the person --------------------------------------------------------------

const organizationSelect = {
  fullName: true,
  fullNameGenitive: true,
  fullNameDative: true,
  shortName: true,
  address: true,
  postalAddress: true,
  inn: true,
  ogrn: true,
  headName: true,
  headPosition: true,
  website: true,
  socialPages: true,
  slug: true,
  timeZone: true,
  processorName: true,
  processorInn: true,
  processorAddress: true,
  signatureBasis: true,
  labourEdocBasis: true,
} as const;
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

async function organizationOf(scope: Scope) {
  const organization = await scope.db.organization.findFirst({ select: organizationSelect });
  if (!organization) throw new NotFoundError();
  return organization;
}

async function personOf(scope: Scope, staffMemberId: number) {
  const person = await scope.db.staffMember.findFirst({ where: { id: staffMemberId }, select: personSelect });
  if (!person) throw new NotFoundError('Сотрудник не найден');
  return person;
}

type Organization = Awaited<ReturnType<typeof organizationOf>>;
type Person = Awaited<ReturnType<typeof personOf>>;

function contextOf(scope: Scope, organization: Organization, person: Person, now: Date, given?: GivenDetails): FillContext {
  return { organization, person, now, timeZone: organization.timeZone, publicUrl: scope.publicUrl, login: scope.user?.login, given };
}

/**
 * The written consent to mentoring (ТК РФ ст. 351.8) is given online only where the employer keeps labour
 * documents electronically (ст. 22.1–22.3) and says by which act; elsewhere it is signed on paper.
 */
export function mentoringOnlineAllowed(organization: { labourEdocBasis: string }): boolean {
  return organization.labourEdocBasis.trim() !== '';
}

/** Electronic texts of the mentoring consent name the act that makes them electronic labour documents. */
function electronicText(kind: ConsentKind, template: TemplateText, ctx: FillContext, organization: Organization): string {
  const text = consentText(template, ctx, 'electronic');
  if (kind !== 'MENTORING') return text;
  return `${text}\n\nСогласие дано в форме электронного документа в соответствии со статьями 22.1–22.3 Трудового кодекса Российской Федерации от 30.12.2001 № 197-ФЗ (${organization.labourEdocBasis.trim()}).`;
}

/** The details typed under the text, checked for this kind: one message per missing field. */
function givenDetails(kind: ConsentKind, organization: Organization, input: Omit<AcceptConsentInput, 'agree' | 'textSha256'>, timeZone: string): GivenDetails {
  const need = detailsToType(kind, organization);
  const errors: Record<string, string> = {};
  if (need.address && !input.address) errors.address = 'Укажите адрес регистрации: он входит в текст согласия (ч. 4 ст. 9 Федерального закона № 152-ФЗ)';
  if (need.document) {
    if (!input.documentNumber) errors.documentNumber = 'Укажите серию и номер документа, удостоверяющего личность';
    if (!input.documentIssuedBy) errors.documentIssuedBy = 'Укажите, кем выдан документ';
    if (!input.documentIssuedOn) errors.documentIssuedOn = 'Укажите дату выдачи документа';
    else if (input.documentIssuedOn > todayIn(timeZone)) errors.documentIssuedOn = 'Дата выдачи не может быть в будущем';
  }
  if (Object.keys(errors).length) throw new FormError(errors);
  const document = need.document
    ? `${input.documentKind || 'паспорт гражданина Российской Федерации'} ${input.documentNumber}, выдан ${input.documentIssuedBy}, дата выдачи ${ruDate(input.documentIssuedOn)}`
    : '';
  return { address: need.address ? input.address.replace(/\s*\n\s*/g, ', ') : '', document, restrictions: need.restrictions ? input.restrictions.replace(/\s*\n\s*/g, '; ') : '' };
}

// ---- templates ------------------------------------------------------------------------------------

export interface CurrentTemplate extends TemplateText {
  /** null while the organization still uses the default text, which is saved as version 1 on first use. */
  id: number | null;
  version: number;
  createdAt: Date | null;
}

/** The text in force. Reading never writes: the default stays in code until a consent or an edit needs a row. */
export async function currentTemplate(scope: Scope, kind: ConsentKind): Promise<CurrentTemplate> {
  const latest = await scope.db.consentTemplate.findFirst({
    where: { kind },
    orderBy: { version: 'desc' },
    select: { id: true, version: true, title: true, body: true, createdAt: true },
  });
  return latest ?? { id: null, version: 1, createdAt: null, ...DEFAULT_TEMPLATES[kind] };
}

/** Saves the default text as version 1 if the organization has no version yet (safe when two requests race). */
async function persistDefaultTemplate(scope: Scope, kind: ConsentKind) {
  if (await scope.db.consentTemplate.findFirst({ where: { kind }, select: { id: true } })) return;
  try {
    await scope.db.consentTemplate.create({ data: { organizationId: scope.organization.id, kind, version: 1, ...DEFAULT_TEMPLATES[kind] } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}

async function persistedTemplate(scope: Scope, kind: ConsentKind) {
  const template = await currentTemplate(scope, kind);
  if (template.id === null) throw new Error('consent template was not persisted');
  return { ...template, id: template.id };
}

export async function listTemplates(scope: Scope) {
  const counts = await scope.db.consentTemplate.groupBy({ by: ['kind'], _count: { _all: true } });
  const templates = await Promise.all(CONSENT_KINDS.map((kind) => currentTemplate(scope, kind)));
  const organization = await organizationOf(scope);
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
export async function saveTemplate(scope: Scope, kind: ConsentKind, input: SaveTemplateInput) {
  const title = normalizeText(input.title);
  const body = normalizeText(input.body);
  const errors: Record<string, string> = {};
  for (const [field, text] of [['title', title], ['body', body]] as const) {
    const unknown = unknownPlaceholders(text);
    if (unknown.length) errors[field] = `Неизвестные подстановки: ${unknown.join(', ')}. Используйте только подстановки из списка ниже`;
  }
  if (Object.keys(errors).length) throw new FormError(errors);

  const current = await currentTemplate(scope, kind);
  if (current.id !== null && current.title === title && current.body === body) return { version: current.version, changed: false };
  await persistDefaultTemplate(scope, kind);
  try {
    return await transaction(scope, async (tx) => {
      const latest = await persistedTemplate(tx, kind);
      const created = await tx.db.consentTemplate.create({
        data: { organizationId: tx.organization.id, kind, version: latest.version + 1, title, body, createdById: tx.actor.userId },
        select: { id: true, version: true },
      });
      await audit(tx, { action: 'consent.template_update', entityType: 'ConsentTemplate', entityId: created.id, details: { kind, version: created.version } });
      return { version: created.version, changed: true };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError('Текст только что сохранил кто-то другой. Откройте страницу заново и внесите правку ещё раз.');
    throw error;
  }
}

// ---- printed form -------------------------------------------------------------------------------

/** The prefilled form to print and sign: the methodist for anyone, everyone else for themself. */
export async function consentForm(scope: Scope, kind: ConsentKind, staffMemberId: number | undefined) {
  const id = staffMemberId ?? ownStaffId(scope);
  const person = await personOf(scope, id);
  assertMayActFor(scope, person.id);
  const organization = await organizationOf(scope);
  const template = await currentTemplate(scope, kind);
  await audit(scope, { action: 'consent.form_download', entityType: 'StaffMember', entityId: person.id, details: { kind, version: template.version } });
  const doc = consentDocument(kind, template, contextOf(scope, organization, person, new Date()));
  const fileName = `${KIND_SHORT_LABELS[kind].replace(/[()]/g, '')} — ${initialsSurname(fullNameOf(person))}`;
  return { doc, fileName };
}

// ---- giving consent --------------------------------------------------------------------------------

/** Serialises consents of one person: the rule «one valid consent of a kind» holds under concurrent requests. */
async function lockPerson(tx: Scope, staffMemberId: number) {
  await tx.db.$queryRaw`SELECT id FROM "StaffMember" WHERE id = ${staffMemberId} AND "organizationId" = ${tx.organization.id} FOR UPDATE`;
}

/** What the teacher reads before accepting: the exact text and its hash (sent back in a hidden field). */
/** `at`: the moment of consent, now unless given (the demo data dates its consents back to before its pairs). */
export async function acceptancePage(scope: Scope, kind: ConsentKind, at = new Date()) {
  const person = await personOf(scope, ownStaffId(scope));
  const organization = await organizationOf(scope);
  const template = await currentTemplate(scope, kind);
  const text = electronicText(kind, template, contextOf(scope, organization, person, at), organization);
  const existing = await findValidConsent(scope, person.id, kind);
  const online = kind !== 'MENTORING' || mentoringOnlineAllowed(organization);
  return {
    person,
    text,
    textSha256: sha256(text),
    version: template.version,
    existing,
    /** false: this organization takes this consent on paper only (the page says why and offers the form). */
    online,
    toType: detailsToType(kind, organization),
    signatureBasis: organization.signatureBasis,
    labourEdocBasis: organization.labourEdocBasis,
  };
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

/**
 * The person accepts the text they were shown, with the details they typed under it. The shown text
 * (where the details read «указывается ниже») must still be the current one; the consent keeps the text
 * with the details in it. The details are personal data: they go into the consent's text only — not into
 * the audit log, the application log or anywhere else.
 */
export async function acceptElectronic(
  scope: Scope,
  kind: ConsentKind,
  shown: Partial<AcceptConsentInput> & { textSha256: string },
  client: { ip: string; userAgent: string },
  at = new Date(),
) {
  const staffMemberId = ownStaffId(scope);
  const card = await organizationOf(scope);
  if (kind === 'MENTORING' && !mentoringOnlineAllowed(card)) throw new ConflictError(MENTORING_ON_PAPER);
  const given = givenDetails(kind, card, { ...EMPTY_DETAILS, ...shown }, card.timeZone);
  await persistDefaultTemplate(scope, kind);
  return transaction(scope, async (tx) => {
    await lockPerson(tx, staffMemberId);
    const person = await personOf(tx, staffMemberId);
    if (person.archivedAt) throw new ConflictError('Карточка сотрудника в архиве: согласие дать нельзя.');
    const organization = await organizationOf(tx);
    const template = await persistedTemplate(tx, kind);
    const now = at;
    const shownText = electronicText(kind, template, contextOf(tx, organization, person, now), organization);
    if (sha256(shownText) !== shown.textSha256) throw new TextChangedError();
    const text = electronicText(kind, template, contextOf(tx, organization, person, now, given), organization);
    const textSha256 = sha256(text);
    const existing = await findValidConsent(tx, staffMemberId, kind);
    if (existing) throw new ConflictError(alreadyGiven(kind, existing.givenAt, organization.timeZone));
    const consent = await tx.db.consent.create({
      data: {
        organizationId: tx.organization.id,
        staffMemberId,
        kind,
        templateId: template.id,
        text,
        textSha256,
        method: 'ELECTRONIC',
        givenAt: now,
        ip: client.ip.slice(0, 100),
        userAgent: client.userAgent.slice(0, 500),
        recordedById: tx.actor.userId,
      },
      select: { id: true },
    });
    // Accepting is the person's simple electronic signature of exactly this text: the stamp and /verify quote it.
    await signDocument(tx, {
      kind: 'CONSENT',
      documentId: consent.id,
      contentSha256: canonicalSha256(signedContentOf({ kind, text, givenAt: now })),
      signer: { name: fullNameOf(person), position: capitalized(person.position), userId: tx.user?.id ?? null },
      signedAt: now,
    });
    await audit(tx, { action: 'consent.give', entityType: 'Consent', entityId: consent.id, details: { kind, method: 'ELECTRONIC', version: template.version } });
    return consent;
  });
}

const capitalized = (text: string) => (text.trim() ? text.trim()[0]!.toUpperCase() + text.trim().slice(1) : '');

/**
 * The frozen content of a consent given electronically — what the person's signature covers and /verify
 * checks: its kind, the stored text exactly as accepted (with the details typed under it) and the moment,
 * as an ISO string. Its hash is `canonicalSha256` of this object (core/canonical.ts), not `textSha256`.
 */
export function signedContentOf(consent: { kind: ConsentKind; text: string; givenAt: Date }) {
  return { kind: consent.kind, text: consent.text, givenAt: consent.givenAt.toISOString() };
}

/**
 * What /verify checks a consent's signature against: its stored frozen content. The row keeps no hash of
 * that object, only `textSha256` of the text inside it: a row whose text no longer has its own hash hands no
 * hash (invalid whatever the content). The page shows the kind of consent and whether it was revoked —
 * nothing else of the consent (152-ФЗ): not the text, not the date of revocation or its reason.
 */
export async function signedConsentContent(scope: Scope, id: number): Promise<SignedContent | null> {
  const row = await scope.db.consent.findFirst({ where: { id, method: 'ELECTRONIC' }, select: { kind: true, text: true, textSha256: true, givenAt: true, revokedAt: true } });
  if (!row) return null;
  const content = signedContentOf(row);
  return {
    content,
    storedSha256: sha256(row.text) === row.textSha256 ? canonicalSha256(content) : null,
    kindLabel: capitalized(CONSENT_KIND_LABELS[row.kind]),
    status: row.revokedAt ? 'отозвано' : 'действует',
  };
}

/**
 * The document of a consent given electronically (PDF/DOCX), for whoever may see the consent: its stored text
 * and, when the acceptance was signed, the stamp of the simple electronic signature with its /verify link on
 * `baseUrl`. A consent given on paper has its scan instead (404 here). The download is audited.
 */
export async function givenConsentForPrint(scope: Scope, id: number, format: 'pdf' | 'docx', baseUrl: string) {
  const consent = await scope.db.consent.findFirst({
    where: { id },
    select: { id: true, kind: true, method: true, text: true, givenAt: true, staffMemberId: true, staffMember: { select: { lastName: true, firstName: true, middleName: true } } },
  });
  if (!consent) throw new NotFoundError('Согласие не найдено');
  assertMaySee(scope, consent.staffMemberId);
  if (consent.method !== 'ELECTRONIC') throw new NotFoundError('Согласие дано на бумаге: его документ — загруженный скан');
  const signature = await signatureOf(scope, 'CONSENT', consent.id);
  await audit(scope, { action: 'consent.download', entityType: 'Consent', entityId: consent.id, details: { kind: consent.kind, format } });
  const doc = givenConsentDocument(consent.text, dateTimeWithZone(consent.givenAt, scope.organization.timeZone), signature ? [simpleSignatureStamp(signature, baseUrl)] : []);
  const fileName = `${KIND_SHORT_LABELS[consent.kind].replace(/[()]/g, '')} — ${initialsSurname(fullNameOf(consent.staffMember))} от ${formatDate(consent.givenAt, scope.organization.timeZone)}`;
  return { doc, fileName };
}

/**
 * A signed paper form: the text of the current version as printed (blanks included) and its hash, the
 * scan stored outside public/. With `replace`, the person's current consent of the kind is marked as
 * replaced (not revoked: the person keeps a valid consent throughout, so the banks are not touched). The scan
 * is an attachment of purpose CONSENT_SCAN owned by the new consent.
 */
export async function recordPaperConsent(scope: Scope, uploadsDir: string, input: RecordPaperConsentInput, upload: CheckedUpload) {
  const organization = await organizationOf(scope);
  if (input.signedOn > scope.today) throw new FormError({ signedOn: 'Дата подписания не может быть в будущем' });
  const person = await scope.db.staffMember.findFirst({ where: { id: input.staffMemberId, ...workingStaffWhere() }, select: { id: true } });
  if (!person) throw new FormError({ staffMemberId: 'Выберите педагога из списка' });
  const existing = await findValidConsent(scope, person.id, input.kind);
  if (existing && !input.replace) {
    throw new FormError({ kind: `${alreadyGiven(input.kind, existing.givenAt, organization.timeZone)} Если прежний скан испорчен, отметьте «Заменить действующее согласие».` });
  }
  await persistDefaultTemplate(scope, input.kind);

  let storedPath: string | undefined;
  try {
    return await transaction(scope, async (tx) => {
      await lockPerson(tx, person.id);
      const fresh = await personOf(tx, person.id);
      const template = await persistedTemplate(tx, input.kind);
      const givenAt = momentOf(input.signedOn);
      const text = consentText(template, contextOf(tx, organization, fresh, givenAt), 'print');
      const previous = await findValidConsent(tx, person.id, input.kind);
      if (previous && !input.replace) throw new FormError({ kind: alreadyGiven(input.kind, previous.givenAt, organization.timeZone) });
      // The replaced consent stops being valid first: a person holds one valid consent of a kind (a unique index).
      if (previous) {
        await tx.db.consent.update({
          where: { id: previous.id },
          data: { revokedAt: new Date(), revokeReason: `Заменено согласием от ${formatDate(givenAt, organization.timeZone)} (новый скан)`, revokedById: tx.actor.userId },
        });
      }
      const file = await storeUpload(tx, uploadsDir, upload, { purpose: 'CONSENT_SCAN' });
      storedPath = file.storagePath;
      const consent = await tx.db.consent.create({
        data: {
          organizationId: tx.organization.id,
          staffMemberId: person.id,
          kind: input.kind,
          templateId: template.id,
          text,
          textSha256: sha256(text),
          method: 'PAPER_SCAN',
          givenAt,
          scanFileId: file.id,
          recordedById: tx.actor.userId,
        },
        select: { id: true },
      });
      await linkAttachment(tx, file.id, consent.id);
      await audit(tx, {
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

export async function getConsent(scope: Scope, id: number) {
  const consent = await scope.db.consent.findFirst({ where: { id }, select: consentDetails });
  if (!consent) throw new NotFoundError('Согласие не найдено');
  assertMaySee(scope, consent.staffMemberId);
  const userIds = [consent.recordedById, consent.revokedById].filter((v): v is number => v !== null);
  const users = userIds.length ? await scope.db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, fullName: true } }) : [];
  const nameOf = (userId: number | null) => users.find((u) => u.id === userId)?.fullName ?? '';
  await audit(scope, { action: 'consent.read', entityType: 'Consent', entityId: consent.id, details: { kind: consent.kind } });
  const signature = consent.method === 'ELECTRONIC' ? await signatureOf(scope, 'CONSENT', consent.id) : null;
  return {
    ...consent,
    verifyCode: signature?.code ?? null,
    recordedByName: nameOf(consent.recordedById),
    revokedByName: nameOf(consent.revokedById),
    textMatches: sha256(consent.text) === consent.textSha256,
    mayRevoke: consent.revokedAt === null && takesPart(participation(scope, 'consents:manage'), [consent.staffMemberId]),
  };
}

/** The scan file of a consent, for the methodist, the head and the person themself. */
export async function consentScan(scope: Scope, id: number) {
  const consent = await scope.db.consent.findFirst({
    where: { id },
    select: { id: true, staffMemberId: true, scanFile: { select: { id: true, storagePath: true, mimeType: true, originalName: true } } },
  });
  if (!consent) throw new NotFoundError('Согласие не найдено');
  assertMaySee(scope, consent.staffMemberId);
  if (!consent.scanFile) throw new NotFoundError('У этого согласия нет скана: оно дано электронно');
  await audit(scope, { action: 'consent.scan_download', entityType: 'Consent', entityId: consent.id, details: { fileId: consent.scanFile.id } });
  return consent.scanFile;
}

// ---- revoking -----------------------------------------------------------------------------------

/** Who may revoke this consent: the person or the methodist (the head gets 403, anyone else 404). */
export async function assertMayRevoke(scope: Scope, id: number) {
  const consent = await scope.db.consent.findFirst({ where: { id }, select: { id: true, staffMemberId: true, kind: true, givenAt: true, revokedAt: true } });
  if (!consent) throw new NotFoundError('Согласие не найдено');
  assertMaySee(scope, consent.staffMemberId);
  assertMayActFor(scope, consent.staffMemberId);
  return consent;
}

/**
 * Revocation by the person or the methodist. The consent row stays as history, and `consent.revoked` tells
 * the other modules in the same transaction (the banks decide what each kind means for their entries).
 */
export async function revokeConsent(scope: Scope, id: number, input: RevokeConsentInput) {
  const consent = await assertMayRevoke(scope, id);
  const organization = await organizationOf(scope);
  if (input.revokedOn > scope.today) throw new FormError({ revokedOn: 'Дата отзыва не может быть в будущем' });
  if (input.revokedOn < todayIn(organization.timeZone, consent.givenAt)) {
    throw new FormError({ revokedOn: `Дата отзыва не может быть раньше даты согласия (${formatDate(consent.givenAt, organization.timeZone)})` });
  }
  await transaction(scope, async (tx) => {
    await lockPerson(tx, consent.staffMemberId);
    const fresh = await tx.db.consent.findUniqueOrThrow({ where: { id: consent.id }, select: { revokedAt: true } });
    if (fresh.revokedAt) throw new ConflictError('Это согласие уже отозвано');
    await tx.db.consent.update({
      where: { id: consent.id },
      data: { revokedAt: momentOf(input.revokedOn), revokeReason: input.reason, revokedById: tx.actor.userId },
    });
    await publish(tx, 'consent.revoked', { staffMemberId: consent.staffMemberId, kind: consent.kind, consentId: consent.id });
    await audit(tx, { action: 'consent.revoke', entityType: 'Consent', entityId: consent.id, details: { kind: consent.kind } });
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

function registerWhere(filter: Omit<RegisterFilter, 'page'>): P.StaffMemberWhereInput {
  const where: P.StaffMemberWhereInput = workingStaffWhere();
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
  if (filter.state === 'yes') and.push({ consents: { some: validConsentWhere(kind) } });
  if (filter.state === 'no') and.push({ consents: { none: { kind } } });
  if (filter.state === 'revoked') and.push({ consents: { some: { kind, revokedAt: { not: null } } } }, { consents: { none: validConsentWhere(kind) } });
  if (filter.state === 'missing') and.push({ consents: { none: validConsentWhere(kind) } });
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
export async function listRegister(scope: Scope, filter: RegisterFilter) {
  const where = registerWhere(filter);
  const total = await scope.db.staffMember.count({ where });
  const page = pageOf(total, filter.page);
  const members = await scope.db.staffMember.findMany({ where, select: registerSelect, orderBy: registerOrder, skip: page.skip, take: page.perPage });
  return { rows: members.map(toRow), page };
}

export function cellText(cell: RegisterCell, timeZone: string): string {
  if (cell.state === 'yes') return `с ${formatDate(cell.givenAt, timeZone)}, ${cell.method === 'ELECTRONIC' ? 'электронно' : 'скан'}`;
  if (cell.state === 'revoked') return `отозвано ${formatDate(cell.revokedAt, timeZone)}`;
  return 'нет';
}

/** The whole register (with the list's filters) as XLSX. */
export async function exportRegister(scope: Scope, filter: Omit<RegisterFilter, 'page'>) {
  const organization = await organizationOf(scope);
  const members = await scope.db.staffMember.findMany({ where: registerWhere(filter), select: registerSelect, orderBy: registerOrder });
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
  await audit(scope, { action: 'consent.export', entityType: 'Consent', details: { rows: members.length, state: filter.state ?? null, kind: filter.kind ?? null } });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A person's consents, newest first (revoked ones stay as history), with the state of each kind. */
export async function personConsents(scope: Scope, staffMemberId: number) {
  const person = await scope.db.staffMember.findFirst({
    where: { id: staffMemberId },
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

export async function ownConsents(scope: Scope) {
  if (scope.staffMemberId === null) return null;
  return personConsents(scope, scope.staffMemberId);
}

/** Working staff for the upload form's select. */
export function staffOptions(scope: Scope) {
  return scope.db.staffMember.findMany({
    where: workingStaffWhere(),
    select: { id: true, lastName: true, firstName: true, middleName: true, position: true },
    orderBy: registerOrder,
  });
}

export async function auditPersonList(scope: Scope, staffMemberId: number) {
  await audit(scope, { action: 'consent.read', entityType: 'StaffMember', entityId: staffMemberId, details: { list: true } });
}
