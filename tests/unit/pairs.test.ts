import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { agreementDocument, agreementProblems, genderOf } from '../../src/modules/pairs/pairs.agreement.ts';
import { declineName, positionGenitive } from '../../src/domain/people.ts';
import {
  activeDaysInMonth,
  activePeriod,
  daysInMonth,
  isoInZone,
  isoOfDbDate,
  schoolYearTerm,
  waitedText,
} from '../../src/domain/dates.ts';
import { countForm, decimalOf, formatRubles, kopecksOf, numberInWords, proRataKopecks, rublesInWords } from '../../src/domain/money.ts';
import { SavePair } from '../../src/modules/pairs/pairs.schemas.ts';
import { fittingMentors } from '../../src/modules/pairs/pairs.waiting.ts';

const nbsp = (s: string) => s.replace(/[\u00A0\u202F]/g, ' ');
const dbDate = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe('rublesInWords', () => {
  test('whole amounts with the right forms of рубль', () => {
    assert.equal(rublesInWords(5000), 'пять тысяч рублей 00 копеек');
    assert.equal(rublesInWords(1), 'один рубль 00 копеек');
    assert.equal(rublesInWords(2), 'два рубля 00 копеек');
    assert.equal(rublesInWords(11), 'одиннадцать рублей 00 копеек');
    assert.equal(rublesInWords(21), 'двадцать один рубль 00 копеек');
    assert.equal(rublesInWords(112), 'сто двенадцать рублей 00 копеек');
    assert.equal(rublesInWords(0), 'ноль рублей 00 копеек');
  });

  test('thousands are feminine, millions masculine; kopecks in figures', () => {
    assert.equal(rublesInWords(1234.5), 'одна тысяча двести тридцать четыре рубля 50 копеек');
    assert.equal(rublesInWords(2000.01), 'две тысячи рублей 01 копейка');
    assert.equal(rublesInWords(3500.03), 'три тысячи пятьсот рублей 03 копейки');
    assert.equal(rublesInWords(15_000), 'пятнадцать тысяч рублей 00 копеек');
    assert.equal(rublesInWords(2_001_001), 'два миллиона одна тысяча один рубль 00 копеек');
    assert.equal(rublesInWords(1_000_000), 'один миллион рублей 00 копеек');
  });

  test('floating-point amounts round to the kopeck', () => {
    assert.equal(rublesInWords(0.1 + 0.2), 'ноль рублей 30 копеек');
    assert.equal(rublesInWords(4999.999), 'пять тысяч рублей 00 копеек');
  });

  test('refuses negative and non-finite amounts', () => {
    assert.throws(() => rublesInWords(-1), RangeError);
    assert.throws(() => rublesInWords(Number.NaN), RangeError);
  });

  test('numberInWords and countForm on the edges', () => {
    assert.equal(numberInWords(40), 'сорок');
    assert.equal(numberInWords(999), 'девятьсот девяносто девять');
    assert.equal(numberInWords(100_000), 'сто тысяч');
    assert.equal(countForm(14, ['a', 'b', 'c']), 'c');
    assert.equal(countForm(104, ['a', 'b', 'c']), 'b');
    assert.equal(countForm(111, ['a', 'b', 'c']), 'c');
  });
});

describe('money in kopecks', () => {
  test('kopecksOf reads Decimal strings, numbers and typed text', () => {
    assert.equal(kopecksOf('5000'), 500_000);
    assert.equal(kopecksOf('5000.5'), 500_050);
    assert.equal(kopecksOf('5 000,05'), 500_005);
    assert.equal(kopecksOf(1234.56), 123_456);
    assert.equal(kopecksOf(null), 0);
    assert.equal(kopecksOf('abc'), 0);
  });

  test('formatRubles and decimalOf', () => {
    assert.equal(nbsp(formatRubles(500_000)), '5 000,00');
    assert.equal(nbsp(formatRubles(123_456)), '1 234,56');
    assert.equal(decimalOf(500_005), '5000.05');
  });
});

