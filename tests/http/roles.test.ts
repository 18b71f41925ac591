/**
 * The role matrix, from the permission table itself: every route of the app (read off Express's router
 * stack, with the gates in front of it — route gates and the routers' `use` gates, which carry what they
 * admit, see core/auth/middleware.ts) is requested by every role and by an anonymous visitor, and what
 * happens is compared with PERMISSIONS (src/core/auth/permissions.ts):
 *
 * - a role without the permission gets 403 (the «Доступ запрещён» page), before anything is looked up;
 * - an anonymous visitor is sent to /login;
 * - a role with it gets anything but 403, a redirect to /login or a 5xx — for a made-up id that is usually
 *   404; a page without parameters opens (or asks for its query: 422).
 *
 * A new route is checked without being listed here; a route without any gate fails unless it is one of the
 * few public routes below. Who sees which record (a teacher's own pairs, orders, consents) is participation,
 * tested in each module's file.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Express } from 'express';
import type { GateRule } from '../../src/core/auth/middleware.ts';
import { hasPermission, PERMISSIONS } from '../../src/core/auth/permissions.ts';
import type { Role } from '../../src/generated/prisma/enums.ts';
import { anonymousAgent, loginAs, testApp, type Agent } from '../helpers/app.ts';
import { sharedDatabase } from '../helpers/database.ts';
import { createOrganizationWithStaff, createStaffMember, createUser, uniq } from '../helpers/factories.ts';

const { prisma } = sharedDatabase();
const app = testApp();

after(async () => {
  await app.close();
  await sharedDatabase().close();
});

/**
 * Routes without a gate, on purpose: the health check, the public check of a signed document, the
 * organization's public page with its news, feeds and public collection items' files (/p/<slug>: nothing but
 * what may be public), first-run setup and signing in and out, and a user's calendar feed (its secret token is the key).
 */
const PUBLIC = ['GET /health', 'GET /events/calendar/:file', 'GET /verify/:code', 'GET /p/:slug', 'GET /p/:slug/news/:id', 'GET /p/:slug/news/:id/cover.jpg', 'GET /p/:slug/collection/:id/files/:fileId', 'GET /p/:slug/feed.xml', 'GET /p/:slug/atom.xml', 'GET /setup', 'POST /setup', 'GET /login', 'POST /login', 'POST /logout'];

const ROLES: Role[] = ['ADMIN', 'HEAD', 'METHODIST', 'TEACHER', 'CITY'];

/**
 * The one redirect instead of a refusal: the kindergarten's home `/` sends the city specialist to the city
 * page (src/modules/city) — it is where they land after signing in.
 */
const REDIRECTED: Partial<Record<Role, Record<string, string>>> = { CITY: { 'GET /': '/city' } };

interface RouteInfo {
  method: 'GET' | 'POST';
  path: string;
  gates: GateRule[];
}

type Layer = {
  route?: { path: string; methods: Record<string, boolean>; stack: Layer[] };
  handle: { stack?: Layer[]; gate?: GateRule };
  rawPath?: string;
};

/** Does a `use` layer mounted at `mount` see requests for `path`? */
const mountedOver = (mount: string, path: string) => mount === '/' || path === mount || path.startsWith(`${mount}/`);

/**
 * Every route in the order Express meets it, with the gates a request passes on its way there: the `use`
 * gates met before it (in any router: a router's `use('/staff', …)` sees every /staff request) and the
 * route's own.
 */
