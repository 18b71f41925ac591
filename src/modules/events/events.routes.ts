import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { requireAnyPermission, requirePermission } from '../../core/auth/middleware.ts';
import { publicBaseUrlOf, type AppContext } from '../../core/context.ts';
import { ConflictError, FormError, NotFoundError } from '../../core/errors.ts';
import { flash } from '../../core/flash.ts';
import { parseForm } from '../../core/forms.ts';
import { pageHref } from '../../core/pagination.ts';
import { requestScope, type Scope } from '../../core/scope.ts';
import { acceptUpload, checkUpload, sendStoredFile, uploadError } from '../../core/uploads.ts';
import { isoOfMoment, ruDate } from '../../domain/dates.ts';
import { calendarOfToken } from './events.calendar.ts';
import { addEventFile, EVENT_FILE_MAX_BYTES, EVENT_FILE_PURPOSES, EVENT_FILE_RULES, eventFile, eventFiles, removeEventFile, type EventFilePurpose } from './events.files.ts';
import { EVENT_AUDIENCE_LABELS, EVENT_KIND_LABELS, EVENT_REPLY_LABELS, EVENT_STATUS_LABELS } from './events.labels.ts';
import { MarkAttendance, parseEventsQuery, ReplyToEvent, SaveEvent } from './events.schemas.ts';
import { cancelEvent, createEvent, currentSchoolYear, getEvent, listEvents, markAttendance, monthGrid, peopleChoices, replyToEvent, updateEvent, type AudienceSources } from './events.service.ts';
import { durationText } from './events.time.ts';

const labels = { kinds: EVENT_KIND_LABELS, statuses: EVENT_STATUS_LABELS, audiences: EVENT_AUDIENCE_LABELS, replies: EVENT_REPLY_LABELS, files: EVENT_FILE_RULES };

const idParam = z.coerce.number().int().positive().max(2_147_483_647);
function idOf(value: unknown): number {
  const id = idParam.safeParse(value);
  if (!id.success) throw new NotFoundError();
  return id.data;
}

/** /events: the calendar (list and month), the methodist's planning, replies, attendance, files. */
/** News about an event, from the news module (handed in by the composition root: events never import news). */
export type NewsAboutEvent = (scope: Scope, eventId: number) => Promise<{ id: number; title: string; status: string; publishedAt: Date | null }[]>;

