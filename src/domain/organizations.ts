/**
 * An organization as documents name it: its full name in the case a sentence needs («оператору —
 * Муниципальному … учреждению», «Положение … Муниципального … учреждения»), and the checks of its
 * state registration numbers (ИНН, ОГРН). Pure.
 */
import type { NameCase } from './people.ts';

// ---- the full name in a case ----------------------------------------------------------------------

/**
 * Adjective endings of the nominative and their forms by case. A name of a Russian organization is
 * «adjectives + head noun + the rest»: «Муниципальное бюджетное дошкольное образовательное учреждение
 * № 50 «Алёнушка» города Калуги». Only the adjectives and the head noun change with the case; the
 * number, the quoted name and a genitive complement («города Калуги») stay as written.
 */
type Endings = Record<Exclude<NameCase, 'nominative'>, string>;

/** A nominative ending (the stem is the first group, whatever precedes the ending) and the forms by case. */
type Rule = { word: RegExp; forms: (stem: string) => Endings };

const ADJECTIVE: Rule[] = [
  // Neuter: «бюджетное»; a hushing or soft stem takes «-его» («общее», «среднее»).
  { word: /^(.+)ее$/, forms: (s) => ({ genitive: `${s}его`, dative: `${s}ему`, accusative: `${s}ее`, instrumental: `${s}им`, prepositional: `${s}ем` }) },
  { word: /^(.+)ое$/, forms: (s) => ({ genitive: `${s}ого`, dative: `${s}ому`, accusative: `${s}ое`, instrumental: `${s}ым`, prepositional: `${s}ом` }) },
  // Feminine: «автономная»; «общая» (hushing stem) and «средняя» (soft stem) take «-ей».
  { word: /^(.+[жшчщ])ая$/, forms: (s) => ({ genitive: `${s}ей`, dative: `${s}ей`, accusative: `${s}ую`, instrumental: `${s}ей`, prepositional: `${s}ей` }) },
  { word: /^(.+)яя$/, forms: (s) => ({ genitive: `${s}ей`, dative: `${s}ей`, accusative: `${s}юю`, instrumental: `${s}ей`, prepositional: `${s}ей` }) },
  { word: /^(.+)ая$/, forms: (s) => ({ genitive: `${s}ой`, dative: `${s}ой`, accusative: `${s}ую`, instrumental: `${s}ой`, prepositional: `${s}ой` }) },
  // Masculine (an organization is inanimate: accusative = nominative): «детский», «средний», «городской», «научный».
  { word: /^(.+[кгхжшчщ])ий$/, forms: (s) => ({ genitive: `${s}ого`, dative: `${s}ому`, accusative: `${s}ий`, instrumental: `${s}им`, prepositional: `${s}ом` }) },
  { word: /^(.+)ий$/, forms: (s) => ({ genitive: `${s}его`, dative: `${s}ему`, accusative: `${s}ий`, instrumental: `${s}им`, prepositional: `${s}ем` }) },
  { word: /^(.+)ый$/, forms: (s) => ({ genitive: `${s}ого`, dative: `${s}ому`, accusative: `${s}ый`, instrumental: `${s}ым`, prepositional: `${s}ом` }) },
  { word: /^(.+)ой$/, forms: (s) => ({ genitive: `${s}ого`, dative: `${s}ому`, accusative: `${s}ой`, instrumental: `${s}ым`, prepositional: `${s}ом` }) },
];

/** Head nouns of the names of educational organizations and of the bodies that run them. */
const NOUN: Rule[] = [
  // «учреждение», «управление», «объединение».
  { word: /^(.+)ие$/, forms: (s) => ({ genitive: `${s}ия`, dative: `${s}ию`, accusative: `${s}ие`, instrumental: `${s}ием`, prepositional: `${s}ии` }) },
  // «организация», «гимназия», «академия».
  { word: /^(.+)ия$/, forms: (s) => ({ genitive: `${s}ии`, dative: `${s}ии`, accusative: `${s}ию`, instrumental: `${s}ией`, prepositional: `${s}ии` }) },
  // «школа»; after к, г, х, ж, ш, ч, щ the genitive takes «-и» («библиотека» → «библиотеки»).
  { word: /^(.+[кгхжшчщ])а$/, forms: (s) => ({ genitive: `${s}и`, dative: `${s}е`, accusative: `${s}у`, instrumental: `${s}ой`, prepositional: `${s}е` }) },
  { word: /^(.+)а$/, forms: (s) => ({ genitive: `${s}ы`, dative: `${s}е`, accusative: `${s}у`, instrumental: `${s}ой`, prepositional: `${s}е` }) },
  // «лицей».
  { word: /^(.+е)й$/, forms: (s) => ({ genitive: `${s}я`, dative: `${s}ю`, accusative: `${s}й`, instrumental: `${s}ем`, prepositional: `${s}е` }) },
  // «колледж» (a hushing consonant takes «-ем»), «сад», «центр», «комитет», «отдел», «департамент», «комплекс».
  { word: /^(.+[жшчщц])$/, forms: (s) => ({ genitive: `${s}а`, dative: `${s}у`, accusative: s, instrumental: `${s}ем`, prepositional: `${s}е` }) },
  { word: /^(.+[бвгдзклмнпрстфх])$/, forms: (s) => ({ genitive: `${s}а`, dative: `${s}у`, accusative: s, instrumental: `${s}ом`, prepositional: `${s}е` }) },
];

