/**
 * Staff import, the stateful part: a checked file becomes a StaffImport (PREVIEW) holding its rows and
 * problems; applying it writes the valid rows in ONE transaction in the background (RUNNING → DONE, or
 * FAILED with nothing written) while the status page follows `processedRows`.
 */
import { audit } from '../../core/audit.ts';
import type { Prisma } from '../../core/database/client.ts';
import { EVERY_ORGANIZATION } from '../../core/database/scoped.ts';
import { ConflictError, NotFoundError } from '../../core/errors.ts';
import { transaction, type Scope } from '../../core/scope.ts';
import { recordCategoryChange } from './staff.categories.ts';
import type { CheckedUpload } from '../../core/uploads.ts';
import type { Prisma as P } from '../../generated/prisma/client.ts';
import { readTable } from './staff.files.ts';
import { dbDateOf } from '../../domain/dates.ts';
import { buildPreview, markExisting, type ExistingStaff, type ImportRow, type ImportValues, type MatchMode } from './staff.import.ts';

export const IMPORT_CHUNK = 500;
/** First key of the per-organization advisory lock taken while an import writes. */
const IMPORT_LOCK = 0x5741_4646;

function existingStaff(scope: Scope): Promise<ExistingStaff[]> {
  return scope.db.staffMember.findMany({
    select: { id: true, lastName: true, firstName: true, middleName: true, birthDate: true, email: true, archivedAt: true },
  });
}

const asJson = (rows: ImportRow[]) => rows as unknown as P.InputJsonValue;
const rowsOf = (json: P.JsonValue): ImportRow[] => (Array.isArray(json) ? (json as unknown as ImportRow[]) : []);

/** Reads the file, checks every row and keeps the result (and the choice for matching people) for the preview. */
export async function previewImport(scope: Scope, upload: CheckedUpload, matchMode: MatchMode = 'SKIP') {
  const table = await readTable(upload.kind, upload.buffer);
  const preview = buildPreview(table, await existingStaff(scope), new Date());
  return transaction(scope, async (tx) => {
    const created = await tx.db.staffImport.create({
      data: {
        organizationId: tx.organization.id,
        fileName: upload.originalName,
        matchMode,
        rows: asJson(preview.rows),
        totalRows: preview.total,
        validRows: preview.valid,
        createdById: tx.actor.userId,
      },
      select: { id: true },
    });
    await audit(tx, {
      action: 'staff.import',
      entityType: 'StaffImport',
      entityId: created.id,
      details: { stage: 'preview', total: preview.total, valid: preview.valid, matching: preview.rows.filter((r) => r.matchId !== undefined && !r.errors.length).length, matchMode },
    });
    return created;
  });
}

const summarySelect = {
  id: true,
  fileName: true,
  status: true,
  totalRows: true,
  validRows: true,
  processedRows: true,
  createdCount: true,
  matchMode: true,
  updatedCount: true,
  skippedCount: true,
  error: true,
  createdAt: true,
  finishedAt: true,
} as const;

/** The import without its rows: what the progress page polls every second. */
export async function getImport(scope: Scope, id: number) {
  const found = await scope.db.staffImport.findFirst({ where: { id }, select: summarySelect });
  if (!found) throw new NotFoundError('Импорт не найден');
  return found;
}

export async function getImportRows(scope: Scope, id: number): Promise<ImportRow[]> {
  const found = await scope.db.staffImport.findFirst({ where: { id }, select: { rows: true } });
  return found ? rowsOf(found.rows) : [];
}

export function recentImports(scope: Scope) {
  return scope.db.staffImport.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 5, select: summarySelect });
}

/** Personal data that was not imported is not kept: a cancelled import forgets its rows. */
export async function cancelImport(scope: Scope, id: number) {
  await getImport(scope, id);
  const { count } = await scope.db.staffImport.updateMany({
    where: { id, status: 'PREVIEW' },
    data: { status: 'CANCELLED', rows: [], finishedAt: new Date() },
  });
  if (count === 0) throw new ConflictError('Этот импорт уже нельзя отменить');
}

