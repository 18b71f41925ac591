import { after, before } from 'node:test';
import { fillDemo } from '../../prisma/demo.ts';
import { testApp, type TestApp } from './app.ts';
import { freshDatabase } from './database.ts';

/**
 * A suite on its own database filled with the demo (the figures and to-do lists are read as the demo's people
 * see them): registers the suite's before/after and returns the handles, live once `before` has run.
 */
export function demoSuite(password: string) {
  const suite = {} as { fresh: Awaited<ReturnType<typeof freshDatabase>>; app: TestApp; demo: Awaited<ReturnType<typeof fillDemo>> };
  before(async () => {
    suite.fresh = await freshDatabase();
    suite.app = testApp({ db: suite.fresh.db });
    suite.demo = await fillDemo(suite.fresh.db, password);
  });
  after(async () => {
    await suite.app.close();
    await suite.fresh.drop();
  });
  return suite;
}
