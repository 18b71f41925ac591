/**
 * Russian office typesetting, applied in one place to the text of every document (both renderers take
 * their text through runsOf() / cleanText() in document.ts), so the PDF and the DOCX say the same thing:
 *
 * - what must stay on one line is joined: «№ 5», «30.11.2026 г.», «5 000 руб.», «Н.Г. Свиридова» and
 *   «Свиридова Н.Г.», «ст. 351.8», «г. Калуга», a dash never starts a line (no-break space before «—»);
 * - a hyphenated word («учитель-логопед», «Павловой-Смирновой», «психолого-педагогическую», «152-ФЗ») never
 *   splits: its hyphen becomes the non-breaking hyphen U+2011 (the PDF font draws it as a hyphen, the DOCX
 *   gets Word's <w:noBreakHyphen/>); a number range «3–4» never splits after its dash (a word joiner U+2060
 *   follows the dash; the PDF layout drops it, the DOCX keeps it and Word and LibreOffice honour it);
 * - justified text is hyphenated by the Russian patterns of the `hyphen` package (TeX's patterns): a soft
 *   hyphen U+00AD where a long word may break. Capitalised words (names of people and organizations) are
 *   not hyphenated, as office style asks.
 *
 * Only for rendering: stored texts (and their hashes) are never changed.
 */
import { createRequire } from 'node:module';

export const NBSP = '\u00A0';
export const NON_BREAKING_HYPHEN = '\u2011';
export const SOFT_HYPHEN = '\u00AD';
export const WORD_JOINER = '\u2060';

const LETTER = 'А-Яа-яЁёA-Za-z';
const CYRILLIC = 'А-Яа-яЁё';

/** Abbreviations that precede a number or a name and must not end a line: «ст. 9», «г. Калуга», «п. 1.1». */
const ABBREVIATIONS = ['г', 'гг', 'ул', 'д', 'ст', 'ч', 'п', 'пп', 'подп', 'абз', 'гл', 'разд', 'им', 'т', 'прил', 'стр', 'кв', 'пр', 'пер', 'корп', 'обл', 'р-н'];

const RULES: [RegExp, string][] = [
  // «№ 5», «№ 152-ФЗ».
  [/№ (?=\S)/g, `№${NBSP}`],
  // «152-ФЗ», «12-од», «АЗ-1128»: a hyphen between a digit and a letter.
  [new RegExp(`(\\d)-(?=[${LETTER}])`, 'g'), `$1${NON_BREAKING_HYPHEN}`],
  [new RegExp(`([${CYRILLIC}])-(?=\\d)`, 'g'), `$1${NON_BREAKING_HYPHEN}`],
  // «учитель-логопед», «Павловой-Смирновой», «психолого-педагогическую», «из-за».
  [new RegExp(`([${CYRILLIC}])-(?=[${CYRILLIC}])`, 'g'), `$1${NON_BREAKING_HYPHEN}`],
  // «3–4 лет», «2025–2026»: no break after the dash of a number range.
  [/(\d)([–—])(?=\d)/g, `$1$2${WORD_JOINER}`],
  // «М.П. Иванова», «Н. Свиридова».
  [new RegExp(`((?:^|[\\s(«${NBSP}])[А-ЯЁ]\\.(?:[А-ЯЁ]\\.)?) (?=[А-ЯЁ][а-яё])`, 'g'), `$1${NBSP}`],
  // «Иванова М.П.», «Павловой-Смирновой Е.С.».
  [new RegExp(`([А-ЯЁ][а-яё]+(?:${NON_BREAKING_HYPHEN}[А-ЯЁ][а-яё]+)?) (?=[А-ЯЁ]\\.(?:[А-ЯЁ]\\.)?(?:$|[\\s,;:.)»]))`, 'g'), `$1${NBSP}`],
  // «ст. 351.8», «г. Калуга», «п. 1.1».
  [new RegExp(`((?:^|[\\s(«${NBSP}])(?:${ABBREVIATIONS.join('|')})\\.) (?=[\\dА-ЯЁа-яё])`, 'g'), `$1${NBSP}`],
  // «30.11.2026 г.», «2026 г.», «5 000 руб.», «3 коп.».
  [/(\d) (?=(?:гг?|руб|коп|тыс|млн)\.)/g, `$1${NBSP}`],
  // «5 000», «1 000 000»: digit groups.
  [/(\d) (?=\d{3}(?!\d))/g, `$1${NBSP}`],
  // A dash never starts a line: «Положение — документ».
  [/(\S) (?=[—–] )/g, `$1${NBSP}`],
];

export function typeset(text: string): string {
  let out = text;
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out;
}

// ---- hyphenation -------------------------------------------------------------------------------------

const require = createRequire(import.meta.url);
let russian: ((text: string, options?: { hyphenChar?: string; minWordLength?: number }) => string) | undefined;

function hyphenator() {
  russian ??= (require('hyphen/ru') as { hyphenateSync: NonNullable<typeof russian> }).hyphenateSync;
  return russian;
}

/**
 * A lowercase Cyrillic word of at least seven letters standing alone (not part of a compound, an
 * address, a URL or an e-mail): only such words get soft hyphens.
 */
const LONG_WORD = new RegExp(`(?<![${LETTER}\\d${NON_BREAKING_HYPHEN}\\-@./_])[а-яё]{7,}(?![${LETTER}\\d${NON_BREAKING_HYPHEN}\\-@/_])`, 'g');

/** Soft hyphens where a long word may break (justified text only; see the module comment). */
export function hyphenate(text: string): string {
  const hyphenateWord = hyphenator();
  return text.replace(LONG_WORD, (word) => hyphenateWord(word, { hyphenChar: SOFT_HYPHEN }));
}

/** The text as a reader (or a text extractor) sees it: no soft hyphens or joiners, plain spaces and hyphens. */
export function plainText(text: string): string {
  return text.replaceAll(SOFT_HYPHEN, '').replaceAll(WORD_JOINER, '').replaceAll(NON_BREAKING_HYPHEN, '-').replaceAll(NBSP, ' ');
}
