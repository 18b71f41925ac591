/**
 * A person as the portal names them: the full name, the short forms documents and lists use, the name in a
 * grammatical case, positions and qualification categories of a kindergarten's teaching staff. Pure.
 */
import petrovich from 'petrovich';
import type { QualificationCategory } from '../generated/prisma/enums.ts';

export interface PersonName {
  lastName: string;
  firstName: string;
  middleName: string;
}

/** «Иванова Мария Петровна»; a missing patronymic leaves no gap. */
export function fullNameOf(person: PersonName): string {
  return [person.lastName, person.firstName, person.middleName].filter(Boolean).join(' ');
}

/** The particles of Turkic patronymics («Гусейн оглы»): part of the patronymic, never an initial. */
const PATRONYMIC_PARTICLES = new Set(['оглы', 'кызы', 'улы', 'уулу', 'гызы']);

/**
 * «Свиридова Наталья Геннадьевна» → «Н.Г. Свиридова» (ГОСТ Р 7.0.97: initials before the surname in a
 * signature). Works without a patronymic («Н. Свиридова»), with double names («Анна-Мария» → «А.-М.»)
 * and Turkic patronymics («Мамедов Али Гусейн оглы» → «А.Г. Мамедов»).
 */
export function initialsSurname(fullName: string): string {
  const parts = fullName.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '';
  const [surname, ...names] = parts as [string, ...string[]];
  const initials = names
    .filter((n) => !PATRONYMIC_PARTICLES.has(n.toLowerCase()))
    .slice(0, 2)
    .map((n) =>
      n
        .split('-')
        .filter(Boolean)
        .map((piece) => `${piece[0]!.toUpperCase()}.`)
        .join('-'),
    )
    .join('');
  return initials ? `${initials} ${surname}` : surname;
}

/** «Крылова Наталья Викторовна» → «Крылова Н.В.»: how lists, messages and records name a person. */
export function surnameInitials(fullName: string): string {
  const [surname = '', ...names] = fullName.trim().split(/\s+/).filter(Boolean);
  const initials = names
    .filter((n) => !PATRONYMIC_PARTICLES.has(n.toLowerCase()))
    .slice(0, 2)
    .map((n) => `${n[0]!.toUpperCase()}.`)
    .join('');
  return initials ? `${surname} ${initials}` : surname;
}

const ONE_WORD = /^\S+$/;
const LONGEST_PARTICLE = Math.max(...[...PATRONYMIC_PARTICLES].map((p) => p.length));
const isPlainName = (word: string) => ONE_WORD.test(word) && !(word.length <= LONGEST_PARTICLE && PATRONYMIC_PARTICLES.has(word.toLowerCase()));

/** «Иванова М.П.» of a person's parts. */
export function shortNameOf(person: PersonName): string {
  const { lastName, firstName, middleName } = person;
  // The usual name — one word each, no particle — straight from its parts (what surnameInitials of the full name
  // gives, without its arrays: lists name a person or two a row, 1.2 µs each that way).
  if (lastName && ONE_WORD.test(lastName) && firstName && isPlainName(firstName) && (!middleName || isPlainName(middleName))) {
    return `${lastName} ${firstName[0]!.toUpperCase()}.${middleName ? `${middleName[0]!.toUpperCase()}.` : ''}`;
  }
  return surnameInitials(fullNameOf(person));
}

// ---- declension -----------------------------------------------------------------------------------

export type NameCase = 'nominative' | 'genitive' | 'dative' | 'accusative' | 'instrumental' | 'prepositional';
export type Gender = 'male' | 'female' | 'androgynous';

const TURKIC_MALE = /\s(оглы|улы|уулу)$/i;
const TURKIC_FEMALE = /\s(кызы|гызы)$/i;