describe('active days in a month (pro rata)', () => {
  test('days in month, leap years included', () => {
    assert.equal(daysInMonth('2026-02'), 28);
    assert.equal(daysInMonth('2028-02'), 29);
    assert.equal(daysInMonth('2026-09'), 30);
    assert.equal(daysInMonth('2026-12'), 31);
  });

  test('a period covering the month counts every day; a period outside counts none', () => {
    assert.equal(activeDaysInMonth('2026-09-01', '2027-05-31', '2026-10'), 31);
    assert.equal(activeDaysInMonth('2026-09-01', '2027-05-31', '2026-08'), 0);
    assert.equal(activeDaysInMonth('2026-09-01', '2027-05-31', '2027-06'), 0);
  });

  test('edges are inclusive: first and last day of the month', () => {
    assert.equal(activeDaysInMonth('2026-09-30', '2027-05-31', '2026-09'), 1);
    assert.equal(activeDaysInMonth('2026-09-01', '2026-09-01', '2026-09'), 1);
    assert.equal(activeDaysInMonth('2026-01-15', '2026-02-28', '2026-02'), 28);
    assert.equal(activeDaysInMonth('2026-09-10', '2026-09-19', '2026-09'), 10);
    assert.equal(activeDaysInMonth('2027-05-20', '2027-05-31', '2027-05'), 12);
  });

  test('pro rata rounds to the kopeck and never exceeds the monthly amount', () => {
    assert.equal(proRataKopecks(500_000, 30, 30), 500_000);
    assert.equal(proRataKopecks(500_000, 10, 30), 166_667);
    assert.equal(proRataKopecks(500_000, 1, 31), 16_129);
    assert.equal(proRataKopecks(500_000, 0, 31), 0);
    assert.equal(proRataKopecks(500_000, 40, 31), 500_000);
  });

  test('activation late in the evening UTC is the next day in Moscow', () => {
    const activatedAt = new Date('2026-09-14T22:30:00Z'); // 15.09 01:30 in Moscow
    assert.equal(isoInZone(activatedAt, 'Europe/Moscow'), '2026-09-15');
    assert.equal(isoInZone(activatedAt, 'UTC'), '2026-09-14');
    const pair = { startsOn: dbDate('2026-09-01'), plannedEndOn: dbDate('2027-05-31'), activatedAt, endedOn: null };
    const period = activePeriod(pair, 'Europe/Moscow')!;
    assert.deepEqual(period, { from: '2026-09-15', to: '2027-05-31' });
    assert.equal(activeDaysInMonth(period.from, period.to, '2026-09'), 16);
  });

  test('@db.Date values are calendar dates whatever the server zone', () => {
    assert.equal(isoOfDbDate(dbDate('2026-03-01')), '2026-03-01');
  });

  test('the active period: start or activation, planned end or early end; never active → null', () => {
    const base = { startsOn: dbDate('2026-09-01'), plannedEndOn: dbDate('2027-05-31') };
    assert.deepEqual(activePeriod({ ...base, activatedAt: new Date('2026-08-20T09:00:00Z'), endedOn: null }, 'Europe/Moscow'), { from: '2026-09-01', to: '2027-05-31' });
    assert.deepEqual(activePeriod({ ...base, activatedAt: new Date('2026-08-20T09:00:00Z'), endedOn: dbDate('2026-12-10') }, 'Europe/Moscow'), { from: '2026-09-01', to: '2026-12-10' });
    // Completion recorded after the planned end: pay stops at the planned end.
    assert.deepEqual(activePeriod({ ...base, activatedAt: new Date('2026-08-20T09:00:00Z'), endedOn: dbDate('2027-06-05') }, 'Europe/Moscow'), { from: '2026-09-01', to: '2027-05-31' });
    assert.equal(activePeriod({ ...base, activatedAt: null, endedOn: dbDate('2026-10-01') }, 'Europe/Moscow'), null);
  });
});

