/** Pairs and groups. */
export { pairsRouter } from './pairs.routes.ts';
