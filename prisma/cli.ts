/**
 * `npm run prisma -- <prisma arguments>`: the Prisma CLI pointed at the portal's database — DATABASE_URL,
 * or the embedded server in DATA_DIR (started for the duration of the command, or shared if the portal
 * is running) — with the offline schema-engine stand-in. Example: `npm run prisma -- migrate dev --name add_x`.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { loadConfig } from '../src/config/env.ts';
import { createDatabase, databaseExists } from '../src/core/database/admin.ts';
import { startEmbeddedPostgres } from '../src/core/database/embedded.ts';
import { prismaCliEnv, projectRoot } from '../src/core/database/migrate.ts';
import { databaseNameOf, withDatabase } from '../src/core/database/urls.ts';

async function main() {
  const config = loadConfig();
  const embedded = config.DATABASE_URL ? null : await startEmbeddedPostgres({ dir: config.dataDir, port: config.EMBEDDED_PG_PORT });
  const url = config.DATABASE_URL ?? withDatabase(embedded!.serverUrl, 'nastavnik');
  try {
    if (!(await databaseExists(url, databaseNameOf(url)).catch(() => true))) await createDatabase(url, databaseNameOf(url));
    const cli = createRequire(import.meta.url).resolve('prisma/build/index.js');
    const child = spawn(process.execPath, [cli, ...process.argv.slice(2)], { cwd: projectRoot, env: prismaCliEnv(url), stdio: 'inherit' });
    process.exitCode = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  } finally {
    await embedded?.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
