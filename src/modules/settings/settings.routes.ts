import { Router, type Request } from 'express';
import type { AppContext } from '../../core/context.ts';
import { requirePermission } from '../../core/auth/middleware.ts';
import { FormError } from '../../core/errors.ts';
import { flash } from '../../core/flash.ts';
import { parseForm, renderInvalid } from '../../core/forms.ts';
import { requestScope } from '../../core/scope.ts';
import { TIME_ZONES, UpdateOrganization, nameFormsOf } from './settings.schemas.ts';
import { getOrganization, updateOrganization } from './settings.service.ts';

export function settingsRouter(ctx: AppContext): Router {
  const router = Router();
  const scopeOf = (req: Request) => requestScope(req, ctx);
  const locals = { title: 'Настройки организации', timeZones: TIME_ZONES };
  router.use('/settings', requirePermission('organization:manage'));

  const withValues = (values: Record<string, unknown>) => ({ ...locals, values, nameForms: nameFormsOf(values) });

  router.get('/settings', async (req, res) => {
    const organization = await getOrganization(scopeOf(req));
    res.render('settings/edit', { ...withValues(organization), errors: {} });
  });

  router.post('/settings', async (req, res) => {
    const form = parseForm(UpdateOrganization, req.body);
    if (!form.ok) return renderInvalid(res, 'settings/edit', { ...withValues(form.values), errors: form.errors });
    try {
      await updateOrganization(scopeOf(req), form.data);
    } catch (error) {
      if (error instanceof FormError) return renderInvalid(res, 'settings/edit', { ...withValues(req.body), errors: error.fieldErrors });
      throw error;
    }
    flash(req, 'Настройки организации сохранены');
    res.redirect(303, '/settings');
  });

  return router;
}
