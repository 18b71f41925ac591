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

/** «Иванова М.П.» of a person's parts. */
export function shortNameOf(person: PersonName): string {
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

/** A position in the genitive («в лице заведующего»): enough for the positions a kindergarten head holds. */
export function positionGenitive(position: string): string {
  return position
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .map((word, i) => {
      if (i > 0 && !/(ий|ый|ой)$/.test(word)) return word;
      if (/[жшчщ]ий$/.test(word)) return word.replace(/ий$/, 'его');
      if (/ий$/.test(word)) return word.replace(/ий$/, 'его');
      if (/(ый|ой)$/.test(word)) return word.replace(/(ый|ой)$/, 'ого');
      if (/[бвгдзклмнпрстфхцчшщж]$/.test(word)) return `${word}а`;
      return word;
    })
    .join(' ');
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