/**
 * Starts the import of the valid rows and returns at once; the work goes on in this process.
 * The status switch is conditional, so a double submit starts it only once.
 */
export async function startImport(scope: Scope, id: number) {
  const found = await getImport(scope, id);
  const { count } = await scope.db.staffImport.updateMany({
    where: { id, status: 'PREVIEW' },
    data: { status: 'RUNNING', processedRows: 0 },
  });
  if (count === 0) throw new ConflictError('Этот импорт уже выполнен или отменён');
  if (found.validRows === 0) {
    await scope.db.staffImport.update({ where: { id }, data: { status: 'FAILED', error: 'В файле нет строк без ошибок: загружать нечего', finishedAt: new Date() }, select: { id: true } });
    return;
  }
  void runImport(scope, id);
}

const running = new Set<Promise<void>>();

/** Imports still running in this process (tests wait for them before closing the database). */
export function runningImports(): Promise<void[]> {
  return Promise.all(running);
}

/** The import's work, after the request has been answered: the request's scope goes on with it. */
function runImport(scope: Scope, id: number): Promise<void> {
  const job = applyRows(scope, id).catch(async (error: unknown) => {
    const message =
      (error as { code?: string })?.code === 'P2028'
        ? 'Импорт занял слишком много времени и был отменён: ничего не записано. Разделите файл на части'
        : `Импорт не выполнен из-за ошибки базы данных${(error as { code?: string })?.code ? ` (${(error as { code: string }).code})` : ''}: ничего не записано. Попробуйте ещё раз`;
    await scope.db.staffImport
      .update({ where: { id }, data: { status: 'FAILED', error: message, processedRows: 0, finishedAt: new Date() }, select: { id: true } })
      .catch(() => {});
  });
  const tracked = job.finally(() => running.delete(tracked));
  running.add(tracked);
  return tracked;
}

/**
 * One INSERT per chunk, the rows handed over as one JSON document. Not `createMany`: Prisma 7's query
 * compiler spends 1–2 ms of CPU per row on it (measured: 500 rows ≈ 0.7–1 s on the 2-core server under
 * load), which alone broke the 10-second budget for 5 000 rows; this statement takes well under 0.1 s.
 */
async function insertChunk(tx: Scope, rows: ImportValues[]) {
  const json = JSON.stringify(rows.map((v) => ({ ...v, birthDate: v.birthDate || null, hiredOn: v.hiredOn || null })));
  await tx.db.$executeRaw`
    INSERT INTO "StaffMember" ("organizationId", "lastName", "firstName", "middleName", "birthDate", "position", "hiredOn",
      "experienceYears", "experienceHereYears", "qualificationCategory", "education", "ageGroup", "email", "phone", "updatedAt")
    SELECT ${tx.organization.id}, t."lastName", t."firstName", t."middleName", t."birthDate", t."position", t."hiredOn",
      t."experienceYears", t."experienceHereYears", t."qualificationCategory"::"QualificationCategory", t."education", t."ageGroup",
      t."email", t."phone", now()
    FROM jsonb_to_recordset(${json}::jsonb) AS t("lastName" text, "firstName" text, "middleName" text, "birthDate" date,
      "position" text, "hiredOn" date, "experienceYears" int, "experienceHereYears" int, "qualificationCategory" text,
      "education" text, "ageGroup" text, "email" text, "phone" text)`;
}

/**
 * «Обновить» a matching card: the file's non-empty values replace the card's (an empty cell, a 0 of years or «без
 * категории» leave it as it is — the file may lack the column). The name and birth date are the match itself.
 * Returns the changed fields, for the audit.
 */
