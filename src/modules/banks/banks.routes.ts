import { Router } from 'express';
import type { AppContext } from '../../app.ts';

export function banksRouter(_ctx: AppContext): Router {
  return Router();
}