export function eventsRouter(ctx: AppContext, deps: { audiences: AudienceSources; newsAbout?: NewsAboutEvent }): Router {
  const router = Router();
  const scopeOf = (req: Request) => requestScope(req, ctx);
  // Those who read every event, and everyone else for the events they are invited to (the service's rule).
  const readEvents = requireAnyPermission('events:read', 'events:own');

  router.get('/events', readEvents, async (req, res) => {
    const scope = scopeOf(req);
    const query = parseEventsQuery(req.query);
    const filters = { kind: query.kind.join(',') || undefined, status: query.status.join(',') || undefined, year: query.year ? String(query.year) : undefined, mine: query.mine ? '1' : undefined };
    // The calendar's address with another view, month or «mine» (a key given as undefined drops it). A literal in
    // the order `{ ...filters, ...extra }` had (the same links), without that spread: V8's slow copying path, a
    // tenth of the page's rendering.
    const hrefWith = (extra: { view?: string; month?: string; mine?: string }) =>
      pageHref('/events', { kind: filters.kind, status: filters.status, year: filters.year, mine: 'mine' in extra ? extra.mine : filters.mine, view: extra.view, month: extra.month }, 1);
    const common = { title: 'Мероприятия', query, filters, labels, readsAll: scope.can('events:read'), durationText, ruDate, isoOfMoment, schoolYear: currentSchoolYear(scope), hrefWith };
    if (query.view === 'month') {
      const month = query.month ?? scope.today.slice(0, 7);
      const grid = await monthGrid(scope, query, month);
      // The view's own locals before the spread: written after it, each takes V8's slow path.
      return res.render('events/index', { month, grid, today: scope.today, ...common });
    }
    const { page, rows } = await listEvents(scope, query);
    res.render('events/index', { page, rows, pageLink: (n: number) => pageHref('/events', filters, n), ...common });
  });

  const form = async (req: Request, res: Response, status: number, locals: Record<string, unknown>) => {
    res.status(status).render('events/form', { people: await peopleChoices(scopeOf(req)), labels, errors: {}, ...locals });
  };

  router.get('/events/new', requirePermission('events:manage'), (req, res) =>
    form(req, res, 200, { title: 'Новое мероприятие', action: '/events', values: { durationMinutes: 90, time: '14:00', audience: 'MENTORS', kind: req.query.kind && String(req.query.kind) in EVENT_KIND_LABELS ? String(req.query.kind) : '' } }),
  );

  router.post('/events', requirePermission('events:manage'), async (req, res) => {
    const parsed = parseForm(SaveEvent, req.body);
    const locals = { title: 'Новое мероприятие', action: '/events' };
    if (!parsed.ok) return form(req, res, 422, { ...locals, values: parsed.values, errors: parsed.errors });
    try {
      const event = await createEvent(scopeOf(req), deps.audiences, parsed.data);
      flash(req, 'Мероприятие запланировано, приглашения отправлены');
      res.redirect(303, `/events/${event.id}`);
    } catch (error) {
      if (error instanceof FormError) return form(req, res, 422, { ...locals, values: req.body, errors: error.fieldErrors });
      throw error;
    }
  });

  const show = async (req: Request, res: Response, status = 200, extra: Record<string, unknown> = {}) => {
    const scope = scopeOf(req);
    const event = await getEvent(scope, idOf(req.params.id));
    // News about the event: only for those who read news (drafts among them).
    const news = deps.newsAbout && scope.can('news:read') ? await deps.newsAbout(scope, event.id) : null;
    res.status(status).render('events/show', { title: event.title, event, files: await eventFiles(scope, event.id), news, labels, durationText, purposes: EVENT_FILE_PURPOSES, errors: {}, values: {}, ...extra });
  };

  router.get('/events/:id', readEvents, (req, res) => show(req, res));

  router.get('/events/:id/edit', requirePermission('events:manage'), async (req, res) => {
    const event = await getEvent(scopeOf(req), idOf(req.params.id));
    if (event.status === 'CANCELLED') throw new ConflictError('Мероприятие отменено: его нельзя изменить');
    const values = { ...event, people: event.people.map((p) => p.staffMemberId), isPublic: event.isPublic ? 'on' : '' };
    await form(req, res, 200, { title: 'Правка мероприятия', action: `/events/${event.id}`, values });
  });

  router.post('/events/:id', requirePermission('events:manage'), async (req, res) => {
    const id = idOf(req.params.id);
    const parsed = parseForm(SaveEvent, req.body);
    const locals = { title: 'Правка мероприятия', action: `/events/${id}` };
    if (!parsed.ok) return form(req, res, 422, { ...locals, values: parsed.values, errors: parsed.errors });
    try {
      await updateEvent(scopeOf(req), deps.audiences, id, parsed.data);
    } catch (error) {
      if (error instanceof FormError) return form(req, res, 422, { ...locals, values: req.body, errors: error.fieldErrors });
      throw error;
    }
    flash(req, 'Мероприятие сохранено');
    res.redirect(303, `/events/${id}`);
  });

  router.post('/events/:id/cancel', requirePermission('events:manage'), async (req, res) => {
    const id = idOf(req.params.id);
    await cancelEvent(scopeOf(req), id);
    flash(req, 'Мероприятие отменено, приглашённым сообщено');
    res.redirect(303, `/events/${id}`);
  });

  router.post('/events/:id/reply', requirePermission('events:own'), async (req, res) => {
    const id = idOf(req.params.id);
    const parsed = parseForm(ReplyToEvent, req.body);
    if (!parsed.ok) return show(req, res, 422, { errors: parsed.errors });
    await replyToEvent(scopeOf(req), id, parsed.data.reply);
    flash(req, parsed.data.reply === 'COMING' ? 'Ответ «приду» отправлен' : 'Ответ «не смогу» отправлен');
    res.redirect(303, `/events/${id}`);
  });

  // Attendance: a list of people with big tap targets, for the methodist's phone at the door.
  router.get('/events/:id/attendance', requirePermission('events:manage'), async (req, res) => {
    const event = await getEvent(scopeOf(req), idOf(req.params.id));
    res.render('events/attendance', { title: `Посещение: ${event.title}`, event, labels, errors: {} });
  });

  router.post('/events/:id/attendance', requirePermission('events:manage'), async (req, res) => {
    const id = idOf(req.params.id);
    const parsed = parseForm(MarkAttendance, req.body);
    try {
      if (!parsed.ok) throw new FormError(parsed.errors);
      await markAttendance(scopeOf(req), id, parsed.data.attended);
    } catch (error) {
      if (!(error instanceof FormError)) throw error;
      const event = await getEvent(scopeOf(req), id);
      return res.status(422).render('events/attendance', { title: `Посещение: ${event.title}`, event, labels, errors: error.fieldErrors });
    }
    flash(req, 'Посещение отмечено');
    res.redirect(303, `/events/${id}`);
  });

  router.post('/events/:id/files', requirePermission('events:manage'), acceptUpload('file', EVENT_FILE_MAX_BYTES, 'photo'), async (req, res) => {
    const scope = scopeOf(req);
    const id = idOf(req.params.id);
    const purpose = String(req.body?.purpose ?? '') as EventFilePurpose;
    try {
      await getEvent(scope, id);
      const tooLarge = uploadError(req);
      if (tooLarge) throw new FormError({ file: tooLarge });
      const rule = EVENT_FILE_RULES[purpose];
      if (!EVENT_FILE_PURPOSES.includes(purpose) || !rule) throw new FormError({ purpose: 'Выберите, что это за файл' });
      if (req.file && req.file.size > rule.maxBytes) throw new FormError({ file: `Файл больше ${rule.maxBytes / 1024 / 1024} МБ — уменьшите его и загрузите снова` });
      await addEventFile(scope, ctx.uploadsDir, id, purpose, await checkUpload(req.file, rule.kinds, 'file'));
    } catch (error) {
      if (error instanceof FormError) return show(req, res, 422, { errors: error.fieldErrors, values: { purpose } });
      throw error;
    }
    flash(req, 'Файл загружен');
    res.redirect(303, `/events/${id}#files`);
  });

  router.get('/events/:id/files/:fileId', readEvents, async (req, res) => {
    const scope = scopeOf(req);
    const id = idOf(req.params.id);
    await getEvent(scope, id);
    await sendStoredFile(res, ctx.uploadsDir, await eventFile(scope, id, idOf(req.params.fileId)));
  });

  router.post('/events/:id/files/:fileId/delete', requirePermission('events:manage'), async (req, res) => {
    const scope = scopeOf(req);
    const id = idOf(req.params.id);
    await getEvent(scope, id);
    await removeEventFile(scope, id, idOf(req.params.fileId));
    flash(req, 'Файл удалён');
    res.redirect(303, `/events/${id}#files`);
  });

  return router;
}

/**
 * The personal calendar feed, before the session exists: no login and no cookie — the secret token in the
 * address is the key (events.calendar.ts). Unknown or reset tokens are a plain 404.
 */
export function calendarFeedRouter(ctx: AppContext): Router {
  const router = Router();
  router.get('/events/calendar/:file', async (req, res) => {
    const match = /^(.+)\.ics$/.exec(String(req.params.file));
    const text = match ? await calendarOfToken(ctx.db, match[1]!, publicBaseUrlOf(ctx, req)) : null;
    if (!text) {
      res.status(404).type('text/plain; charset=utf-8').send('Календарь не найден: ссылка неверна или была сброшена');
      return;
    }
    res.setHeader('Cache-Control', 'private, max-age=300');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.type('text/calendar; charset=utf-8').send(text);
  });
  return router;
}
