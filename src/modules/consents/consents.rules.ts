import type { Prisma } from '../../core/database/client.ts';
import { ConflictError } from '../../core/errors.ts';
import type { ConsentKind } from '../../generated/prisma/enums.ts';

/** What each consent is called in messages («нет действующего согласия …»). */
export const CONSENT_KIND_LABELS: Record<ConsentKind, string> = {
  PERSONAL_DATA: 'согласие на обработку персональных данных',
  DISTRIBUTION: 'согласие на обработку персональных данных, разрешённых для распространения',
  MENTORING: 'письменное согласие на наставническую деятельность (ст. 351.8 ТК РФ)',
};

type ConsentReader = Pick<Prisma, 'consent'>;

/** The person's current (latest, not revoked) consent of this kind, or null. */
export function findValidConsent(db: ConsentReader, organizationId: number, staffMemberId: number, kind: ConsentKind) {
  return db.consent.findFirst({
    where: { organizationId, staffMemberId, kind, revokedAt: null },
    orderBy: { givenAt: 'desc' },
    select: { id: true, givenAt: true, method: true },
  });
}

/**
 * The service-layer gate of 152-ФЗ: banks, pairs, orders and public pages call this before letting a
 * person in. Throws a ConflictError naming the missing consent.
 */
export async function requireValidConsent(
  db: ConsentReader,
  organizationId: number,
  staffMemberId: number,
  kind: ConsentKind,
  personName?: string,
) {
  const consent = await findValidConsent(db, organizationId, staffMemberId, kind);
  if (!consent) {
    const who = personName ? ` у педагога ${personName}` : '';
    throw new ConflictError(`Нет действующего документа: ${CONSENT_KIND_LABELS[kind]}${who}. Сначала оформите согласие.`);
  }
  return consent;
}

/** Ids of staff members (of a given list) who hold a valid consent of this kind — one query for a whole page. */
export async function staffWithValidConsent(db: ConsentReader, organizationId: number, staffMemberIds: number[], kind: ConsentKind) {
  if (staffMemberIds.length === 0) return new Set<number>();
  const rows = await db.consent.findMany({
    where: { organizationId, kind, revokedAt: null, staffMemberId: { in: staffMemberIds } },
    select: { staffMemberId: true },
    distinct: ['staffMemberId'],
  });
  return new Set(rows.map((r) => r.staffMemberId));
}
