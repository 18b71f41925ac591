import { Router } from 'express';
import type { AppContext } from '../../app.ts';
import { currentUser, requirePermission } from '../../core/auth/middleware.ts';
import { hasPermission } from '../../core/auth/permissions.ts';
import { awaitingApproval } from '../orders/orders.service.ts';
import { dashboardCards } from './roadmap.service.ts';

export function roadmapRouter(ctx: AppContext): Router {
  const router = Router();

  router.get('/', requirePermission('dashboard:view'), async (req, res) => {
    const user = currentUser(req);
    // The head sees first what waits for her approval (views/orders/_awaiting.ejs).
    const [cards, awaiting] = await Promise.all([
      dashboardCards(ctx.db.prisma, user.organizationId),
      hasPermission(user.role, 'orders:approve') ? awaitingApproval(ctx.db.prisma, user.organizationId) : null,
    ]);
    res.render('roadmap/index', { title: 'Дорожная карта наставничества', cards, awaiting });
  });

  return router;
}
