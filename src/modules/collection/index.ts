/**
 * The collection module's face («методическая копилка», stage 6). It owns CollectionItem and
 * CollectionItemAuthor. The public page reads `publicItems` (the distribution-consent rule evaluated at read
 * time); the dashboard reads `collectionDashboard`.
 */
export { collectionDashboard } from './collection.dashboard.ts';
export { collectionRouter } from './collection.routes.ts';
export { COLLECTION_KIND_LABELS, createItem, publicItems, publicItemWhere, searchIds } from './collection.service.ts';
