import { z } from 'zod';
import { checkbox, optionalText, optionalUrl, requiredDate, requiredText } from '../../core/forms.ts';
import { enumListParam, pageParam } from '../../core/pagination.ts';
import { EventAudience, EventKind, EventReply, EventStatus } from '../../generated/prisma/enums.ts';

const idList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => [...new Set([v ?? []].flat().map(Number).filter((n) => Number.isInteger(n) && n > 0 && n <= 2_147_483_647))]);

/** The methodist plans an event (and edits it: the same form). */
export const SaveEvent = z
  .object({
    title: requiredText('Название', 200),
    kind: z.enum(EventKind, { error: 'Выберите вид мероприятия' }),
    date: requiredDate('Укажите дату'),
    time: z
      .string({ error: 'Укажите время начала' })
      .trim()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Укажите время начала в виде ЧЧ:ММ, например 14:30'),
    durationMinutes: z.coerce
      .number({ error: 'Укажите длительность в минутах' })
      .int('Укажите длительность целым числом минут')
      .min(15, 'Длительность — от 15 минут')
      .max(720, 'Длительность — не больше 12 часов (720 минут)'),
    place: optionalText('Место', 300),
    link: optionalUrl,
    audience: z.enum(EventAudience, { error: 'Выберите, кого пригласить' }),
    people: idList,
    description: optionalText('Описание', 5000),
    isPublic: checkbox,
  })
  .superRefine((v, ctx) => {
    if (!v.place && !v.link) ctx.addIssue({ code: 'custom', path: ['place'], message: 'Укажите место проведения или ссылку на онлайн-встречу' });
    if (v.audience === 'CHOSEN' && v.people.length === 0) ctx.addIssue({ code: 'custom', path: ['people'], message: 'Отметьте, кого пригласить' });
  });
export type SaveEventInput = z.infer<typeof SaveEvent>;

/** The invited person's answer. */
export const ReplyToEvent = z.object({ reply: z.enum(EventReply, { error: 'Выберите ответ' }) });

/** The methodist's attendance list: the ids of those who came (the rest of the invited did not). */
export const MarkAttendance = z.object({ attended: idList });

const monthParam = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
  .optional()
  .catch(undefined);

/** The calendar's query: list (default, phones) or month grid; kinds, states, a school year; mine or all. */
export const EventsQuery = z.object({
  view: z.enum(['list', 'month']).catch('list').default('list'),
  month: monthParam,
  kind: enumListParam(EventKind),
  status: enumListParam(EventStatus),
  year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
  /** «1»: only the events I am invited to (the methodist's own view). */
  mine: z.string().optional().transform((v) => v === '1'),
  page: pageParam,
});
export type EventsQueryInput = z.infer<typeof EventsQuery>;

/**
 * The calendar's query as `EventsQuery` parses it. Without one (the menu's link: most requests) the answer is
 * always the same, so it is parsed once (and frozen, being shared): inside the server zod's walk over the seven
 * fields with their catches and defaults cost ~0.1 ms CPU a request (each request finds that code cold).
 */
const WITHOUT_QUERY = EventsQuery.parse({});
Object.freeze(WITHOUT_QUERY.kind);
Object.freeze(WITHOUT_QUERY.status);
Object.freeze(WITHOUT_QUERY);

export function parseEventsQuery(query: Record<string, unknown>): EventsQueryInput {
  return Object.keys(query).length ? EventsQuery.parse(query) : WITHOUT_QUERY;
}