/** The gender a patronymic tells («Николаевна» → female, «Гусейн оглы» → male); androgynous without one. */
export function genderOfPatronymic(middleName: string): Gender {
  const middle = middleName.trim();
  if (!middle) return 'androgynous';
  if (TURKIC_MALE.test(` ${middle}`)) return 'male';
  if (TURKIC_FEMALE.test(` ${middle}`)) return 'female';
  return petrovich.detect_gender(middle);
}

/** «Фамилия Имя Отчество» split in three; a patronymic of two words («Гусейн оглы») stays whole. */
export function nameParts(fullName: string): PersonName {
  const [lastName = '', firstName = '', ...rest] = fullName.trim().split(/\s+/).filter(Boolean);
  return { lastName, firstName, middleName: rest.join(' ') };
}

/**
 * The one declension of the portal: the full name in the case a sentence needs (petrovich does the
 * endings, the gender comes from the patronymic). Without a patronymic — or with one whose gender is
 * unknown — a wrong ending is worse than none: the name is left as written. A Turkic patronymic
 * («Гусейн оглы») is kept unchanged while the surname and the first name are declined.
 */
export function declineFullName(fullName: string, gcase: NameCase): string {
  const { lastName: last, firstName: first, middleName: middle } = nameParts(fullName);
  if (!middle || gcase === 'nominative') return [last, first, middle].filter(Boolean).join(' ');
  const gender = genderOfPatronymic(middle);
  if (gender === 'androgynous') return [last, first, middle].join(' ');
  const turkic = TURKIC_MALE.test(` ${middle}`) || TURKIC_FEMALE.test(` ${middle}`);
  const declined = petrovich(turkic ? { gender, last, first } : { gender, last, first, middle }, gcase);
  return [declined.last, declined.first, turkic ? middle : (declined as { middle?: string }).middle ?? middle].join(' ');
}

/** declineFullName for a person given in parts («Ивановой Марии Петровны»). */
export function declineName(person: PersonName, gcase: NameCase): string {
  return declineFullName(fullNameOf(person), gcase);
}

/** «Кузнецова Ольга Ильинична» → «Кузнецову О.И.»: the short form «Фамилия И.О.» with the surname in the case. */
export function declineShortName(fullName: string, gcase: NameCase): string {
  const declinedSurname = declineFullName(fullName, gcase).split(' ')[0] ?? '';
  const short = surnameInitials(fullName);
  const surname = nameParts(fullName).lastName;
  return surname ? declinedSurname + short.slice(surname.length) : short;
}

// ---- positions in a case ----------------------------------------------------------------------

type ObliqueCase = Exclude<NameCase, 'nominative'>;
type CaseForms = Record<ObliqueCase, string>;

/**
 * The teaching positions (POSITIONS below) in every case, written out: a position is said of a person, so
 * its accusative is the genitive («назначить наставником воспитателя Кузнецову О.И.»), and office language
 * keeps the masculine form whoever holds it («старшего воспитателя Ивановой М.П.»).
 */