async function updateMatch(tx: Scope, staffMemberId: number, v: ImportValues): Promise<string[]> {
  const data: P.StaffMemberUpdateInput = {};
  if (v.position) data.position = v.position;
  if (v.hiredOn) data.hiredOn = dbDateOf(v.hiredOn);
  if (v.experienceYears > 0) data.experienceYears = v.experienceYears;
  if (v.experienceHereYears > 0) data.experienceHereYears = v.experienceHereYears;
  // The category's change joins the qualification history (the import's day: a file has no order's date).
  const before = v.qualificationCategory !== 'NONE' ? await tx.db.staffMember.findFirst({ where: { id: staffMemberId }, select: { qualificationCategory: true } }) : null;
  if (v.qualificationCategory !== 'NONE') data.qualificationCategory = v.qualificationCategory;
  if (v.education) data.education = v.education;
  if (v.ageGroup) data.ageGroup = v.ageGroup;
  if (v.email) data.email = v.email;
  if (v.phone) data.phone = v.phone;
  const changed = Object.keys(data);
  if (changed.length) await tx.db.staffMember.update({ where: { id: staffMemberId }, data, select: { id: true } });
  if (before) await recordCategoryChange(tx, { staffMemberId, from: before.qualificationCategory, to: v.qualificationCategory, effectiveOn: tx.today, source: 'IMPORT' });
  await audit(tx, { action: 'staff.update', entityType: 'StaffMember', entityId: staffMemberId, details: { changed, source: 'import' } });
  return changed;
}

async function applyRows(scope: Scope, id: number) {
  const stored = await scope.db.staffImport.findUniqueOrThrow({ where: { id }, select: { rows: true, matchMode: true } });
  const rows = rowsOf(stored.rows);
  const update = stored.matchMode === 'UPDATE';
  const valid = rows.filter((r) => r.errors.length === 0);
  await transaction(
    scope,
    async (tx) => {
      // Two imports of one organization run one after the other, so neither misses the other's people.
      await tx.db.$executeRaw`SELECT pg_advisory_xact_lock(${IMPORT_LOCK}, ${tx.organization.id})`;
      // Someone may have added the same people since the preview: check again inside the transaction.
      markExisting(valid, await existingStaff(tx));
      const toCreate = valid.filter((r) => r.errors.length === 0 && r.matchId === undefined);
      const matching = valid.filter((r) => r.errors.length === 0 && r.matchId !== undefined);
      for (let start = 0; start < toCreate.length; start += IMPORT_CHUNK) {
        const chunk = toCreate.slice(start, start + IMPORT_CHUNK);
        await insertChunk(tx, chunk.map((r) => r.values));
        // Outside the transaction, so the status page sees the progress before the commit.
        // `select` keeps the (large) stored rows from travelling back with every progress update.
        await scope.db.staffImport.update({ where: { id }, data: { processedRows: start + chunk.length }, select: { id: true } });
      }
      for (const row of matching) {
        if (update) await updateMatch(tx, row.matchId!, row.values);
        row.outcome = update ? 'updated' : 'skipped';
      }
      const dropped = valid.length - toCreate.length - matching.length;
      await tx.db.staffImport.update({
        where: { id },
        data: {
          status: 'DONE',
          createdCount: toCreate.length,
          updatedCount: update ? matching.length : 0,
          skippedCount: update ? 0 : matching.length,
          processedRows: valid.length,
          finishedAt: new Date(),
          // Only what was not added stays, for the summary (updated, skipped, errors): the added people live in the directory now.
          rows: asJson(rows.filter((r) => r.errors.length > 0 || r.outcome !== undefined)),
        },
        select: { id: true },
      });
      await audit(tx, {
        action: 'staff.import',
        entityType: 'StaffImport',
        entityId: id,
        details: { stage: 'done', total: rows.length, created: toCreate.length, updated: update ? matching.length : 0, skipped: update ? 0 : matching.length, dropped, invalid: rows.length - valid.length },
      });
    },
    { timeout: 5 * 60_000, maxWait: 30_000 },
  );
}

/**
 * An import's transaction dies with the process that ran it, so after a restart a RUNNING import wrote
 * nothing: call this once at start-up (single-instance deployments) to say so instead of "running" forever.
 * A system job over every organization: it takes the portal (guarded) client.
 */
export async function failInterruptedImports(portal: Prisma): Promise<number> {
  const { count } = await portal.staffImport.updateMany({
    where: { ...EVERY_ORGANIZATION, status: 'RUNNING' },
    data: { status: 'FAILED', error: 'Импорт прервался из-за перезапуска портала: ничего не записано. Загрузите файл снова', processedRows: 0, finishedAt: new Date() },
  });
  return count;
}
