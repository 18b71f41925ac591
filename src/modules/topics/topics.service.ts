import type { Prisma } from '../../core/database/client.ts';

/**
 * The starting list of professional-request topics, tied to the frameworks teachers know
 * (ФГОС ДО, ФОП ДО, профстандарт «Педагог»). Each organization edits its own copy.
 */
export const DEFAULT_TOPICS: { name: string; framework: string }[] = [
  { name: 'Реализация ФОП ДО и ФГОС ДО', framework: 'ФГОС ДО, ФОП ДО' },
  { name: 'Планирование образовательной деятельности', framework: 'ФОП ДО' },
  { name: 'Работа с родителями (законными представителями)', framework: 'ФГОС ДО' },
  { name: 'Развивающая предметно-пространственная среда (РППС)', framework: 'ФГОС ДО' },
  { name: 'Работа с детьми с ОВЗ, инклюзия', framework: 'ФАОП ДО' },
  { name: 'Адаптация детей раннего возраста', framework: 'ФОП ДО' },
  { name: 'Игровая деятельность и организация режимных моментов', framework: 'ФОП ДО' },
  { name: 'Педагогическая диагностика (мониторинг) развития детей', framework: 'ФОП ДО' },
  { name: 'ИКТ и цифровые образовательные ресурсы', framework: 'Профстандарт «Педагог»' },
  { name: 'Управление группой и дисциплина', framework: 'Профстандарт «Педагог»' },
  { name: 'Участие в профессиональных конкурсах', framework: 'Профстандарт «Педагог»' },
  { name: 'Подготовка к аттестации', framework: 'Профстандарт «Педагог»' },
];

/** Creates the default topics for an organization that has none yet (idempotent). */
export async function ensureDefaultTopics(prisma: Prisma, organizationId: number): Promise<void> {
  if ((await prisma.topic.count({ where: { organizationId } })) > 0) return;
  await prisma.topic.createMany({
    data: DEFAULT_TOPICS.map((t, i) => ({ organizationId, name: t.name, framework: t.framework, sortOrder: (i + 1) * 10 })),
    skipDuplicates: true,
  });
}

/** Active topics in display order. */
export async function listTopics(prisma: Prisma, organizationId: number) {
  await ensureDefaultTopics(prisma, organizationId);
  return prisma.topic.findMany({
    where: { organizationId, archivedAt: null },
    orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }],
    select: { id: true, name: true, framework: true },
  });
}
