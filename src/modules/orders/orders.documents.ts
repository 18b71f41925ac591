/**
 * The printed order (ГОСТ Р 7.0.97-2016) as one DocumentDescription, rendered to PDF and DOCX by
 * core/documents: organization, «ПРИКАЗ», date and number (blanks and «ПРОЕКТ» for a draft), title,
 * preamble, «ПРИКАЗЫВАЮ:», points, the head's signature, appendices each on a new page, and the
 * acknowledgment sheet. Pure: everything it prints comes from the printed order (orders.frozen.ts — for an
 * approved order, its frozen content) and the live acknowledgment dates.
 */
import type { Block, DocumentDescription } from '../../core/documents/index.ts';
import { ruDate } from '../../domain/dates.ts';
import type { PrintedOrder } from './orders.frozen.ts';
import { parseAppendix } from './orders.text.ts';

export interface OrderDocumentInput {
  printed: PrintedOrder;
  approved: boolean;
  /** The day ('YYYY-MM-DD') each person of the sheet acknowledged the order in the portal, by staff card. */
  acknowledgedOn: ReadonlyMap<number, string>;
  /** Signature stamps (modules/signatures), printed under the head's signature. */
  stamps?: Block[];
}

const BLANK_DATE_SHORT = '____________';
const BLANK_NUMBER = '______';

/** The appendix this order adds by itself (before the typed ones): the list of pairs of an assignment. */
function generatedAppendices(printed: PrintedOrder): { title: string; blocks: Block[] }[] {
  if (!printed.pairsAppendix) return [];
  const people = (list: { fullName: string; position: string }[]) => list.map((p) => (p.position ? `${p.fullName}, ${p.position}` : p.fullName)).join(';\n');
  return [
    {
      title: printed.pairsAppendix,
      blocks: [
        {
          kind: 'table',
          columns: [{ title: '№', width: 0.6 }, { title: 'Наставник', width: 3 }, { title: 'Наставляемые', width: 3 }, { title: 'Форма наставничества', width: 2.2 }, { title: 'Срок', width: 1.8 }],
          rows: printed.pairs.map((p, i) => [`${i + 1}.`, people(p.mentors), people(p.mentees), p.form, `${p.startsOn} –\n${p.plannedEndOn}`]),
        },
      ],
    },
  ];
}

/**
 * A column as wide as its text needs (roughly): «№» narrow, long activities wide — and never narrower than
 * its longest word, which a table cell cannot hyphenate (the roadmap's stage column is mostly empty cells, yet
 * holds «персонализированных»).
 */
function columnWeight(title: string, cells: string[]): number {
  // «№»: narrow, but «1.1.» of a plan's sub-rows on one line.
  if (title === '№') return cells.some((c) => c.length > 3) ? 0.9 : 0.6;
  const average = cells.reduce((sum, c) => sum + c.length, title.length) / (cells.length + 1);
  const longestWord = Math.max(...[title, ...cells].flatMap((c) => c.split(/\s+/)).map((w) => w.length));
  return Math.min(6, Math.max(1, average / 20, longestWord * 0.22));
}

function appendixBody(text: string): Block[] {
  return parseAppendix(text).map((b): Block => {
    if (b.kind === 'heading') return { kind: 'heading', text: b.text };
    if (b.kind === 'paragraph') return { kind: 'paragraph', text: b.text, indent: !b.text.startsWith('–') };
    return { kind: 'table', columns: b.header.map((title, i) => ({ title, width: columnWeight(title, b.rows.map((r) => r[i] ?? '')) })), rows: b.rows };
  });
}

export function orderDocument({ printed, approved, acknowledgedOn, stamps = [] }: OrderDocumentInput): DocumentDescription {
  const date = approved ? (printed.dateNumber.date ?? undefined) : undefined;
  const number = approved ? (printed.dateNumber.number ?? undefined) : undefined;
  const ref = `к приказу от ${date ?? BLANK_DATE_SHORT} № ${number ?? BLANK_NUMBER}`;
  const body: Block[] = [];
  for (const paragraph of printed.preamble) body.push({ kind: 'paragraph', text: paragraph });
  body.push({ kind: 'heading', text: 'ПРИКАЗЫВАЮ:', align: 'left' });
  body.push({ kind: 'points', items: printed.points });
  body.push({ kind: 'signatures', rows: [printed.signer] });
  body.push(...stamps);

  const appendices = [...generatedAppendices(printed), ...printed.appendices.map((a) => ({ title: a.title, blocks: appendixBody(a.text) }))];
  appendices.forEach((a, i) => {
    body.push({ kind: 'appendix', mark: [`Приложение ${i + 1}`, ref], heading: a.title });
    body.push(...a.blocks);
  });

  if (printed.sheet.length) {
    body.push({ kind: 'pageBreak' });
    body.push({ kind: 'heading', text: 'ЛИСТ ОЗНАКОМЛЕНИЯ' });
    body.push({ kind: 'paragraph', text: `с приказом ${date ? `от ${date} ` : ''}№ ${number ?? BLANK_NUMBER} «${printed.title}»`, align: 'center', indent: false });
    body.push({
      kind: 'table',
      columns: [{ title: '№', width: 0.6 }, { title: 'ФИО', width: 4 }, { title: 'Должность', width: 3 }, { title: 'Дата', width: 1.8 }, { title: 'Подпись', width: 2 }],
      rows: printed.sheet.map((p, i) => {
        const on = acknowledgedOn.get(p.staffMemberId);
        // Without an account (as frozen at approval) the person signs this sheet by hand: the cell says so.
        const signature = on ? 'ознакомлен(а) в портале' : p.hasAccount ? '' : [{ text: 'подпись на бумаге', italic: true }];
        return [`${i + 1}.`, p.fullName, p.position, on ? ruDate(on) : '', signature];
      }),
    });
  }

  return {
    fileTitle: number ? `Приказ № ${number}` : `Проект приказа`,
    organization: printed.organization,
    approval: approved ? undefined : ['ПРОЕКТ'],
    title: 'Приказ',
    dateNumber: { date, number, place: printed.dateNumber.place ?? undefined },
    heading: printed.title,
    body,
  };
}
