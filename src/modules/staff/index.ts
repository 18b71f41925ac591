/**
 * The staff module's face. It owns StaffMember, StaffImport and StaffCategoryChange (the qualification history). Archiving and restoring a card are announced
 * as `staff.archived` and `staff.restored` (the users module switches the account off or back on, by its own
 * rule; the banks close the person's entries; the pairs flag the person's pairs); accounts are made and
 * renamed through the users module's face. Its named rules — a working person, the head — are
 * `staff.rules.ts`.
 */
export { staffRouter } from './staff.routes.ts';
export { failInterruptedImports, runningImports } from './staff.imports.ts';
export {
  CATEGORY_RANK,
  categoryRankSql,
  categoryRose,
  categoryRoseSql,
  categoryRoseWhere,
  HEAD_POSITION_PREFIX,
  headOfOrganizationWhere,
  isHeadSql,
  isWorkingStaffSql,
  workingStaffWhere,
  type CategoryPeriod,
} from './staff.rules.ts';
export { categoryHistory, recordCategoryChange, type CategoryChange } from './staff.categories.ts';
export { labourContractOf, setLabourContract, type LabourContract } from './staff.contract.ts';
