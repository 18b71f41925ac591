/**
 * «Требует внимания»: what other modules' changes mean for the pairs (subscriptions to `consent.revoked` and
 * `staff.archived`, in the publisher's transaction). A member who revokes the personal-data consent — or a
 * mentor who revokes the written consent to mentoring — or whose card goes to the archive, breaks every open
 * pair they are in: the pair is marked (`attentionSince`, `attentionReason`), its card, the list and the
 * dashboard warn the methodist, an active pair's card proposes the early-termination order with the reason
 * in its preamble, and a draft or proposal cannot be proposed or ordered until it is fixed (its members
 * changed, or — the consent given again — the mark taken off on the card).
 */
import { audit } from '../../core/audit.ts';
import { ConflictError, NotFoundError } from '../../core/errors.ts';
import { transaction, type Scope } from '../../core/scope.ts';
import { isoInZone, ruDate } from '../../domain/dates.ts';
import { fullNameOf, genderOfPatronymic } from '../../domain/people.ts';
import type { ConsentKind, PairRole } from '../../generated/prisma/enums.ts';
import { validConsentWhere } from '../consents/index.ts';
import { OPEN_STATUSES } from './pairs.definitions.ts';

interface Person {
  lastName: string;
  firstName: string;
  middleName: string;
}

/** «наставляемая Соколова Анастасия Игоревна» / «наставник Кузнецова Ольга Николаевна». */
function memberWords(person: Person, role: PairRole): string {
  const female = genderOfPatronymic(person.middleName) === 'female';
  const word = role === 'MENTOR' ? 'наставник' : female ? 'наставляемая' : 'наставляемый';
  return `${word} ${fullNameOf(person)}`;
}

/** The past tense agreeing with the person («отозвала», «отозвал»; «отозвал(а)» when the name does not tell). */
function verb(person: Person, male: string, female: string): string {
  const gender = genderOfPatronymic(person.middleName);
  return gender === 'female' ? female : gender === 'male' ? male : `${male}(а)`;
}

/** What the revoked consent is called in the reason. */
const REVOKED_WHAT: Partial<Record<ConsentKind, string>> = {
  PERSONAL_DATA: 'согласие на обработку персональных данных',
  MENTORING: 'письменное согласие на наставническую деятельность (ст. 351.8 ТК РФ)',
};

/**
 * Marks the open pairs in which the person takes part in one of `roles`, adding `reasonOf(role)` to the
 * reason (a pair already marked keeps its first date and gets the new reason too).
 */
async function markPairs(scope: Scope, staffMemberId: number, roles: PairRole[], reasonOf: (role: PairRole) => string, event: string) {
  const members = await scope.db.pairMember.findMany({
    where: { staffMemberId, role: { in: roles }, pair: { status: { in: OPEN_STATUSES } } },
    select: { role: true, pair: { select: { id: true, attentionSince: true, attentionReason: true } } },
    orderBy: { pairId: 'asc' },
  });
  for (const { role, pair } of members) {
    const reason = reasonOf(role);
    if (pair.attentionReason.includes(reason)) continue;
    await scope.db.pair.update({
      where: { id: pair.id },
      data: { attentionSince: pair.attentionSince ?? scope.now, attentionReason: pair.attentionReason ? `${pair.attentionReason}; ${reason}` : reason },
    });
    await audit(scope, { action: 'pair.attention', entityType: 'Pair', entityId: pair.id, details: { event, staffMemberId } });
  }
}

/** `consent.revoked`: the personal-data consent concerns every member, the consent to mentoring the mentors. */
export async function onConsentRevoked(scope: Scope, staffMemberId: number, kind: ConsentKind, consentId: number) {
  const what = REVOKED_WHAT[kind];
  if (!what) return;
  const [person, consent] = await Promise.all([
    scope.db.staffMember.findFirst({ where: { id: staffMemberId }, select: { lastName: true, firstName: true, middleName: true } }),
    scope.db.consent.findFirst({ where: { id: consentId }, select: { revokedAt: true } }),
  ]);
  if (!person) return;
  const on = ruDate(isoInZone(consent?.revokedAt ?? scope.now, scope.organization.timeZone));
  const roles: PairRole[] = kind === 'MENTORING' ? ['MENTOR'] : ['MENTOR', 'MENTEE'];
  await markPairs(scope, staffMemberId, roles, (role) => `${memberWords(person, role)} ${verb(person, 'отозвал', 'отозвала')} ${what} ${on}`, 'consent.revoked');
}

/** `staff.archived`: the person no longer works here. */
export async function onStaffArchived(scope: Scope, staffMemberId: number) {
  const person = await scope.db.staffMember.findFirst({ where: { id: staffMemberId }, select: { lastName: true, firstName: true, middleName: true, archivedAt: true } });
  if (!person) return;
  const on = ruDate(isoInZone(person.archivedAt ?? scope.now, scope.organization.timeZone));
  await markPairs(
    scope,
    staffMemberId,
    ['MENTOR', 'MENTEE'],
    (role) => `${memberWords(person, role)} ${verb(person, 'прекратил', 'прекратила')} работу в организации (карточка в архиве с ${on})`,
    'staff.archived',
  );
}

/**
 * What still breaks a marked pair: a member in the archive, without a valid personal-data consent, or a
 * mentor without the written consent to mentoring. Empty: the mark may come off.
 */
export async function attentionGaps(scope: Scope, pairId: number): Promise<string[]> {
  const members = await scope.db.pairMember.findMany({
    where: { pairId },
    select: {
      role: true,
      staffMember: {
        select: {
          lastName: true,
          firstName: true,
          middleName: true,
          archivedAt: true,
          consents: { where: { OR: [validConsentWhere('PERSONAL_DATA'), validConsentWhere('MENTORING')] }, select: { kind: true } },
        },
      },
    },
  });
  const gaps: string[] = [];
  for (const { role, staffMember: p } of members) {
    if (p.archivedAt) gaps.push(`${fullNameOf(p)} в архиве`);
    if (!p.consents.some((c) => c.kind === 'PERSONAL_DATA')) gaps.push(`${fullNameOf(p)}: нет действующего согласия на обработку персональных данных`);
    if (role === 'MENTOR' && !p.consents.some((c) => c.kind === 'MENTORING')) gaps.push(`${fullNameOf(p)}: нет действующего письменного согласия на наставническую деятельность`);
  }
  return gaps;
}

/** «Снять отметку»: only when nothing breaks the pair any more (the consent given again). */
export async function clearAttention(scope: Scope, pairId: number) {
  await transaction(scope, async (tx) => {
    const pair = await tx.db.pair.findFirst({ where: { id: pairId }, select: { id: true, attentionSince: true } });
    if (!pair) throw new NotFoundError('Пара (группа) не найдена');
    if (!pair.attentionSince) throw new ConflictError('Отметки «требует внимания» у пары нет');
    const gaps = await attentionGaps(tx, pairId);
    if (gaps.length) throw new ConflictError(`Отметку снять нельзя: ${gaps.join('; ')}`);
    await tx.db.pair.update({ where: { id: pairId }, data: { attentionSince: null, attentionReason: '' } });
    await audit(tx, { action: 'pair.attention_clear', entityType: 'Pair', entityId: pairId });
  });
}
