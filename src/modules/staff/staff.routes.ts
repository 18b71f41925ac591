import { Router } from 'express';
import type { AppContext } from '../../app.ts';

// Placeholder: the staff module is being built.
export function staffRouter(_ctx: AppContext): Router {
  return Router();
}
