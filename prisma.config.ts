import { defineConfig, env } from 'prisma/config';
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://x@127.0.0.1:1/x' },
});
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= new URL('./prisma/engine/schema-engine.mjs', import.meta.url).pathname;
