/**
 * Templates of programmes, kept by the methodist. A new programme copies its template (items and texts), so a
 * template may be edited, copied or archived at any time without touching a programme made from it. Each
 * organization gets its own copy of the shipped templates the first time programmes are used.
 */
import { audit } from '../../core/audit.ts';
import type { Prisma } from '../../core/database/client.ts';
import { NotFoundError } from '../../core/errors.ts';
import { transaction, type Scope } from '../../core/scope.ts';
import { sectionsOf } from './programmes.rules.ts';
import type { SaveTemplateInput, SaveTemplateItemInput } from './programmes.schemas.ts';
import { SHIPPED_TEMPLATES } from './programmes.templates.ts';

/** Organizations known to have the shipped templates, per database: the check is skipped after the first time. */
const shippedByDatabase = new WeakMap<Prisma, Set<number>>();

/** Copies the shipped templates into the organization once (idempotent: by their key; an archived copy stays archived). */
export async function ensureShippedTemplates(scope: Scope): Promise<void> {
  let known = shippedByDatabase.get(scope.portal);
  if (!known) shippedByDatabase.set(scope.portal, (known = new Set()));
  if (known.has(scope.organization.id)) return;
  const existing = new Set((await scope.db.programmeTemplate.findMany({ where: { key: { not: null } }, select: { key: true } })).map((t) => t.key));
  const missing = SHIPPED_TEMPLATES.filter((t) => !existing.has(t.key));
  // Remembered only once they were found: copies made just now may still roll back with the caller's transaction.
  if (missing.length === 0) known.add(scope.organization.id);
  for (const shipped of missing) {
    await transaction(scope, async (tx) => {
      // Two first visits at once: the loser finds the key taken and leaves it.
      const created = await tx.db.programmeTemplate.createManyAndReturn({
        data: [{ organizationId: tx.organization.id, key: shipped.key, title: shipped.title, description: shipped.description, categories: shipped.categories, goal: shipped.goal, tasks: shipped.tasks, expectedResults: shipped.expectedResults }],
        skipDuplicates: true,
        select: { id: true },
      });
      if (created.length === 0) return;
      await tx.db.programmeTemplateItem.createMany({
        data: shipped.items.map((item, i) => ({ organizationId: tx.organization.id, templateId: created[0]!.id, position: (i + 1) * 10, ...item })),
      });
    });
  }
}

export async function listTemplates(scope: Scope) {
  await ensureShippedTemplates(scope);
  return scope.db.programmeTemplate.findMany({
    orderBy: [{ archivedAt: { sort: 'asc', nulls: 'first' } }, { title: 'asc' }],
    select: { id: true, key: true, title: true, description: true, categories: true, archivedAt: true, updatedAt: true, _count: { select: { items: true } } },
  });
}

export async function getTemplate(scope: Scope, id: number) {
  const template = await scope.db.programmeTemplate.findFirst({ where: { id }, include: { items: { orderBy: { position: 'asc' } } } });
  if (!template) throw new NotFoundError('Шаблон не найден');
  return { ...template, sections: sectionsOf(template.items) };
}

export async function getTemplateItem(scope: Scope, templateId: number, itemId: number) {
  const item = await scope.db.programmeTemplateItem.findFirst({ where: { id: itemId, templateId } });
  if (!item) throw new NotFoundError('Мероприятие шаблона не найдено');
  return item;
}

export async function createTemplate(scope: Scope, input: SaveTemplateInput) {
  return transaction(scope, async (tx) => {
    const template = await tx.db.programmeTemplate.create({ data: { organizationId: tx.organization.id, ...input }, select: { id: true } });
    await audit(tx, { action: 'programme.template_create', entityType: 'ProgrammeTemplate', entityId: template.id });
    return template;
  });
}

export async function updateTemplate(scope: Scope, id: number, input: SaveTemplateInput) {
  await getTemplate(scope, id);
  await transaction(scope, async (tx) => {
    await tx.db.programmeTemplate.update({ where: { id }, data: input });
    await audit(tx, { action: 'programme.template_update', entityType: 'ProgrammeTemplate', entityId: id });
  });
}

