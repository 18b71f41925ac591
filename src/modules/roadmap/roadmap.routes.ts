import { Router } from 'express';
import type { AppContext } from '../../core/context.ts';
import { requirePermission } from '../../core/auth/middleware.ts';
import { requestScope, type Scope } from '../../core/scope.ts';
import { dashboardCards } from './roadmap.service.ts';

/** What other modules contribute to the dashboard (wired by the composition root). */
export interface DashboardContributions {
  /** «На согласовании» for the head: the orders waiting for approval. */
  awaitingApproval(scope: Scope): Promise<{ count: number; orders: unknown[] }>;
}

export function roadmapRouter(ctx: AppContext, contributions: DashboardContributions): Router {
  const router = Router();

  router.get('/', requirePermission('dashboard:view'), async (req, res) => {
    const scope = requestScope(req, ctx);
    // The head sees first what waits for her approval (views/orders/_awaiting.ejs).
    const [cards, awaiting] = await Promise.all([dashboardCards(scope), scope.can('orders:approve') ? contributions.awaitingApproval(scope) : null]);
    res.render('roadmap/index', { title: 'Дорожная карта наставничества', cards, awaiting });
  });

  return router;
}
