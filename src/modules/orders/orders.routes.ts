import { Router } from 'express';
import type { AppContext } from '../../app.ts';

// Placeholder: the orders module is being built.
export function ordersRouter(_ctx: AppContext): Router {
  return Router();
}
