/**
 * The public part's face: /p/<slug> and its feeds. It owns no tables: it reads the orders, the roadmap, the
 * news and the collection through their faces (and, when the events module lands, its upcoming open events).
 */
export { PUBLIC_MAX_AGE, publicRouter } from './public.routes.ts';
export type { PublicSources } from './public.service.ts';
