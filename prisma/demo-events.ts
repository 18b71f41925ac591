/**
 * The demo's events of the school year 2026/27 (stages 4 and 6), through the events module's services: two
 * set-up sessions for the mentors in September (attendance marked — the mentors' training status follows from
 * it: Борисова missed the second one and is still «проходит обучение»), a consultation for the pairs, an
 * exchange of experience, a pedagogical conference with minutes and photos, and what is ahead — a consultation,
 * an open seminar and the final round table with its agenda. An event whose day has come is held (attendance,
 * and for the round table its minutes and photos); one still ahead stays planned, with a few replies.
 */
import type { Scope } from '../src/core/scope.ts';
import { addEventFile, createEvent, markAttendance, replyToEvent } from '../src/modules/events/index.ts';
import { AUDIENCES } from '../src/modules/index.ts';
import { renderPdf } from '../src/core/documents/index.ts';
import { image } from './demo-programmes.ts';
import type { ActAs, Person } from './demo-stages.ts';

/** The scope acting on a day of the story (never after today). */
function on(scope: Scope, day: string): Scope {
  if (day >= scope.today) return scope;
  return { ...scope, now: new Date(`${day}T09:00:00Z`), today: day };
}

interface StoryEvent {
  title: string;
  kind: 'SETUP_SESSION' | 'CONSULTATION' | 'EXPERIENCE_EXCHANGE' | 'SEMINAR' | 'ROUND_TABLE';
  date: string;
  time: string;
  durationMinutes: number;
  place?: string;
  link?: string;
  audience: 'MENTORS' | 'MENTEES' | 'PAIRS' | 'ALL_STAFF' | 'CHOSEN';
  description: string;
  isPublic?: boolean;
  /** Invited people who did not come (the rest came). */
  absent?: string[];
  /** Replies to an event still ahead. */
  replies?: Record<string, 'COMING' | 'NOT_COMING'>;
  minutes?: boolean;
  photos?: number;
  agenda?: boolean;
}

const STORY: StoryEvent[] = [
  {
    title: 'Установочная сессия № 1: роль наставника и Положение о наставничестве',
    kind: 'SETUP_SESSION', date: '2026-09-08', time: '14:30', durationMinutes: 90, place: 'Методический кабинет', audience: 'MENTORS',
    description: 'Цели и задачи системы наставничества в ДОО, права и обязанности наставника, формы наставничества, дорожная карта на учебный год.',
  },
  {
    title: 'Установочная сессия № 2: персонализированная программа наставничества',
    kind: 'SETUP_SESSION', date: '2026-09-15', time: '14:30', durationMinutes: 90, place: 'Методический кабинет', audience: 'MENTORS', absent: ['Борисова'],
    description: 'Как вместе с наставляемым сформулировать профессиональный запрос и составить ПНП: мероприятия, сроки, ожидаемые результаты.',
  },
  {
    title: 'Консультация «Как вести дневник наставничества»',
    kind: 'CONSULTATION', date: '2026-10-13', time: '13:30', durationMinutes: 45, place: 'Методический кабинет', audience: 'PAIRS', absent: ['Павлова'],
    description: 'Что записывать после встреч пары, как отмечать выполнение мероприятий программы и прикладывать подтверждения.',
  },
  {
    title: 'Обмен опытом: открытые занятия наставников',
    kind: 'EXPERIENCE_EXCHANGE', date: '2026-11-10', time: '09:15', durationMinutes: 60, place: 'Подготовительная группа «Звёздочки»', audience: 'PAIRS',
    description: 'Наставники показывают фрагменты занятий; после просмотра — обсуждение приёмов с наставляемыми.',
  },
  {
    title: 'Педагогическая конференция «Наставничество в ДОО: первые результаты»',
    kind: 'SEMINAR', date: '2026-11-24', time: '13:30', durationMinutes: 120, place: 'Музыкальный зал', audience: 'ALL_STAFF', isPublic: true, minutes: true, photos: 2,
    absent: ['Тихонова', 'Макарова', 'Соловьёв'],
    description: 'Выступления пар о первых месяцах работы, обсуждение затруднений молодых педагогов, предложения в план на второе полугодие.',
  },
  {
    title: 'Консультация для наставляемых «Подготовка к открытому занятию»',
    kind: 'CONSULTATION', date: '2027-01-19', time: '13:30', durationMinutes: 45, link: 'https://telemost.example.ru/j/nastavnik-ds50', audience: 'MENTEES',
    description: 'Онлайн-встреча: как выбрать тему открытого занятия, составить конспект и подготовиться к обсуждению с наставником.',
    replies: { Соколова: 'COMING', Новикова: 'COMING', Орлова: 'NOT_COMING' },
  },
  {
    title: 'Семинар-практикум «Игровые технологии в работе молодого педагога»',
    kind: 'SEMINAR', date: '2027-03-16', time: '13:30', durationMinutes: 90, place: 'Музыкальный зал', audience: 'ALL_STAFF', isPublic: true,
    description: 'Открытый семинар для педагогов детского сада и гостей из других ДОО.',
  },
  {
    title: 'Итоговый круглый стол «Итоги года наставничества»',
    kind: 'ROUND_TABLE', date: '2027-05-20', time: '14:00', durationMinutes: 120, place: 'Музыкальный зал', audience: 'ALL_STAFF', isPublic: true, agenda: true, minutes: true, photos: 3,
    description: 'Отчёты пар, выбор лучших практик для методической копилки, анкетирование участников, планы на следующий учебный год.',
  },
];

