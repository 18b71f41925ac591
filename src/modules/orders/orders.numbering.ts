/**
 * Order numbers: per organization and calendar year, with the organization's suffix («12-од»). The next
 * number comes from OrderNumberCounter under its row lock, inside the approval's transaction — so a rolled
 * back approval gives its number back and parallel approvals queue instead of colliding.
 */
import { ruDate } from '../../domain/dates.ts';
import type { Scope } from '../../core/scope.ts';

/** 12 and «-од» → «12-од»; a suffix without a leading separator is glued as written («12/о»). */
export function formatOrderNumber(number: number, suffix: string): string {
  if (!Number.isInteger(number) || number < 1) throw new RangeError(`Номер приказа должен быть целым положительным: ${number}`);
  return `${number}${suffix.trim()}`;
}

/** «01.09.2026 № 12-од» as printed under the word «ПРИКАЗ» (the date is a calendar date, 'YYYY-MM-DD'). */
export function dateNumberLine(isoDate: string, numberText: string): string {
  return `${ruDate(isoDate)} № ${numberText}`;
}

/** First key of the per-organization advisory lock that orders approvals (see `lockNumbering`). */
const NUMBERING_LOCK = 0x4f52_4452;

/**
 * Makes the approvals of one organization take their turn, until commit. The approval's date and time are
 * read only after this, so numbers and times come in the same order (an approval that waited here, or on
 * its order row, gets a later time as well as a later number) — and the year of the number is the year of
 * the date even at midnight on New Year's Eve.
 */
export async function lockNumbering(tx: Scope): Promise<void> {
  await tx.db.$executeRaw`SELECT pg_advisory_xact_lock(${NUMBERING_LOCK}, ${tx.organization.id})`;
}

/**
 * Takes the next number of the year. Must run inside the approving transaction: the UPDATE holds the
 * counter row until commit, so the next approver waits and then sees the incremented value.
 */
export async function nextOrderNumber(tx: Scope, year: number): Promise<number> {
  const organizationId = tx.organization.id;
  await tx.db.$executeRaw`
    INSERT INTO "OrderNumberCounter" ("organizationId", year, "lastNumber") VALUES (${organizationId}, ${year}, 0)
    ON CONFLICT ("organizationId", year) DO NOTHING`;
  const [row] = await tx.db.$queryRaw<{ lastNumber: number }[]>`
    UPDATE "OrderNumberCounter" SET "lastNumber" = "lastNumber" + 1
     WHERE "organizationId" = ${organizationId} AND year = ${year}
    RETURNING "lastNumber"`;
  if (!row) throw new Error('order number counter row is missing');
  return row.lastNumber;
}
