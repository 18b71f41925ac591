import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../core/context.ts';
import { requirePermission } from '../../core/auth/middleware.ts';
import { pageHref, pageParam } from '../../core/pagination.ts';
import { requestScope } from '../../core/scope.ts';
import { AUDIT_ACTIONS, listAudit } from './audit.service.ts';

const AuditQuery = z.object({
  action: z.string().trim().max(60).regex(/^[a-z_.]*$/).optional().catch(undefined),
  page: pageParam,
});

export function auditRouter(ctx: AppContext): Router {
  const router = Router();

  router.get('/audit', requirePermission('audit:read'), async (req, res) => {
    const filter = AuditQuery.parse(req.query);
    const { entries, page } = await listAudit(requestScope(req, ctx), filter);
    const actions = Object.entries(AUDIT_ACTIONS);
    const pageLink = (n: number) => pageHref('/audit', { action: filter.action }, n);
    res.render('audit/index', { title: 'Журнал аудита', entries, page, filter, actions, actionLabels: AUDIT_ACTIONS, pageLink });
  });

  return router;
}
