/**
 * The printed order (ГОСТ Р 7.0.97-2016) as one DocumentDescription, rendered to PDF and DOCX by
 * core/documents: organization, «ПРИКАЗ», date and number (blanks and «ПРОЕКТ» for a draft), title,
 * preamble, «ПРИКАЗЫВАЮ:», points, the head's signature, appendices each on a new page, and the
 * acknowledgment sheet. Pure: everything it prints comes from the input.
 */
import type { Block, DocumentDescription } from '../../core/documents/index.ts';
import { ruDate } from '../../domain/dates.ts';
import { MENTORING_FORM_LABELS } from '../../domain/mentoring.ts';
import { initialsSurname } from '../../domain/people.ts';
import type { OrderKind } from '../../generated/prisma/enums.ts';
import { parseAppendix } from './orders.text.ts';
import type { Appendix, PairForTexts } from './orders.templates.ts';

export interface OrderDocumentInput {
  organization: { fullName: string; address: string; headName: string; headPosition: string };
  kind: OrderKind;
  approved: boolean;
  title: string;
  preamble: string;
  points: string[];
  appendices: Appendix[];
  numberText: string | null;
  /** 'YYYY-MM-DD' */
  orderDate: string | null;
  pairs: PairForTexts[];
  /** Лист ознакомления: for a draft, the people it will name (no dates yet). */
  sheet: { fullName: string; position: string; acknowledgedOn: string | null }[];
}

/** «г. Калуга» out of the address, for the place line under the date and number. */
export function placeOf(address: string): string | undefined {
  return /(?:^|[\s,])(г\.\s*[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё]+)*)/.exec(address)?.[1]?.replace(/^г\.\s*/, 'г. ');
}

const BLANK_DATE_SHORT = '____________';
const BLANK_NUMBER = '______';

/** The appendices this kind adds by itself (before the typed ones): the list of pairs of an assignment. */
function generatedAppendices(input: OrderDocumentInput): { title: string; blocks: Block[] }[] {
  if (input.kind !== 'ASSIGN_PAIRS' || input.pairs.length === 0) return [];
  const people = (list: { fullName: string; position: string }[]) => list.map((p) => `${p.fullName} (${p.position})`).join('\n');
  return [
    {
      title: 'Список наставнических пар (групп)',
      blocks: [
        {
          kind: 'table',
          columns: [{ title: '№', width: 0.6 }, { title: 'Наставник', width: 3 }, { title: 'Наставляемый', width: 3 }, { title: 'Форма наставничества', width: 2.2 }, { title: 'Срок', width: 1.8 }],
          rows: input.pairs.map((p, i) => [
            `${i + 1}.`,
            people(p.mentors),
            people(p.mentees),
            MENTORING_FORM_LABELS[p.form],
            `${ruDate(p.startsOn)} –\n${ruDate(p.plannedEndOn)}`,
          ]),
        },
      ],
    },
  ];
}

/** A column as wide as its text needs (roughly): «№» narrow, long activities wide. */
function columnWeight(title: string, cells: string[]): number {
  if (title === '№') return 0.6;
  const average = cells.reduce((sum, c) => sum + c.length, title.length) / (cells.length + 1);
  return Math.min(6, Math.max(1, average / 20));
}

function appendixBody(text: string): Block[] {
  return parseAppendix(text).map((b): Block => {
    if (b.kind === 'heading') return { kind: 'heading', text: b.text };
    if (b.kind === 'paragraph') return { kind: 'paragraph', text: b.text, indent: !b.text.startsWith('–') };
    return { kind: 'table', columns: b.header.map((title, i) => ({ title, width: columnWeight(title, b.rows.map((r) => r[i] ?? '')) })), rows: b.rows };
  });
}

export function orderDocument(input: OrderDocumentInput): DocumentDescription {
  const date = input.approved && input.orderDate ? ruDate(input.orderDate) : undefined;
  const number = input.approved ? (input.numberText ?? undefined) : undefined;
  const ref = `к приказу от ${date ?? BLANK_DATE_SHORT} № ${number ?? BLANK_NUMBER}`;
  const body: Block[] = [];
  for (const paragraph of input.preamble.split(/\n+/).map((p) => p.trim()).filter(Boolean)) body.push({ kind: 'paragraph', text: paragraph });
  body.push({ kind: 'heading', text: 'ПРИКАЗЫВАЮ:', align: 'left' });
  body.push({ kind: 'points', items: input.points });
  body.push({
    kind: 'signatures',
    rows: [{ position: input.organization.headPosition || 'Заведующий', name: input.organization.headName ? initialsSurname(input.organization.headName) : '' }],
  });

  const appendices = [
    ...generatedAppendices(input),
    ...input.appendices.map((a) => ({ title: a.title, blocks: appendixBody(a.text) })),
  ];
  appendices.forEach((a, i) => {
    body.push({ kind: 'appendix', mark: [`Приложение ${i + 1}`, ref], heading: a.title });
    body.push(...a.blocks);
  });

  if (input.sheet.length) {
    body.push({ kind: 'pageBreak' });
    body.push({ kind: 'heading', text: 'ЛИСТ ОЗНАКОМЛЕНИЯ' });
    body.push({ kind: 'paragraph', text: `с приказом ${date ? `от ${date} ` : ''}№ ${number ?? BLANK_NUMBER} «${input.title}»`, align: 'center', indent: false });
    body.push({
      kind: 'table',
      columns: [{ title: '№', width: 0.6 }, { title: 'ФИО', width: 4 }, { title: 'Должность', width: 3 }, { title: 'Дата', width: 1.8 }, { title: 'Подпись', width: 2 }],
      rows: input.sheet.map((p, i) => [`${i + 1}.`, p.fullName, p.position, p.acknowledgedOn ? ruDate(p.acknowledgedOn) : '', p.acknowledgedOn ? 'ознакомлен(а) в портале' : '']),
    });
  }

  return {
    fileTitle: number ? `Приказ № ${number}` : `Проект приказа`,
    organization: [input.organization.fullName],
    approval: input.approved ? undefined : ['ПРОЕКТ'],
    title: 'Приказ',
    dateNumber: { date, number, place: placeOf(input.organization.address) },
    heading: input.title,
    body,
  };
}
