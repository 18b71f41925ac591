/**
 * The shape of src/, checked by `npm test` (tests/unit/architecture.test.ts):
 *   domain/  shared vocabulary (names, dates, money, labels, the event catalogue) — imports nothing of ours;
 *   core/    mechanisms without features (database, scope, events, auth, documents…) — never a module;
 *   modules/<m>/  one folder per capability; another module is reached only through its face, index.ts;
 *   modules/index.ts  the composition root: routers, event subscriptions, dashboard cards.
 * No import cycles anywhere, type-only imports included.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Files that import each other in a loop: one of them should reach the other through a face or an event.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'module-face-only',
      severity: 'error',
      comment: "Another module's internals are its own business: import its index.ts.",
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'root-uses-faces',
      severity: 'error',
      comment: 'The composition root wires modules through their faces too.',
      from: { path: '^src/modules/index\\.ts$' },
      to: { path: '^src/modules/[^/]+/', pathNot: '^src/modules/[^/]+/index\\.ts$' },
    },
    {
      name: 'core-has-no-features',
      severity: 'error',
      comment: 'core/ holds mechanisms; what a feature means lives in its module.',
      from: { path: '^src/core/' },
      to: { path: '^src/(modules|app\\.ts|server\\.ts)' },
    },
    {
      name: 'domain-is-vocabulary',
      severity: 'error',
      comment: 'domain/ is shared words and pure functions: no database, no HTTP, no features.',
      from: { path: '^src/domain/' },
      to: { path: '^src/(core|modules|app\\.ts|server\\.ts|config)' },
    },
    {
      name: 'modules-never-import-the-app',
      severity: 'error',
      from: { path: '^src/(modules|core|domain)/' },
      to: { path: '^src/(app|server)\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/generated/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.json'] },
  },
};