describe('default term and waiting time', () => {
  test('summer: the coming school year; during the year: from today to 31 May', () => {
    assert.deepEqual(schoolYearTerm('2026-07-10'), { startsOn: '2026-09-01', plannedEndOn: '2027-05-31' });
    assert.deepEqual(schoolYearTerm('2026-10-05'), { startsOn: '2026-10-05', plannedEndOn: '2027-05-31' });
    assert.deepEqual(schoolYearTerm('2027-02-01'), { startsOn: '2027-02-01', plannedEndOn: '2027-05-31' });
  });

  test('waited: days, weeks, months, years in Russian', () => {
    assert.equal(waitedText('2026-11-25', '2026-11-25'), 'ждёт с сегодняшнего дня');
    assert.equal(waitedText('2026-11-24', '2026-11-25'), 'ждёт 1 день');
    assert.equal(waitedText('2026-11-20', '2026-11-25'), 'ждёт 5 дней');
    assert.equal(waitedText('2026-11-04', '2026-11-25'), 'ждёт 3 недели');
    assert.equal(waitedText('2026-08-01', '2026-11-25'), 'ждёт 3 месяца');
    assert.equal(waitedText('2023-11-01', '2026-11-25'), 'ждёт 3 года');
  });
});

describe('the pair form schema', () => {
  test('end must be after start; the message sits beside the end date even when other fields fail', () => {
    const result = SavePair.safeParse({ form: 'TRADITIONAL', mentorStaffIds: '', menteeStaffIds: '2', startsOn: '2026-09-01', plannedEndOn: '2026-09-01' });
    assert.equal(result.success, false);
    const paths = result.error!.issues.map((i) => i.path.join('.'));
    assert.ok(paths.includes('plannedEndOn'));
    assert.ok(paths.includes('mentorStaffIds'));
  });

  test('money and dates are read as typed', () => {
    const result = SavePair.parse({ form: 'GROUP', mentorStaffIds: ['1'], menteeStaffIds: ['2', '3', '3'], startsOn: '01.09.2026', plannedEndOn: '2027-05-31', extraPay: '4 500,50' });
    assert.equal(result.startsOn, '2026-09-01');
    assert.deepEqual(result.menteeStaffIds, [2, 3]);
    assert.equal(result.extraPay, 450_050);
    assert.equal(SavePair.parse({ form: 'GROUP', mentorStaffIds: '1', menteeStaffIds: '2', startsOn: '2026-09-01', plannedEndOn: '2027-05-31', extraPay: '' }).extraPay, null);
    assert.equal(SavePair.safeParse({ form: 'GROUP', mentorStaffIds: '1', menteeStaffIds: '2', startsOn: '2026-09-01', plannedEndOn: '2027-05-31', extraPay: 'много' }).success, false);
  });
});

describe('a fitting mentor for a waiting mentee', () => {
  const mentee = { entryId: 1, staffMemberId: 10, topicIds: [1, 2], since: new Date('2026-10-01T10:00:00Z') };
  const mentor = { staffMemberId: 20, topicIds: [2, 5], arrivedAt: new Date('2026-10-02T10:00:00Z'), freePlaces: 1 };

  test('shared topic, free place, arrived later → fits', () => {
    assert.equal(fittingMentors(mentee, [mentor]).length, 1);
  });

  test('no shared topic, no free place, arrived before, or the mentee themself → does not fit', () => {
    assert.equal(fittingMentors(mentee, [{ ...mentor, topicIds: [7] }]).length, 0);
    assert.equal(fittingMentors(mentee, [{ ...mentor, freePlaces: 0 }]).length, 0);
    assert.equal(fittingMentors(mentee, [{ ...mentor, arrivedAt: new Date('2026-09-30T10:00:00Z') }]).length, 0);
    assert.equal(fittingMentors(mentee, [{ ...mentor, staffMemberId: 10 }]).length, 0);
  });
});