/** Archived templates are no longer chosen for new programmes; restoring brings them back. */
export async function archiveTemplate(scope: Scope, id: number, archived: boolean) {
  await getTemplate(scope, id);
  await transaction(scope, async (tx) => {
    await tx.db.programmeTemplate.update({ where: { id }, data: { archivedAt: archived ? new Date() : null } });
    await audit(tx, { action: 'programme.template_update', entityType: 'ProgrammeTemplate', entityId: id, details: { archived } });
  });
}

/** «Копия шаблона»: the methodist's own version to change, the original kept as it was. */
export async function copyTemplate(scope: Scope, id: number) {
  const source = await getTemplate(scope, id);
  return transaction(scope, async (tx) => {
    const copy = await tx.db.programmeTemplate.create({
      data: {
        organizationId: tx.organization.id,
        title: `${source.title} (копия)`.slice(0, 300),
        description: source.description,
        categories: source.categories,
        goal: source.goal,
        tasks: source.tasks,
        expectedResults: source.expectedResults,
      },
      select: { id: true },
    });
    await tx.db.programmeTemplateItem.createMany({
      data: source.items.map(({ id: _id, templateId: _t, organizationId: _o, ...item }) => ({ ...item, organizationId: tx.organization.id, templateId: copy.id })),
    });
    await audit(tx, { action: 'programme.template_create', entityType: 'ProgrammeTemplate', entityId: copy.id, details: { copiedFrom: id } });
    return copy;
  });
}

export async function addTemplateItem(scope: Scope, templateId: number, input: SaveTemplateItemInput) {
  await getTemplate(scope, templateId);
  await transaction(scope, async (tx) => {
    const last = await tx.db.programmeTemplateItem.aggregate({ where: { templateId }, _max: { position: true } });
    await tx.db.programmeTemplateItem.create({ data: { organizationId: tx.organization.id, templateId, position: (last._max.position ?? 0) + 10, ...input } });
    await tx.db.programmeTemplate.update({ where: { id: templateId }, data: { updatedAt: new Date() } });
    await audit(tx, { action: 'programme.template_update', entityType: 'ProgrammeTemplate', entityId: templateId, details: { item: 'add' } });
  });
}

export async function updateTemplateItem(scope: Scope, templateId: number, itemId: number, input: SaveTemplateItemInput) {
  await getTemplateItem(scope, templateId, itemId);
  await transaction(scope, async (tx) => {
    await tx.db.programmeTemplateItem.update({ where: { id: itemId }, data: input });
    await tx.db.programmeTemplate.update({ where: { id: templateId }, data: { updatedAt: new Date() } });
    await audit(tx, { action: 'programme.template_update', entityType: 'ProgrammeTemplate', entityId: templateId, details: { item: 'update' } });
  });
}

export async function deleteTemplateItem(scope: Scope, templateId: number, itemId: number) {
  await getTemplateItem(scope, templateId, itemId);
  await transaction(scope, async (tx) => {
    await tx.db.programmeTemplateItem.delete({ where: { id: itemId } });
    await tx.db.programmeTemplate.update({ where: { id: templateId }, data: { updatedAt: new Date() } });
    await audit(tx, { action: 'programme.template_update', entityType: 'ProgrammeTemplate', entityId: templateId, details: { item: 'delete' } });
  });
}

/** The active templates with the topics their items serve, for choosing one for a new programme. */
export async function templateChoices(scope: Scope) {
  await ensureShippedTemplates(scope);
  const templates = await scope.db.programmeTemplate.findMany({
    where: { archivedAt: null },
    select: { id: true, title: true, categories: true, goal: true, tasks: true, expectedResults: true, items: { select: { section: true, position: true, activity: true, form: true, month: true, expectedResult: true, responsible: true, topics: true } } },
  });
  return templates.map((t) => ({ ...t, topics: [...new Set(t.items.flatMap((i) => i.topics))] }));
}
