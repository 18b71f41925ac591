import { Router } from 'express';
import type { AppContext } from '../../core/context.ts';
import { requirePermission } from '../../core/auth/middleware.ts';
import type { DashboardContributor } from '../../core/dashboard.ts';
import { collectTodo, type TodoContributor } from '../../core/todo.ts';
import { requestScope, type Scope } from '../../core/scope.ts';
import { dashboardCards } from './roadmap.service.ts';

/** What other modules contribute to the dashboard (wired by the composition root). */
export interface DashboardContributions {
  /** «На согласовании» for the head: the orders waiting for approval. */
  awaitingApproval(scope: Scope): Promise<{ count: number; orders: unknown[] }>;
  /** The stage items, one contributor per module (src/core/dashboard.ts). */
  stages: DashboardContributor[];
  /** The person's own to-do items, one contributor per module (src/core/todo.ts). */
  todo: TodoContributor[];
}

export function roadmapRouter(ctx: AppContext, contributions: DashboardContributions): Router {
  const router = Router();

  /**
   * The home: the person's own list first (what they must do, one tap to each), then — for those who run the
   * mentoring (staff:read: the methodist, the head, the administrator) — the roadmap's cards; a teacher gets a link to them.
   */
  router.get('/', requirePermission('dashboard:view'), async (req, res) => {
    const scope = requestScope(req, ctx);
    const runs = scope.can('staff:read');
    // The head sees first what waits for her approval (views/orders/_awaiting.ejs).
    const [todo, cards, awaiting] = await Promise.all([
      collectTodo(scope, contributions.todo),
      runs ? dashboardCards(scope, contributions.stages) : null,
      scope.can('orders:approve') ? contributions.awaitingApproval(scope) : null,
    ]);
    res.render('roadmap/index', { title: runs ? 'Мои дела и дорожная карта' : 'Мои дела', todo, cards, awaiting });
  });

  /** The roadmap's cards on their own page (the teacher's link from the home). */
  router.get('/roadmap', requirePermission('dashboard:view'), async (req, res) => {
    const scope = requestScope(req, ctx);
    const cards = await dashboardCards(scope, contributions.stages);
    res.render('roadmap/index', { title: 'Дорожная карта наставничества', todo: null, cards, awaiting: null });
  });

  return router;
}
