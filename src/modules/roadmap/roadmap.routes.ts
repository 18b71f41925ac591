import { Router } from 'express';
import type { AppContext } from '../../core/context.ts';
import { currentUser, requirePermission } from '../../core/auth/middleware.ts';
import { hasPermission } from '../../core/auth/permissions.ts';
import type { Prisma } from '../../core/database/client.ts';
import { dashboardCards } from './roadmap.service.ts';

/** What other modules contribute to the dashboard (wired by the composition root). */
export interface DashboardContributions {
  /** «На согласовании» for the head: the orders waiting for approval. */
  awaitingApproval(prisma: Prisma, organizationId: number): Promise<{ count: number; orders: unknown[] }>;
}

export function roadmapRouter(ctx: AppContext, contributions: DashboardContributions): Router {
  const router = Router();

  router.get('/', requirePermission('dashboard:view'), async (req, res) => {
    const user = currentUser(req);
    // The head sees first what waits for her approval (views/orders/_awaiting.ejs).
    const [cards, awaiting] = await Promise.all([
      dashboardCards(ctx.db.prisma, user.organizationId),
      hasPermission(user.role, 'orders:approve') ? contributions.awaitingApproval(ctx.db.prisma, user.organizationId) : null,
    ]);
    res.render('roadmap/index', { title: 'Дорожная карта наставничества', cards, awaiting });
  });

  return router;
}
