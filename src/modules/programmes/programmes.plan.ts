/**
 * Work on a programme's text and plan: the pair writes the draft together and, once it is approved, moves the
 * items through their statuses, marks them (each member only their own mark), comments and attaches evidence
 * (photos from the phone, documents). After approval every change goes into the field-level history.
 */
import fs from 'node:fs';
import path from 'node:path';
import { audit } from '../../core/audit.ts';
import { ConflictError, FormError, NotFoundError } from '../../core/errors.ts';
import { publish, transaction, type Scope } from '../../core/scope.ts';
import { storeUpload, type CheckedUpload } from '../../core/uploads.ts';
import { dbDateOf, isoOfDbDate, ruDate } from '../../domain/dates.ts';
import { accessProgramme, lockProgramme, requireAbility, type LoadedProgramme } from './programmes.access.ts';
import { changedFields, itemSubject, PROGRAMME_SUBJECT, recordChanges } from './programmes.history.ts';
import { ITEM_STATUS_LABELS, RESPONSIBLE_LABELS } from './programmes.labels.ts';
import { recordActivity } from './programmes.lifecycle.ts';
import { keepsHistory } from './programmes.rules.ts';
import { PROGRAMME_LIMITS, type ChangeItemStatusInput, type SaveItemInput, type SaveProgrammeInput } from './programmes.schemas.ts';

// ---- the programme's text ------------------------------------------------------------------------------

const PROGRAMME_FIELDS: Record<string, string> = {
  title: 'Название',
  goal: 'Цель',
  tasks: 'Задачи',
  request: 'Профессиональный запрос',
  expectedResults: 'Ожидаемые результаты',
  startsOn: 'Начало',
  endsOn: 'Окончание',
};

function programmeView(p: { title: string; goal: string; tasks: string; request: string; expectedResults: string; startsOn: string; endsOn: string }): Record<string, string> {
  return { ...p, startsOn: ruDate(p.startsOn), endsOn: ruDate(p.endsOn) };
}

export async function saveProgrammeText(scope: Scope, id: number, input: SaveProgrammeInput) {
  await transaction(scope, async (tx) => {
    await lockProgramme(tx, id);
    const { programme } = await requireAbility(tx, id, 'editPlan');
    const before = programmeView({ ...programme, startsOn: isoOfDbDate(programme.startsOn), endsOn: isoOfDbDate(programme.endsOn) });
    const changes = changedFields(PROGRAMME_FIELDS, before, programmeView(input));
    await tx.db.programme.update({ where: { id }, data: { ...input, startsOn: dbDateOf(input.startsOn), endsOn: dbDateOf(input.endsOn) } });
    await recordChanges(tx, programme, PROGRAMME_SUBJECT, changes);
    await audit(tx, { action: 'programme.update', entityType: 'Programme', entityId: id, details: { changed: changes.map((c) => c.field) } });
  });
}

// ---- plan items ----------------------------------------------------------------------------------------

const ITEM_FIELDS: Record<string, string> = {
  section: 'Раздел',
  activity: 'Мероприятие',
  form: 'Форма работы',
  dueOn: 'Срок',
  expectedResult: 'Ожидаемый результат',
  responsible: 'Ответственный',
};

type ItemRow = { section: string; activity: string; form: string; dueOn: Date; expectedResult: string; responsible: keyof typeof RESPONSIBLE_LABELS };

function itemView(item: Omit<ItemRow, 'dueOn'> & { dueOn: string }): Record<string, string> {
  return { ...item, dueOn: ruDate(item.dueOn), responsible: RESPONSIBLE_LABELS[item.responsible] };
}

async function findItem(scope: Scope, programmeId: number, itemId: number) {
  const item = await scope.db.planItem.findFirst({ where: { id: itemId, programmeId } });
  if (!item) throw new NotFoundError('Мероприятие не найдено');
  return item;
}

