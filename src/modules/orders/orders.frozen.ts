/**
 * The order as printed («печатный вид»): everything the page, the PDF and the DOCX show of an order's text —
 * the organization's header, the date and number line, title, preamble, points, the list of pairs, the
 * appendices, the people of the acknowledgment sheet and the signer. A draft's printed order is made from
 * today's rows every time it is shown; at approval it is frozen into `Order.frozen` (with `frozenSha256`,
 * see core/canonical.ts) and from then on an approved order is shown ONLY from it: renaming a staff member,
 * changing a position or the organization's name never changes a signed document.
 *
 * What is not frozen: the acknowledgment dates. They are facts that come after the signature (a person
 * reads the order a week later), so they are read live from OrderAcknowledgment and merged by staff card.
 */
import { z } from 'zod';
import { canonicalSha256 } from '../../core/canonical.ts';
import { ruDate } from '../../domain/dates.ts';
import { MENTORING_FORM_LABELS } from '../../domain/mentoring.ts';
import { initialsSurname } from '../../domain/people.ts';
import type { MentoringForm, OrderKind } from '../../generated/prisma/enums.ts';
import type { Appendix, PersonForTexts } from './orders.templates.ts';

/** «г. Калуга» out of the address, for the place line under the date and number. */
export function placeOf(address: string): string | undefined {
  return /(?:^|[\s,])(г\.\s*[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё]+)*)/.exec(address)?.[1]?.replace(/^г\.\s*/, 'г. ');
}

const Person = z.object({ fullName: z.string(), position: z.string() });

const PrintedPair = z.object({
  /** Not printed: the page links the pair's card with it. */
  pairId: z.number().int(),
  mentors: z.array(Person),
  mentees: z.array(Person),
  /** The form of mentoring as printed («традиционная («один на один»)»). */
  form: z.string(),
  /** The term as printed: «01.09.2026», «31.05.2027». */
  startsOn: z.string(),
  plannedEndOn: z.string(),
});

const SheetPerson = z.object({
  /** Not printed: the live acknowledgment row of this person is found by it. */
  staffMemberId: z.number().int(),
  fullName: z.string(),
  position: z.string(),
  /** At approval the person had an active account that acknowledges in the portal; otherwise: a paper signature. */
  hasAccount: z.boolean(),
});

const PrintedOrderShape = z.object({
  /** The organization's header, line by line (centered on top). */
  organization: z.array(z.string()),
  /** The date and number line: the date «01.09.2026» and the number «12-од» (null: blanks of a draft), the place. */
  dateNumber: z.object({ date: z.string().nullable(), number: z.string().nullable(), place: z.string().nullable() }),
  title: z.string(),
  /** Констатирующая часть, paragraph by paragraph. */
  preamble: z.array(z.string()),
  points: z.array(z.string()),
  /** The title of the generated appendix 1 listing the pairs (an assignment), or null. */
  pairsAppendix: z.string().nullable(),
  /** The pairs (groups) the order names, as their table prints them. */
  pairs: z.array(PrintedPair),
  appendices: z.array(z.object({ title: z.string(), text: z.string() })),
  /** The people of the acknowledgment sheet (without dates: those are live). */
  sheet: z.array(SheetPerson),
  /** Who signs: «Заведующий», «Н.Г. Свиридова». */
  signer: z.object({ position: z.string(), name: z.string() }),
});

export type PrintedOrder = z.infer<typeof PrintedOrderShape>;
export type PrintedPair = z.infer<typeof PrintedPair>;
export type SheetPerson = z.infer<typeof SheetPerson>;

/** `Order.frozen`: the printed order of an approved order, with when and how it was frozen. */
const FrozenOrderShape = PrintedOrderShape.extend({
  /** The shape's version: a later shape reads the old ones as they are. */
  version: z.literal(1),
  /** When the content was frozen (ISO 8601, UTC). */
  frozenAt: z.string(),
  /**
   * Empty when frozen at approval. Orders approved before freezing existed were frozen later, at start-up,
   * from that day's rows: the note says so (shown on the order's page).
   */
  note: z.string(),
});

export type FrozenOrder = z.infer<typeof FrozenOrderShape>;

