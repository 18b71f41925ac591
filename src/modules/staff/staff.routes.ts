import { Router, type Request, type Response } from 'express';
import { publicBaseUrlOf, type AppContext } from '../../core/context.ts';
import { requirePermission } from '../../core/auth/middleware.ts';
import { ConflictError, FormError, NotFoundError, type FieldErrors } from '../../core/errors.ts';
import { flash } from '../../core/flash.ts';
import { checkbox, parseForm } from '../../core/forms.ts';
import { pageHref, pageOf } from '../../core/pagination.ts';
import { requestScope } from '../../core/scope.ts';
import { acceptUpload, checkUpload, uploadError } from '../../core/uploads.ts';
import { isoOfDbDate } from '../../domain/dates.ts';
import { fullNameOf, POSITIONS, QUALIFICATION_LABELS } from '../../domain/people.ts';
import { QualificationCategory, type Role } from '../../generated/prisma/enums.ts';
import { archiveEffect, linkAccount, reactivationOffer, unlinkAccount } from '../users/index.ts';
import { templateCsv, templateWorkbook, XLSX_MIME } from './staff.files.ts';
import { IMPORT_COLUMNS, MAX_IMPORT_ROWS, problemsFirst } from './staff.import.ts';
import { cancelImport, getImport, getImportRows, previewImport, recentImports, startImport } from './staff.imports.ts';
import { EXPERIENCE_BANDS, STAFF_SORTS, STAFF_STATES } from './staff.labels.ts';
import { IdParam, SaveStaff, StaffListQuery, type StaffListFilter } from './staff.schemas.ts';
import {
  archiveStaff,
  createStaff,
  createStaffAccount,
  createStaffAccounts,
  exportStaff,
  getStaff,
  lineManagerOptions,
  listStaff,
  restoreStaff,
  showStaff,
  staffWithoutAccount,
  updateStaff,
} from './staff.service.ts';

const MAX_UPLOAD = 5 * 1024 * 1024;

type Account = { login: string; role: Role } | null;
/** «Учётная запись заведующего «head»». */
const ACCOUNT_OF: Record<Role, string> = { ADMIN: 'администратора', HEAD: 'заведующего', METHODIST: 'методиста', TEACHER: 'педагога', CITY: 'специалиста управления образования' };
const accountName = (account: Account) => (account ? `Учётная запись ${ACCOUNT_OF[account.role]} «${account.login}»` : '');

/** What the archiving did, in the words of the flash message (the card said the same beforehand). */
const ARCHIVED: Record<ReturnType<typeof archiveEffect>, (account: Account) => string> = {
  none: () => 'Сотрудник переведён в архив',
  deactivate: () => 'Сотрудник переведён в архив, его учётная запись отключена',
  keep: (account) => `Сотрудник переведён в архив. ${accountName(account)} осталась включённой: отключить её может только администратор`,
};
const PREVIEW_PAGE = 50;

function idOf(req: Request): number {
  const id = IdParam.safeParse(req.params.id);
  if (!id.success) throw new NotFoundError();
  return id.data;
}

/** The list's query string without the page: kept by pagination, sorting links and the export. */
function listQuery(filter: StaffListFilter): Record<string, string | undefined> {
  return {
    q: filter.q,
    position: filter.position,
    category: filter.category,
    experience: filter.experience,
    state: filter.state === 'working' ? undefined : filter.state,
    sort: filter.sort === 'name' ? undefined : filter.sort,
    dir: filter.dir === 'asc' ? undefined : filter.dir,
  };
}

const choices = {
  positions: POSITIONS.map((p) => [p, p] as [string, string]),
  categories: Object.entries(QUALIFICATION_LABELS) as [QualificationCategory, string][],
  bands: Object.entries(EXPERIENCE_BANDS).map(([k, b]) => [k, b.label] as [string, string]),
  states: Object.entries(STAFF_STATES) as [string, string][],
  sorts: Object.entries(STAFF_SORTS) as [string, string][],
};

