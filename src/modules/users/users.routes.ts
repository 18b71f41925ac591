import { Router, type Request } from 'express';
import type { AppContext } from '../../core/context.ts';
import { audit } from '../../core/audit.ts';
import { requirePermission } from '../../core/auth/middleware.ts';
import { ROLE_LABELS } from '../../core/auth/permissions.ts';
import { ConflictError, FormError, NotFoundError } from '../../core/errors.ts';
import { flash } from '../../core/flash.ts';
import { parseForm, renderInvalid } from '../../core/forms.ts';
import { pageHref } from '../../core/pagination.ts';
import { requestScope } from '../../core/scope.ts';
import { IdParam, SaveUser, UserListQuery } from './users.schemas.ts';
import { createUser, getUser, listUsers, resetPassword, setUserActive, updateUser } from './users.service.ts';

function idOf(req: Request): number {
  const id = IdParam.safeParse(req.params.id);
  if (!id.success) throw new NotFoundError();
  return id.data;
}

export function usersRouter(ctx: AppContext): Router {
  const router = Router();
  const scopeOf = (req: Request) => requestScope(req, ctx);
  router.use('/users', requirePermission('users:manage'));
  const roles = Object.entries(ROLE_LABELS);

  router.get('/users', async (req, res) => {
    const filter = UserListQuery.parse(req.query);
    const { users, page } = await listUsers(scopeOf(req), filter);
    const query = { q: filter.q, role: filter.role, status: filter.status };
    res.render('users/index', { title: 'Пользователи', users, page, filter, roles, pageLink: (n: number) => pageHref('/users', query, n) });
  });

  router.get('/users/new', (_req, res) => {
    res.render('users/new', { title: 'Новый пользователь', roles, values: { role: 'TEACHER' }, errors: {} });
  });

  router.post('/users', async (req, res) => {
    const form = parseForm(SaveUser, req.body);
    const invalid = (errors: Record<string, string>) => renderInvalid(res, 'users/new', { title: 'Новый пользователь', roles, values: req.body, errors });
    if (!form.ok) return invalid(form.errors);
    try {
      const { user, oneTimePassword } = await createUser(scopeOf(req), form.data);
      req.session.reveal = { label: `Одноразовый пароль для входа «${form.data.login}»`, value: oneTimePassword };
      flash(req, 'Пользователь создан. Передайте ему логин и одноразовый пароль — при первом входе он задаст свой.');
      res.redirect(303, `/users/${user.id}`);
    } catch (error) {
      if (error instanceof FormError) return invalid(error.fieldErrors);
      throw error;
    }
  });

  router.get('/users/:id', async (req, res) => {
    const scope = scopeOf(req);
    const user = await getUser(scope, idOf(req));
    await audit(scope, { action: 'user.read', entityType: 'User', entityId: user.id });
    res.render('users/show', { title: user.fullName, user });
  });

  router.get('/users/:id/edit', async (req, res) => {
    const user = await getUser(scopeOf(req), idOf(req));
    res.render('users/edit', { title: `Изменить: ${user.fullName}`, user, roles, values: user, errors: {} });
  });

  router.post('/users/:id', async (req, res) => {
    const user = await getUser(scopeOf(req), idOf(req));
    const form = parseForm(SaveUser, req.body);
    const invalid = (errors: Record<string, string>) => renderInvalid(res, 'users/edit', { title: `Изменить: ${user.fullName}`, user, roles, values: req.body, errors });
    if (!form.ok) return invalid(form.errors);
    try {
      await updateUser(scopeOf(req), user.id, form.data);
    } catch (error) {
      if (error instanceof FormError) return invalid(error.fieldErrors);
      throw error;
    }
    flash(req, 'Изменения сохранены');
    res.redirect(303, `/users/${user.id}`);
  });

  for (const [action, active] of [['deactivate', false], ['activate', true]] as const) {
    router.post(`/users/:id/${action}`, async (req, res) => {
      const id = idOf(req);
      try {
        const user = await setUserActive(scopeOf(req), id, active);
        flash(req, active ? `Учётная запись «${user.login}» снова активна` : `Учётная запись «${user.login}» отключена`);
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        flash(req, error.message, 'alert');
      }
      res.redirect(303, `/users/${id}`);
    });
  }

  router.post('/users/:id/reset-password', async (req, res) => {
    const id = idOf(req);
    const oneTimePassword = await resetPassword(scopeOf(req), id);
    req.session.reveal = { label: 'Новый одноразовый пароль', value: oneTimePassword };
    flash(req, 'Пароль сброшен. Передайте пользователю новый одноразовый пароль.');
    res.redirect(303, `/users/${id}`);
  });

  return router;
}
