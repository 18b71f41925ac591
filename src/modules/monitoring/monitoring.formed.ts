/**
 * «Отчёт за год сформирован» (stage 6): the methodist forms the annual report of a school year — a record per
 * organization and school year (when, by whom, and the documents module's content hash of the report's
 * description at that moment: the same hash its cache keys rendered files by, so nothing is stored twice).
 * Forming again replaces the record; both are audited. The dashboard's stage-6 item (and so the roadmap's stage
 * state, which is computed from the dashboard's items) reads the current school year's record.
 */
import { audit } from '../../core/audit.ts';
import { contentHash } from '../../core/documents/index.ts';
import { transaction, type Scope } from '../../core/scope.ts';
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import { annualReport } from './monitoring.report.ts';

export interface FormedReport {
  schoolYear: number;
  formedAt: Date;
  formedByName: string;
  contentSha256: string;
}

const select = { schoolYear: true, formedAt: true, formedByName: true, contentSha256: true } as const;

/**
 * The record of the school year's formed report as an SQL expression, for a statement that asks more (the
 * monitoring page's): the record as JSON, or NULL when not formed yet; `formedReportOf` reads it back.
 */
export function formedReportSql(organizationId: number, schoolYear: number): Sql.Sql {
  return Sql.sql`(SELECT to_json(f) FROM (SELECT r."schoolYear", r."formedAt", r."formedByName", r."contentSha256" FROM "MonitoringAnnualReport" r
    WHERE r."organizationId" = ${organizationId} AND r."schoolYear" = ${schoolYear}) f)`;
}

/** `formedReportSql`'s JSON as the record (its `formedAt`, a UTC `timestamp`, comes as ISO text without a zone). */
export function formedReportOf(json: (Omit<FormedReport, 'formedAt'> & { formedAt: string }) | null): FormedReport | null {
  return json && { ...json, formedAt: new Date(`${json.formedAt}Z`) };
}

/**
 * The record's moment in SQL, for a statement that asks more (the dashboard's): a scalar subquery giving the
 * record's `formedAt` (a UTC `timestamp`) or NULL. The organization: its id, or a column naming it (many at once).
 */
export function formedAtSql(organization: number | Sql.Sql, schoolYear: number): Sql.Sql {
  return Sql.sql`(SELECT r."formedAt" FROM "MonitoringAnnualReport" r WHERE r."organizationId" = ${organization} AND r."schoolYear" = ${schoolYear})`;
}

/** Forms (or forms again) the school year's report from the data of now. */
export async function formReport(scope: Scope, schoolYear: number): Promise<{ report: FormedReport; replaced: boolean }> {
  const description = await annualReport(scope, schoolYear);
  const contentSha256 = contentHash(description);
  return transaction(scope, async (tx) => {
    const previous = await tx.db.monitoringAnnualReport.findFirst({ where: { schoolYear }, select: { contentSha256: true } });
    const data = { formedAt: new Date(), formedById: tx.actor.userId, formedByName: tx.user?.fullName ?? '', contentSha256 };
    const report = await tx.db.monitoringAnnualReport.upsert({
      where: { organizationId_schoolYear: { organizationId: tx.organization.id, schoolYear } },
      create: { organizationId: tx.organization.id, schoolYear, ...data },
      update: data,
      select,
    });
    await audit(tx, {
      action: 'monitoring.report-formed',
      entityType: 'Organization',
      entityId: tx.organization.id,
      details: { schoolYear, contentSha256, replaced: previous !== null, ...(previous ? { previousSha256: previous.contentSha256 } : {}) },
    });
    return { report, replaced: previous !== null };
  });
}
