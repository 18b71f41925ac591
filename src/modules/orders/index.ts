/** Orders (приказы). */
export { ordersRouter } from './orders.routes.ts';
export { awaitingApproval } from './orders.service.ts';
