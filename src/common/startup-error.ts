import { inspect } from 'node:util';

/**
 * A failure before the server or a tool can do its work (database, ports, data folder), whose
 * message is a complete sentence for the administrator; printed without a stack trace.
 */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}

/**
 * The message of anything thrown, for a log line. Some libraries reject with `undefined`, a
 * string or an AggregateError without a message of its own (Node's connect to "localhost"
 * tries ::1 and 127.0.0.1); none of them may end up as a bare "undefined".
 */
export function describeError(error: unknown): string {
  if (error instanceof AggregateError && !error.message) {
    const inner = [...new Set(error.errors.map(describeError))];
    return inner.length > 0 ? inner.join('; ') : 'several errors without a message';
  }
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return error.message || (code ? `${error.name} ${code}` : `${error.name} without a message`);
  }
  if (typeof error === 'string' && error !== '') return error;
  if (error === undefined || error === null || error === '') return 'failed without an error message';
  return inspect(error, { depth: 2, breakLength: Infinity });
}

/** What an entry point prints before it exits: the sentence of a known failure, else the stack. */
export function failureReport(error: unknown): string {
  if (error instanceof StartupError || !(error instanceof Error) || !error.stack) return describeError(error);
  return error.stack.includes(describeError(error)) ? error.stack : `${describeError(error)}\n${error.stack}`;
}
