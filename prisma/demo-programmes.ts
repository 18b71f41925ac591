/**
 * Demo data for stage 5, the personalised programmes, made through the services in the scopes of the people who
 * would do each step, on the dates they would do it (never later than today):
 * - Кузнецова → Соколова (`mentor` → `mentee`): in progress — September and most of October done with marks, a
 *   photo and a PDF as evidence, comments both ways, one item moved with a reason, one overdue;
 * - Морозова → Новикова, Орлова (group): approved on 02.10.2026, nothing marked yet;
 * - Кузнецова → Егорова (flash mentoring, 21.09–20.11.2026, a third assignment order): trimmed to its term,
 *   done, final self-assessment and review, completed;
 * - Титова → Комарова (situational): returned to the draft by the methodist with a comment.
 * Idempotent: nothing happens once the third order's pairs exist.
 */
import zlib from 'node:zlib';
import { renderPdf } from '../src/core/documents/index.ts';
import type { Scope } from '../src/core/scope.ts';
import type { CheckedUpload } from '../src/core/uploads.ts';
import { approveOrder, submitOrder } from '../src/modules/orders/index.ts';
import {
  addComment,
  addEvidence,
  approveProgramme,
  changeItemStatus,
  completeProgramme,
  deleteItem,
  returnProgramme,
  saveAssessment,
  setMark,
  submitProgramme,
} from '../src/modules/programmes/index.ts';
import { draftOrder, makePair, type ActAs, type Person } from './demo-stages.ts';

/** The scope acting on a day of the story (not after today: the demo never writes the future). */
function on(scope: Scope, day: string): Scope {
  const real = scope.today;
  if (day >= real) return scope;
  return { ...scope, now: new Date(`${day}T09:00:00Z`), today: day };
}