/** The word in the case (its capital letters kept, they are in the stem); undefined when no rule fits. */
function declineWord(word: string, gcase: Exclude<NameCase, 'nominative'>, rules: Rule[]): string | undefined {
  for (const rule of rules) {
    const match = rule.word.exec(word);
    if (match) return rule.forms(match[1]!)[gcase];
  }
  return undefined;
}

const CYRILLIC_WORD = /^[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*$/;

/**
 * «Муниципальное бюджетное дошкольное образовательное учреждение № 50 «Алёнушка» города Калуги» in the
 * genitive: «Муниципального бюджетного дошкольного образовательного учреждения № 50 «Алёнушка» города
 * Калуги». The leading adjectives and the head noun are declined; everything after the head noun is kept.
 * A name this rule does not understand (it starts with an abbreviation or a quote, or has no head noun
 * among the first words) is returned unchanged — the settings keep a hand-written form for such names.
 */
export function organizationNameIn(fullName: string, gcase: NameCase): string {
  const name = fullName.trim().replace(/\s+/g, ' ');
  if (gcase === 'nominative' || !name) return name;
  const words = name.split(' ');
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (!CYRILLIC_WORD.test(word) || /^[А-ЯЁ]{2,}/.test(word)) return name;
    // An adjective («научно-методический»: only the last part changes).
    const adjective = declineWord(word, gcase, ADJECTIVE);
    if (adjective && i < words.length - 1) {
      out.push(adjective);
      continue;
    }
    const noun = declineWord(word, gcase, NOUN);
    if (!noun) return name;
    return [...out, noun, ...words.slice(i + 1)].join(' ');
  }
  return name;
}

/** The organization's stored name forms: a hand-written form, when given, wins over the automatic one. */
export interface OrganizationNameForms {
  fullName: string;
  fullNameGenitive?: string | null;
  fullNameDative?: string | null;
}

/** The full name in a case, as documents print it: the stored override if any, else organizationNameIn(). */
export function organizationName(organization: OrganizationNameForms, gcase: NameCase): string {
  const override = gcase === 'genitive' ? organization.fullNameGenitive : gcase === 'dative' ? organization.fullNameDative : undefined;
  return override?.trim() || organizationNameIn(organization.fullName, gcase);
}

// ---- state registration numbers -------------------------------------------------------------------

const digitsOf = (value: string) => [...value].map(Number);

function weightedCheck(digits: number[], weights: number[]): number {
  return (weights.reduce((sum, w, i) => sum + w * digits[i]!, 0) % 11) % 10;
}

/**
 * ИНН: 10 digits for a legal entity (the last one a check digit), 12 for an individual or an individual
 * entrepreneur (two check digits) — the algorithm of the Federal Tax Service.
 */
export function innValid(inn: string, kind: 'legal' | 'any' = 'legal'): boolean {
  if (/^\d{10}$/.test(inn)) {
    const d = digitsOf(inn);
    return weightedCheck(d, [2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[9];
  }
  if (kind === 'any' && /^\d{12}$/.test(inn)) {
    const d = digitsOf(inn);
    return weightedCheck(d, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[10] && weightedCheck(d, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[11];
  }
  return false;
}

/**
 * ОГРН: 13 digits, the last is the remainder of the first twelve (as a number) divided by 11, taken
 * modulo 10. ОГРНИП (an individual entrepreneur) has 15 digits and divides by 13.
 */
export function ogrnValid(ogrn: string, kind: 'legal' | 'any' = 'legal'): boolean {
  if (/^\d{13}$/.test(ogrn)) return Number(BigInt(ogrn.slice(0, 12)) % 11n % 10n) === Number(ogrn[12]);
  if (kind === 'any' && /^\d{15}$/.test(ogrn)) return Number(BigInt(ogrn.slice(0, 14)) % 13n % 10n) === Number(ogrn[14]);
  return false;
}
