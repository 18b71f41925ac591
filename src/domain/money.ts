/**
 * Money (the extra pay for mentoring), kept in whole kopecks so sums never drift: amounts from Decimal columns,
 * Russian figures («5 000,00») and the words a labour document repeats them in
 * («пять тысяч рублей 00 копеек»).
 */

/** Kopecks of a Decimal column value (Prisma.Decimal, '5000.5'), a number of rubles or a typed string. */
export function kopecksOf(value: { toString(): string } | number | string | null | undefined): number {
  if (value === null || value === undefined) return 0;
  const text = String(value).replace(/[\s\u00A0]/g, '').replace(',', '.');
  const match = /^(\d+)(?:\.(\d{1,2})\d*)?$/.exec(text);
  if (!match) return 0;
  return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
}

// Built once: a formatter with options costs ~80 µs to build, ~2 µs to use.
const rublesFormat = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** «5 000,00» — rubles and kopecks as Russian documents print them. */
export function formatRubles(kopecks: number): string {
  return rublesFormat.format(kopecks / 100);
}

/** The same amount as a decimal string for a Decimal column ('5000.50'). */
export function decimalOf(kopecks: number): string {
  return `${Math.floor(kopecks / 100)}.${String(kopecks % 100).padStart(2, '0')}`;
}

const UNITS_MASCULINE = ['', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'];
const UNITS_FEMININE = ['', 'одна', 'две', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'];
const TEENS = ['десять', 'одиннадцать', 'двенадцать', 'тринадцать', 'четырнадцать', 'пятнадцать', 'шестнадцать', 'семнадцать', 'восемнадцать', 'девятнадцать'];
const TENS = ['', '', 'двадцать', 'тридцать', 'сорок', 'пятьдесят', 'шестьдесят', 'семьдесят', 'восемьдесят', 'девяносто'];
const HUNDREDS = ['', 'сто', 'двести', 'триста', 'четыреста', 'пятьсот', 'шестьсот', 'семьсот', 'восемьсот', 'девятьсот'];

/** Scales above the units: [forms one/few/many, feminine]. Тысяча is feminine («две тысячи»). */
const SCALES: [readonly [string, string, string], boolean][] = [
  [['тысяча', 'тысячи', 'тысяч'], true],
  [['миллион', 'миллиона', 'миллионов'], false],
  [['миллиард', 'миллиарда', 'миллиардов'], false],
];

/** Russian grammatical number by the last two digits: 1 рубль, 2 рубля, 5 рублей, 11 рублей, 21 рубль. */
export function countForm(n: number, forms: readonly [string, string, string]): string {
  const lastTwo = n % 100;
  const last = n % 10;
  if (lastTwo >= 11 && lastTwo <= 14) return forms[2];
  if (last === 1) return forms[0];
  if (last >= 2 && last <= 4) return forms[1];
  return forms[2];
}

/** 0–999 in words. */
function triad(n: number, feminine: boolean): string[] {
  const words = [HUNDREDS[Math.floor(n / 100)]!];
  const rest = n % 100;
  if (rest >= 10 && rest < 20) words.push(TEENS[rest - 10]!);
  else words.push(TENS[Math.floor(rest / 10)]!, (feminine ? UNITS_FEMININE : UNITS_MASCULINE)[rest % 10]!);
  return words.filter(Boolean);
}

/** A whole number in words: 2021 → «две тысячи двадцать один» (masculine, as for рубль). */
export function numberInWords(n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`numberInWords: ${n}`);
  if (n === 0) return 'ноль';
  const words: string[] = [];
  const groups: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 1000)) groups.push(rest % 1000);
  for (let i = groups.length - 1; i >= 0; i--) {
    const group = groups[i]!;
    if (group === 0) continue;
    if (i === 0) {
      words.push(...triad(group, false));
    } else {
      const [forms, feminine] = SCALES[i - 1] ?? SCALES[SCALES.length - 1]!;
      words.push(...triad(group, feminine), countForm(group, forms));
    }
  }
  return words.join(' ');
}

/**
 * An amount in rubles in words, kopecks in figures, as labour documents write it:
 * 5000 → «пять тысяч рублей 00 копеек», 1234.5 → «одна тысяча двести тридцать четыре рубля 50 копеек».
 */
export function rublesInWords(rubles: number): string {
  if (!Number.isFinite(rubles) || rubles < 0) throw new RangeError(`rublesInWords: ${rubles}`);
  const kopecks = Math.round(rubles * 100);
  const whole = Math.floor(kopecks / 100);
  const rest = kopecks % 100;
  const words = whole === 0 ? 'ноль' : numberInWords(whole);
  return `${words} ${countForm(whole, ['рубль', 'рубля', 'рублей'])} ${String(rest).padStart(2, '0')} ${countForm(rest, ['копейка', 'копейки', 'копеек'])}`;
}

/** The monthly amount for `days` of a month, in kopecks, rounded to the kopeck. */
export function proRataKopecks(monthlyKopecks: number, days: number, daysOfMonth: number): number {
  if (days <= 0) return 0;
  if (days >= daysOfMonth) return monthlyKopecks;
  return Math.round((monthlyKopecks * days) / daysOfMonth);
}
