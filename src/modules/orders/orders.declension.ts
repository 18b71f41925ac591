/**
 * Russian full names by grammatical case, for the sentences of an order («закрепить за наставником
 * Кузнецовой Ольгой Николаевной … наставляемую Соколову Анастасию Игоревну»). Pure; petrovich does the
 * endings, the gender comes from the patronymic.
 */
import petrovich from 'petrovich';

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
export function nameParts(fullName: string): { last: string; first: string; middle: string } {
  const [last = '', first = '', ...rest] = fullName.trim().split(/\s+/).filter(Boolean);
  return { last, first, middle: rest.join(' ') };
}

/**
 * The full name in the case a sentence needs. Without a patronymic the gender is unknown and a wrong
 * ending is worse than none: the name is left as written. A Turkic patronymic («Гусейн оглы») is kept
 * unchanged while the surname and the first name are declined.
 */
export function declineFullName(fullName: string, gcase: NameCase): string {
  const { last, first, middle } = nameParts(fullName);
  if (!middle || gcase === 'nominative') return [last, first, middle].filter(Boolean).join(' ');
  const gender = genderOfPatronymic(middle);
  if (gender === 'androgynous') return [last, first, middle].join(' ');
  const turkic = TURKIC_MALE.test(` ${middle}`) || TURKIC_FEMALE.test(` ${middle}`);
  const declined = petrovich(turkic ? { gender, last, first } : { gender, last, first, middle }, gcase);
  return [declined.last, declined.first, turkic ? middle : (declined as { middle?: string }).middle ?? middle].join(' ');
}

/** «наставляемого» / «наставляемую» — the participle agrees with the person's gender (accusative). */
export function menteeWordAccusative(fullName: string): string {
  return genderOfPatronymic(nameParts(fullName).middle) === 'female' ? 'наставляемую' : 'наставляемого';
}

/** «наставляемого» / «наставляемой» (genitive). */
export function menteeWordGenitive(fullName: string): string {
  return genderOfPatronymic(nameParts(fullName).middle) === 'female' ? 'наставляемой' : 'наставляемого';
}
