import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import pg from 'pg';
import { z } from 'zod';
import { loadConfig } from '../../src/config/env.ts';
import { columnsSql, rowsOf } from '../../src/core/columns.ts';
import { hasPermission, PERMISSIONS } from '../../src/core/auth/permissions.ts';
import { databaseNameOf, withDatabase } from '../../src/core/database/urls.ts';
import { formatDate, formatDateTime, formatNumber, formatOneDecimal } from '../../src/core/format.ts';
import { todayIn } from '../../src/domain/dates.ts';
import { Prisma } from '../../src/generated/prisma/client.ts';
import { plural } from '../../src/domain/words.ts';
import { parseForm, requiredText, optionalEmail } from '../../src/core/forms.ts';
import { pageHref, pageOf } from '../../src/core/pagination.ts';
import { generateOneTimePassword, hashPassword, verifyPassword } from '../../src/core/passwords.ts';
import { safeReturnPath } from '../../src/modules/auth/auth.routes.ts';
import { parseRoadmap, ROADMAP_FILE, roadmapStages } from '../../src/modules/roadmap/roadmap.stages.ts';

describe('passwords', () => {
  test('argon2id hashes verify only the same password', async () => {
    const hash = await hashPassword('Верный-пароль-1');
    assert.match(hash, /^\$argon2id\$/);
    assert.equal(await verifyPassword(hash, 'Верный-пароль-1'), true);
    assert.equal(await verifyPassword(hash, 'верный-пароль-1'), false);
    assert.equal(await verifyPassword('not a hash', 'x'), false);
  });

  test('one-time passwords avoid look-alike characters and differ each time', () => {
    const a = generateOneTimePassword();
    assert.equal(a.length, 12);
    assert.doesNotMatch(a, /[0O1lI]/);
    assert.notEqual(a, generateOneTimePassword());
  });
});

