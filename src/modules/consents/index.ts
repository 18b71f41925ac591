/** Consents (152-ФЗ, ст. 351.8 ТК РФ). */
export { consentsRouter } from './consents.routes.ts';
