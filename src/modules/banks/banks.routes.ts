import { Router, type Request, type Response } from 'express';
import { requirePermission } from '../../core/auth/middleware.ts';
import type { AppContext } from '../../core/context.ts';
import { ConflictError, FormError, NotFoundError } from '../../core/errors.ts';
import { flash } from '../../core/flash.ts';
import { parseForm, renderInvalid } from '../../core/forms.ts';
import { pageHref } from '../../core/pagination.ts';
import { requestScope } from '../../core/scope.ts';
import { responsePagePath } from '../questionnaires/index.ts';
import { listTopics } from '../topics/index.ts';
import { MENTEE_CATEGORY_LABELS, MENTEE_STATUS_LABELS, MENTOR_STATUS_LABELS, MENTOR_TRAINING_LABELS, MENTORING_FORM_LABELS } from '../../domain/mentoring.ts';
import { QUALIFICATION_LABELS } from '../../domain/people.ts';
import { ChangeStatus, CreateMenteeEntry, CreateMentorEntry, IdParam, MenteeListQuery, MentorListQuery, SaveMenteeEntry, SaveMentorEntry } from './banks.schemas.ts';
import { addMentee, addMenteeFromResponse, allowedMenteeTransitions, changeMenteeStatus, getMentee, listMentees, menteeCandidates, menteeCard, updateMentee } from './mentees.service.ts';
import { addMentor, addMentorFromResponse, allowedMentorTransitions, approveMentor, changeMentorStatus, defaultMaxMentees, getMentor, listMentors, mentorCandidates, mentorCard, updateMentor } from './mentors.service.ts';

const labels = {
  categories: MENTEE_CATEGORY_LABELS,
  menteeStatuses: MENTEE_STATUS_LABELS,
  mentorStatuses: MENTOR_STATUS_LABELS,
  training: MENTOR_TRAINING_LABELS,
  forms: MENTORING_FORM_LABELS,
  qualification: QUALIFICATION_LABELS,
  consents: { PERSONAL_DATA: 'обработка персональных данных', DISTRIBUTION: 'распространение персональных данных', MENTORING: 'наставническая деятельность (ст. 351.8 ТК РФ)' },
};

function idOf(value: unknown): number {
  const id = IdParam.safeParse(value);
  if (!id.success) throw new NotFoundError();
  return id.data;
}

/**
 * Runs a state change started by a button; a broken rule (no consent, wrong status) comes back as an
 * alert on `back`. On success `work` says what happened and, optionally, where to go.
 */
async function orAlert(req: Request, res: Response, back: string, work: () => Promise<string | { notice: string; to: string }>) {
  let to = back;
  try {
    const done = await work();
    flash(req, typeof done === 'string' ? done : done.notice);
    if (typeof done !== 'string') to = done.to;
  } catch (error) {
    if (!(error instanceof ConflictError || error instanceof FormError)) throw error;
    flash(req, error instanceof FormError ? Object.values(error.fieldErrors).join('; ') : error.message, 'alert');
  }
  res.redirect(303, to);
}