/** A date of the plan must lie in the programme's term. */
function checkInTerm(programme: LoadedProgramme, dueOn: string, field: string) {
  const starts = isoOfDbDate(programme.startsOn);
  const ends = isoOfDbDate(programme.endsOn);
  if (dueOn < starts || dueOn > ends) throw new FormError({ [field]: `Срок должен быть в пределах программы: с ${ruDate(starts)} по ${ruDate(ends)}` });
}

export async function addItem(scope: Scope, id: number, input: SaveItemInput) {
  return transaction(scope, async (tx) => {
    await lockProgramme(tx, id);
    const { programme } = await requireAbility(tx, id, 'editPlan');
    if (!input.dueOn) throw new FormError({ dueOn: 'Укажите срок' });
    checkInTerm(programme, input.dueOn, 'dueOn');
    const [count, last] = await Promise.all([
      tx.db.planItem.count({ where: { programmeId: id } }),
      tx.db.planItem.aggregate({ where: { programmeId: id }, _max: { position: true } }),
    ]);
    if (count >= PROGRAMME_LIMITS.items) throw new ConflictError(`В плане уже ${PROGRAMME_LIMITS.items} мероприятий — больше добавить нельзя`);
    const item = await tx.db.planItem.create({
      data: { organizationId: tx.organization.id, programmeId: id, ...input, dueOn: dbDateOf(input.dueOn), position: (last._max.position ?? 0) + 10 },
      select: { id: true },
    });
    await recordChanges(tx, programme, itemSubject(input.activity), [{ field: 'Мероприятие добавлено', before: '', after: `${input.section}: ${input.activity}, срок ${ruDate(input.dueOn)}` }], { itemId: item.id });
    await audit(tx, { action: 'programme.item_add', entityType: 'Programme', entityId: id, details: { itemId: item.id } });
    return item;
  });
}

/** Changes an item's text; its date only while the plan is a draft (afterwards an item moves with a reason). */
export async function updateItem(scope: Scope, id: number, itemId: number, input: SaveItemInput) {
  await transaction(scope, async (tx) => {
    await lockProgramme(tx, id);
    const { programme } = await requireAbility(tx, id, 'editPlan');
    const item = await findItem(tx, id, itemId);
    const dueOn = keepsHistory(programme.status) || !input.dueOn ? isoOfDbDate(item.dueOn) : input.dueOn;
    if (dueOn !== isoOfDbDate(item.dueOn)) checkInTerm(programme, dueOn, 'dueOn');
    const next = { section: input.section, activity: input.activity, form: input.form, expectedResult: input.expectedResult, responsible: input.responsible };
    const changes = changedFields(ITEM_FIELDS, itemView({ ...item, dueOn: isoOfDbDate(item.dueOn) }), itemView({ ...next, dueOn }));
    await tx.db.planItem.update({ where: { id: itemId }, data: { ...next, dueOn: dbDateOf(dueOn) } });
    await recordChanges(tx, programme, itemSubject(item.activity), changes, { itemId });
    await audit(tx, { action: 'programme.item_update', entityType: 'Programme', entityId: id, details: { itemId, changed: changes.map((c) => c.field) } });
  });
}

/** Only a draft loses items; an approved plan cancels them instead (the status «отменено», kept in history). */
export async function deleteItem(scope: Scope, id: number, itemId: number) {
  await transaction(scope, async (tx) => {
    await lockProgramme(tx, id);
    const { programme } = await requireAbility(tx, id, 'editPlan');
    if (programme.status !== 'DRAFT') throw new ConflictError('Из утверждённой программы мероприятие не удаляют: отметьте его как «отменено» и укажите причину');
    await findItem(tx, id, itemId);
    const files = await tx.db.attachment.count({ where: { purpose: 'PLAN_EVIDENCE', ownerId: itemId } });
    if (files > 0) throw new ConflictError('К мероприятию приложены файлы: сначала удалите их');
    await tx.db.planItem.delete({ where: { id: itemId } });
    await audit(tx, { action: 'programme.item_delete', entityType: 'Programme', entityId: id, details: { itemId } });
  });
}

/**
 * The status of an item: done (dated today in the organization's zone), moved to a new date with a reason,
 * cancelled, back to planned or in progress. Kept in the history field by field.
 */