describe('Russian formatting', () => {
  test('plural forms', () => {
    assert.equal(plural(1, ['педагог', 'педагога', 'педагогов']), 'педагог');
    assert.equal(plural(3, ['педагог', 'педагога', 'педагогов']), 'педагога');
    assert.equal(plural(11, ['педагог', 'педагога', 'педагогов']), 'педагогов');
    assert.equal(plural(21, ['педагог', 'педагога', 'педагогов']), 'педагог');
  });

  test('plural forms: whole numbers by arithmetic agree with Intl.PluralRules, fractions go through it', () => {
    const rules = new Intl.PluralRules('ru-RU');
    const forms = ['one', 'few', 'many'] as const;
    const expected = (n: number) => ({ one: 'one', few: 'few' })[rules.select(n) as 'one' | 'few'] ?? 'many';
    for (let n = -250; n <= 20_000; n++) assert.equal(plural(n, forms), expected(n), String(n));
    for (const n of [111_111, 1_000_001, 2_000_022, 0.5, 1.5, 2.25, 21.1, Number.MAX_SAFE_INTEGER]) assert.equal(plural(n, forms), expected(n), String(n));
  });

  test('dates in the organization time zone', () => {
    const d = new Date('2026-03-01T22:30:00Z');
    assert.equal(formatDate(d, 'Europe/Moscow'), '02.03.2026');
    assert.equal(formatDate(d, 'Europe/Kaliningrad'), '02.03.2026');
    assert.equal(formatDate(d, 'Asia/Vladivostok'), '02.03.2026');
    assert.equal(formatDateTime(d, 'Europe/Moscow'), '02.03.2026, 01:30');
    assert.equal(formatDate(null), '');
    // Formatted strings are kept per zone and moment: asked again, each zone still gets its own.
    assert.equal(formatDateTime(d, 'Asia/Vladivostok'), '02.03.2026, 08:30');
    assert.equal(formatDateTime(d, 'Europe/Moscow'), '02.03.2026, 01:30');
    assert.equal(formatDateTime(new Date(d.getTime() + 60_000), 'Europe/Moscow'), '02.03.2026, 01:31');
    assert.equal(formatDate(new Date('2026-03-01T20:59:59Z'), 'Europe/Moscow'), '01.03.2026');
    assert.throws(() => formatDate(new Date('not a date')), RangeError);
  });

  test('numbers: the digits below 1000 are what Intl writes, and it writes the rest', () => {
    const intl = new Intl.NumberFormat('ru-RU');
    for (let n = -1100; n <= 1100; n++) assert.equal(formatNumber(n), intl.format(n), String(n));
    for (const n of [-0, 0.5, 999.5, 12_345, 1_000_000, NaN, Infinity]) assert.equal(formatNumber(n), intl.format(n), String(n));
    assert.equal(formatNumber(12_345), '12\u00a0345');
  });

  test('today in a zone: kept for its minute, never across midnight', () => {
    const moscowMidnight = Date.parse('2026-03-01T21:00:00Z');
    assert.equal(todayIn('Europe/Moscow', new Date(moscowMidnight - 1)), '2026-03-01');
    assert.equal(todayIn('Europe/Moscow', new Date(moscowMidnight)), '2026-03-02');
    assert.equal(todayIn('Europe/Moscow', new Date(moscowMidnight - 1)), '2026-03-01');
    assert.equal(todayIn('Asia/Kolkata', new Date('2026-03-01T18:29:59Z')), '2026-03-01'); // +05:30
    assert.equal(todayIn('Asia/Kolkata', new Date('2026-03-01T18:30:00Z')), '2026-03-02');
    assert.equal(todayIn('Asia/Vladivostok', new Date(moscowMidnight)), '2026-03-02');
    assert.equal(todayIn('Europe/Moscow', new Date('1880-01-01T12:00:00Z')), '1880-01-01');
    assert.throws(() => todayIn('Europe/Moscow', new Date('not a date')), RangeError);
  });

  test('formatNumber: the counts it keeps read as Intl writes them, twice over; other numbers as well', () => {
    const intl = new Intl.NumberFormat('ru-RU');
    for (const n of [0, -0, 1, 7, 999, 1000, 1234, 9999, 10_000, 123_456, -5, 2.5, 1e21, NaN, Infinity]) {
      assert.equal(formatNumber(n), intl.format(n), String(n));
      assert.equal(formatNumber(n), intl.format(n), `${n}, again`);
    }
  });

  test('formatOneDecimal: the tenths it keeps read as Intl writes them, twice over; other numbers as well', () => {
    const intl = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 1 });
    const tenths = Array.from({ length: 20_001 }, (_, i) => (i - 10_000) / 10);
    for (const n of [...tenths, -0, 0.1 + 0.2, 0.05, 7.25, -12.35, 999.95, 1000, 1234.5, 1e21, NaN, Infinity, -Infinity]) {
      assert.equal(formatOneDecimal(n), intl.format(n), String(n));
      assert.equal(formatOneDecimal(n), intl.format(n), `${n}, again`);
    }
    assert.equal(formatOneDecimal(4.5), '4,5');
  });
});

describe('forms', () => {
  const Schema = z.object({ name: requiredText('ФИО', 10), email: optionalEmail, password: z.string().min(3) });

  test('collects one Russian message per field and keeps values except passwords', () => {
    const result = parseForm(Schema, { name: '   ', email: 'not-an-email', password: 'x', _csrf: 't' });
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.errors.name, 'Заполните поле «ФИО»');
    assert.match(result.errors.email!, /name@example\.ru/);
    assert.ok(result.errors.password, 'zod default messages are Russian too');
    assert.match(result.errors.password!, /[а-я]/i);
    assert.deepEqual(result.values, { name: '   ', email: 'not-an-email' });
  });

  test('trims and accepts valid input', () => {
    const result = parseForm(Schema, { name: ' Иванова ', email: '', password: 'abc' });
    assert.deepEqual(result, { ok: true, data: { name: 'Иванова', email: '', password: 'abc' } });
  });
});

describe('pagination', () => {
  test('clamps the page into range', () => {
    assert.deepEqual(pageOf(0, 5), { page: 1, pages: 1, total: 0, perPage: 25, skip: 0 });
    assert.equal(pageOf(51, 3).page, 3);
    assert.equal(pageOf(51, 9).page, 3);
    assert.equal(pageOf(51, 2).skip, 25);
  });

  test('links keep filters and drop empty ones', () => {
    assert.equal(pageHref('/users', { q: 'Иван', role: undefined }, 2), '/users?q=%D0%98%D0%B2%D0%B0%D0%BD&page=2');
    assert.equal(pageHref('/users', {}, 1), '/users');
  });
});

