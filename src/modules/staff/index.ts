/**
 * The staff module's face. It owns StaffMember and StaffImport. Archiving and restoring a card are announced
 * as `staff.archived` and `staff.restored` (the users module switches the account off or back on, by its own
 * rule); accounts are made and renamed through the users module's face.
 */
export { staffRouter } from './staff.routes.ts';
export { failInterruptedImports, runningImports } from './staff.imports.ts';
export { labourContractOf, setLabourContract, type LabourContract } from './staff.contract.ts';
