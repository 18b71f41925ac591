/**
 * The consents' named rules, for every other module (through the face, index.ts): what «valid consent»
 * means — not revoked — in Prisma and, for raw SQL, as one shared fragment.
 */
import { ConflictError } from '../../core/errors.ts';
import type { Scope } from '../../core/scope.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import type { ConsentKind } from '../../generated/prisma/enums.ts';
import { declineFullName } from '../../domain/people.ts';

/** What each consent is called in messages («нет действующего согласия …»). */
export const CONSENT_KIND_LABELS: Record<ConsentKind, string> = {
  PERSONAL_DATA: 'согласие на обработку персональных данных',
  DISTRIBUTION: 'согласие на обработку персональных данных, разрешённых для распространения',
  MENTORING: 'письменное согласие на наставническую деятельность (ст. 351.8 ТК РФ)',
};

/** A valid consent of a kind, as a Prisma condition on Consent (the rule: not revoked). */
export function validConsentWhere(kind: ConsentKind) {
  return { kind, revokedAt: null };
}

/**
 * The same rule for raw SQL: «the staff member in `staffId` holds a valid consent of `kind`» — a boolean
 * expression over an SQL column reference such as `s.id`, inside the given organization column.
 */
export function hasValidConsentSql(staffId: Sql.Sql, organizationId: Sql.Sql, kind: ConsentKind): Sql.Sql {
  return Sql.sql`EXISTS (SELECT 1 FROM "Consent" c WHERE c."staffMemberId" = ${staffId} AND c."organizationId" = ${organizationId}
           AND c.kind = ${kind}::"ConsentKind" AND c."revokedAt" IS NULL)`;
}

/** The person's current (latest, not revoked) consent of this kind, or null. */
export function findValidConsent(scope: Pick<Scope, 'db'>, staffMemberId: number, kind: ConsentKind) {
  return scope.db.consent.findFirst({
    where: { staffMemberId, ...validConsentWhere(kind) },
    orderBy: { givenAt: 'desc' },
    select: { id: true, givenAt: true, method: true },
  });
}

/**
 * The service-layer gate of 152-ФЗ: banks, pairs, orders and public pages call this before letting a
 * person in. Throws a ConflictError naming the missing consent.
 */
export async function requireValidConsent(scope: Pick<Scope, 'db'>, staffMemberId: number, kind: ConsentKind, personName?: string) {
  const consent = await findValidConsent(scope, staffMemberId, kind);
  if (!consent) {
    // «у педагога Гречко Анны Сергеевны»: the name in the genitive, by the one declension wrapper.
    const who = personName ? ` у педагога ${declineFullName(personName, 'genitive')}` : '';
    throw new ConflictError(`Нет действующего документа: ${CONSENT_KIND_LABELS[kind]}${who}. Сначала оформите согласие.`);
  }
  return consent;
}

/** Ids of staff members (of a given list) who hold a valid consent of this kind — one query for a whole page. */
export async function staffWithValidConsent(scope: Pick<Scope, 'db'>, staffMemberIds: number[], kind: ConsentKind) {
  if (staffMemberIds.length === 0) return new Set<number>();
  const rows = await scope.db.consent.findMany({
    where: { ...validConsentWhere(kind), staffMemberId: { in: staffMemberIds } },
    select: { staffMemberId: true },
    distinct: ['staffMemberId'],
  });
  return new Set(rows.map((r) => r.staffMemberId));
}
