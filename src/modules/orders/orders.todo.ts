/**
 * The orders' part of the to-do home (src/core/todo.ts): approved orders the person is named in and has not
 * marked «Ознакомлен(а)»; for the methodist, the orders the head returned, with her comment. (The head's orders
 * waiting for approval stand above the list already: «На согласовании», views/orders/_awaiting.ejs.) At most two
 * statements, each by an index.
 */
import type { Scope } from '../../core/scope.ts';
import type { TodoGroup } from '../../core/todo.ts';

const LIMIT = 20;

export async function ordersTodo(scope: Scope): Promise<TodoGroup[]> {
  const staffMemberId = scope.staffMemberId;
  const [toRead, returned] = await Promise.all([
    staffMemberId !== null && scope.can('orders:acknowledge')
      ? scope.db.orderAcknowledgment.findMany({
          where: { staffMemberId, acknowledgedAt: null, order: { status: 'APPROVED' } },
          orderBy: { orderId: 'asc' },
          take: LIMIT,
          select: { order: { select: { id: true, title: true, numberText: true } } },
        })
      : [],
    scope.can('orders:draft')
      ? scope.db.order.findMany({ where: { status: 'RETURNED' }, orderBy: [{ returnedAt: 'asc' }, { id: 'asc' }], take: LIMIT, select: { id: true, title: true, returnComment: true } })
      : [],
  ]);
  return [
    {
      key: 'orders-returned',
      title: 'Доработать приказы, возвращённые заведующим',
      items: returned.map((o) => ({ text: `Доработать приказ «${o.title}»`, href: `/orders/${o.id}`, ...(o.returnComment ? { detail: `Комментарий заведующего: ${o.returnComment}` } : {}) })),
    },
    {
      key: 'orders-acknowledge',
      title: 'Ознакомиться с приказами',
      items: toRead.map(({ order }) => ({ text: `Ознакомиться с приказом ${order.numberText ? `№ ${order.numberText} ` : ''}«${order.title}»`, href: `/orders/${order.id}` })),
    },
  ];
}
