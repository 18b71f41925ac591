/**
 * Every legal reference in the default consent texts and in the supplementary agreement names the act, its
 * date and number (the rule of the orders' default texts; README «Правовые основания» lists them), so the
 * methodist can check each one. A later mention may use the short name the first one introduced («ТК РФ»).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_TEMPLATES } from '../../src/modules/consents/consents.templates.ts';
import { agreementDocument } from '../../src/modules/pairs/pairs.agreement.ts';

const DATE_NUMBER = String.raw`от \d{2}\.\d{2}\.\d{4} № [\dА-ЯA-Z/-]+`;

function assertReferencesComplete(all: string): number {
  const mentions: [RegExp, RegExp][] = [
    [/Трудов\S+ кодекс\S* Российской Федерации/g, /^Трудов\S+ кодекс\S* Российской Федерации от 30\.12\.2001 № 197-ФЗ/],
    [/Федеральн\S+ закон\S*/g, new RegExp(`^Федеральн\\S+ закон\\S* ${DATE_NUMBER}`)],
    [/приказ\S* (?:Федеральной службы|Роскомнадзора|Министерства)[^.]*/g, new RegExp(DATE_NUMBER)],
  ];
  let checked = 0;
  for (const [find, must] of mentions) {
    for (const match of all.matchAll(find)) {
      checked++;
      const rest = all.slice(match.index, match.index + 250);
      assert.match(rest, must, rest);
    }
  }
  // A bare «ст. N» or «152-ФЗ» without its act would slip past the patterns above.
  assert.doesNotMatch(all, /(?<!от 27\.07\.2006 )№ 152-ФЗ/);
  return checked;
}

test('the default consent texts cite 152-ФЗ, the Labour Code and the Roskomnadzor order with date and number', () => {
  const all = Object.values(DEFAULT_TEMPLATES).map((t) => `${t.title}\n${t.body}`).join('\n').replace(/\u00a0/g, ' ');
  assert.ok(assertReferencesComplete(all) >= 8);
  assert.match(all, /приказом Федеральной службы по надзору в сфере связи, информационных технологий и массовых коммуникаций \(Роскомнадзора\) от 24\.02\.2021 № 18/);
});

test('the supplementary agreement cites the Labour Code with date and number once, then «ТК РФ»', () => {
  const doc = agreementDocument({
    organization: { fullName: 'Муниципальное бюджетное дошкольное образовательное учреждение № 50 «Алёнушка» города Калуги', address: 'г. Калуга', headName: 'Свиридова Наталья Геннадьевна', headPosition: 'Заведующий', extraPayConditions: '' },
    mentor: { lastName: 'Иванова', firstName: 'Мария', middleName: 'Петровна', position: 'воспитатель' },
    mentees: [{ lastName: 'Петрова', firstName: 'Анна', middleName: 'Сергеевна', position: 'воспитатель' }],
    form: 'TRADITIONAL',
    startsOn: '2026-09-01',
    plannedEndOn: '2027-05-31',
    extraPayKopecks: 500_000,
    contract: { number: '17/2019', date: '2019-08-26' },
  });
  const all = JSON.stringify(doc).replace(/\u00a0/g, ' ').replace(/\u2011/g, '-').replace(/\u00ad/g, '');
  assert.equal(assertReferencesComplete(all), 1);
  assert.match(all, /\(далее — ТК РФ\)/);
  assert.match(all, /часть 4 статьи 60\.2 ТК РФ/);
  assert.match(all, /статья 72 ТК РФ/);
});
