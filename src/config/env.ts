import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** CITY_FIGURES_MAX_AGE_SECONDS when unset (also for apps built without the environment: tests, benchmarks). */
export const CITY_FIGURES_MAX_AGE_DEFAULT = 300;

/** Every environment variable the portal reads; README lists the same set. */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** PostgreSQL to use; when absent an embedded server is started in DATA_DIR. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  /** How long after an unexpected stop of the embedded PostgreSQL the portal first tries to start it again. */
  EMBEDDED_PG_RESTART_DELAY_MS: z.coerce.number().int().min(100).max(60_000).default(1_000),
  /** Secret for signing the session cookie; generated and kept in DATA_DIR when absent. */
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET: не короче 32 символов / at least 32 characters').optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(60),
  /**
   * The portal's address as people reach it (https://nastavnik.example.ru), no trailing slash: links in mails, the
   * full addresses documents print (the public page /p/<slug> in the consents) and the /verify/<code> link with
   * its QR code on signed documents. Unset: mail links use http://HOST:PORT, signed documents the address the
   * file was downloaded from, consents print the path only.
   */
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'PUBLIC_URL: адрес портала целиком, например https://nastavnik.example.ru / a full http(s) URL' })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  /** Express "trust proxy" setting: set to 1 (or a list of addresses) behind an HTTPS reverse proxy. */
  TRUST_PROXY: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Time of day (server's local time, HH:MM) of the nightly backup into DATA_DIR/backups; "off" disables it. */
  BACKUP_AT: z
    .string()
    .trim()
    .regex(/^(off|([01]?\d|2[0-3]):[0-5]\d)$/i, 'BACKUP_AT: время ЧЧ:ММ (например 03:00) или off / HH:MM or off')
    .default('03:00'),
  /** Backups older than this many days are deleted after each new one (the newest always stays). */
  BACKUP_KEEP_DAYS: z.coerce.number().int().min(1).max(3650).default(14),
  /** Outgoing mail: a whole URL (smtp://user:password@host:587, smtps://… for TLS from the start)… */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'SMTP_URL: адрес вида smtp://логин:пароль@сервер:587 или smtps://… / an smtp(s) URL' }).optional(),
  /** …or its parts. Without SMTP_URL and SMTP_HOST the portal sends no mail: notifications stay in the portal. */
  SMTP_HOST: z.string().trim().min(1).optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  /** The sender of the portal's mail, e.g. «Наставник <nastavnik@ds50.ru>». */
  SMTP_FROM: z.string().trim().min(3).optional(),
  /** Time of day (the organization's own time zone, HH:MM) of the daily digest of notifications. */
  DIGEST_AT: z
    .string()
    .trim()
    .regex(/^([01]?\d|2[0-3]):00$/, 'DIGEST_AT: час ЧЧ:00 (например 08:00) / a whole hour HH:00')
    .default('08:00'),
  /**
   * How old (seconds) a kindergarten's figures on the city page may be before a view computes them anew
   * (src/modules/city/city.figures.ts); 0 = computed at every view.
   */
  CITY_FIGURES_MAX_AGE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(CITY_FIGURES_MAX_AGE_DEFAULT),
});

export type Env = z.infer<typeof EnvSchema>;

export type Config = Env & { dataDir: string; trustProxy: boolean | number | string; publicUrl: string };

/**
 * Reads `.env` (made from the commented `.env.example`) into process.env, if the file exists. Variables
 * already set in the environment win over the file. Returns whether a file was read.
 */
export function loadEnvFile(file = path.resolve('.env')): boolean {
  if (!fs.existsSync(file)) return false;
  process.loadEnvFile(file);
  return true;
}

/** The settings; without an explicit source, from the environment and `.env`. */
export function loadConfig(source?: NodeJS.ProcessEnv): Config {
  if (!source) loadEnvFile();
  const parsed = EnvSchema.safeParse(source ?? process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Неверные переменные окружения / invalid environment:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  if (env.SMTP_HOST && env.SMTP_URL) throw new Error('Неверные переменные окружения / invalid environment:\n  SMTP_URL и SMTP_HOST заданы оба: оставьте одно / set only one of them');
  const publicUrl = (env.PUBLIC_URL ?? `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${env.PORT}`).replace(/\/+$/, '');
  return { ...env, dataDir: path.resolve(env.DATA_DIR), trustProxy: parseTrustProxy(env.TRUST_PROXY), publicUrl };
}

function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}
