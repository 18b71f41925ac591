/** The staff directory and its import. */
export { staffRouter } from './staff.routes.ts';
export { failInterruptedImports } from './staff.imports.ts';
