import type { Request } from 'express';

/**
 * Reads one cookie of the request. The portal needs only two small cookies besides the session
 * (the anonymous CSRF nonce and the page to return to after login), so no cookie-parsing middleware.
 */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw);
    } catch {
      return undefined;
    }
  }
  return undefined;
}