/** The stored content read back; a row that does not hold a frozen order of a known shape is a fault, not a draft. */
export function readFrozen(json: unknown): FrozenOrder {
  const parsed = FrozenOrderShape.safeParse(json);
  if (!parsed.success) throw new Error(`Order.frozen does not hold a frozen order: ${parsed.error.message}`);
  return parsed.data;
}

/** `Order.frozenSha256`: SHA-256 of the canonical serialisation of exactly what is stored in `Order.frozen`. */
export function frozenSha256(frozen: FrozenOrder): string {
  return canonicalSha256(frozen);
}

export interface PrintedOrderSource {
  kind: OrderKind;
  title: string;
  preamble: string;
  points: string[];
  appendices: Appendix[];
  /** Null for a draft: its date and number are printed as blanks. */
  numberText: string | null;
  /** 'YYYY-MM-DD' or null. */
  orderDate: string | null;
  pairs: { id: number; form: MentoringForm; startsOn: string; plannedEndOn: string; mentors: PersonForTexts[]; mentees: PersonForTexts[] }[];
  organization: { fullName: string; address: string; headName: string; headPosition: string };
  sheet: SheetPerson[];
}

/** The title of appendix 1 of an assignment: the list of its pairs, made from them (point 1 cites it). */
export const PAIRS_APPENDIX_TITLE = 'Список наставнических пар (групп)';

const normalized = (text: string) => text.toLowerCase().replace(/ё/g, 'е').replace(/[^а-яa-z0-9]+/g, ' ').trim();

/**
 * Whether a typed appendix repeats the list of pairs that appendix 1 already prints (the methodist copied it
 * in by hand): its title is that title, or a «список / состав / перечень … пар» naming every member of every
 * pair. Such a copy would give the order two identical appendices, so saving it is refused.
 */
export function repeatsPairsList(appendix: { title: string; text: string }, pairs: { mentors: { fullName: string }[]; mentees: { fullName: string }[] }[]): boolean {
  const title = normalized(appendix.title);
  if (title === normalized(PAIRS_APPENDIX_TITLE)) return true;
  if (pairs.length === 0 || !/(спис|состав|переч)/.test(title) || !/(^| )пар/.test(title)) return false;
  const text = normalized(appendix.text);
  return pairs.every((p) => [...p.mentors, ...p.mentees].every((person) => text.includes(normalized(person.fullName.split(/\s+/)[0] ?? ''))));
}

/** The printed order of today's rows (pure): what a draft shows and what approval freezes. */
export function printedOrder(source: PrintedOrderSource): PrintedOrder {
  return {
    organization: [source.organization.fullName],
    dateNumber: {
      date: source.numberText && source.orderDate ? ruDate(source.orderDate) : null,
      number: source.numberText && source.orderDate ? source.numberText : null,
      place: placeOf(source.organization.address) ?? null,
    },
    title: source.title,
    preamble: source.preamble.split(/\n+/).map((p) => p.trim()).filter(Boolean),
    points: [...source.points],
    pairsAppendix: source.kind === 'ASSIGN_PAIRS' && source.pairs.length > 0 ? PAIRS_APPENDIX_TITLE : null,
    pairs: source.pairs.map((p) => ({
      pairId: p.id,
      mentors: p.mentors.map(({ fullName, position }) => ({ fullName, position })),
      mentees: p.mentees.map(({ fullName, position }) => ({ fullName, position })),
      form: MENTORING_FORM_LABELS[p.form],
      startsOn: ruDate(p.startsOn),
      plannedEndOn: ruDate(p.plannedEndOn),
    })),
    appendices: source.appendices.map(({ title, text }) => ({ title, text })),
    sheet: source.sheet.map(({ staffMemberId, fullName, position, hasAccount }) => ({ staffMemberId, fullName, position, hasAccount })),
    signer: {
      position: source.organization.headPosition || 'Заведующий',
      name: source.organization.headName ? initialsSurname(source.organization.headName) : '',
    },
  };
}

/** The frozen content of an approved order; `note` is empty at approval. */
export function freeze(printed: PrintedOrder, frozenAt: Date, note = ''): FrozenOrder {
  // Parsed once more: what is stored is exactly the known shape, in the known key order, nothing extra.
  return FrozenOrderShape.parse({ version: 1, ...printed, frozenAt: frozenAt.toISOString(), note });
}
