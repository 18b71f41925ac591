/**
 * The orders' part of the to-do home (src/core/todo.ts): approved orders the person is named in and has not
 * marked «Ознакомлен(а)»; for the methodist, the orders the head returned, with her comment. (The head's orders
 * waiting for approval stand above the list already: «На согласовании», views/orders/_awaiting.ejs.) One row of
 * two lists, each by an index, composed with the other contributors' rows into the home's one statement.
 */
import type { Scope } from '../../core/scope.ts';
import type { TodoFigures } from '../../core/todo.ts';
import { keptSql } from '../../core/kept-sql.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';

const LIMIT = 20;

interface Row {
  toRead: { id: number; title: string; numberText: string | null }[];
  returned: { id: number; title: string; returnComment: string | null }[];
}

const NONE = Sql.sql`'[]'::json`;
/** The choice of lists (keptSql): the orders to read, the orders returned. */
const ACKNOWLEDGE = 1;
const DRAFT = 2;

const statement = keptSql(
  (lists: number, v: { organizationId: number; staffMemberId: number | null }) => Sql.sql`
      SELECT ${
        lists & ACKNOWLEDGE
          ? Sql.sql`(SELECT coalesce(json_agg(x), '[]') FROM (
              SELECT o.id, o.title, o."numberText" FROM "OrderAcknowledgment" a
                JOIN "Order" o ON o."organizationId" = a."organizationId" AND o.id = a."orderId"
               WHERE a."organizationId" = ${v.organizationId} AND a."staffMemberId" = ${v.staffMemberId} AND a."acknowledgedAt" IS NULL AND o.status = 'APPROVED'
               ORDER BY a."orderId" LIMIT ${LIMIT}) x)`
          : NONE
      } AS "toRead", ${
        lists & DRAFT
          ? Sql.sql`(SELECT coalesce(json_agg(x), '[]') FROM (
              SELECT o.id, o.title, o."returnComment" FROM "Order" o
               WHERE o."organizationId" = ${v.organizationId} AND o.status = 'RETURNED'
               ORDER BY o."returnedAt", o.id LIMIT ${LIMIT}) x)`
          : NONE
      } AS returned`,
);

export const ordersTodo: TodoFigures<Row> = {
  figures(scope: Scope) {
    const staffMemberId = scope.staffMemberId;
    const lists = (staffMemberId !== null && scope.can('orders:acknowledge') ? ACKNOWLEDGE : 0) | (scope.can('orders:draft') ? DRAFT : 0);
    return lists ? statement(lists, { organizationId: scope.organization.id, staffMemberId }) : null;
  },
  groups({ toRead, returned }) {
    return [
      {
        key: 'orders-returned',
        title: 'Доработать приказы, возвращённые заведующим',
        items: returned.map((o) => ({ text: `Доработать приказ «${o.title}»`, href: `/orders/${o.id}`, ...(o.returnComment ? { detail: `Комментарий заведующего: ${o.returnComment}` } : {}) })),
      },
      {
        key: 'orders-acknowledge',
        title: 'Ознакомиться с приказами',
        items: toRead.map((order) => ({ text: `Ознакомиться с приказом ${order.numberText ? `№ ${order.numberText} ` : ''}«${order.title}»`, href: `/orders/${order.id}` })),
      },
    ];
  },
};