export async function fillStage5(people: Person[], as: ActAs, uploadsDir?: string) {
  const by = (lastName: string) => people.find((p) => p.lastName === lastName)!;
  const methodist = as(people.find((p) => p.role === 'METHODIST')!);
  const head = as(people.find((p) => p.role === 'HEAD')!);
  if ((await methodist.db.pairMember.count({ where: { staffMemberId: by('Егорова').staffId } })) > 0) return; // done on an earlier run
  if ((await methodist.db.programme.count()) === 0) return; // the earlier stages did not run (no approved pairs)

  // A third assignment: flash mentoring for a teacher who came from school, situational help for a young music director.
  const flash = await makePair(methodist, 'FLASH', [by('Кузнецова')], [by('Егорова')], { startsOn: '21.09.2026', plannedEndOn: '20.11.2026' });
  const situational = await makePair(methodist, 'SITUATIONAL', [by('Титова')], [by('Комарова')]);
  const order = await draftOrder(methodist, 'ASSIGN_PAIRS', { pairIds: [flash, situational] });
  await submitOrder(methodist, order, { confirmRetroactive: true });
  await approveOrder(head, order, new Date(Date.UTC(2026, 8, 21, 7)));

  const programmeOf = async (menteeLastName: string) =>
    (await methodist.db.programme.findFirstOrThrow({ where: { pair: { members: { some: { role: 'MENTEE', staffMemberId: by(menteeLastName).staffId } } } }, select: { id: true } })).id;
  const itemsOf = (programmeId: number) => methodist.db.planItem.findMany({ where: { programmeId }, orderBy: { position: 'asc' }, select: { id: true, activity: true, dueOn: true } });
  const find = (items: { id: number; activity: string }[], start: string) => {
    const found = items.find((i) => i.activity.startsWith(start));
    if (!found) throw new Error(`demo: no plan item «${start}…»`);
    return found.id;
  };
  const done = (scope: Scope, programmeId: number, itemId: number) => changeItemStatus(scope, programmeId, itemId, { status: 'DONE', newDueOn: null, reason: '' });

  // ---- Кузнецова → Соколова: in progress ----
  const mentor = (day: string) => on(as(by('Кузнецова')), day);
  const mentee = (day: string) => on(as(by('Соколова')), day);
  const sokolova = await programmeOf('Соколова');
  await submitProgramme(mentee('2026-09-24'), sokolova);
  await approveProgramme(on(methodist, '2026-09-28'), sokolova);
  const plan = await itemsOf(sokolova);
  const work: [string, string, 'mentor' | 'mentee', number, number][] = [
    ['Знакомство с коллективом', '2026-09-29', 'mentee', 5, 5],
    ['Изучение ФГОС ДО', '2026-09-30', 'mentee', 4, 4],
    ['Календарно-тематическое планирование', '2026-09-30', 'mentor', 5, 4],
    ['Формы взаимодействия с семьями', '2026-09-30', 'mentor', 5, 5],
    ['Посещение режимных моментов', '2026-10-14', 'mentee', 5, 5],
    ['Совместная разработка календарного плана', '2026-10-23', 'mentor', 4, 4],
    ['Совместная подготовка и проведение родительского собрания', '2026-10-28', 'mentee', 5, 4],
    ['Анализ развивающей предметно-пространственной среды', '2026-10-30', 'mentee', 4, 5],
    ['Выбор темы самообразования', '2026-10-30', 'mentee', 5, 5],
    ['Трудный разговор с родителями', '2026-11-20', 'mentee', 4, 3],
  ];
  for (const [start, day, who, mentorMark, menteeMark] of work) {
    const itemId = find(plan, start);
    await done(who === 'mentor' ? mentor(day) : mentee(day), sokolova, itemId);
    await setMark(mentor(day), sokolova, itemId, mentorMark);
    await setMark(mentee(day), sokolova, itemId, menteeMark);
  }
  const meeting = find(plan, 'Совместная подготовка и проведение родительского собрания');
  await addComment(mentee('2026-10-28'), sokolova, meeting, 'Спасибо за помощь с подготовкой! Родители задали много вопросов про адаптацию, протокол и фото приложила.');
  await addComment(mentor('2026-10-29'), sokolova, meeting, 'Собрание получилось живым. В следующий раз начнём с короткой игры для родителей — так легче разговориться.');
  await addComment(mentee('2026-11-20'), sokolova, find(plan, 'Трудный разговор с родителями'), 'Поговорила с мамой Вани про истерики в раздевалке — договорились о ритуале прощания. Сработало!');
  await changeItemStatus(mentor('2026-10-27'), sokolova, find(plan, 'Педагогическая диагностика'), { status: 'MOVED', newDueOn: '2026-12-15', reason: 'Карантин по ОРВИ в группе: наблюдение перенесено на декабрь' });
  const outline = find(plan, 'Конспект занятия');
  await changeItemStatus(mentee('2026-11-18'), sokolova, outline, { status: 'IN_PROGRESS', newDueOn: null, reason: '' });
  await addComment(mentor('2026-11-19'), sokolova, outline, 'Посмотрела конспект: задачи по ФОП ДО поставлены верно, добавь, пожалуйста, рефлексию в конце.');
  if (uploadsDir) {
    await addEvidence(mentee('2026-10-28'), uploadsDir, sokolova, meeting, { ...image(), originalName: 'Родительское собрание 28.10.png' });
    await addEvidence(mentee('2026-11-18'), uploadsDir, sokolova, outline, await outlinePdf());
  }
  // «Организация режимных моментов в своей группе» (October) stays planned: overdue on the card and in the list.

  // ---- Морозова → Новикова, Орлова: approved, nothing marked yet ----
  const group = await programmeOf('Новикова');
  await submitProgramme(on(as(by('Морозова')), '2026-09-30'), group);
  await approveProgramme(on(methodist, '2026-10-02'), group);

  // ---- Кузнецова → Егорова: a flash programme, done and completed ----
  const egorova = await programmeOf('Егорова');
  const flashMentor = (day: string) => on(as(by('Кузнецова')), day);
  const flashMentee = (day: string) => on(as(by('Егорова')), day);
  const keep = ['Знакомство с должностной инструкцией', 'Самодиагностика профессиональных дефицитов', 'Наблюдение за работой наставника', 'Документация по должности', 'Особенности образовательной деятельности с дошкольниками', 'Взаимодействие с семьями воспитанников'];
  for (const item of await itemsOf(egorova)) {
    if (!keep.some((k) => item.activity.startsWith(k))) await deleteItem(flashMentor('2026-09-22'), egorova, item.id);
  }
  await submitProgramme(flashMentor('2026-09-23'), egorova);
  await approveProgramme(on(methodist, '2026-09-24'), egorova);
  const flashPlan = await itemsOf(egorova);
  const days = ['2026-09-30', '2026-10-06', '2026-10-14', '2026-10-21', '2026-11-05', '2026-11-12'];
  for (const [i, item] of flashPlan.entries()) {
    const day = days[i % days.length]!;
    await done(flashMentee(day), egorova, item.id);
    await setMark(flashMentor(day), egorova, item.id, i % 3 === 2 ? 4 : 5);
    await setMark(flashMentee(day), egorova, item.id, 5);
  }
  await addComment(flashMentee('2026-11-12'), egorova, find(flashPlan, 'Особенности образовательной деятельности'), 'Игры с правилами на прогулке теперь получаются — дети сами просят «Море волнуется».');
  await saveAssessment(flashMentee('2026-11-19'), egorova, { score: 8, text: 'Освоилась с режимом и документацией детского сада, научилась строить занятие через игру. Ещё трудно планировать на месяц вперёд — буду обращаться к наставнику.' });
  await saveAssessment(flashMentor('2026-11-20'), egorova, { score: 9, text: 'Наталья Ивановна быстро перенесла школьный опыт в работу с дошкольниками, уверенно ведёт режимные моменты. Рекомендую тему самообразования по игровым технологиям.' });
  await completeProgramme(flashMentor('2026-11-20'), egorova);

  // ---- Титова → Комарова: returned to the draft with the methodist's comment ----
  const komarova = await programmeOf('Комарова');
  await submitProgramme(on(as(by('Комарова')), '2026-10-05'), komarova);
  await returnProgramme(
    on(methodist, '2026-10-07'),
    komarova,
    'Программа ситуационная: оставьте мероприятия по работе с детьми с ОВЗ на музыкальных занятиях и по подготовке праздников, остальное уберите из плана.',
  );
}

