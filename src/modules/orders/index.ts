/**
 * The orders module's face. It owns Order, OrderPair, OrderNumberCounter and OrderAcknowledgment. It changes
 * no pairs itself: `order.submitted` and `order.approved` tell the pairs module what a submitted or
 * approved order means for them.
 */
export { ordersDashboard } from './orders.dashboard.ts';
export { ordersTodo } from './orders.todo.ts';
export { ordersRouter } from './orders.routes.ts';
export { acknowledgeOrder, approveOrder, awaitingApproval, createOrder, freezeApprovedOrders, newOrderForm, refreshedForm, regulationStatus, signedOrderContent, submitOrder } from './orders.service.ts';
export { frozenSha256, readFrozen, type FrozenOrder } from './orders.frozen.ts';
export { publicRegulationOf, publicRegulationSql, type PublicRegulation } from './orders.public.ts';
export { parseOrderForm } from './orders.schemas.ts';
/** The printed order (npm run samples prints every kind). */
export { orderForPrint } from './orders.service.ts';