export function banksRouter(ctx: AppContext): Router {
  const router = Router();
  const read = requirePermission('banks:read');
  const manage = requirePermission('banks:manage');
  const scopeOf = (req: Request) => requestScope(req, ctx);

  // ---- mentee bank --------------------------------------------------------------------------
  router.get('/bank/mentees', read, async (req, res) => {
    const filter = MenteeListQuery.parse(req.query);
    const { entries, page, topics, awaiting } = await listMentees(scopeOf(req), filter);
    const query = { q: filter.q, topic: filter.topic?.toString(), category: filter.category, status: filter.status.join(',') };
    res.render('banks/mentees/index', { title: 'Банк наставляемых', awaiting, entries, page, filter, topics, labels, pageLink: (n: number) => pageHref('/bank/mentees', query, n) });
  });

  const menteeForm = async (req: Request, res: Response, status: number, locals: Record<string, unknown>) => {
    const [topics, candidates] = await Promise.all([listTopics(scopeOf(req)), menteeCandidates(scopeOf(req))]);
    res.status(status).render('banks/mentees/new', { title: 'Новая запись банка наставляемых', topics, candidates, labels, errors: {}, ...locals });
  };

  router.get('/bank/mentees/new', manage, (req, res) => menteeForm(req, res, 200, { values: { staffMemberId: req.query.staff ?? '' } }));

  router.post('/bank/mentees', manage, async (req, res) => {
    const form = parseForm(CreateMenteeEntry, req.body);
    if (!form.ok) return menteeForm(req, res, 422, { values: form.values, errors: form.errors });
    try {
      const entry = await addMentee(scopeOf(req), form.data);
      flash(req, 'Педагог внесён в банк наставляемых');
      res.redirect(303, `/bank/mentees/${entry.id}`);
    } catch (error) {
      if (error instanceof FormError) return menteeForm(req, res, 422, { values: req.body, errors: error.fieldErrors });
      if (error instanceof ConflictError) return menteeForm(req, res, 422, { values: req.body, formError: error.message });
      throw error;
    }
  });

  router.post('/bank/mentees/from-response/:responseId', manage, async (req, res) => {
    const responseId = idOf(req.params.responseId);
    await orAlert(req, res, await responsePagePath(scopeOf(req), responseId), async () => {
      const entry = await addMenteeFromResponse(scopeOf(req), responseId);
      return { notice: 'Запрос педагога внесён в банк наставляемых', to: `/bank/mentees/${entry.id}` };
    });
  });

  /**
   * «Внести в банк» for several responses at once (the questionnaire's results page: tick the rows, one POST). Each
   * response goes in on its own — one refused (no consent, no category) does not stop the others — and the page
   * says what happened to each row.
   */
  const fromResponses = (bank: 'mentees' | 'mentors') => async (req: Request, res: Response) => {
    const ids = [req.body?.responseIds ?? []].flat().map(Number).filter((n) => Number.isInteger(n) && n > 0).slice(0, 100);
    const outcomes: { responseId: number; href: string | null; message: string }[] = [];
    for (const responseId of [...new Set(ids)]) {
      try {
        const entry = bank === 'mentees' ? await addMenteeFromResponse(scopeOf(req), responseId) : await addMentorFromResponse(scopeOf(req), responseId);
        outcomes.push({ responseId, href: `/bank/${bank}/${entry.id}`, message: 'внесён в банк' });
      } catch (error) {
        if (!(error instanceof ConflictError || error instanceof FormError || error instanceof NotFoundError)) throw error;
        outcomes.push({ responseId, href: null, message: error instanceof FormError ? Object.values(error.fieldErrors).join('; ') : error.message });
      }
    }
    const back = typeof req.body?.back === 'string' && /^\/questionnaires\/\d+\/results/.test(req.body.back) ? req.body.back : '/questionnaires';
    res.status(ids.length ? 200 : 422).render('banks/from-responses', {
      title: bank === 'mentees' ? 'Внесение в банк наставляемых' : 'Внесение в банк наставников',
      outcomes,
      back,
      added: outcomes.filter((o) => o.href).length,
    });
  };
  router.post('/bank/mentees/from-responses', manage, fromResponses('mentees'));
  router.post('/bank/mentors/from-responses', manage, fromResponses('mentors'));

  router.get('/bank/mentees/:id', read, async (req, res) => {
    const card = await menteeCard(scopeOf(req), idOf(req.params.id));
    const transitions = allowedMenteeTransitions(card.entry.status);
    res.render('banks/mentees/show', { title: 'Карточка наставляемого', ...card, transitions, labels, errors: {}, values: {} });
  });

  router.get('/bank/mentees/:id/edit', manage, async (req, res) => {
    const entry = await getMentee(scopeOf(req), idOf(req.params.id));
    const values = { ...entry, topicIds: entry.topics.map((t) => t.topicId), desiredForm: entry.desiredForm ?? '' };
    res.render('banks/mentees/edit', { title: 'Изменить запрос наставляемого', entry, values, errors: {}, topics: await listTopics(scopeOf(req)), labels });
  });

  router.post('/bank/mentees/:id', manage, async (req, res) => {
    const entry = await getMentee(scopeOf(req), idOf(req.params.id));
    const form = parseForm(SaveMenteeEntry, req.body);
    const invalid = async (errors: Record<string, string>) =>
      renderInvalid(res, 'banks/mentees/edit', { title: 'Изменить запрос наставляемого', entry, values: req.body, errors, topics: await listTopics(scopeOf(req)), labels });
    if (!form.ok) return invalid(form.errors);
    try {
      await updateMentee(scopeOf(req), entry.id, form.data);
    } catch (error) {
      if (error instanceof FormError) return invalid(error.fieldErrors);
      throw error;
    }
    flash(req, 'Запись банка наставляемых сохранена');
    res.redirect(303, `/bank/mentees/${entry.id}`);
  });

  router.post('/bank/mentees/:id/status', manage, async (req, res) => {
    const id = idOf(req.params.id);
    const form = ChangeStatus.safeParse(req.body);
    await orAlert(req, res, `/bank/mentees/${id}`, async () => {
      if (!form.success) throw new FormError({ status: 'Выберите новый статус' });
      await changeMenteeStatus(scopeOf(req), id, form.data.status, form.data.reason);
      return 'Статус изменён';
    });
  });

  // ---- mentor bank --------------------------------------------------------------------------
  router.get('/bank/mentors', read, async (req, res) => {
    const filter = MentorListQuery.parse(req.query);
    const { entries, page, topics, awaiting } = await listMentors(scopeOf(req), filter);
    const query = { q: filter.q, topic: filter.topic?.toString(), status: filter.status.join(','), training: filter.training.join(','), consents: filter.consents };
    res.render('banks/mentors/index', { title: 'Банк наставников', awaiting, entries, page, filter, topics, labels, pageLink: (n: number) => pageHref('/bank/mentors', query, n) });
  });

  const mentorForm = async (req: Request, res: Response, status: number, locals: Record<string, unknown>) => {
    const [topics, candidates] = await Promise.all([listTopics(scopeOf(req)), mentorCandidates(scopeOf(req))]);
    res.status(status).render('banks/mentors/new', { title: 'Новая запись банка наставников', topics, candidates, labels, errors: {}, ...locals });
  };

  router.get('/bank/mentors/new', manage, async (req, res) =>
    mentorForm(req, res, 200, { values: { staffMemberId: req.query.staff ?? '', maxMentees: await defaultMaxMentees(scopeOf(req)), forms: ['TRADITIONAL'] } }),
  );

  router.post('/bank/mentors', manage, async (req, res) => {
    const form = parseForm(CreateMentorEntry, req.body);
    if (!form.ok) return mentorForm(req, res, 422, { values: form.values, errors: form.errors });
    try {
      const entry = await addMentor(scopeOf(req), form.data);
      flash(req, 'Кандидат внесён в банк наставников');
      res.redirect(303, `/bank/mentors/${entry.id}`);
    } catch (error) {
      if (error instanceof FormError) return mentorForm(req, res, 422, { values: req.body, errors: error.fieldErrors });
      if (error instanceof ConflictError) return mentorForm(req, res, 422, { values: req.body, formError: error.message });
      throw error;
    }
  });

  router.post('/bank/mentors/from-response/:responseId', manage, async (req, res) => {
    const responseId = idOf(req.params.responseId);
    await orAlert(req, res, await responsePagePath(scopeOf(req), responseId), async () => {
      const entry = await addMentorFromResponse(scopeOf(req), responseId);
      return { notice: 'Кандидат внесён в банк наставников по анкете', to: `/bank/mentors/${entry.id}` };
    });
  });

  router.get('/bank/mentors/:id', read, async (req, res) => {
    const card = await mentorCard(scopeOf(req), idOf(req.params.id));
    const transitions = allowedMentorTransitions(card.entry.status);
    res.render('banks/mentors/show', { title: 'Карточка наставника', ...card, transitions, labels, errors: {}, values: {} });
  });

  router.get('/bank/mentors/:id/edit', manage, async (req, res) => {
    const entry = await getMentor(scopeOf(req), idOf(req.params.id));
    const values = { ...entry, topicIds: entry.competencies.map((t) => t.topicId) };
    res.render('banks/mentors/edit', { title: 'Изменить запись наставника', entry, values, errors: {}, topics: await listTopics(scopeOf(req)), labels });
  });

  router.post('/bank/mentors/:id', manage, async (req, res) => {
    const entry = await getMentor(scopeOf(req), idOf(req.params.id));
    const form = parseForm(SaveMentorEntry, req.body);
    const invalid = async (errors: Record<string, string>) =>
      renderInvalid(res, 'banks/mentors/edit', { title: 'Изменить запись наставника', entry, values: req.body, errors, topics: await listTopics(scopeOf(req)), labels });
    if (!form.ok) return invalid(form.errors);
    try {
      await updateMentor(scopeOf(req), entry.id, form.data);
    } catch (error) {
      if (error instanceof FormError) return invalid(error.fieldErrors);
      throw error;
    }
    flash(req, 'Запись банка наставников сохранена');
    res.redirect(303, `/bank/mentors/${entry.id}`);
  });

  router.post('/bank/mentors/:id/approve', manage, async (req, res) => {
    const id = idOf(req.params.id);
    await orAlert(req, res, `/bank/mentors/${id}`, async () => {
      await approveMentor(scopeOf(req), id);
      return 'Кандидатура наставника одобрена';
    });
  });

  router.post('/bank/mentors/:id/status', manage, async (req, res) => {
    const id = idOf(req.params.id);
    const form = ChangeStatus.safeParse(req.body);
    await orAlert(req, res, `/bank/mentors/${id}`, async () => {
      if (!form.success) throw new FormError({ status: 'Выберите новый статус' });
      await changeMentorStatus(scopeOf(req), id, form.data.status, form.data.reason);
      return 'Статус изменён';
    });
  });

  return router;
}