export function staffRouter(ctx: AppContext): Router {
  const router = Router();
  const manage = requirePermission('staff:manage');
  router.use('/staff', requirePermission('staff:read'));
  const scopeOf = (req: Request) => requestScope(req, ctx);

  router.get('/staff', async (req, res) => {
    const filter = StaffListQuery.parse(req.query);
    const { staff, page } = await listStaff(scopeOf(req), filter);
    const query = listQuery(filter);
    const exportQuery = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => Boolean(e[1]))).toString();
    res.render('staff/index', {
      title: 'Сотрудники',
      staff,
      page,
      filter,
      choices,
      categoryLabels: QUALIFICATION_LABELS,
      fullNameOf,
      pageLink: (n: number) => pageHref('/staff', query, n),
      // listQuery's fields in its order, sort and direction replaced (written out: a property after a spread takes V8's slow path).
      sortLink: (sort: string) =>
        pageHref(
          '/staff',
          { q: query.q, position: query.position, category: query.category, experience: query.experience, state: query.state, sort: sort === 'name' ? undefined : sort, dir: filter.sort === sort && filter.dir === 'asc' ? 'desc' : undefined },
          1,
        ),
      exportHref: exportQuery ? `/staff/export.xlsx?${exportQuery}` : '/staff/export.xlsx',
    });
  });

  router.get('/staff/export.xlsx', async (req, res) => {
    const { workbook } = await exportStaff(scopeOf(req), StaffListQuery.parse(req.query));
    const name = `Сотрудники ${new Date().toISOString().slice(0, 10)}.xlsx`;
    res.setHeader('Content-Type', XLSX_MIME);
    res.setHeader('Content-Disposition', `attachment; filename="staff.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.send(workbook);
  });

  // ---- create and edit ---------------------------------------------------------------------

  const renderForm = async (req: Request, res: Response, view: 'new' | 'edit', locals: { values: object; errors: FieldErrors; member?: { id: number; lastName: string; firstName: string; middleName: string } }) => {
    const managers = await lineManagerOptions(scopeOf(req), locals.member?.id);
    const title = locals.member ? `Изменить: ${fullNameOf(locals.member)}` : 'Новый сотрудник';
    const status = Object.keys(locals.errors).length ? 422 : 200;
    res.status(status).render(`staff/${view}`, { title, choices, managers: [['', '— не указан —'], ...managers], ...locals });
  };

  router.get('/staff/new', manage, async (req, res) => {
    await renderForm(req, res, 'new', { values: { qualificationCategory: 'NONE', position: 'воспитатель' }, errors: {} });
  });

  // Accounts for several people at once. The answer to the POST is the page of slips itself (login, one-time
  // password, where to sign in), printed once: the passwords are kept nowhere, not even in the session.
  router.get('/staff/accounts', manage, async (req, res) => {
    res.render('staff/accounts', { title: 'Учётные записи для нескольких сотрудников', people: await staffWithoutAccount(scopeOf(req)), error: null });
  });

  router.post('/staff/accounts', manage, async (req, res) => {
    const raw = (req.body as Record<string, unknown> | undefined)?.staffIds;
    const ids = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(Number).filter((n) => Number.isSafeInteger(n) && n > 0);
    if (!ids.length) {
      const people = await staffWithoutAccount(scopeOf(req));
      return res.status(422).render('staff/accounts', { title: 'Учётные записи для нескольких сотрудников', people, error: 'Отметьте хотя бы одного сотрудника' });
    }
    const outcomes = await createStaffAccounts(scopeOf(req), ids);
    const loginUrl = `${publicBaseUrlOf(ctx, req)}/login`;
    res.render('staff/account-slips', { title: 'Листки с одноразовыми паролями', outcomes, loginUrl });
  });

  router.post('/staff', manage, async (req, res) => {
    const form = parseForm(SaveStaff, req.body);
    if (!form.ok) return renderForm(req, res, 'new', { values: form.values, errors: form.errors });
    try {
      const created = await createStaff(scopeOf(req), form.data);
      flash(req, 'Сотрудник добавлен');
      res.redirect(303, `/staff/${created.id}`);
    } catch (error) {
      if (error instanceof FormError) return renderForm(req, res, 'new', { values: req.body, errors: error.fieldErrors });
      throw error;
    }
  });

  // ---- import (before /staff/:id so its paths are not taken for ids) --------------------------

  const importPage = async (req: Request, res: Response, errors: FieldErrors = {}) => {
    res.status(Object.keys(errors).length ? 422 : 200).render('staff/import', {
      title: 'Импорт сотрудников',
      columns: IMPORT_COLUMNS,
      positions: POSITIONS,
      categories: Object.values(QUALIFICATION_LABELS),
      maxRows: MAX_IMPORT_ROWS,
      imports: await recentImports(scopeOf(req)),
      errors,
    });
  };

  router.get('/staff/import', manage, (req, res) => importPage(req, res));

  router.get('/staff/import/template.xlsx', manage, async (_req, res) => {
    res.setHeader('Content-Type', XLSX_MIME);
    res.setHeader('Content-Disposition', `attachment; filename="staff-template.xlsx"; filename*=UTF-8''${encodeURIComponent('Шаблон импорта сотрудников.xlsx')}`);
    res.send(await templateWorkbook());
  });

  router.get('/staff/import/template.csv', manage, (_req, res) => {
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="staff-template.csv"; filename*=UTF-8''${encodeURIComponent('Шаблон импорта сотрудников.csv')}`);
    res.send(templateCsv());
  });

  router.post('/staff/import', manage, acceptUpload('file', MAX_UPLOAD, 'spreadsheet'), async (req, res) => {
    const tooBig = uploadError(req);
    if (tooBig) return importPage(req, res, { file: tooBig });
    try {
      const upload = await checkUpload(req.file, ['csv', 'xlsx']);
      // «Совпадающих: обновить / пропустить» — a radio of the same form; anything but «обновить» skips.
      const created = await previewImport(scopeOf(req), upload, req.body?.matchMode === 'UPDATE' ? 'UPDATE' : 'SKIP');
      res.redirect(303, `/staff/import/${created.id}`);
    } catch (error) {
      if (error instanceof FormError) return importPage(req, res, error.fieldErrors);
      throw error;
    }
  });

  router.get('/staff/import/:id', manage, async (req, res) => {
    const found = await getImport(scopeOf(req), idOf(req));
    const withRows = found.status === 'PREVIEW' || found.status === 'DONE';
    const rows = withRows ? problemsFirst(await getImportRows(scopeOf(req), found.id)) : [];
    const requested = Number(typeof req.query.page === 'string' ? req.query.page : 1) || 1;
    const page = pageOf(rows.length, requested, PREVIEW_PAGE);
    res.render('staff/import-show', {
      title: `Импорт «${found.fileName}»`,
      imp: found,
      rows: rows.slice(page.skip, page.skip + page.perPage),
      invalidRows: rows.filter((r) => r.errors.length > 0).length,
      matchingRows: rows.filter((r) => r.errors.length === 0 && r.matchId !== undefined).length,
      page,
      pageLink: (n: number) => pageHref(`/staff/import/${found.id}`, {}, n),
    });
  });

  router.post('/staff/import/:id/apply', manage, async (req, res) => {
    const id = idOf(req);
    try {
      await startImport(scopeOf(req), id);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      flash(req, error.message, 'alert');
    }
    res.redirect(303, `/staff/import/${id}`);
  });

  router.post('/staff/import/:id/cancel', manage, async (req, res) => {
    const id = idOf(req);
    try {
      await cancelImport(scopeOf(req), id);
      flash(req, 'Импорт отменён, загруженные строки удалены');
      res.redirect(303, '/staff/import');
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      flash(req, error.message, 'alert');
      res.redirect(303, `/staff/import/${id}`);
    }
  });

  // ---- one person ----------------------------------------------------------------------------

  router.get('/staff/:id', async (req, res) => {
    const scope = scopeOf(req);
    const { member, subordinates, namesakes, accounts, categoryChanges } = await showStaff(scope, idOf(req));
    const role = scope.user?.role ?? null;
    res.render('staff/show', {
      title: fullNameOf(member),
      member,
      subordinates,
      namesakes,
      accounts,
      categoryChanges,
      categoryLabels: QUALIFICATION_LABELS,
      fullNameOf,
      // What the buttons will do to the account, said before the click.
      archiveEffect: archiveEffect(member.user, role),
      reactivation: reactivationOffer(member.user, role),
      accountName: accountName(member.user),
    });
  });

  router.get('/staff/:id/edit', manage, async (req, res) => {
    const scope = scopeOf(req);
    const member = await getStaff(scope, idOf(req));
    // The attestation order's date defaults to the organization's today (used only if the category changes).
    const values = { ...member, birthDate: isoOfDbDate(member.birthDate), hiredOn: isoOfDbDate(member.hiredOn), lineManagerId: member.lineManagerId ?? '', categoryChangedOn: scope.today };
    await renderForm(req, res, 'edit', { member, values, errors: {} });
  });

  router.post('/staff/:id', manage, async (req, res) => {
    const member = await getStaff(scopeOf(req), idOf(req));
    const form = parseForm(SaveStaff, req.body);
    if (!form.ok) return renderForm(req, res, 'edit', { member, values: form.values, errors: form.errors });
    try {
      await updateStaff(scopeOf(req), member.id, form.data);
    } catch (error) {
      if (error instanceof FormError) return renderForm(req, res, 'edit', { member, values: req.body, errors: error.fieldErrors });
      throw error;
    }
    flash(req, 'Изменения сохранены');
    res.redirect(303, `/staff/${member.id}`);
  });

  router.post('/staff/:id/archive', manage, async (req, res) => {
    const id = idOf(req);
    try {
      const { member, effect } = await archiveStaff(scopeOf(req), id);
      flash(req, ARCHIVED[effect](member.user));
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      flash(req, error.message, 'alert');
    }
    res.redirect(303, `/staff/${id}`);
  });

  router.post('/staff/:id/restore', manage, async (req, res) => {
    const id = idOf(req);
    try {
      const reactivate = checkbox.parse(req.body?.reactivate);
      const { reactivated, accountOff } = await restoreStaff(scopeOf(req), id, reactivate);
      flash(
        req,
        reactivated
          ? 'Сотрудник возвращён из архива, его учётная запись снова включена'
          : accountOff
            ? 'Сотрудник возвращён из архива. Учётная запись остаётся отключённой — её включает администратор в разделе «Пользователи»'
            : 'Сотрудник возвращён из архива',
      );
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      flash(req, error.message, 'alert');
    }
    res.redirect(303, `/staff/${id}`);
  });

  router.post('/staff/:id/account', manage, async (req, res) => {
    const id = idOf(req);
    try {
      const { user, oneTimePassword } = await createStaffAccount(scopeOf(req), id, { separate: checkbox.parse(req.body?.separate) });
      req.session.reveal = { label: `Одноразовый пароль для входа «${user.login}»`, value: oneTimePassword };
      flash(req, `Учётная запись «${user.login}» создана. Передайте сотруднику логин и одноразовый пароль — при первом входе он задаст свой.`);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      flash(req, error.message, 'alert');
    }
    res.redirect(303, `/staff/${id}`);
  });

  // An existing account and this card (the account's page at /users/:id has the same two buttons).
  const manageUsers = requirePermission('users:manage');

  router.post('/staff/:id/account/link', manageUsers, async (req, res) => {
    const id = idOf(req);
    await getStaff(scopeOf(req), id);
    const userId = IdParam.safeParse(req.body?.userId);
    try {
      if (!userId.success) throw new ConflictError('Выберите учётную запись из списка');
      const { user } = await linkAccount(scopeOf(req), userId.data, id);
      flash(req, `Учётная запись «${user.login}» связана с карточкой`);
    } catch (error) {
      if (error instanceof FormError) flash(req, Object.values(error.fieldErrors).join('. '), 'alert');
      else if (error instanceof ConflictError) flash(req, error.message, 'alert');
      else throw error;
    }
    res.redirect(303, `/staff/${id}`);
  });

  router.post('/staff/:id/account/unlink', manageUsers, async (req, res) => {
    const id = idOf(req);
    const member = await getStaff(scopeOf(req), id);
    if (!member.user) {
      flash(req, 'У сотрудника нет учётной записи', 'alert');
      return res.redirect(303, `/staff/${id}`);
    }
    const { user } = await unlinkAccount(scopeOf(req), member.user.id);
    flash(req, `Учётная запись «${user.login}» больше не связана с карточкой`);
    res.redirect(303, `/staff/${id}`);
  });

  return router;
}
