import { dayNumber, isoOfDayNumber, todayIn } from '../../src/domain/dates.ts';

/** A calendar day `n` days from today in the organization's zone (the test organizations' zone by default). */
export function dayFromToday(n: number, timeZone = 'Europe/Moscow'): string {
  return isoOfDayNumber(dayNumber(todayIn(timeZone)) + n);
}
