/**
 * Signatures of documents: the simple electronic signature the portal records when a document is signed
 * (the head approves an order; later a person accepting a consent, a programme), the public check of it by
 * its code, and the qualified signatures of published copies uploaded as detached `.sig` files. The module
 * owns DocumentSignature and QualifiedSignature; the documents themselves stay with their modules, which
 * hand their frozen content to the check (`SignedContentSources`, wired in the composition root).
 */
import crypto from 'node:crypto';
import { audit } from '../../core/audit.ts';
import { canonicalSha256 } from '../../core/canonical.ts';
import type { Database } from '../../core/database/client.ts';
import { EVERY_ORGANIZATION } from '../../core/database/scoped.ts';
import { FormError } from '../../core/errors.ts';
import { systemScope, transaction, type Events, type Scope } from '../../core/scope.ts';
import { checkedByCaller, storeUpload } from '../../core/uploads.ts';
import { dbDateOf, isoOfDbDate } from '../../domain/dates.ts';
import type { AttachmentPurpose, SignedDocumentKind } from '../../generated/prisma/enums.ts';
import { readDetachedSignature, UnreadableSignatureError } from './signatures.cms.ts';
import type { QualifiedSignatureFacts, SimpleSignatureFacts } from './signatures.stamp.ts';

// ---- the verification code ----------------------------------------------------------------------------

/** Crockford's base 32: no I, L, O, U — a code read off paper is typed without confusing 1 and I, 0 and O. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 12 characters, 60 random bits: guessing one of a city's few thousand signatures takes ~10^14 tries. */
export const CODE_LENGTH = 12;

export function newVerificationCode(): string {
  return Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[crypto.randomInt(CODE_ALPHABET.length)]).join('');
}

/** A code as typed or scanned: any case, dashes and spaces ignored, O read as 0 and I, L as 1. Null: not a code. */
export function normalizeCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]+/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return code.length === CODE_LENGTH && [...code].every((c) => CODE_ALPHABET.includes(c)) ? code : null;
}

// ---- signing ----------------------------------------------------------------------------------------------

export interface SignDocumentInput {
  kind: SignedDocumentKind;
  documentId: number;
  /** SHA-256 of the canonical serialisation of the frozen content (core/canonical.ts). */
  contentSha256: string;
  signer: { name: string; position: string; userId: number | null };
  signedAt: Date;
  /** What /verify shows of the document: its number and date ('YYYY-MM-DD'), if it has them. */
  documentNumber?: string | null;
  documentDate?: string | null;
}

/**
 * Records a simple electronic signature of a document, in the caller's transaction (an order's approval signs
 * it in the same transaction that freezes it). Returns the public verification code.
 */
export async function signDocument(scope: Scope, input: SignDocumentInput): Promise<{ code: string }> {
  return transaction(scope, async (tx) => {
    const code = newVerificationCode();
    const row = await tx.db.documentSignature.create({
      data: {
        organizationId: tx.organization.id,
        documentKind: input.kind,
        documentId: input.documentId,
        code,
        signerName: input.signer.name,
        signerPosition: input.signer.position,
        signerUserId: input.signer.userId,
        signedAt: input.signedAt,
        timeZone: tx.organization.timeZone,
        contentSha256: input.contentSha256,
        documentNumber: input.documentNumber ?? '',
        documentDate: input.documentDate ? dbDateOf(input.documentDate) : null,
      },
      select: { id: true },
    });
    await audit(tx, { action: 'signature.create', entityType: 'DocumentSignature', entityId: row.id, details: { kind: input.kind, documentId: input.documentId } });
    return { code };
  });
}

export interface DocumentSignatureView extends SimpleSignatureFacts {
  id: number;
  documentKind: SignedDocumentKind;
  documentId: number;
  documentNumber: string;
  /** 'YYYY-MM-DD' or ''. */
  documentDate: string;
  /** The newest qualified signature of the published copy, if one was uploaded. */
  qualified: (QualifiedSignatureFacts & { id: number; ownerOrganization: string; ownerTitle: string }) | null;
}

const signatureSelect = {
  id: true,
  documentKind: true,
  documentId: true,
  code: true,
  signerName: true,
  signerPosition: true,
  signedAt: true,
  timeZone: true,
  contentSha256: true,
  documentNumber: true,
  documentDate: true,
  qualified: {
    orderBy: { id: 'desc' },
    take: 1,
    select: { id: true, certificateSerial: true, ownerName: true, ownerOrganization: true, ownerTitle: true, issuerName: true, validFrom: true, validTo: true, signingTime: true, createdAt: true },
  },
} as const;

function viewOf(row: {
  id: number;
  documentKind: SignedDocumentKind;
  documentId: number;
  code: string;
  signerName: string;
  signerPosition: string;
  signedAt: Date;
  timeZone: string;
  contentSha256: string;
  documentNumber: string;
  documentDate: Date | null;
  qualified: DocumentSignatureView['qualified'][];
}): DocumentSignatureView {
  const { qualified, documentDate, ...rest } = row;
  return { ...rest, documentDate: isoOfDbDate(documentDate), qualified: qualified[0] ?? null };
}

/** The signature of a document (the latest, if it was signed more than once), with its qualified copy; or null. */
export async function signatureOf(scope: Scope, kind: SignedDocumentKind, documentId: number): Promise<DocumentSignatureView | null> {
  const row = await scope.db.documentSignature.findFirst({ where: { documentKind: kind, documentId }, orderBy: { id: 'desc' }, select: signatureSelect });
  return row ? viewOf(row as Parameters<typeof viewOf>[0]) : null;
}

