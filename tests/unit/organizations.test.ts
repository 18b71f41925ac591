import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { innValid, ogrnValid, organizationName, organizationNameIn } from '../../src/domain/organizations.ts';

const ALENUSHKA = 'Муниципальное бюджетное дошкольное образовательное учреждение № 50 «Алёнушка» города Калуги';

describe('organizationNameIn', () => {
  test('declines the adjectives and the head noun; the number, the quoted name and «города Калуги» stay', () => {
    assert.equal(organizationNameIn(ALENUSHKA, 'genitive'), 'Муниципального бюджетного дошкольного образовательного учреждения № 50 «Алёнушка» города Калуги');
    assert.equal(organizationNameIn(ALENUSHKA, 'dative'), 'Муниципальному бюджетному дошкольному образовательному учреждению № 50 «Алёнушка» города Калуги');
    assert.equal(organizationNameIn(ALENUSHKA, 'instrumental'), 'Муниципальным бюджетным дошкольным образовательным учреждением № 50 «Алёнушка» города Калуги');
    assert.equal(organizationNameIn(ALENUSHKA, 'prepositional'), 'Муниципальном бюджетном дошкольном образовательном учреждении № 50 «Алёнушка» города Калуги');
    assert.equal(organizationNameIn(ALENUSHKA, 'accusative'), ALENUSHKA);
    assert.equal(organizationNameIn(ALENUSHKA, 'nominative'), ALENUSHKA);
  });

  test('a quoted name that itself contains declinable words is kept', () => {
    const name = 'Муниципальное автономное дошкольное образовательное учреждение «Детский сад № 5 «Радуга»»';
    assert.equal(organizationNameIn(name, 'genitive'), 'Муниципального автономного дошкольного образовательного учреждения «Детский сад № 5 «Радуга»»');
  });

  test('feminine and masculine names, soft and hushing stems', () => {
    assert.equal(organizationNameIn('Муниципальная автономная общеобразовательная организация', 'dative'), 'Муниципальной автономной общеобразовательной организации');
    assert.equal(organizationNameIn('Средняя общеобразовательная школа № 3', 'genitive'), 'Средней общеобразовательной школы № 3');
    assert.equal(organizationNameIn('Детский сад № 12 «Солнышко»', 'genitive'), 'Детского сада № 12 «Солнышко»');
    assert.equal(organizationNameIn('Детский сад № 12 «Солнышко»', 'dative'), 'Детскому саду № 12 «Солнышко»');
    assert.equal(organizationNameIn('Городской научно-методический центр', 'genitive'), 'Городского научно-методического центра');
    assert.equal(organizationNameIn('Управление образования города Калуги', 'dative'), 'Управлению образования города Калуги');
    assert.equal(organizationNameIn('Государственный лицей № 2', 'genitive'), 'Государственного лицея № 2');
  });

  test('a name the rule does not understand is returned unchanged (the settings keep a hand-written form)', () => {
    assert.equal(organizationNameIn('МБДОУ № 50 «Алёнушка»', 'genitive'), 'МБДОУ № 50 «Алёнушка»');
    assert.equal(organizationNameIn('«Алёнушка»', 'dative'), '«Алёнушка»');
    assert.equal(organizationNameIn('', 'dative'), '');
  });

  test('a stored form wins over the automatic one; an empty one does not', () => {
    const organization = { fullName: 'МБДОУ № 50', fullNameGenitive: 'МБДОУ № 50 (родительный)', fullNameDative: '  ' };
    assert.equal(organizationName(organization, 'genitive'), 'МБДОУ № 50 (родительный)');
    assert.equal(organizationName(organization, 'dative'), 'МБДОУ № 50');
    assert.equal(organizationName({ fullName: ALENUSHKA }, 'dative'), organizationNameIn(ALENUSHKA, 'dative'));
  });
});

describe('state registration numbers', () => {
  test('ИНН of a legal entity: 10 digits with its check digit', () => {
    assert.equal(innValid('7707083893'), true);
    assert.equal(innValid('7707083894'), false, 'wrong check digit');
    assert.equal(innValid('770708389'), false, 'nine digits');
    assert.equal(innValid('77070838931'), false);
    assert.equal(innValid('77070838ab'), false);
    assert.equal(innValid('500100732259'), false, 'a 12-digit ИНН is not a legal entity’s');
    assert.equal(innValid('500100732259', 'any'), true, 'a 12-digit ИНН with both check digits');
    assert.equal(innValid('500100732258', 'any'), false);
  });

  test('ОГРН: 13 digits, the last the remainder of the first twelve by 11', () => {
    assert.equal(ogrnValid('1027700132195'), true);
    assert.equal(ogrnValid('1027700132196'), false);
    assert.equal(ogrnValid('102770013219'), false);
    assert.equal(ogrnValid('304500116000157'), false, 'ОГРНИП is not a legal entity’s');
    assert.equal(ogrnValid('304500116000157', 'any'), true);
  });
});