const POSITION_FORMS: Record<string, CaseForms> = {
  заведующий: { genitive: 'заведующего', dative: 'заведующему', accusative: 'заведующего', instrumental: 'заведующим', prepositional: 'заведующем' },
  'старший воспитатель': { genitive: 'старшего воспитателя', dative: 'старшему воспитателю', accusative: 'старшего воспитателя', instrumental: 'старшим воспитателем', prepositional: 'старшем воспитателе' },
  воспитатель: { genitive: 'воспитателя', dative: 'воспитателю', accusative: 'воспитателя', instrumental: 'воспитателем', prepositional: 'воспитателе' },
  'младший воспитатель': { genitive: 'младшего воспитателя', dative: 'младшему воспитателю', accusative: 'младшего воспитателя', instrumental: 'младшим воспитателем', prepositional: 'младшем воспитателе' },
  'музыкальный руководитель': { genitive: 'музыкального руководителя', dative: 'музыкальному руководителю', accusative: 'музыкального руководителя', instrumental: 'музыкальным руководителем', prepositional: 'музыкальном руководителе' },
  'инструктор по физической культуре': {
    genitive: 'инструктора по физической культуре',
    dative: 'инструктору по физической культуре',
    accusative: 'инструктора по физической культуре',
    instrumental: 'инструктором по физической культуре',
    prepositional: 'инструкторе по физической культуре',
  },
  'учитель-логопед': { genitive: 'учителя-логопеда', dative: 'учителю-логопеду', accusative: 'учителя-логопеда', instrumental: 'учителем-логопедом', prepositional: 'учителе-логопеде' },
  'учитель-дефектолог': { genitive: 'учителя-дефектолога', dative: 'учителю-дефектологу', accusative: 'учителя-дефектолога', instrumental: 'учителем-дефектологом', prepositional: 'учителе-дефектологе' },
  'педагог-психолог': { genitive: 'педагога-психолога', dative: 'педагогу-психологу', accusative: 'педагога-психолога', instrumental: 'педагогом-психологом', prepositional: 'педагоге-психологе' },
  'педагог дополнительного образования': {
    genitive: 'педагога дополнительного образования',
    dative: 'педагогу дополнительного образования',
    accusative: 'педагога дополнительного образования',
    instrumental: 'педагогом дополнительного образования',
    prepositional: 'педагоге дополнительного образования',
  },
  'социальный педагог': { genitive: 'социального педагога', dative: 'социальному педагогу', accusative: 'социального педагога', instrumental: 'социальным педагогом', prepositional: 'социальном педагоге' },
  тьютор: { genitive: 'тьютора', dative: 'тьютору', accusative: 'тьютора', instrumental: 'тьютором', prepositional: 'тьюторе' },
  методист: { genitive: 'методиста', dative: 'методисту', accusative: 'методиста', instrumental: 'методистом', prepositional: 'методисте' },
};

type WordRule = { word: RegExp; forms: (stem: string) => CaseForms };

/** Masculine adjectives and participles («старший», «музыкальный», «заведующий»), animate: accusative = genitive. */
const POSITION_ADJECTIVE: WordRule[] = [
  { word: /^(.+[жшчщ])ий$/, forms: (s) => ({ genitive: `${s}его`, dative: `${s}ему`, accusative: `${s}его`, instrumental: `${s}им`, prepositional: `${s}ем` }) },
  { word: /^(.+[кгх])ий$/, forms: (s) => ({ genitive: `${s}ого`, dative: `${s}ому`, accusative: `${s}ого`, instrumental: `${s}им`, prepositional: `${s}ом` }) },
  { word: /^(.+н)ий$/, forms: (s) => ({ genitive: `${s}его`, dative: `${s}ему`, accusative: `${s}его`, instrumental: `${s}им`, prepositional: `${s}ем` }) },
  { word: /^(.+)[ыо]й$/, forms: (s) => ({ genitive: `${s}ого`, dative: `${s}ому`, accusative: `${s}ого`, instrumental: `${s}ым`, prepositional: `${s}ом` }) },
];

/** Nouns naming a person's post («педагог», «учитель», «инструктор», «логопед»), animate. */
const POSITION_NOUN: WordRule[] = [
  { word: /^(.+)ь$/, forms: (s) => ({ genitive: `${s}я`, dative: `${s}ю`, accusative: `${s}я`, instrumental: `${s}ем`, prepositional: `${s}е` }) },
  { word: /^(.+[жшчщц])$/, forms: (s) => ({ genitive: `${s}а`, dative: `${s}у`, accusative: `${s}а`, instrumental: `${s}ем`, prepositional: `${s}е` }) },
  { word: /^(.+[бвгдзклмнпрстфх])$/, forms: (s) => ({ genitive: `${s}а`, dative: `${s}у`, accusative: `${s}а`, instrumental: `${s}ом`, prepositional: `${s}е` }) },
];

