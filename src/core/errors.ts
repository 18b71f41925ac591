/** Typed errors thrown by services; the error handler turns them into pages. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends HttpError {
  constructor(message = 'Страница не найдена') {
    super(404, message);
  }
}

export class ForbiddenError extends HttpError {
  constructor(message = 'Недостаточно прав') {
    super(403, message);
  }
}

export class ConflictError extends HttpError {
  constructor(message: string) {
    super(409, message);
  }
}

export type FieldErrors = Record<string, string>;

/** Input that breaks a rule: the form is shown again with these messages beside the fields. */
export class FormError extends HttpError {
  constructor(
    readonly fieldErrors: FieldErrors,
    message = 'Проверьте поля формы',
  ) {
    super(422, message);
  }
}

/** A unique constraint failed (Prisma P2002): a race lost after the service's own check. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string })?.code === 'P2002';
}
