/** Russian formatting of dates, numbers and plurals, in the organization's time zone. */
const pluralRules = new Intl.PluralRules('ru-RU');

/** plural(5, ['педагог', 'педагога', 'педагогов']) → «педагогов» */
export function plural(n: number, forms: readonly [one: string, few: string, many: string]): string {
  const rule = pluralRules.select(n);
  return rule === 'one' ? forms[0] : rule === 'few' ? forms[1] : forms[2];
}

export function formatDate(value: Date | null | undefined, timeZone = 'Europe/Moscow'): string {
  if (!value) return '';
  return new Intl.DateTimeFormat('ru-RU', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric' }).format(value);
}

export function formatDateTime(value: Date | null | undefined, timeZone = 'Europe/Moscow'): string {
  if (!value) return '';
  return new Intl.DateTimeFormat('ru-RU', {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(value);
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat('ru-RU').format(n);
}
