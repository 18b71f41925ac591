import { Router } from 'express';
import type { AppContext } from '../../app.ts';
import { currentUser, requirePermission } from '../../core/auth/middleware.ts';
import { dashboardCards } from './roadmap.service.ts';

export function roadmapRouter(ctx: AppContext): Router {
  const router = Router();

  router.get('/', requirePermission('dashboard:view'), async (req, res) => {
    const user = currentUser(req);
    const cards = await dashboardCards(ctx.db.prisma, user.organizationId);
    res.render('roadmap/index', { title: 'Дорожная карта наставничества', cards });
  });

  return router;
}