// ---- the qualified signature of a published copy ------------------------------------------------------------

/** The attachment purpose of a kind's `.sig` (a kind that publishes signed copies adds its own). */
const PURPOSE: Partial<Record<SignedDocumentKind, AttachmentPurpose>> = { ORDER: 'ORDER_SIGNATURE' };

/** A `.sig` is a few kilobytes (the certificate and a signature); 1 MB leaves room for a chain of certificates. */
export const SIGNATURE_MAX_BYTES = 1024 * 1024;

/**
 * The methodist uploads the detached signature the head made of the published copy with her qualified
 * certificate: the file is read (a broken one → FormError on `field` with a Russian message), stored as an
 * attachment and its certificate's fields recorded. Returns the signature as it is now (with its warnings to show).
 */
export async function attachQualifiedSignature(
  scope: Scope,
  uploadsDir: string,
  document: { kind: SignedDocumentKind; documentId: number },
  file: Express.Multer.File | undefined,
  field = 'signature',
) {
  const purpose = PURPOSE[document.kind];
  if (!purpose) throw new Error(`no attachment purpose for qualified signatures of ${document.kind}`);
  const upload = checkedByCaller(file, 'sig', field);
  let facts;
  try {
    facts = readDetachedSignature(upload.buffer);
  } catch (error) {
    if (error instanceof UnreadableSignatureError) throw new FormError({ [field]: error.message });
    throw new FormError({ [field]: 'Файл подписи повреждён или в неизвестном формате: сохраните подпись заново (CMS/CAdES, .sig) и загрузите её' });
  }
  return transaction(scope, async (tx) => {
    const signature = await tx.db.documentSignature.findFirst({ where: { documentKind: document.kind, documentId: document.documentId }, orderBy: { id: 'desc' }, select: { id: true } });
    if (!signature) throw new FormError({ [field]: 'У документа нет отметки о подписании в портале: подпись можно загрузить только к документу, утверждённому в портале' });
    const attachment = await storeUpload(tx, uploadsDir, upload, { purpose, ownerId: document.documentId });
    const { certificate } = facts;
    const row = await tx.db.qualifiedSignature.create({
      data: {
        organizationId: tx.organization.id,
        signatureId: signature.id,
        attachmentId: attachment.id,
        certificateSerial: certificate.serialHex,
        ownerName: certificate.ownerName,
        ownerOrganization: certificate.ownerOrganization,
        ownerTitle: certificate.ownerTitle,
        issuerName: certificate.issuerName,
        validFrom: certificate.validFrom,
        validTo: certificate.validTo,
        signingTime: facts.signingTime,
        uploadedById: tx.actor.userId,
      },
      select: { id: true },
    });
    await audit(tx, { action: 'signature.qualified.upload', entityType: 'QualifiedSignature', entityId: row.id, details: { kind: document.kind, documentId: document.documentId, serial: certificate.serialHex } });
    return (await signatureOf(tx, document.kind, document.documentId))!;
  });
}

// ---- the public check ----------------------------------------------------------------------------------------

/**
 * How each kind of signed document hands its stored frozen content to the check (wired in the composition
 * root: the orders module for ORDER, later consents and programmes). `storedSha256` is the hash the document's
 * own row keeps; null content: the document is gone.
 */
export type SignedContentSource = (scope: Scope, documentId: number) => Promise<SignedContent | null>;
export interface SignedContent {
  content: unknown;
  storedSha256: string | null;
  /** What /verify calls this document when the kind's label is too broad («Согласие на обработку персональных данных»). */
  kindLabel?: string;
  /** The document's state as /verify may show it without naming anyone («отозвано»). */
  status?: string;
}
export type SignedContentSources = Partial<Record<SignedDocumentKind, SignedContentSource>>;

export interface Verification {
  valid: boolean;
  /** From the document's module: its own name of the document and its state; null when it has none. */
  kindLabel: string | null;
  status: string | null;
  signature: DocumentSignatureView;
  timeZone: string;
}

/** Whether the content still is what was signed: its canonical hash, the row's hash and the signature's agree. */
function contentMatches(found: SignedContent | null, signedSha256: string): boolean {
  if (!found || found.storedSha256 !== signedSha256) return false;
  try {
    return canonicalSha256(found.content) === signedSha256;
  } catch {
    // A value canonical JSON refuses (a fraction put in by hand): not what was signed.
    return false;
  }
}

/**
 * The public check of a code (no login): the signature across every organization of the portal, and whether
 * the document's stored content still has the signed hash. Null: no such code.
 */
export async function verifyCode(sources: { db: Database; events: Events }, contentSources: SignedContentSources, input: string): Promise<Verification | null> {
  const code = normalizeCode(input);
  if (!code) return null;
  const row = await sources.db.portal.documentSignature.findFirst({
    where: { ...EVERY_ORGANIZATION, code },
    select: { ...signatureSelect, organization: { select: { id: true, slug: true, shortName: true, fullName: true, timeZone: true } } },
  });
  if (!row) return null;
  const { organization, ...signatureRow } = row;
  const signature = viewOf(signatureRow as Parameters<typeof viewOf>[0]);
  const source = contentSources[signature.documentKind];
  const scope = systemScope(sources, organization, { requestId: 'verify' });
  const found = source ? await source(scope, signature.documentId) : null;
  return { valid: contentMatches(found, signature.contentSha256), kindLabel: found?.kindLabel ?? null, status: found?.status ?? null, signature, timeZone: organization.timeZone };
}
