import { Router } from 'express';
import type { AppContext } from '../../app.ts';

// Placeholder: the matching module is being built.
export function matchingRouter(_ctx: AppContext): Router {
  return Router();
}