export async function fillEvents(people: Person[], as: ActAs, uploadsDir?: string) {
  const methodistPerson = people.find((p) => p.role === 'METHODIST')!;
  const methodist = as(methodistPerson);
  if ((await methodist.db.event.count()) > 0) return; // done on an earlier run
  const by = (lastName: string) => people.find((p) => p.lastName === lastName);
  const staffOf = (names: string[] = []) => new Set(names.map((n) => by(n)?.staffId).filter((id): id is number => id !== undefined));

  for (const story of STORY) {
    const planned = on(methodist, dayBefore(story.date, 14));
    const event = await createEvent(planned, AUDIENCES, {
      title: story.title, kind: story.kind, date: story.date, time: story.time, durationMinutes: story.durationMinutes,
      place: story.place ?? '', link: story.link ?? '', audience: story.audience, people: [], description: story.description, isPublic: story.isPublic ?? false,
    });
    if (uploadsDir && story.agenda) {
      const agenda = await renderPdf({
        fileTitle: 'Программа круглого стола',
        title: 'Программа итогового круглого стола',
        heading: `${ruDay(story.date)}, ${story.time}, ${story.place ?? ''}`,
        body: ['Отчёты наставнических пар (по 5 минут).', 'Выбор лучших практик для методической копилки.', 'Анкетирование участников.', 'Планы на следующий учебный год.'].map((text) => ({ kind: 'paragraph' as const, text })),
      });
      await addEventFile(planned, uploadsDir, event.id, 'EVENT_MATERIAL', { buffer: agenda, originalName: 'Программа круглого стола.pdf', kind: 'pdf', mimeType: 'application/pdf', size: agenda.length });
    }
    const held = story.date <= methodist.today;
    if (!held) {
      for (const [lastName, reply] of Object.entries(story.replies ?? {})) {
        const person = by(lastName);
        if (person) await replyToEvent(as(person), event.id, reply);
      }
      continue;
    }
    const day = on(methodist, story.date);
    const invited = await methodist.db.eventInvitation.findMany({ where: { eventId: event.id }, select: { staffMemberId: true } });
    const absent = staffOf(story.absent);
    await markAttendance(day, event.id, invited.map((i) => i.staffMemberId).filter((id) => !absent.has(id)));
    if (!uploadsDir) continue;
    if (story.minutes) {
      const minutes = await minutesPdf(story, invited.length - absent.size);
      await addEventFile(day, uploadsDir, event.id, 'EVENT_MINUTES', { buffer: minutes, originalName: `Протокол ${ruDay(story.date)}.pdf`, kind: 'pdf', mimeType: 'application/pdf', size: minutes.length });
    }
    for (let n = 1; n <= (story.photos ?? 0); n++) await addEventFile(day, uploadsDir, event.id, 'EVENT_PHOTO', { ...image(), originalName: `Фото ${n}.png` });
  }
}

function dayBefore(day: string, days: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

function ruDay(day: string): string {
  return day.split('-').reverse().join('.');
}

/** The minutes (протокол) of a held event, made by the portal's own renderer. */
function minutesPdf(story: StoryEvent, present: number): Promise<Buffer> {
  return renderPdf({
    fileTitle: `Протокол ${ruDay(story.date)}`,
    title: 'Протокол',
    heading: story.title,
    body: [
      `Дата: ${ruDay(story.date)}, начало в ${story.time}. Место: ${story.place ?? 'онлайн'}.`,
      `Присутствовали: ${present}.`,
      `Повестка: ${story.description}`,
      'Решили: одобрить опыт выступивших пар; включить материалы в методическую копилку; продолжить работу по персонализированным программам.',
    ].map((text) => ({ kind: 'paragraph' as const, text })),
  });
}
