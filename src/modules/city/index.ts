/**
 * The city module's face (CONTEXT.md): the education authority's read-only view of every kindergarten of the
 * portal — /city (stages and key counts side by side) and /city/org/:id (one kindergarten's summary). It owns
 * the organization's kind and the page's stored figures ("CityFigures", city.figures.ts) — whose stages a
 * kindergarten's public page shows too (`storedStagesSql`, `cityFiguresOf(…).stagesOf`); it reads the other modules
 * through their faces.
 */
export { cityRouter } from './city.routes.ts';
export { cityFiguresOf, cityOrganizations, cityRows, type CityIndicators, type CityRow, type CitySources } from './city.service.ts';
export { storedStagesSql, type CityFiguresStore, type StoredStages } from './city.figures.ts';
export { CityAccountRefused, ensureAuthority, saveCityAccount, type AuthorityInput } from './city.accounts.ts';
