/**
 * The Regulation for the organization's public page (/p/<slug>): read ONLY from the frozen approved order, so
 * the public text is exactly what the head signed — a later edit of a draft or a staff card never shows.
 */
import type { Scope } from '../../core/scope.ts';
import { readFrozen } from './orders.frozen.ts';

export interface PublicRegulation {
  /** «Приказ № 12-од от 01.09.2026». */
  order: string;
  title: string;
  /** The Regulation's appendix (title and text as frozen). */
  appendix: { title: string; text: string } | null;
}

/** The latest approved and frozen Regulation order, or null while there is none. */
export async function publicRegulation(scope: Pick<Scope, 'db'>): Promise<PublicRegulation | null> {
  const order = await scope.db.order.findFirst({
    where: { kind: 'REGULATION', status: 'APPROVED' },
    orderBy: [{ orderDate: 'desc' }, { number: 'desc' }],
    select: { frozen: true },
  });
  if (!order?.frozen) return null;
  const frozen = readFrozen(order.frozen);
  const appendix = frozen.appendices.find((a) => /положени/i.test(a.title) || /положени/i.test(a.text.slice(0, 200))) ?? frozen.appendices[0] ?? null;
  const when = [frozen.dateNumber.number ? `№ ${frozen.dateNumber.number}` : '', frozen.dateNumber.date ? `от ${frozen.dateNumber.date}` : ''].filter(Boolean).join(' ');
  return { order: `Приказ ${when}`.trim(), title: frozen.title, appendix };
}
