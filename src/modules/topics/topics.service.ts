import { audit } from '../../core/audit.ts';
import type { Prisma } from '../../core/database/client.ts';
import { FormError, NotFoundError } from '../../core/errors.ts';
import { transaction, type Scope } from '../../core/scope.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';

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
 * Organizations known to have their topics, per database (its portal client stands for it): topics are
 * archived, never deleted, so once true this stays true and the list pages skip the check.
 */
const seededByDatabase = new WeakMap<Prisma, Set<number>>();

/** Creates the default topics for an organization that has none yet (idempotent). */
export async function ensureDefaultTopics(scope: Scope): Promise<void> {
  const organizationId = scope.organization.id;
  let seeded = seededByDatabase.get(scope.portal);
  if (!seeded) seededByDatabase.set(scope.portal, (seeded = new Set()));
  if (seeded.has(organizationId)) return;
  if ((await scope.db.topic.count()) > 0) {
    seeded.add(organizationId);
    return;
  }
  await scope.db.topic.createMany({
    data: DEFAULT_TOPICS.map((t, i) => ({ organizationId, name: t.name, framework: t.framework, sortOrder: (i + 1) * 10 })),
    skipDuplicates: true,
  });
  seeded.add(organizationId);
}

/** The organization's active topics in display order (id, name, framework), for raw SQL: listTopics, the bank lists' statement. */
export function activeTopicsSql(organizationId: number): Sql.Sql {
  return Sql.sql`
    SELECT t.id, t.name, t.framework FROM "Topic" t
     WHERE t."organizationId" = ${organizationId} AND t."archivedAt" IS NULL
     ORDER BY t."sortOrder", t.name`;
}

/**
 * Active topics in display order. Raw SQL: the bank forms and the questionnaires ask it on every page, and a plain
 * statement is a fraction of a Prisma model query's cost.
 */
export async function listTopics(scope: Scope): Promise<{ id: number; name: string; framework: string }[]> {
  await ensureDefaultTopics(scope);
  return scope.db.$queryRaw(activeTopicsSql(scope.organization.id));
}

export async function listAllTopics(scope: Scope) {
  await ensureDefaultTopics(scope);
  return scope.db.topic.findMany({
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

/** Topic ids that really belong to the organization and are in use (a forged id from a form is dropped). */
export async function activeTopicIds(scope: Scope, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await scope.db.topic.findMany({ where: { id: { in: ids }, archivedAt: null }, select: { id: true } });
  return rows.map((r) => r.id);
}

async function assertNameFree(scope: Scope, name: string, exceptId?: number) {
  const clash = await scope.db.topic.findFirst({
    where: { name: { equals: name, mode: 'insensitive' }, NOT: exceptId ? { id: exceptId } : undefined },
    select: { id: true },
  });
  if (clash) throw new FormError({ name: 'Такая тема уже есть в списке' });
}

export async function addTopic(scope: Scope, input: { name: string; framework: string }) {
  await assertNameFree(scope, input.name);
  const last = await scope.db.topic.aggregate({ _max: { sortOrder: true } });
  await transaction(scope, async (tx) => {
    const topic = await tx.db.topic.create({ data: { organizationId: tx.organization.id, ...input, sortOrder: (last._max.sortOrder ?? 0) + 10 } });
    await audit(tx, { action: 'topic.update', entityType: 'Topic', entityId: topic.id, details: { added: true } });
  });
}

async function assertTopic(scope: Scope, id: number) {
  const topic = await scope.db.topic.findFirst({ where: { id }, select: { id: true } });
  if (!topic) throw new NotFoundError('Тема не найдена');
}

export async function renameTopic(scope: Scope, id: number, input: { name: string; framework: string }) {
  await assertTopic(scope, id);
  await assertNameFree(scope, input.name, id);
  await transaction(scope, async (tx) => {
    await tx.db.topic.update({ where: { id }, data: input });
    await audit(tx, { action: 'topic.update', entityType: 'Topic', entityId: id, details: { renamed: true } });
  });
}

/** Archived topics leave the forms but stay on the entries that already have them. */
export async function setTopicArchived(scope: Scope, id: number, archived: boolean) {
  await assertTopic(scope, id);
  await transaction(scope, async (tx) => {
    await tx.db.topic.update({ where: { id }, data: { archivedAt: archived ? new Date() : null } });
    await audit(tx, { action: 'topic.update', entityType: 'Topic', entityId: id, details: { archived } });
  });
}
