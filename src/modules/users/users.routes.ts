import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../core/context.ts';
import { audit } from '../../core/audit.ts';
import { requirePermission } from '../../core/auth/middleware.ts';
import { ROLE_LABELS } from '../../core/auth/permissions.ts';
import { ConflictError, FormError, NotFoundError } from '../../core/errors.ts';
import { flash } from '../../core/flash.ts';
import { parseForm, renderInvalid } from '../../core/forms.ts';
import { pageHref } from '../../core/pagination.ts';
import { requestScope } from '../../core/scope.ts';
import { fullNameOf } from '../../domain/people.ts';
import { CreateUser, IdParam, KINDERGARTEN_ROLES, LinkStaffCard, SaveUser, UserListQuery } from './users.schemas.ts';
import { createUser, freeCardOptions, getUser, linkAccount, listUsers, resetPassword, setUserActive, unlinkAccount, updateUser } from './users.service.ts';

function idOf(req: Request): number {
  const id = IdParam.safeParse(req.params.id);
  if (!id.success) throw new NotFoundError();
  return id.data;
}

export function usersRouter(ctx: AppContext): Router {
  const router = Router();
  const scopeOf = (req: Request) => requestScope(req, ctx);
  router.use('/users', requirePermission('users:manage'));
  // A kindergarten's roles only: the city specialist's account is made by the operator (src/modules/city).
  const roles = KINDERGARTEN_ROLES.map((role) => [role, ROLE_LABELS[role]] as const);

  router.get('/users', async (req, res) => {
    const filter = UserListQuery.parse(req.query);
    const { users, page } = await listUsers(scopeOf(req), filter);
    const query = { q: filter.q, role: filter.role, status: filter.status };
    res.render('users/index', { title: 'Пользователи', users, page, filter, roles, pageLink: (n: number) => pageHref('/users', query, n) });
  });

  const renderNew = async (req: Request, res: Response, status: number, values: Record<string, unknown>, errors: Record<string, string>) => {
    const cards = await freeCardOptions(scopeOf(req));
    res.status(status).render('users/new', { title: 'Новый пользователь', roles, cards: [['', '— не связывать —'], ...cards], values, errors });
  };

  router.get('/users/new', (req, res) => renderNew(req, res, 200, { role: 'TEACHER', staffMemberId: typeof req.query.staff === 'string' ? req.query.staff : '' }, {}));

  router.post('/users', async (req, res) => {
    const form = parseForm(CreateUser, req.body);
    const invalid = (errors: Record<string, string>) => renderNew(req, res, 422, req.body as Record<string, unknown>, errors);
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

  const renderShow = async (req: Request, res: Response, status: number, errors: Record<string, string> = {}, values: Record<string, unknown> = {}) => {
    const scope = scopeOf(req);
    const user = await getUser(scope, idOf(req));
    const cards = user.staffMember ? [] : await freeCardOptions(scope);
    await audit(scope, { action: 'user.read', entityType: 'User', entityId: user.id });
    res.status(status).render('users/show', { title: user.fullName, user, cards, fullNameOf, errors, values });
  };

  router.get('/users/:id', (req, res) => renderShow(req, res, 200));

  // The link between an account and a staff card (the card's page has the same two buttons).
  router.post('/users/:id/link', async (req, res) => {
    const id = idOf(req);
    const form = parseForm(LinkStaffCard, req.body);
    if (!form.ok) return renderShow(req, res, 422, form.errors, req.body as Record<string, unknown>);
    try {
      const { card } = await linkAccount(scopeOf(req), id, form.data.staffMemberId);
      flash(req, `Учётная запись связана с карточкой сотрудника ${fullNameOf(card)}`);
    } catch (error) {
      if (error instanceof FormError) return renderShow(req, res, 422, error.fieldErrors, req.body as Record<string, unknown>);
      throw error;
    }
    res.redirect(303, `/users/${id}`);
  });

  router.post('/users/:id/unlink', async (req, res) => {
    const id = idOf(req);
    try {
      const { card } = await unlinkAccount(scopeOf(req), id);
      flash(req, `Учётная запись больше не связана с карточкой сотрудника ${fullNameOf(card)}`);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      flash(req, error.message, 'alert');
    }
    res.redirect(303, `/users/${id}`);
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
