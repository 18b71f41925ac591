import { Router } from 'express';
import type { AppContext } from '../../app.ts';

// Placeholder: the consents module is being built.
export function consentsRouter(_ctx: AppContext): Router {
  return Router();
}
