/**
 * The collection module's face («методическая копилка», stage 6). It owns CollectionItem and
 * CollectionItemAuthor, and the Attachment rows of purpose COLLECTION_FILE (collection.files.ts). The public
 * page reads `publicItems` (with each item's files) and `publicItemFile` (the distribution-consent rule
 * evaluated at read time); the dashboard reads `collectionDashboard`.
 */
export { collectionDashboard } from './collection.dashboard.ts';
export { collectionRouter } from './collection.routes.ts';
export { addItemFile } from './collection.files.ts';
export { COLLECTION_KIND_LABELS, createItem, publicItemFile, publicItemsOf, publicItemsSql, publicItemWhere } from './collection.service.ts';
export type { PublicItemRow } from './collection.service.ts';
