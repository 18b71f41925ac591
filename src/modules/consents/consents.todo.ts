/**
 * The consents' part of the to-do home (src/core/todo.ts): the consents the person owes by the steps they are in
 * and does not hold (the named rule «valid consent»). The personal-data consent is owed by everyone who works
 * here (their requests and questionnaires carry personal data); the written consent to mentoring (ст. 351.8
 * ТК РФ) by a mentor — which the banks and the pairs know, so the composition root passes their SQL twin in
 * (`isMentorSql`). One row (hasValidConsentSql, the twin of validConsentWhere), composed with the other
 * contributors' rows into the home's one statement.
 */
import type { Scope } from '../../core/scope.ts';
import type { TodoFigures } from '../../core/todo.ts';
import { keptSql } from '../../core/kept-sql.ts';
import type { ConsentKind } from '../../generated/prisma/enums.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import { CONSENT_KIND_LABELS, hasValidConsentSql } from './consents.rules.ts';
import { KIND_SLUGS } from './consents.templates.ts';

export interface ConsentsTodoDeps {
  /** The person is a mentor candidate or leads (or is named to lead) a pair or group: a boolean SQL expression. */
  isMentorSql(organizationId: number, staffMemberId: number): Sql.Sql;
}

interface Row {
  personalData: boolean;
  mentoring: boolean;
  mentor: boolean;
}

export function consentsTodo(deps: ConsentsTodoDeps): TodoFigures<Row> {
  // One shape: the text composed once (keptSql), a request gives the person.
  const statement = keptSql((_: 0, v: { organizationId: number; staffMemberId: number }) => {
    const held = (kind: ConsentKind) => hasValidConsentSql(Sql.sql`${v.staffMemberId}`, Sql.sql`${v.organizationId}`, kind);
    return Sql.sql`SELECT ${held('PERSONAL_DATA')} AS "personalData", ${held('MENTORING')} AS mentoring, ${deps.isMentorSql(v.organizationId, v.staffMemberId)} AS mentor`;
  });
  return {
    figures(scope: Scope) {
      const staffMemberId = scope.staffMemberId;
      if (staffMemberId === null || !scope.can('consents:own')) return null;
      return statement(0, { organizationId: scope.organization.id, staffMemberId });
    },
    groups({ personalData, mentoring, mentor }) {
      const owed: ConsentKind[] = mentor ? ['PERSONAL_DATA', 'MENTORING'] : ['PERSONAL_DATA'];
      const held: Partial<Record<ConsentKind, boolean>> = { PERSONAL_DATA: personalData, MENTORING: mentoring };
      const missing = owed.filter((kind) => !held[kind]);
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
    },
  };
}