describe('columns', () => {
  test('rows from column arrays; the nulls of no rows are no rows', () => {
    assert.deepEqual(rowsOf<{ id: number; name: string }>({ id: [3, 1], name: ['в', 'а'] }), [{ id: 3, name: 'в' }, { id: 1, name: 'а' }]);
    assert.deepEqual(rowsOf<{ id: number; name: string }>({ id: null, name: null }), []);
  });
  test('every column aggregated in the same order; a name is a plain word', () => {
    const sql = columnsSql({ id: Prisma.sql`t.id`, name: Prisma.sql`t.name` }, Prisma.sql`t."sortOrder", t.id`);
    assert.equal(sql.text, `json_build_object('id', array_agg(t.id ORDER BY t."sortOrder", t.id),'name', array_agg(t.name ORDER BY t."sortOrder", t.id))`);
    assert.throws(() => columnsSql({ "x') , (select 1": Prisma.sql`1` }, Prisma.sql`1`));
  });
});

describe('permissions', () => {
  test('only administrators manage users and the organization', () => {
    assert.equal(hasPermission('ADMIN', 'users:manage'), true);
    for (const role of ['HEAD', 'METHODIST', 'TEACHER'] as const) assert.equal(hasPermission(role, 'users:manage'), false);
    assert.deepEqual([...PERMISSIONS['audit:read']].sort(), ['ADMIN', 'HEAD']);
  });
});

describe('return path after login', () => {
  test('only local paths are followed', () => {
    assert.equal(safeReturnPath('/users?page=2'), '/users?page=2');
    assert.equal(safeReturnPath('//evil.example/'), '/');
    assert.equal(safeReturnPath('/\\evil.example'), '/');
    assert.equal(safeReturnPath('https://evil.example/'), '/');
    assert.equal(safeReturnPath(undefined), '/');
  });
});

describe('configuration', () => {
  test('defaults and clear errors', () => {
    const config = loadConfig({});
    assert.equal(config.PORT, 3000);
    assert.equal(config.HOST, '127.0.0.1');
    assert.equal(config.DATABASE_URL, undefined);
    assert.equal(config.trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: '1' }).trustProxy, 1);
    assert.throws(() => loadConfig({ PORT: 'abc' }), /PORT/);
    assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL/);
    assert.throws(() => loadConfig({ SESSION_SECRET: 'short' }), /SESSION_SECRET/);
  });
});

describe('roadmap from the seed', () => {
  test('seven stages with titles and activities', () => {
    const stages = roadmapStages();
    assert.equal(stages.length, 7);
    assert.deepEqual(stages.map((s) => s.number), [1, 2, 3, 4, 5, 6, 7]);
    assert.equal(stages[1]!.title, 'Формирование банка наставляемых');
    assert.equal(stages[4]!.activities.length, 3);
    assert.equal(stages[1]!.summary, 'Сбор информации о профессиональных запросах педагогов.');
    for (const stage of stages) assert.doesNotMatch(stage.activities.join(' '), /<\/?p>/);
  });

  test('the bundled copy is the shared seed document (where ../shared is beside the checkout)', () => {
    const sharedSeed = path.resolve('../shared/seed/roadmap.txt');
    const seed = fs.existsSync(sharedSeed) ? fs.readFileSync(sharedSeed, 'utf8') : fs.readFileSync(ROADMAP_FILE, 'utf8');
    assert.equal(fs.readFileSync(ROADMAP_FILE, 'utf8'), seed);
    assert.equal(parseRoadmap(seed).length, 7);
  });
});

describe('database URLs', () => {
  test('withDatabase keeps the Unix-socket directory (?host=) of the embedded server; pg connects there with the port as socket name', () => {
    const server = 'postgresql://nastavnik:p%40ss@127.0.0.1:54329/postgres?host=%2Fsrv%2Fnastavnik%2Cdata%2Fpg';
    const url = withDatabase(server, 'nastavnik_test');
    assert.equal(url, 'postgresql://nastavnik:p%40ss@127.0.0.1:54329/nastavnik_test?host=%2Fsrv%2Fnastavnik%2Cdata%2Fpg');
    assert.equal(databaseNameOf(url), 'nastavnik_test');
    const client = new pg.Client({ connectionString: url }); // parses, does not connect
    assert.deepEqual([client.host, client.port, client.database, client.password], ['/srv/nastavnik,data/pg', 54329, 'nastavnik_test', 'p@ss']);
  });
});
