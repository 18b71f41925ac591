/**
 * The date strings lists print a row at a time are built from the date's fields, not by Date#toISOString or by
 * splitting: they must say exactly what those said, over the whole range of dates and for odd input.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isoOfDbDate, isoOfMoment, ruDate } from '../../src/domain/dates.ts';

const moments = [
  ...Array.from({ length: 2000 }, (_, i) => new Date(Date.UTC(1900, 0, 1) + i * 86_400_000 * 36.61 + i * 12_345)),
  new Date(0),
  new Date(Date.UTC(999, 11, 31, 23, 59, 59, 999)),
  new Date(Date.UTC(1000, 0, 1, 0, 0, 0, 5)),
  new Date(Date.UTC(2026, 11, 1, 6, 30, 0, 40)),
  new Date(Date.UTC(9999, 11, 31, 23, 59, 59, 999)),
  new Date(Date.UTC(10000, 0, 1)),
  new Date(-62198755200000 - 1),
];

describe('date strings of lists', () => {
  test('isoOfMoment and isoOfDbDate say what toISOString says', () => {
    for (const moment of moments) {
      assert.equal(isoOfMoment(moment), moment.toISOString());
      assert.equal(isoOfDbDate(moment), moment.toISOString().slice(0, 10));
    }
    assert.equal(isoOfDbDate(null), '');
    assert.equal(isoOfDbDate(undefined), '');
    assert.throws(() => isoOfDbDate(new Date(NaN)), RangeError);
  });

  test('ruDate reverses the parts of any text as before', () => {
    for (const text of ['2026-09-01', '0999-12-31', '', '2026-12', '2026-1-01', '20-6-09-01', 'ab-d-fg-ij', '1234-56-789', '-']) {
      assert.equal(ruDate(text), text.split('-').reverse().join('.'), text);
    }
  });
});