describe('the supplementary agreement', () => {
  test('names are declined where the sentence needs it; the head position in the genitive', () => {
    assert.equal(declineName({ lastName: 'Свиридова', firstName: 'Наталья', middleName: 'Геннадьевна' }, 'genitive'), 'Свиридовой Натальи Геннадьевны');
    assert.equal(declineName({ lastName: 'Петров', firstName: 'Иван', middleName: 'Сергеевич' }, 'instrumental'), 'Петровым Иваном Сергеевичем');
    assert.equal(positionGenitive('Заведующий'), 'заведующего');
    assert.equal(positionGenitive('Директор'), 'директора');
  });

  const INPUT = {
    organization: { fullName: 'Муниципальное бюджетное дошкольное образовательное учреждение № 50 «Алёнушка» города Калуги', address: 'г. Калуга', headName: 'Свиридова Наталья Геннадьевна', headPosition: 'Заведующий', extraPayConditions: 'Выплачивается ежемесячно.' },
    mentor: { lastName: 'Иванова', firstName: 'Мария', middleName: 'Петровна', position: 'воспитатель' },
    mentees: [{ lastName: 'Петрова', firstName: 'Анна', middleName: 'Сергеевна', position: 'учитель-логопед' }],
    form: 'TRADITIONAL' as const,
    startsOn: '2026-09-01',
    plannedEndOn: '2027-05-31',
    extraPayKopecks: 500_000,
    contract: { number: '17/2019', date: '2019-08-26' },
  };

  test('the description holds the parties, the contract it amends, subject, term, form, pay in figures and words, and signatures', () => {
    const doc = agreementDocument(INPUT);
    const text = nbsp(JSON.stringify(doc));
    assert.equal(doc.title, 'Дополнительное соглашение');
    assert.equal(doc.heading, 'к трудовому договору от 26.08.2019 № 17/2019');
    assert.match(text, /в лице заведующего Свиридовой Натальи Геннадьевны, действующей/);
    assert.match(text, /Иванова Мария Петровна, воспитатель, именуемая/);
    assert.match(text, /дополнительное соглашение к трудовому договору от 26\.08\.2019 № 17\/2019 \(далее — трудовой договор\)/);
    assert.match(text, /Работник с её письменного согласия/);
    assert.match(text, /над педагогическим работником Петровой Анной Сергеевной, занимающей должность «учитель-логопед»/);
    assert.match(text, /Положением о системе наставничества педагогических работников Муниципального бюджетного дошкольного образовательного учреждения № 50 «Алёнушка» города Калуги/);
    assert.match(text, /с 1 сентября 2026 г\. по 31 мая 2027 г\./);
    assert.match(text, /5 000,00 руб\. \(пять тысяч рублей 00 копеек\)/);
    assert.match(text, /Условия выплаты доплаты: выплачивается ежемесячно\./);
    assert.match(text, /статьями 60\.2 и 351\.8 Трудового кодекса Российской Федерации от 30\.12\.2001 № 197-ФЗ \(далее — ТК РФ\)/);
    assert.match(text, /статья 72 ТК РФ/);
    assert.match(text, /Второй экземпляр соглашения получила:/);
    assert.match(text, /М\.П\. Иванова/);
    assert.match(text, /Н\.Г\. Свиридова/);
    assert.doesNotMatch(text, /пар[аеы] №|№ 7\b|Работа с родителями/, 'no internal pair number, no mentee’s own words');
  });

  test('the grammar follows the mentor: by the patronymic, or the card’s gender when the patronymic does not tell', () => {
    const male = nbsp(JSON.stringify(agreementDocument({ ...INPUT, mentor: { lastName: 'Петров', firstName: 'Иван', middleName: 'Сергеевич', position: 'воспитатель' } })));
    assert.match(male, /именуемый в дальнейшем «Работник»/);
    assert.match(male, /Работник с его письменного согласия/);
    assert.match(male, /соглашения получил:/);
    const noPatronymic = { lastName: 'Ким', firstName: 'Алекс', middleName: '', position: 'воспитатель' };
    assert.equal(genderOf(noPatronymic), null);
    assert.deepEqual(agreementProblems({ ...INPUT, mentor: noPatronymic }).length, 1);
    const female = nbsp(JSON.stringify(agreementDocument({ ...INPUT, mentor: { ...noPatronymic, gender: 'FEMALE' } })));
    assert.match(female, /Ким Алекс, воспитатель, именуемая/);
    assert.match(female, /с её письменного согласия/);
  });

  test('no agreement with 0,00 руб. or without the contract: the message says where to set them', () => {
    const problems = agreementProblems({ ...INPUT, extraPayKopecks: 0, contract: { number: '', date: null } });
    assert.equal(problems.length, 2);
    assert.match(problems[0]!, /0,00 руб\..*«Доплата наставнику в месяц» \(\/settings\)/);
    assert.match(problems[1]!, /номер и дата трудового договора/);
    assert.deepEqual(agreementProblems(INPUT), []);
  });
});
