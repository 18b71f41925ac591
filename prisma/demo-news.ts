/**
 * The demo's stages 6 and 7: distribution consents of a few teachers (given in their own name), the
 * methodological collection with best practices — public ones only of authors who consented, and one of an
 * author without that consent, which stays internal — and a school year of news, at least one per roadmap
 * stage (one draft; one names a teacher without consent, whom the public page leaves out).
 */
import type { Scope } from '../src/core/scope.ts';
import { checkUpload } from '../src/core/uploads.ts';
import { addItemFile, createItem } from '../src/modules/collection/index.ts';
import { acceptancePage, acceptElectronic, findValidConsent } from '../src/modules/consents/index.ts';
import { createNews, getNews, setNewsStatus, updateNews } from '../src/modules/news/index.ts';
import { demoDocx, demoPdf } from './demo-files.ts';
import type { ActAs, Person } from './demo-stages.ts';

/** The scope acting on a day of the story (never after today). */
function on(scope: Scope, day: string): Scope {
  if (day >= scope.today) return scope;
  return { ...scope, now: new Date(`${day}T09:00:00Z`), today: day };
}

const PUBLISHING_CONSENT = ['Кузнецова', 'Соколова', 'Морозова', 'Титова'];

export async function fillStages67(people: Person[], as: ActAs, uploadsDir?: string) {
  const by = (lastName: string) => people.find((p) => p.lastName === lastName)!;
  const methodist = as(people.find((p) => p.role === 'METHODIST')!);
  if ((await methodist.db.collectionItem.count()) > 0) return; // done on an earlier run

  for (const lastName of PUBLISHING_CONSENT) {
    const person = on(as(by(lastName)), '2026-08-25');
    if (await findValidConsent(person, person.staffMemberId!, 'DISTRIBUTION')) continue;
    const shown = await acceptancePage(person, 'DISTRIBUTION', person.now);
    await acceptElectronic(person, 'DISTRIBUTION', { textSha256: shown.textSha256 }, { ip: '127.0.0.1', userAgent: 'demo' }, person.now);
  }

  const item = (title: string, kind: 'METHODICAL' | 'BEST_PRACTICE' | 'LESSON_NOTES' | 'PRESENTATION', authors: string[], extra: { public?: boolean; best?: boolean; description: string }) =>
    createItem(methodist, { title, kind, authors: authors.map((a) => by(a).staffId), topics: [], public: extra.public ?? false, best: extra.best ?? false, description: extra.description, pairId: undefined });
  await item('Памятка наставнику: первая встреча с молодым педагогом', 'METHODICAL', ['Кузнецова'], {
    public: true,
    description: 'Как познакомиться, договориться о формате встреч и вместе сформулировать профессиональный запрос наставляемого.',
  });
  const quest = await item('Квест «Мой первый год в детском саду»', 'BEST_PRACTICE', ['Кузнецова', 'Соколова'], {
    public: true,
    best: true,
    description: 'Игровая форма адаптации молодого воспитателя: станции по режимным моментам, работе с семьями и развивающей среде.',
  });
  if (uploadsDir) {
    // The practice's files, made here and passed through the same content checks as an upload.
    const files: [Buffer, string][] = [
      [
        await demoDocx('Квест «Мой первый год в детском саду»', [
          'Цель: помочь молодому воспитателю освоиться в детском саду в игровой форме.',
          'Станции: режимные моменты; работа с семьями; развивающая предметно-пространственная среда; документация группы.',
          'На каждой станции наставник задаёт вопрос и предлагает практическое задание; за выполненное задание — часть карты.',
        ]),
        'Квест — описание практики.docx',
      ],
      [demoPdf('Quest "My first year in kindergarten": station map'), 'Карта станций квеста.pdf'],
    ];
    for (const [buffer, name] of files) {
      const upload = await checkUpload({ buffer, originalname: name, size: buffer.length } as Express.Multer.File, ['pdf', 'docx']);
      await addItemFile(methodist, uploadsDir, quest.id, upload);
    }
  }
  await item('Логопедические пятиминутки для воспитателей', 'PRESENTATION', ['Титова'], {
    public: true,
    best: true,
    description: 'Короткие упражнения для развития речи, которые воспитатель проводит в группе между занятиями.',
  });
  await item('Анализ развивающей предметно-пространственной среды группы', 'METHODICAL', ['Морозова'], {
    description: 'Карта анализа среды группы с примерами заполнения; для внутреннего пользования.',
  });
  // Волкова has given no distribution consent: her practice is in the collection, but never on the public page.
  await item('Конспект занятия по развитию речи «Осенние листья»', 'LESSON_NOTES', ['Волкова'], {
    best: true,
    description: 'Конспект открытого занятия в средней группе, отмеченный на итоговом круглом столе.',
  });

  const news: [string, number, string, string, string[]][] = [
    ['2026-09-01', 1, 'Утверждено Положение о системе наставничества', 'Приказом заведующего утверждено <b>Положение о системе наставничества педагогических работников</b> и дорожная карта на учебный год.\n\nТекст Положения опубликован на этой странице.', []],
    ['2026-09-10', 2, 'Сформирован банк наставляемых', 'Молодые педагоги ответили на анкету профессиональных запросов. По итогам анкетирования сформирован банк наставляемых.', []],
    ['2026-09-15', 3, 'Опытные педагоги вошли в банк наставников', 'Педагоги с большим опытом работы изъявили желание стать наставниками. Их кандидатуры одобрены методическим советом.', ['Кузнецова', 'Морозова']],
    ['2026-09-21', 4, 'Закреплены наставнические пары', 'Приказом заведующего закреплены наставнические пары и группы. Наставники и наставляемые приступили к работе.', []],
    ['2026-10-28', 5, 'Молодые педагоги провели первое родительское собрание', 'Вместе с наставниками молодые воспитатели подготовили и провели <i>родительские собрания</i>:\n<ul><li>знакомство с семьями;</li><li>задачи года;</li><li>ответы на вопросы.</li></ul>', ['Соколова', 'Волкова']],
    ['2027-05-20', 6, 'Итоговый круглый стол: лучшие практики наставничества', 'На итоговом круглом столе пары представили результаты работы. Лучшие практики вошли в <a href="https://ds50.example.ru/">методическую копилку</a>.', ['Титова']],
    ['2027-05-28', 7, 'Итоги года наставничества', 'Все этапы дорожной карты выполнены. Спасибо наставникам и молодым педагогам!', []],
  ];
  for (const [day, stage, title, source, named] of news) {
    const scope = on(methodist, day);
    const { id } = await createNews(scope, { title, source, stage, people: named.map((n) => by(n).staffId) });
    await setNewsStatus(scope, id, 'PUBLISHED');
  }
  await createNews(methodist, { title: 'Черновик: школьная конференция наставников', source: 'Готовим программу конференции.', stage: 6, people: [] });
}

/**
 * The news of the final round table names the round table itself (issue 12: a news post's event), once the
 * events exist (fillEvents runs after the news). Through the news service, so the event is checked as in the form.
 */
export async function linkDemoNewsToEvents(people: Person[], as: ActAs) {
  const methodist = as(people.find((p) => p.role === 'METHODIST')!);
  if ((await methodist.db.newsPost.count({ where: { eventId: { not: null } } })) > 0) return; // done on an earlier run
  const news = await methodist.db.newsPost.findFirst({ where: { title: 'Итоговый круглый стол: лучшие практики наставничества' }, select: { id: true } });
  const event = await methodist.db.event.findFirst({ where: { kind: 'ROUND_TABLE' }, select: { id: true } });
  if (!news || !event) return;
  const post = await getNews(methodist, news.id);
  await updateNews(methodist, news.id, { title: post.title, source: post.source, stage: post.stage, people: post.people.map((p) => p.staffMember.id), event: event.id });
}
