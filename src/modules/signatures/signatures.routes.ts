import { Router, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { AppContext } from '../../core/context.ts';
import { PostgresRateLimitStore } from '../../core/throttle.ts';
import { ruDate } from '../../domain/dates.ts';
import { initialsSurname } from '../../domain/people.ts';
import { verifyCode, type SignedContentSources } from './signatures.service.ts';
import { qualifiedStampLines, qualifiedWarnings } from './signatures.stamp.ts';
import { SIGNED_KIND_LABELS } from './signatures.labels.ts';

/** Checks per minute from one address: a person checks a few copies; a script guessing codes is slowed down. */
export const VERIFY_PER_MINUTE = 60;

/** The page is public: answers may be kept a minute (a tampered row is «недействителен» a minute later at most). */
const CACHE = 'public, max-age=60';

/**
 * GET /verify/<code>: the public check of a signed document, without login and without a session — valid or
 * not, the document's kind, number and date, the signer's position and initials, the hash; for a published
 * copy signed with a qualified certificate, its stamp. Nothing else about the document or its people.
 */
export function verifyRouter(ctx: AppContext, contentSources: SignedContentSources): Router {
  const router = Router();
  const limiter = rateLimit({
    windowMs: 60_000,
    limit: VERIFY_PER_MINUTE,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store: new PostgresRateLimitStore(ctx.db.pool, 'verify:'),
    handler: (_req: Request, res: Response) => {
      res.status(429).setHeader('Cache-Control', 'no-store');
      page(res, 'errors/error', { title: 'Слишком много проверок', message: 'С этого адреса слишком много проверок за минуту. Повторите через минуту.', status: 429 });
    },
  });

  router.get('/verify/:code', limiter, async (req, res) => {
    const result = await verifyCode(ctx, contentSources, String(req.params.code));
    res.setHeader('Cache-Control', CACHE);
    if (!result) {
      res.status(404);
      return page(res, 'signatures/unknown', { title: 'Документ не найден' });
    }
    const { signature, timeZone, valid, kindLabel, status } = result;
    const qualified = signature.qualified;
    page(res, 'signatures/verify', {
      title: valid ? 'Подпись действительна' : 'Подпись недействительна',
      valid,
      kind: kindLabel ?? SIGNED_KIND_LABELS[signature.documentKind],
      status,
      number: signature.documentNumber,
      date: signature.documentDate ? ruDate(signature.documentDate) : '',
      signer: { position: signature.signerPosition, initials: initialsSurname(signature.signerName) },
      sha256: signature.contentSha256,
      qualified: qualified
        ? { ...qualifiedStampLines(qualified, timeZone), warnings: qualifiedWarnings(qualified, signature.signerName, timeZone, initialsSurname(signature.signerName)) }
        : null,
    });
  });
  return router;
}

/** A public page: the site's frame without a user, menu or form (no session exists here). */
function page(res: Response, view: string, locals: Record<string, unknown>) {
  res.render(view, { currentUser: null, nav: [], flash: [], csrfToken: () => '', ...locals });
}
