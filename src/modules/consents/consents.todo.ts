/**
 * The consents' part of the to-do home (src/core/todo.ts): the consents the person owes by the steps they are in
 * and does not hold (the named rule «valid consent»). The personal-data consent is owed by everyone who works
 * here (their requests and questionnaires carry personal data); the written consent to mentoring (ст. 351.8
 * ТК РФ) by a mentor — which the pairs know, so the composition root passes it in (`isMentor`). One statement
 * here, plus the caller's.
 */
import type { Scope } from '../../core/scope.ts';
import type { TodoContributor, TodoGroup } from '../../core/todo.ts';
import type { ConsentKind } from '../../generated/prisma/enums.ts';
import { CONSENT_KIND_LABELS, validConsentWhere } from './consents.rules.ts';
import { KIND_SLUGS } from './consents.templates.ts';

export interface ConsentsTodoDeps {
  /** The person is a mentor candidate or leads (or is named to lead) a pair or group: they owe the consent to mentoring. */
  isMentor(scope: Scope, staffMemberId: number): Promise<boolean>;
}

export function consentsTodo(deps: ConsentsTodoDeps): TodoContributor {
  return async (scope: Scope): Promise<TodoGroup[]> => {
    const staffMemberId = scope.staffMemberId;
    if (staffMemberId === null || !scope.can('consents:own')) return [];
    const [held, mentor] = await Promise.all([
      scope.db.consent.findMany({
        where: { staffMemberId, OR: [validConsentWhere('PERSONAL_DATA'), validConsentWhere('MENTORING')] },
        select: { kind: true },
      }),
      deps.isMentor(scope, staffMemberId),
    ]);
    const owed: ConsentKind[] = mentor ? ['PERSONAL_DATA', 'MENTORING'] : ['PERSONAL_DATA'];
    const missing = owed.filter((kind) => !held.some((c) => c.kind === kind));
    return [
      {
        key: 'consents',
        title: 'Дать согласие',
        items: missing.map((kind) => ({
          text: `Дать ${CONSENT_KIND_LABELS[kind]}`,
          href: `/consents/accept/${KIND_SLUGS[kind]}`,
          detail: 'Можно электронно, на этом портале, или на бумаге у методиста',
        })),
      },
    ];
  };
}
