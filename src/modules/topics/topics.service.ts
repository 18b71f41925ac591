import { audit, type Actor } from '../../core/audit.ts';
import type { Prisma } from '../../core/database/client.ts';
import { FormError, NotFoundError } from '../../core/errors.ts';

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

/**
 * Organizations known to have their topics, per database client: topics are archived, never deleted,
 * so once true this stays true and the list pages skip the check.
 */
const seededByClient = new WeakMap<Prisma, Set<number>>();

/** Creates the default topics for an organization that has none yet (idempotent). */
export async function ensureDefaultTopics(prisma: Prisma, organizationId: number): Promise<void> {
  let seeded = seededByClient.get(prisma);
  if (!seeded) seededByClient.set(prisma, (seeded = new Set()));
  if (seeded.has(organizationId)) return;
  if ((await prisma.topic.count({ where: { organizationId } })) > 0) {
    seeded.add(organizationId);
    return;
  }
  await prisma.topic.createMany({
    data: DEFAULT_TOPICS.map((t, i) => ({ organizationId, name: t.name, framework: t.framework, sortOrder: (i + 1) * 10 })),
    skipDuplicates: true,
  });
  seeded.add(organizationId);
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

export async function listAllTopics(prisma: Prisma, organizationId: number) {
  await ensureDefaultTopics(prisma, organizationId);
  return prisma.topic.findMany({
    where: { organizationId },
    orderBy: [{ archivedAt: { sort: 'asc', nulls: 'first' } }, { sortOrder: 'asc' }, { name: 'asc' }],
    select: {
      id: true,
      name: true,
      framework: true,
      archivedAt: true,
      _count: { select: { menteeEntries: true, mentorEntries: true } },
    },
  });
}

async function assertNameFree(prisma: Prisma, organizationId: number, name: string, exceptId?: number) {
  const clash = await prisma.topic.findFirst({
    where: { organizationId, name: { equals: name, mode: 'insensitive' }, NOT: exceptId ? { id: exceptId } : undefined },
    select: { id: true },
  });
  if (clash) throw new FormError({ name: 'Такая тема уже есть в списке' });
}

export async function addTopic(prisma: Prisma, organizationId: number, input: { name: string; framework: string }, actor: Actor) {
  await assertNameFree(prisma, organizationId, input.name);
  const last = await prisma.topic.aggregate({ where: { organizationId }, _max: { sortOrder: true } });
  await prisma.$transaction(async (tx) => {
    const topic = await tx.topic.create({ data: { organizationId, ...input, sortOrder: (last._max.sortOrder ?? 0) + 10 } });
    await audit(tx, actor, { action: 'topic.update', entityType: 'Topic', entityId: topic.id, details: { added: true } });
  });
}

export async function renameTopic(prisma: Prisma, organizationId: number, id: number, input: { name: string; framework: string }, actor: Actor) {
  const topic = await prisma.topic.findFirst({ where: { id, organizationId }, select: { id: true } });
  if (!topic) throw new NotFoundError('Тема не найдена');
  await assertNameFree(prisma, organizationId, input.name, id);
  await prisma.$transaction(async (tx) => {
    await tx.topic.update({ where: { id }, data: input });
    await audit(tx, actor, { action: 'topic.update', entityType: 'Topic', entityId: id, details: { renamed: true } });
  });
}

/** Archived topics leave the forms but stay on the entries that already have them. */
export async function setTopicArchived(prisma: Prisma, organizationId: number, id: number, archived: boolean, actor: Actor) {
  const topic = await prisma.topic.findFirst({ where: { id, organizationId }, select: { id: true } });
  if (!topic) throw new NotFoundError('Тема не найдена');
  await prisma.$transaction(async (tx) => {
    await tx.topic.update({ where: { id }, data: { archivedAt: archived ? new Date() : null } });
    await audit(tx, actor, { action: 'topic.update', entityType: 'Topic', entityId: id, details: { archived } });
  });
}