const PARTICIPLE = /(ущий|ющий|ащий|ящий)$/;
const LOWER_WORD = /^[а-яё]+$/;

function declinedBy(word: string, gcase: ObliqueCase, rules: WordRule[]): string | undefined {
  for (const rule of rules) {
    const match = rule.word.exec(word);
    if (match) return rule.forms(match[1]!)[gcase];
  }
  return undefined;
}

/** A noun of the head, hyphenated compounds part by part («учитель-логопед» → «учителя-логопеда»). */
function declinedNoun(word: string, gcase: ObliqueCase): string | undefined {
  const parts = word.split('-');
  if (!parts.every((part) => LOWER_WORD.test(part))) return undefined;
  const declined = parts.map((part) => declinedBy(part, gcase, POSITION_NOUN));
  return declined.every(Boolean) ? declined.join('-') : undefined;
}

/**
 * A position in the case a sentence needs: «воспитатель» → «воспитателя» (назначить наставником кого?),
 * «старший воспитатель» → «старшим воспитателем», «учитель-логопед» → «учителю-логопеду». The known
 * positions come from the dictionary; any other is read as «adjectives + head noun + the rest»: the
 * leading adjectives and the head noun change (a hyphenated head — each part), the rest is kept
 * («педагог-организатор по труду» → «педагога-организатора по труду»). A participle is a head itself
 * («заведующий хозяйством» → «заведующего хозяйством»). A position these rules do not understand
 * (an abbreviation, a Latin word, a head noun of another declension) gives undefined: the caller then
 * writes it in the nominative in brackets — a wrong ending is worse than none.
 */
export function declinePosition(position: string, gcase: NameCase): string | undefined {
  const trimmed = position.trim().replace(/\s+/g, ' ');
  if (!trimmed) return undefined;
  // «Воспитатель» as typed in a card: a capital only because it starts the field (not «МБДОУ»).
  const text = /^[А-ЯЁ][а-яё]/.test(trimmed) ? trimmed[0]!.toLowerCase() + trimmed.slice(1) : trimmed;
  if (gcase === 'nominative') return text;
  const known = POSITION_FORMS[text];
  if (known) return known[gcase];
  const words = text.split(' ');
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (!/^[а-яё]+(?:-[а-яё]+)*$/.test(word)) return undefined;
    const adjective = declinedBy(word, gcase, POSITION_ADJECTIVE);
    if (adjective && (PARTICIPLE.test(word) || i === words.length - 1)) return [...out, adjective, ...words.slice(i + 1)].join(' ');
    if (adjective) {
      out.push(adjective);
      continue;
    }
    const noun = declinedNoun(word, gcase);
    return noun ? [...out, noun, ...words.slice(i + 1)].join(' ') : undefined;
  }
  return undefined;
}

/** A position in the genitive («в лице заведующего»); as written when it cannot be declined. */
export function positionGenitive(position: string): string {
  return declinePosition(position, 'genitive') ?? position.trim();
}

// ---- positions and categories ------------------------------------------------------------------

/** Teaching positions of a kindergarten (номенклатура должностей педагогических работников). */
export const POSITIONS = [
  'заведующий',
  'старший воспитатель',
  'воспитатель',
  'младший воспитатель',
  'музыкальный руководитель',
  'инструктор по физической культуре',
  'учитель-логопед',
  'учитель-дефектолог',
  'педагог-психолог',
  'педагог дополнительного образования',
  'социальный педагог',
  'тьютор',
  'методист',
] as const;

export type Position = (typeof POSITIONS)[number];

export const QUALIFICATION_LABELS: Record<QualificationCategory, string> = {
  NONE: 'без категории',
  CORRESPONDENCE: 'соответствие занимаемой должности',
  FIRST: 'первая',
  HIGHEST: 'высшая',
  METHODIST: 'педагог-методист',
  MENTOR: 'педагог-наставник',
};
