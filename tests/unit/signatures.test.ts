import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderDocx, renderPdf } from '../../src/core/documents/index.ts';
import { dateTimeWithZone } from '../../src/domain/dates.ts';
import { newVerificationCode, normalizeCode, readDetachedSignature, serialDecimal, simpleSignatureStamp, qualifiedStamp, qualifiedWarnings, UnreadableSignatureError } from '../../src/modules/signatures/index.ts';
import { makeDetachedSignature } from '../helpers/cms.ts';

describe('verification codes', () => {
  test('12 characters of Crockford base 32, random; typed codes are normalized, anything else is not a code', () => {
    const codes = new Set(Array.from({ length: 500 }, newVerificationCode));
    assert.equal(codes.size, 500);
    for (const code of codes) assert.match(code, /^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{12}$/);
    assert.equal(normalizeCode('k7m2-9qxf-3hrt'), 'K7M29QXF3HRT');
    assert.equal(normalizeCode('K7M2 9QXF 3HRO'), 'K7M29QXF3HR0');
    assert.equal(normalizeCode('IL00-0000-0000'), '110000000000');
    assert.equal(normalizeCode('K7M29QXF3HR'), null);
    assert.equal(normalizeCode('K7M29QXF3HRU'), null, 'U is not in the alphabet');
    assert.equal(normalizeCode('<script>'), null);
  });
});

describe('stamps', () => {
  test('the time is printed on the clock of the organization’s zone, with the zone', () => {
    const moment = new Date('2026-11-30T11:05:00Z');
    assert.equal(dateTimeWithZone(moment, 'Europe/Moscow'), '30.11.2026 14:05 (UTC+03:00, Europe/Moscow)');
    assert.equal(dateTimeWithZone(moment, 'Asia/Yekaterinburg'), '30.11.2026 16:05 (UTC+05:00, Asia/Yekaterinburg)');
    assert.equal(dateTimeWithZone(moment, 'UTC'), '30.11.2026 11:05 (UTC+00:00, UTC)');
  });

  test('the simple stamp and the qualified one render in both formats (QR code included)', async () => {
    const simple = simpleSignatureStamp({ code: 'K7M29QXF3HRT', signerName: 'Свиридова Наталья Геннадьевна', signerPosition: 'Заведующий', signedAt: new Date('2026-11-30T11:05:00Z'), timeZone: 'Europe/Moscow', contentSha256: 'a'.repeat(64) }, 'https://nastavnik.example.ru/');
    assert.equal(simple.kind === 'stamp' && simple.qr, 'https://nastavnik.example.ru/verify/K7M29QXF3HRT');
    const qualified = qualifiedStamp({ certificateSerial: '0168D7B5', ownerName: 'Свиридова Наталья Геннадьевна', issuerName: 'Казначейство России', validFrom: new Date('2023-03-09T21:00:00Z'), validTo: new Date('2024-03-09T20:59:59Z'), signingTime: null, createdAt: new Date() }, 'Europe/Moscow');
    assert.deepEqual(qualified.kind === 'stamp' && qualified.lines.map((l) => `${l.label} ${l.value}`), ['Сертификат 23648181', 'Владелец Свиридова Наталья Геннадьевна', 'Действителен с 10.03.2023 по 09.03.2024']);
    const doc = { fileTitle: 'Штампы', body: [simple, qualified] };
    const [pdf, docx] = await Promise.all([renderPdf(doc), renderDocx(doc)]);
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.equal(docx.subarray(0, 2).toString(), 'PK');
    assert.equal(serialDecimal('29506604513842569967847282462287250401048067652'.length ? BigInt('29506604513842569967847282462287250401048067652').toString(16) : ''), '29506604513842569967847282462287250401048067652', 'the seed’s serial round-trips');
  });

  test('warnings: not valid on the signing date (or the upload date without one), someone other than the head', () => {
    const base = { certificateSerial: '01', ownerName: 'Свиридова Наталья Геннадьевна', issuerName: 'УЦ', validFrom: new Date('2023-03-10T00:00:00Z'), validTo: new Date('2024-03-09T20:59:59Z'), signingTime: new Date('2024-01-10T10:00:00Z'), createdAt: new Date('2026-11-30T10:00:00Z') };
    assert.deepEqual(qualifiedWarnings(base, 'СВИРИДОВА Наталья Геннадьевна', 'Europe/Moscow'), [], 'case and ё do not matter');
    assert.match(qualifiedWarnings({ ...base, signingTime: null }, 'Свиридова Наталья Геннадьевна', 'Europe/Moscow')[0]!, /не действовал на дату подписания 30\.11\.2026 \(в файле подписи нет времени подписания, взята дата загрузки\)/);
    assert.match(qualifiedWarnings({ ...base, signingTime: new Date('2024-06-01T00:00:00Z') }, 'Свиридова Наталья Геннадьевна', 'Europe/Moscow')[0]!, /не действовал на дату подписания 01\.06\.2024 \(время подписания из файла подписи\): он действителен с 10\.03\.2023 по 09\.03\.2024/);
    assert.deepEqual(qualifiedWarnings(base, 'Другая Вера Павловна', 'Europe/Moscow', 'В.П. Другая'), ['Сертификат выдан не тому, кто утвердил документ: владелец сертификата — Свиридова Наталья Геннадьевна, документ утвердил(а) В.П. Другая.']);
  });
});

describe('reading a detached signature', () => {
  test('DER and PEM: the serial, the owner (SN + G), the issuer, the validity and the signing time', async () => {
    const validFrom = new Date('2023-03-10T00:00:00Z');
    const validTo = new Date('2024-03-09T23:59:59Z');
    for (const pem of [false, true]) {
      const facts = readDetachedSignature(await makeDetachedSignature({ surname: 'Свиридова', given: 'Наталья Геннадьевна', validFrom, validTo, signingTime: new Date('2023-05-01T10:00:00Z'), serialHex: '00A1B2', issuer: 'Тестовый УЦ', pem }));
      assert.deepEqual(facts.certificate, { serialHex: 'A1B2', serialDecimal: '41394', ownerName: 'Свиридова Наталья Геннадьевна', ownerOrganization: 'МБДОУ № 50 «Алёнушка»', ownerTitle: 'Заведующий', issuerName: 'Тестовый УЦ', validFrom, validTo });
      assert.equal(facts.signingTime?.toISOString(), '2023-05-01T10:00:00.000Z');
    }
    const bare = await makeDetachedSignature({ surname: 'Иванов', given: 'Пётр', validFrom, validTo });
    assert.equal(readDetachedSignature(Buffer.from(bare.toString('base64'))).signingTime, null, 'bare base64, no signingTime');
  });

  test('anything else is refused with a Russian message', async () => {
    const good = await makeDetachedSignature({ surname: 'Иванов', given: 'Пётр', validFrom: new Date('2026-01-01'), validTo: new Date('2027-01-01') });
    for (const bad of [Buffer.from('%PDF-1.7'), Buffer.from([0x30, 0x03, 0x02, 0x01, 0x05]), good.subarray(0, good.length / 2), Buffer.alloc(0), Buffer.from('-----BEGIN PKCS7-----\n!!!\n-----END PKCS7-----')]) {
      assert.throws(() => readDetachedSignature(bad), (e: unknown) => e instanceof UnreadableSignatureError && /[а-яё]/.test((e as Error).message));
    }
  });
});
