/**
 * The yardstick: the least code that does the same data work as the portal's users list
 * (count + first 25 of one organization ordered by ФИО, same columns as listUsers) and renders
 * it with EJS. Plain Express 5 + pg Pool: no session, no auth, no ORM, no helmet, no logging.
 */
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import pg from 'pg';

const PER_PAGE = 25;
const ROLE_LABELS: Record<string, string> = {
  ADMIN: 'Администратор',
  HEAD: 'Заведующий',
  METHODIST: 'Методист (куратор наставничества)',
  TEACHER: 'Педагог',
};

export interface Baseline {
  url: string;
  pool: pg.Pool;
  close(): Promise<void>;
}

export async function startBaseline(databaseUrl: string, organizationId: number, poolSize = 10): Promise<Baseline> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, idleTimeoutMillis: 30_000 });
  pool.on('error', () => {});
  const dateTime = new Intl.DateTimeFormat('ru-RU', {
    timeZone: 'Europe/Moscow', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit',
  });

  const app = express();
  app.set('views', path.dirname(fileURLToPath(import.meta.url)));
  app.set('view engine', 'ejs');
  app.set('view cache', true);
  app.disable('x-powered-by');

  app.get('/users', async (req, res) => {
    const q = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 100) : '';
    const requested = Math.max(1, Number.parseInt(String(req.query.page ?? '1'), 10) || 1);
    // Same filter as Prisma's `contains` + `mode: 'insensitive'` on fullName OR login.
    const params: unknown[] = [organizationId];
    let where = `"organizationId" = $1`;
    if (q) {
      params.push(`%${q.replace(/[\\%_]/g, '\\$&')}%`);
      where += ` AND ("fullName" ILIKE $2 OR login ILIKE $2)`;
    }
    const { rows: countRows } = await pool.query<{ count: string }>(`SELECT count(*) FROM "User" WHERE ${where}`, params);
    const total = Number(countRows[0]!.count);
    const pages = Math.max(1, Math.ceil(total / PER_PAGE));
    const page = Math.min(requested, pages);
    const { rows: users } = await pool.query(
      `SELECT id, login, "fullName", role, active, "lastLoginAt" FROM "User" WHERE ${where}
       ORDER BY "fullName" ASC, id ASC LIMIT ${PER_PAGE} OFFSET ${(page - 1) * PER_PAGE}`,
      params,
    );
    res.render('baseline', { users, total, page, pages, roleLabels: ROLE_LABELS, formatDateTime: (d: Date) => dateTime.format(d) });
  });

  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as import('node:net').AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    pool,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), 2000);
      await closed;
      clearTimeout(force);
      await pool.end();
    },
  };
}
