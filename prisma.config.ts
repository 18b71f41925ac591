import { defineConfig } from 'prisma/config';
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: {
    // A placeholder lets `prisma generate` and `migrate diff --from-empty` run with no database at all.
    url: process.env.DATABASE_URL ?? 'postgresql://x@127.0.0.1:1/x',
    // Optional: a scratch database for `migrate dev` / `migrate diff --from-migrations`; without it the
    // engine creates and drops a temporary one (needs the CREATEDB privilege).
    shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL,
  },
});
// The offline schema-engine stand-in (prisma/engine/README.md): Prisma's native engine cannot be downloaded here.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= new URL('./prisma/engine/schema-engine.mjs', import.meta.url).pathname;