function routesOf(express: Express): RouteInfo[] {
  const routes: RouteInfo[] = [];
  const useGates: { mount: string; gate: GateRule }[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const path = prefix + layer.route.path;
        const own = layer.route.stack.map((l) => l.handle.gate).filter((g): g is GateRule => g !== undefined);
        const gates = [...useGates.filter((u) => mountedOver(u.mount, path)).map((u) => u.gate), ...own];
        for (const method of Object.keys(layer.route.methods)) routes.push({ method: method.toUpperCase() as 'GET' | 'POST', path, gates });
      } else if (layer.handle.stack) {
        walk(layer.handle.stack, prefix + (layer.rawPath === '/' ? '' : (layer.rawPath ?? '')));
      } else if (layer.handle.gate) {
        useGates.push({ mount: prefix + (layer.rawPath ?? '/'), gate: layer.handle.gate });
      }
    }
  };
  walk((express as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return routes;
}

/** The route's path with its parameters filled: ids that do not exist, real words where a word is expected. */
function concrete(path: string): string {
  const value: Record<string, string> = { format: 'pdf', kind: 'personal-data', key: 'q1', size: 'vk' };
  return path.replace(/:(\w+)/g, (_, name: string) => value[name] ?? '2147483000');
}

function admits(gates: GateRule[], role: Role): boolean {
  return gates.every((g) => 'signedIn' in g || g.anyOf.some((p) => hasPermission(role, p)));
}

const label = (r: RouteInfo) => `${r.method} ${r.path}`;

let routes: RouteInfo[];
const agents = {} as Record<Role | 'anonymous', Agent>;
const users = {} as Record<Role, { login: string }>;

before(async () => {
  routes = routesOf(app);
  const org = await createOrganizationWithStaff(prisma);
  // Staff members with accounts, as in a real kindergarten (their own consents, questionnaires, orders).
  for (const user of [org.head, org.methodist, org.teacher]) {
    const card = await createStaffMember(prisma, org.organization.id);
    await prisma.user.update({ where: { id: user.id }, data: { staffMemberId: card.id } });
  }
  // The city specialist belongs to an education authority, never to a kindergarten.
  const authority = await prisma.organization.create({ data: { slug: `uo-${uniq()}`, shortName: 'Управление образования', fullName: 'Управление образования', kind: 'AUTHORITY' } });
  const city = await createUser(prisma, authority.id, { role: 'CITY' });
  agents.anonymous = await anonymousAgent(app);
  for (const role of ROLES) {
    users[role] = role === 'CITY' ? city : org[role.toLowerCase() as 'admin' | 'head' | 'methodist' | 'teacher'];
    agents[role] = await loginAs(app, users[role]);
  }
});

describe('the role matrix', () => {
  test('every route is found, behind a gate that names its permissions — or public on purpose', () => {
    assert.ok(routes.length >= 100, `only ${routes.length} routes found: is the router stack read right?`);
    const ungated = routes.filter((r) => r.gates.length === 0).map(label);
    assert.deepEqual(ungated.sort(), [...PUBLIC].sort(), 'a route without a gate (requirePermission / requireUser) that is not public on purpose');
    const known = new Set(Object.keys(PERMISSIONS));
    for (const r of routes) for (const g of r.gates) if ('anyOf' in g) for (const p of g.anyOf) assert.ok(known.has(p), `${label(r)}: unknown permission ${p}`);
    // Every permission guards something (a permission nobody checks is a leftover or a missing gate).
    const used = new Set<string>(routes.flatMap((r) => r.gates.flatMap((g) => ('anyOf' in g ? g.anyOf : []))));
    for (const p of known) assert.ok(used.has(p), `permission ${p} guards no route`);
  });

  for (const who of ['anonymous', ...ROLES] as const) {
    test(`every route as ${who === 'anonymous' ? 'an anonymous visitor' : who}`, async () => {
      const agent = agents[who];
      const problems: string[] = [];
      // Signing in and out last: they change the session the other requests use.
      const order = [...routes.filter((r) => !PUBLIC.includes(label(r))), ...routes.filter((r) => PUBLIC.includes(label(r)) && label(r) !== 'POST /logout'), ...routes.filter((r) => label(r) === 'POST /logout')];
      for (const route of order) {
        const url = concrete(route.path);
        const res = route.method === 'GET' ? await agent.get(url) : await agent.post(url).type('form').send({ _csrf: agent.csrf });
        const where = `${route.method} ${url} → ${res.status}${res.headers.location ? ` ${res.headers.location}` : ''}`;
        if (res.status >= 500) {
          problems.push(`${where}: server error`);
          continue;
        }
        if (PUBLIC.includes(label(route))) {
          if (res.status === 403) problems.push(`${where}: a public route refused`);
          continue;
        }
        if (who === 'anonymous') {
          if (res.status !== 303 || res.headers.location !== '/login') problems.push(`${where}: expected the login page`);
        } else if (REDIRECTED[who]?.[label(route)]) {
          if (res.status !== 303 || res.headers.location !== REDIRECTED[who]![label(route)]) problems.push(`${where}: expected the redirect to ${REDIRECTED[who]![label(route)]}`);
        } else if (!admits(route.gates, who)) {
          if (res.status !== 403) problems.push(`${where}: expected 403 (${JSON.stringify(route.gates)})`);
          else if (!/Доступ запрещён/.test(res.text)) problems.push(`${where}: 403 without the «Доступ запрещён» page`);
        } else if (res.status === 403 || res.headers.location === '/login') {
          problems.push(`${where}: the role has the permission (${JSON.stringify(route.gates)})`);
        } else if (route.method === 'GET' && !route.path.includes(':') && res.status >= 400 && res.status !== 422) {
          // (422: a download that asks for its query, e.g. the month of /pairs/payroll.xlsx)
          problems.push(`${where}: a page without parameters should open`);
        }
      }
      assert.deepEqual(problems, [], `${problems.length} of ${routes.length} routes disagree with PERMISSIONS:\n${problems.join('\n')}`);
    });
  }

  test('the menu offers each role exactly the sections it may open', async () => {
    const menus = new Map<Role, Set<string>>();
    for (const role of ROLES) {
      // Signed in afresh: the matrix above signed every agent out at the end.
      const agent = await loginAs(app, users[role]);
      const first = await agent.get('/');
      const home = first.status === 303 ? (await agent.get(first.headers.location!)).text : first.text;
      const nav = /<nav class="main-nav"[\s\S]*?<\/nav>/.exec(home)?.[0] ?? '';
      menus.set(role, new Set([...nav.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!)));
    }
    const sections = new Set([...menus.values()].flatMap((m) => [...m]));
    assert.ok(sections.size >= 10, [...sections].join(' '));
    for (const href of sections) {
      const route = routes.find((r) => r.method === 'GET' && r.path === href);
      assert.ok(route, `the menu links ${href}, which is no route`);
      for (const role of ROLES) {
        // The logo links home for everyone; the city specialist's home sends them to /city.
        if (REDIRECTED[role]?.[`GET ${href}`]) continue;
        assert.equal(menus.get(role)!.has(href), admits(route.gates, role), `${role}: the menu ${menus.get(role)!.has(href) ? 'offers' : 'hides'} ${href}`);
      }
    }
  });
});
