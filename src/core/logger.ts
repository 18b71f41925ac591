import pino from 'pino';

/**
 * Structured JSON logs. Request logs carry method, path (no query string: searches contain names),
 * status, time and request id — never bodies, cookies or personal data.
 */
export function createLogger(level: string = 'info') {
  return pino({
    level,
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'password', '*.password'], remove: true },
  });
}

export type Logger = ReturnType<typeof createLogger>;