export async function changeItemStatus(scope: Scope, id: number, itemId: number, input: ChangeItemStatusInput) {
  await transaction(scope, async (tx) => {
    await lockProgramme(tx, id);
    const { programme } = await requireAbility(tx, id, 'work');
    const item = await findItem(tx, id, itemId);
    const oldDue = isoOfDbDate(item.dueOn);
    const data: { status: typeof input.status; doneOn: Date | null; dueOn?: Date; movedFromOn?: Date; moveReason?: string } = {
      status: input.status,
      doneOn: input.status === 'DONE' ? (item.doneOn ?? dbDateOf(tx.today)) : null,
    };
    const changes = [{ field: 'Статус', before: ITEM_STATUS_LABELS[item.status], after: ITEM_STATUS_LABELS[input.status] }];
    if (input.status === 'MOVED' && input.newDueOn) {
      if (input.newDueOn === oldDue) throw new FormError({ newDueOn: 'Новая дата совпадает с прежней' });
      checkInTerm(programme, input.newDueOn, 'newDueOn');
      Object.assign(data, { dueOn: dbDateOf(input.newDueOn), movedFromOn: item.dueOn, moveReason: input.reason });
      changes.push({ field: 'Срок', before: ruDate(oldDue), after: ruDate(input.newDueOn) });
    }
    if ((input.status === 'MOVED' || input.status === 'CANCELLED') && input.reason) changes.push({ field: 'Причина', before: '', after: input.reason });
    if (input.status === 'CANCELLED') data.moveReason = input.reason;
    const real = changes.filter((c) => c.before !== c.after);
    if (real.length === 0) return;
    await tx.db.planItem.update({ where: { id: itemId }, data });
    await recordChanges(tx, programme, itemSubject(item.activity), real, { itemId });
    await recordActivity(tx, programme);
    await audit(tx, { action: 'programme.item_status', entityType: 'Programme', entityId: id, details: { itemId, from: item.status, to: input.status } });
  });
}

/**
 * A member's own mark of an item. The row is keyed by the acting member's staff card, so a mentee's mark can
 * never overwrite the mentor's (or the reverse): there is no way to name another person's mark.
 */
export async function setMark(scope: Scope, id: number, itemId: number, mark: number) {
  await transaction(scope, async (tx) => {
    await lockProgramme(tx, id);
    const { programme, viewer } = await requireAbility(tx, id, 'work');
    const item = await findItem(tx, id, itemId);
    const staffMemberId = tx.staffMemberId!;
    const role = viewer.memberRole!;
    const existing = await tx.db.planItemMark.findUnique({ where: { itemId_staffMemberId: { itemId, staffMemberId } }, select: { mark: true } });
    if (existing?.mark === mark) return;
    await tx.db.planItemMark.upsert({
      where: { itemId_staffMemberId: { itemId, staffMemberId } },
      create: { organizationId: tx.organization.id, itemId, staffMemberId, role, mark },
      update: { mark, role },
    });
    const who = programme.members.find((m) => m.staffMemberId === staffMemberId)!;
    const field = `Отметка (${role === 'MENTOR' ? 'наставник' : 'наставляемый'} ${who.fullName})`;
    await recordChanges(tx, programme, itemSubject(item.activity), [{ field, before: existing ? String(existing.mark) : '', after: String(mark) }], { itemId });
    await recordActivity(tx, programme);
    await audit(tx, { action: 'programme.item_mark', entityType: 'Programme', entityId: id, details: { itemId, role } });
  });
}