/** A small picture (a «photo» of the meeting): a PNG made here, so the demo needs no binary files. */
export function image(): Omit<CheckedUpload, 'originalName'> {
  const width = 320;
  const height = 200;
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const sun = (x - 250) ** 2 + (y - 50) ** 2 < 900;
      const [r, g, b] = sun ? [255, 205, 60] : y < 130 ? [120 + y / 2, 170 + y / 3, 235] : [70, 150 - (y - 130) / 2, 60];
      row.set([r, g, b].map(Math.round), 1 + x * 3);
    }
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([head, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const buffer = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  return { buffer, kind: 'png', mimeType: 'image/png', size: buffer.length };
}

/** The mentee's outline of a lesson, as a PDF made by the portal's own renderer. */
async function outlinePdf(): Promise<CheckedUpload> {
  const buffer = await renderPdf({
    fileTitle: 'Конспект занятия',
    title: 'Конспект образовательной ситуации',
    heading: '«Осенние листочки» (младшая группа)',
    body: [
      { kind: 'paragraph', text: 'Задачи: познакомить детей с признаками осени; развивать мелкую моторику; воспитывать бережное отношение к природе.' },
      { kind: 'paragraph', text: 'Ход: утренний круг — игра «Листопад» — рассматривание листьев — аппликация — рефлексия.' },
    ],
  });
  return { buffer, originalName: 'Конспект занятия Осенние листочки.pdf', kind: 'pdf', mimeType: 'application/pdf', size: buffer.length };
}
