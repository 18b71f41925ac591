import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The checkout: views/, public/, prisma/ and package.json are read from here. This file is
 * src/core/database/migrate.ts under tsx, and dist/src/core/database/migrate.js when compiled
 * (`npm run build`), which is one level deeper.
 */
export const projectRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  import.meta.url.endsWith('.js') ? '../../../..' : '../../..',
);
const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');

/** Environment for every Prisma CLI run: the offline engine stand-in and no network chatter. */
export function prismaCliEnv(databaseUrl: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PRISMA_SCHEMA_ENGINE_BINARY:
      process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? path.join(projectRoot, 'prisma/engine/schema-engine.mjs'),
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  };
}

/** Runs the real Prisma CLI (`prisma <args>`) and resolves with its output; rejects on a non-zero exit. */
export function runPrismaCli(args: string[], databaseUrl: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [prismaCli, ...args], {
      cwd: projectRoot,
      env: prismaCliEnv(databaseUrl),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`prisma ${args.join(' ')} завершилась с кодом ${code}:\n${output}`));
    });
  });
}

/** Applies pending migrations from prisma/migrations (`prisma migrate deploy`). */
export function migrateDeploy(databaseUrl: string): Promise<string> {
  return runPrismaCli(['migrate', 'deploy'], databaseUrl);
}