/** A member's comment on an item; the pair's other members are told (`programme.item-commented`). */
export async function addComment(scope: Scope, id: number, itemId: number, text: string) {
  await transaction(scope, async (tx) => {
    await lockProgramme(tx, id);
    const { programme, viewer } = await requireAbility(tx, id, 'comment');
    await findItem(tx, id, itemId);
    const staffMemberId = tx.staffMemberId!;
    const comment = await tx.db.planItemComment.create({
      data: { organizationId: tx.organization.id, itemId, staffMemberId, role: viewer.memberRole!, text, createdAt: tx.now },
      select: { id: true },
    });
    if (programme.status !== 'DRAFT') await recordActivity(tx, programme);
    await audit(tx, { action: 'programme.item_comment', entityType: 'Programme', entityId: id, details: { itemId, commentId: comment.id } });
    await publish(tx, 'programme.item-commented', {
      programmeId: id,
      itemId,
      commentId: comment.id,
      authorStaffMemberId: staffMemberId,
      recipientStaffIds: programme.members.map((m) => m.staffMemberId).filter((s) => s !== staffMemberId),
    });
  });
}

// ---- evidence --------------------------------------------------------------------------------------------

/** Evidence of an item: a photo (JPEG, PNG) or a PDF, checked by content, stored as a PLAN_EVIDENCE attachment. */
export async function addEvidence(scope: Scope, uploadsDir: string, id: number, itemId: number, upload: CheckedUpload) {
  await transaction(scope, async (tx) => {
    await lockProgramme(tx, id);
    const { programme } = await requireAbility(tx, id, 'work');
    const item = await findItem(tx, id, itemId);
    const count = await tx.db.attachment.count({ where: { purpose: 'PLAN_EVIDENCE', ownerId: itemId } });
    if (count >= PROGRAMME_LIMITS.evidencePerItem) throw new FormError({ file: `К мероприятию уже приложено ${PROGRAMME_LIMITS.evidencePerItem} файлов — больше нельзя` });
    const file = await storeUpload(tx, uploadsDir, upload, { purpose: 'PLAN_EVIDENCE', ownerId: itemId });
    await recordChanges(tx, programme, itemSubject(item.activity), [{ field: 'Подтверждение', before: '', after: `добавлен файл «${upload.originalName}»` }], { itemId });
    await recordActivity(tx, programme);
    await audit(tx, { action: 'programme.evidence_add', entityType: 'Programme', entityId: id, details: { itemId, attachmentId: file.id, kind: upload.kind, size: upload.size } });
  });
}

/** The evidence file of a programme the scope may see (the id must belong to one of this programme's items). */
export async function evidenceFile(scope: Scope, id: number, attachmentId: number) {
  await accessProgramme(scope, id);
  const file = await scope.db.attachment.findFirst({
    where: { id: attachmentId, purpose: 'PLAN_EVIDENCE' },
    select: { id: true, ownerId: true, storagePath: true, mimeType: true, originalName: true, uploadedById: true },
  });
  const item = file?.ownerId ? await scope.db.planItem.findFirst({ where: { id: file.ownerId, programmeId: id }, select: { id: true } }) : null;
  if (!file || !item) throw new NotFoundError('Файл не найден');
  await audit(scope, { action: 'programme.evidence_download', entityType: 'Programme', entityId: id, details: { attachmentId } });
  return file;
}

/** The uploader takes a file back (a wrong photo) while the plan is worked on; the file leaves the disk too. */
export async function removeEvidence(scope: Scope, uploadsDir: string, id: number, attachmentId: number) {
  const removed = await transaction(scope, async (tx) => {
    await lockProgramme(tx, id);
    const { programme } = await requireAbility(tx, id, 'work');
    const file = await evidenceFile(tx, id, attachmentId);
    if (file.uploadedById !== tx.actor.userId) throw new ConflictError('Удалить файл может только тот, кто его загрузил');
    const item = await findItem(tx, id, file.ownerId!);
    await tx.db.attachment.delete({ where: { id: attachmentId } });
    await recordChanges(tx, programme, itemSubject(item.activity), [{ field: 'Подтверждение', before: `файл «${file.originalName}»`, after: 'удалён' }], { itemId: item.id });
    await audit(tx, { action: 'programme.evidence_remove', entityType: 'Programme', entityId: id, details: { itemId: item.id, attachmentId } });
    return file;
  });
  // After the commit: a failure here leaves an orphan file, which the next start removes (core/uploads.ts).
  await fs.promises.rm(path.join(uploadsDir, removed.storagePath), { force: true }).catch(() => {});
}
