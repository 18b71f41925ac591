import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { declinePosition, declineShortName, fullNameOf, POSITIONS, shortNameOf, surnameInitials, type NameCase } from '../../src/domain/people.ts';

/**
 * Every known position in every case the order texts use: nominative (tables), genitive («наставничество
 * наставника — воспитателя …», «наставником воспитателя Соколовой»), dative («выплату … воспитателю …»),
 * accusative («назначить … воспитателя Кузнецову»), instrumental («куратором … старшим воспитателем»).
 * Written out by hand, so a change of the rules cannot quietly change them.
 */
const EXPECTED: Record<(typeof POSITIONS)[number], [genitive: string, dative: string, accusative: string, instrumental: string]> = {
  заведующий: ['заведующего', 'заведующему', 'заведующего', 'заведующим'],
  'старший воспитатель': ['старшего воспитателя', 'старшему воспитателю', 'старшего воспитателя', 'старшим воспитателем'],
  воспитатель: ['воспитателя', 'воспитателю', 'воспитателя', 'воспитателем'],
  'младший воспитатель': ['младшего воспитателя', 'младшему воспитателю', 'младшего воспитателя', 'младшим воспитателем'],
  'музыкальный руководитель': ['музыкального руководителя', 'музыкальному руководителю', 'музыкального руководителя', 'музыкальным руководителем'],
  'инструктор по физической культуре': [
    'инструктора по физической культуре',
    'инструктору по физической культуре',
    'инструктора по физической культуре',
    'инструктором по физической культуре',
  ],
  'учитель-логопед': ['учителя-логопеда', 'учителю-логопеду', 'учителя-логопеда', 'учителем-логопедом'],
  'учитель-дефектолог': ['учителя-дефектолога', 'учителю-дефектологу', 'учителя-дефектолога', 'учителем-дефектологом'],
  'педагог-психолог': ['педагога-психолога', 'педагогу-психологу', 'педагога-психолога', 'педагогом-психологом'],
  'педагог дополнительного образования': [
    'педагога дополнительного образования',
    'педагогу дополнительного образования',
    'педагога дополнительного образования',
    'педагогом дополнительного образования',
  ],
  'социальный педагог': ['социального педагога', 'социальному педагогу', 'социального педагога', 'социальным педагогом'],
  тьютор: ['тьютора', 'тьютору', 'тьютора', 'тьютором'],
  методист: ['методиста', 'методисту', 'методиста', 'методистом'],
};

const CASES: NameCase[] = ['genitive', 'dative', 'accusative', 'instrumental'];

describe('positions in a case', () => {
  for (const position of POSITIONS) {
    test(`«${position}» in the cases the orders use`, () => {
      assert.equal(declinePosition(position, 'nominative'), position);
      CASES.forEach((gcase, i) => assert.equal(declinePosition(position, gcase), EXPECTED[position][i], `${position}, ${gcase}`));
    });
  }

  test('the rules agree with the dictionary: the same position with a tail the dictionary does not know comes out alike', () => {
    // «воспитатель группы № 3» is not in the dictionary: the rules decline it, and must give what the dictionary gives.
    for (const position of POSITIONS) {
      CASES.forEach((gcase, i) => assert.equal(declinePosition(`${position} группы № 3`, gcase), `${EXPECTED[position][i]} группы № 3`, `${position}, ${gcase}`));
    }
  });

  test('positions outside the dictionary: adjective + noun, hyphenated compounds, a participle head, a tail kept', () => {
    assert.equal(declinePosition('педагог-организатор', 'genitive'), 'педагога-организатора');
    assert.equal(declinePosition('педагог-организатор', 'instrumental'), 'педагогом-организатором');
    assert.equal(declinePosition('старший методист', 'dative'), 'старшему методисту');
    assert.equal(declinePosition('главный специалист отдела образования', 'accusative'), 'главного специалиста отдела образования');
    assert.equal(declinePosition('заведующий хозяйством', 'genitive'), 'заведующего хозяйством');
    assert.equal(declinePosition('концертмейстер', 'instrumental'), 'концертмейстером');
    assert.equal(declinePosition('преподаватель', 'dative'), 'преподавателю');
    assert.equal(declinePosition('директор', 'genitive'), 'директора');
  });

  test('a capital letter typed at the start of a card is not kept mid-sentence; an abbreviation is', () => {
    assert.equal(declinePosition('Воспитатель', 'accusative'), 'воспитателя');
    assert.equal(declinePosition('Учитель-логопед', 'genitive'), 'учителя-логопеда');
    assert.equal(declinePosition('ИКТ-специалист', 'genitive'), undefined);
  });

  test('what the rules do not understand is undefined (the caller prints it in brackets), never a wrong ending', () => {
    assert.equal(declinePosition('', 'genitive'), undefined);
    assert.equal(declinePosition('IT specialist', 'genitive'), undefined);
    assert.equal(declinePosition('воспитатель-методист', 'genitive'), 'воспитателя-методиста');
    assert.equal(declinePosition('помощник воспитателя', 'dative'), 'помощнику воспитателя');
  });
});

describe('the short form of a name in a case', () => {
  test('«Кузнецова Ольга Ильинична» → «Кузнецову О.И.», «Кузнецовой О.И.»; a man; no patronymic is left as written', () => {
    assert.equal(declineShortName('Кузнецова Ольга Ильинична', 'accusative'), 'Кузнецову О.И.');
    assert.equal(declineShortName('Кузнецова Ольга Ильинична', 'instrumental'), 'Кузнецовой О.И.');
    assert.equal(declineShortName('Кузнецова Ольга Ильинична', 'nominative'), 'Кузнецова О.И.');
    assert.equal(declineShortName('Соколов Андрей Игоревич', 'genitive'), 'Соколова А.И.');
    assert.equal(declineShortName('Соколов Андрей Игоревич', 'dative'), 'Соколову А.И.');
    assert.equal(declineShortName('Мамедов Али Гусейн оглы', 'dative'), 'Мамедову А.Г.');
    assert.equal(declineShortName('Ким Елена', 'genitive'), 'Ким Е.');
  });
});

describe('the short name of a person', () => {
  test('the short way for the usual name says what surnameInitials of the full name says, and the odd names go that way', () => {
    const parts = ['Иванова', 'мария', 'Петровна', '', ' ', 'Анна-Мария', 'Гусейн оглы', 'оглы', 'Кызы', ' Ли', 'Ким\t', 'ёлкина', '𝔸нна'];
    for (const lastName of parts) {
      for (const firstName of parts) {
        for (const middleName of parts) {
          const person = { lastName, firstName, middleName };
          assert.equal(shortNameOf(person), surnameInitials(fullNameOf(person)), JSON.stringify(person));
        }
      }
    }
    assert.equal(shortNameOf({ lastName: 'Иванова', firstName: 'мария', middleName: 'Петровна' }), 'Иванова М.П.');
    assert.equal(shortNameOf({ lastName: 'Мамедов', firstName: 'Али', middleName: 'Гусейн оглы' }), 'Мамедов А.Г.');
  });
});
