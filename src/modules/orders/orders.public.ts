/**
 * The Regulation for the organization's public page (/p/<slug>): read ONLY from the frozen approved order, so
 * the public text is exactly what the head signed — a later edit of a draft or a staff card never shows.
 */
import { Prisma as Sql } from '../../generated/prisma/client.ts';
import { readFrozen } from './orders.frozen.ts';

export interface PublicRegulation {
  /** «Приказ № 12-од от 01.09.2026». */
  order: string;
  title: string;
  /** The Regulation's appendix (title and text as frozen). */
  appendix: { title: string; text: string } | null;
}

/**
 * The latest approved Regulation order's frozen content (NULL while there is none), as one SQL expression: the
 * public page reads it in the same statement as its other sections (no statement of its own, no Prisma query);
 * `publicRegulationOf` turns it into what the page prints.
 */
export function publicRegulationSql(organizationId: number): Sql.Sql {
  return Sql.sql`(SELECT o.frozen FROM "Order" o WHERE o."organizationId" = ${organizationId} AND o.kind = 'REGULATION' AND o.status = 'APPROVED'
    ORDER BY o."orderDate" DESC, o.number DESC LIMIT 1)`;
}

/** The Regulation as the public page prints it, from `publicRegulationSql`'s value (null: none approved and frozen yet). */
export function publicRegulationOf(frozenJson: unknown): PublicRegulation | null {
  if (!frozenJson) return null;
  const frozen = readFrozen(frozenJson);
  const appendix = frozen.appendices.find((a) => /положени/i.test(a.title) || /положени/i.test(a.text.slice(0, 200))) ?? frozen.appendices[0] ?? null;
  const when = [frozen.dateNumber.number ? `№ ${frozen.dateNumber.number}` : '', frozen.dateNumber.date ? `от ${frozen.dateNumber.date}` : ''].filter(Boolean).join(' ');
  return { order: `Приказ ${when}`.trim(), title: frozen.title, appendix };
}
