import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Express } from 'express';
import pino from 'pino';
import supertest from 'supertest';
import { createApp } from '../../src/app.ts';
import type { Database } from '../../src/core/database/client.ts';
import { createLogger, type Logger } from '../../src/core/logger.ts';
import type { LoginThrottleOptions } from '../../src/core/throttle.ts';
import { sharedDatabase } from './database.ts';
import { TEST_PASSWORD, uniq } from './factories.ts';

export const TEST_SETUP_TOKEN = 'test-setup-token-123';

/** Uploaded files of this test process; removed when it exits. */
export const TEST_UPLOADS_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'nastavnik-uploads-'));
process.on('exit', () => fs.rmSync(TEST_UPLOADS_DIR, { recursive: true, force: true }));

export type TestApp = Express & { close(): Promise<void> };

/**
 * The real Express app on a real test database. Throttle counters get a prefix of their own. The city page's
 * figures may be as old as the portal's default allows unless `cityFiguresMaxAgeSeconds` says otherwise.
 */
export function testApp(
  options: { db?: Database; loginThrottle?: Partial<LoginThrottleOptions>; logger?: Logger; uploadsDir?: string; publicUrl?: string; cityFiguresMaxAgeSeconds?: number } = {},
): TestApp {
  return createApp({
    config: {
      NODE_ENV: 'test',
      SESSION_IDLE_MINUTES: 60,
      trustProxy: false,
      sessionSecret: 'test-secret-'.padEnd(40, 'x'),
      uploadsDir: options.uploadsDir ?? TEST_UPLOADS_DIR,
      publicUrl: options.publicUrl,
      CITY_FIGURES_MAX_AGE_SECONDS: options.cityFiguresMaxAgeSeconds,
    },
    db: options.db ?? sharedDatabase(),
    logger: options.logger ?? createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    setupToken: TEST_SETUP_TOKEN,
    loginThrottle: { prefix: uniq('t'), perIp: 1000, ...options.loginThrottle },
  });
}

/** A log line as the tests read it (pino's JSON). */
export interface LogLine {
  level: number;
  msg: string;
  req?: { id?: string; method?: string; path?: string };
  res?: { statusCode?: number };
  err?: { message?: string };
  responseTime?: number;
  userId?: number;
}

/** An app whose log lines (level info and above) are kept, to check what was logged and with which request id. */
export function appWithMemoryLog(options: Parameters<typeof testApp>[0] = {}) {
  const lines: LogLine[] = [];
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      callback();
    },
  });
  const app = testApp({ ...options, logger: pino({ level: 'info' }, sink) as unknown as Logger });
  const loggedFor = (requestId: string) => lines.filter((l) => l.req?.id === requestId);
  return { app, lines, loggedFor };
}

/** Reads the CSRF token out of a rendered form. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token on the page');
  return match[1]!;
}

export type Agent = ReturnType<typeof supertest.agent> & { csrf: string };

/** An anonymous browser-like client holding cookies, with a CSRF token from the login page. */
export async function anonymousAgent(app: Express): Promise<Agent> {
  const agent = supertest.agent(app) as Agent;
  const page = await agent.get('/login');
  agent.csrf = csrfFrom(page.text);
  return agent;
}

/** Logs in through the real form and keeps the session's CSRF token for later POSTs. */
export async function loginAs(app: Express, user: { login: string }, password = TEST_PASSWORD): Promise<Agent> {
  const agent = await anonymousAgent(app);
  const res = await agent.post('/login').type('form').send({ username: user.login, password, _csrf: agent.csrf });
  if (res.status !== 303) throw new Error(`login as ${user.login} failed: ${res.status}`);
  // The session was regenerated at login: take the new token from a page with a form.
  const page = await agent.get('/profile/password');
  agent.csrf = csrfFrom(page.text);
  return agent;
}

/** A form POST as the browser sends it: urlencoded, with the agent's CSRF token. */
export function postForm(agent: Agent, path: string, body: Record<string, unknown> = {}) {
  return agent.post(path).type('form').send({ _csrf: agent.csrf, ...body });
}
