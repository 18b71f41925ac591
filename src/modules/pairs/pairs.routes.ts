import { Router } from 'express';
import type { AppContext } from '../../app.ts';

// Placeholder: the pairs module is being built.
export function pairsRouter(_ctx: AppContext): Router {
  return Router();
}
