import assert from 'node:assert/strict';
import { test } from 'node:test';
import express, { Router } from 'express';
import supertest from 'supertest';
import { dispatchByFirstSegment, dispatchedInOrder, inOrder } from '../../src/core/route-dispatch.ts';

/** Each router answers with its name; `seen` lists the routers (and middleware) a request passed through. */
function app() {
  const seen: string[] = [];
  const users = Router();
  users.use('/users', (_req, _res, next) => (seen.push('users gate'), next()));
  users.get('/users', (_req, res) => void res.send('users'));
  users.get('/users/:id', (req, res) => void res.send(`user ${req.params.id}`));
  const anyFirst = Router();
  anyFirst.get('/:slug.txt', (req, res) => void res.send(`text ${req.params.slug}`));
  const everywhere = Router();
  everywhere.use((req, _res, next) => (seen.push(`everywhere ${req.path}`), next()));
  const nested = Router();
  const inner = Router();
  inner.get('/programmes/templates', (_req, res) => void res.send('templates'));
  nested.use(inner);
  nested.get('/', (_req, res) => void res.send('home'));
  const gate: express.RequestHandler = (req, _res, next) => (seen.push(`gate ${req.path}`), next());
  const a = express();
  for (const h of dispatchedInOrder([users, gate, everywhere, anyFirst, nested])) a.use(h);
  a.use((_req, res) => void res.status(404).send('none'));
  return { a, seen };
}

test('a request reaches the router of its first segment, the middleware at / and the routers starting with a parameter', async () => {
  const { a, seen } = app();
  assert.equal((await supertest(a).get('/users')).text, 'users');
  assert.equal((await supertest(a).get('/USERS/7')).text, 'user 7', 'case-insensitive like Express');
  assert.equal((await supertest(a).get('/users/')).text, 'users', 'a trailing slash as before');
  assert.deepEqual(seen.splice(0), ['users gate', 'users gate', 'users gate']);
  assert.equal((await supertest(a).get('/readme.txt')).text, 'text readme');
  assert.deepEqual(seen.splice(0), ['gate /readme.txt', 'everywhere /readme.txt']);
  assert.equal((await supertest(a).get('/programmes/templates')).text, 'templates', 'a nested router is read through');
  assert.equal((await supertest(a).get('/')).text, 'home');
  assert.equal((await supertest(a).get('/nothing/here')).text, 'none');
  assert.deepEqual(seen.splice(0), ['gate /programmes/templates', 'everywhere /programmes/templates', 'gate /', 'everywhere /', 'gate /nothing/here', 'everywhere /nothing/here']);
});

test('the dispatcher shows every router’s layers as its stack (the role matrix reads it)', () => {
  const one = Router();
  one.get('/a', (_req, res) => void res.send('a'));
  const two = Router();
  two.get('/b', (_req, res) => void res.send('b'));
  const stack = (dispatchByFirstSegment([one, two]) as unknown as { stack: { handle: unknown }[] }).stack;
  assert.deepEqual(stack.map((l) => l.handle), [one, two]);
});

test('inOrder runs its middleware in order as one layer; an error, a throw or a rejected promise skips the rest', async () => {
  const seen: string[] = [];
  const step = (name: string): express.RequestHandler => (_req, _res, next) => (seen.push(name), next());
  const a = express();
  a.use(
    inOrder(step('one'), async (_req, _res, next) => {
      await Promise.resolve();
      seen.push('async');
      next();
    }, step('two')),
  );
  a.get('/ok', (_req, res) => void res.send(seen.join(' ')));
  a.use('/fails', inOrder(step('before'), (_req, _res, next) => next(new Error('passed')), step('skipped')));
  a.use('/throws', inOrder(() => {
    throw new Error('thrown');
  }, step('skipped')));
  a.use('/rejects', inOrder(async () => {
    throw new Error('rejected');
  }, step('skipped')));
  a.use((error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => void res.status(500).send(error.message));
  assert.equal((await supertest(a).get('/ok')).text, 'one async two');
  seen.length = 0;
  assert.equal((await supertest(a).get('/fails')).text, 'passed');
  assert.equal((await supertest(a).get('/throws')).text, 'thrown');
  assert.equal((await supertest(a).get('/rejects')).text, 'rejected');
  assert.ok(!seen.includes('skipped'), seen.join(' '));
});
