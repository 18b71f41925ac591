/** Russian words that agree with a number. */
const pluralRules = new Intl.PluralRules('ru-RU');

/** plural(5, ['педагог', 'педагога', 'педагогов']) → «педагогов» */
export function plural(n: number, forms: readonly [one: string, few: string, many: string]): string {
  const rule = pluralRules.select(n);
  return rule === 'one' ? forms[0] : rule === 'few' ? forms[1] : forms[2];
}
