/**
 * Errors that services raise; the edge maps them to HTTP statuses and to the API's JSON
 * error body, an OParl error object or a German error page, depending on the channel.
 */
export enum ErrorCode {
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  VersionConflict = 'VERSION_CONFLICT',
  Invalid = 'INVALID',
  InvalidState = 'INVALID_STATE',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  TooManyRequests = 'TOO_MANY_REQUESTS',
}

const STATUS: Record<ErrorCode, number> = {
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.VersionConflict]: 409,
  [ErrorCode.Invalid]: 422,
  [ErrorCode.InvalidState]: 409,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.TooManyRequests]: 429,
};

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  get status(): number {
    return STATUS[this.code];
  }

  /** Not found and not allowed look the same from outside. */
  static notFound(what: string): DomainError {
    return new DomainError(ErrorCode.NotFound, `${what} not found`);
  }

  /** Seen, but not to be changed by this account. */
  static forbidden(message: string): DomainError {
    return new DomainError(ErrorCode.Forbidden, message);
  }

  static invalid(message: string, details?: unknown): DomainError {
    return new DomainError(ErrorCode.Invalid, message, details);
  }

  static invalidState(message: string, details?: unknown): DomainError {
    return new DomainError(ErrorCode.InvalidState, message, details);
  }

  /** An object without a version number, saved by someone else after the writer read it. */
  static changedSince(readAt: Date, modified: Date): DomainError {
    return new DomainError(
      ErrorCode.VersionConflict,
      `The object was changed by someone else (at ${modified.toISOString()}, you read it at ${readAt.toISOString()}); reload and try again`,
      { readAt: readAt.toISOString(), modified: modified.toISOString() },
    );
  }

  static versionConflict(expected: number, actual: number): DomainError {
    return new DomainError(
      ErrorCode.VersionConflict,
      `The object was changed by someone else (version ${actual}, you sent ${expected}); reload and try again`,
      { expectedVersion: expected, currentVersion: actual },
    );
  }
}
