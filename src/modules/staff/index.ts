/**
 * The staff module's face. It owns StaffMember and StaffImport. Archiving a card is announced as
 * `staff.archived` (the users module switches the account off); accounts are made and renamed through the
 * users module's face.
 */
export { staffRouter } from './staff.routes.ts';
export { failInterruptedImports, runningImports } from './staff.imports.ts';
