import { Router } from 'express';
import type { AppContext } from '../../app.ts';

// Placeholder: the questionnaires module is being built.
export function questionnairesRouter(_ctx: AppContext): Router {
  return Router();
}
