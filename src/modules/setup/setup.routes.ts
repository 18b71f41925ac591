import { Router, type NextFunction, type Request, type Response } from 'express';
import type { AppContext } from '../../core/context.ts';
import { actorOf } from '../../core/audit.ts';
import { loadSessionUser } from '../../core/auth/passport.ts';
import { FormError, NotFoundError } from '../../core/errors.ts';
import { flash } from '../../core/flash.ts';
import { parseForm, renderInvalid } from '../../core/forms.ts';
import { TIME_ZONES, nameFormsOf } from '../settings/index.ts';
import { CompleteSetup } from './setup.schemas.ts';
import { completeSetup, EXAMPLE_ORGANIZATION, organizationExists } from './setup.service.ts';

async function setupDone(ctx: AppContext): Promise<boolean> {
  if (!ctx.setup.done && (await organizationExists(ctx.db.prisma))) ctx.setup.done = true;
  return ctx.setup.done;
}

/** While no organization exists, every page leads to /setup. */
export function setupGate(ctx: AppContext) {
  // Not an async function: once set up (every request but the first few), no promise per request.
  return (req: Request, res: Response, next: NextFunction): void => {
    if (ctx.setup.done || req.path === '/setup') return next();
    setupDone(ctx).then((done) => (done ? next() : res.redirect(303, '/setup')), next);
  };
}

export function setupRouter(ctx: AppContext): Router {
  const router = Router();
  const view = 'setup/index';
  const locals = { title: 'Первый запуск', timeZones: TIME_ZONES };

  router.get('/setup', async (_req, res) => {
    if (await setupDone(ctx)) throw new NotFoundError();
    res.render(view, { ...locals, values: EXAMPLE_ORGANIZATION, nameForms: nameFormsOf(EXAMPLE_ORGANIZATION), errors: {} });
  });

  router.post('/setup', async (req, res) => {
    if (await setupDone(ctx)) throw new NotFoundError();
    const form = parseForm(CompleteSetup, req.body);
    if (!form.ok) return renderInvalid(res, view, { ...locals, values: form.values, nameForms: nameFormsOf(form.values), errors: form.errors });
    try {
      const { admin } = await completeSetup(ctx.db.prisma, form.data, ctx.setup.token, actorOf(req));
      ctx.setup.done = true;
      req.log.info('first-run setup completed');
      const user = await loadSessionUser(ctx.db, admin.id);
      await new Promise<void>((resolve, reject) => req.login(user!, (e) => (e ? reject(e) : resolve())));
      flash(req, 'Организация создана. Добро пожаловать в «Наставник»!');
      res.redirect(303, '/');
    } catch (error) {
      if (error instanceof FormError) {
        const { adminPassword: _p, adminPasswordConfirm: _c, ...values } = form.data;
        return renderInvalid(res, view, { ...locals, values: { ...values, token: '' }, nameForms: nameFormsOf(values), errors: error.fieldErrors });
      }
      throw error;
    }
  });

  return router;
}
