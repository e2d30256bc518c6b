import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { QueryFailedError } from 'typeorm';
import type nunjucks from 'nunjucks';
import { answersErrorsWithPage, Channel, channelOf } from 'src/common/channel';
import { DomainError } from 'src/common/domain-error';
import { ErrorBody } from 'src/common/error-body';
import { loginHref } from 'src/common/return-path';
import { createTemplateEnvironment } from 'src/common/views';

/** PostgreSQL error codes that are the client's fault, not ours. */
const PG_CLIENT_ERRORS: Record<string, { status: number; message: string }> = {
  '23505': { status: 409, message: 'An object with these values exists already' },
  '23503': { status: 422, message: 'A referenced object does not exist' },
  '22P02': { status: 400, message: 'Malformed value' },
  '40001': { status: 409, message: 'Concurrent change, please retry' },
  // NUL bytes and other characters PostgreSQL cannot store, should one pass the validation pipe.
  '22021': { status: 400, message: 'Malformed value' },
  '22P05': { status: 400, message: 'Malformed value' },
};

/** Seconds a client should wait before retrying while the database is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * PostgreSQL SQLSTATEs that say the connection, not the statement, failed: class 08
 * (connection exception) and the shutdown/startup states of class 57P.
 */
const PG_CONNECTION_STATES = /^(08...|57P01|57P02|57P03)$/;
/** Socket errors of the driver while connecting or talking to the server. */
const SOCKET_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** Messages of node-postgres and pg-pool that carry no code. */
const DRIVER_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /not queryable/,
  /^Cannot use a pool after calling end/,
];

/**
 * TypeORM releases a query runner whose connection the server closed; the transaction's next
 * query then fails with these instead of the driver's error.
 */
const RELEASED_RUNNER_ERRORS = new Set(['QueryRunnerAlreadyReleasedError', 'QueryRunnerProviderAlreadyReleasedError']);

/**
 * True when the error means the database cannot be reached right now (stopped, restarting,
 * network gone, pool exhausted), as opposed to a bad statement: those requests get 503 and a
 * Retry-After, and the same request succeeds once the database is back. TypeORM wraps the
 * driver's error (driverError), and connection errors may come as an AggregateError.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 4 || typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (PG_CONNECTION_STATES.test(e.code) || SOCKET_ERRORS.has(e.code))) return true;
  if (error instanceof Error && RELEASED_RUNNER_ERRORS.has(error.name)) return true;
  if (typeof e.message === 'string' && DRIVER_MESSAGES.some((pattern) => pattern.test(e.message as string))) return true;
  const nested: unknown[] = [e.driverError, e.cause, ...(Array.isArray(e.errors) ? (e.errors as unknown[]) : [])];
  return nested.some((inner) => inner !== error && isDatabaseUnavailable(inner, depth + 1));
}

export function toErrorBody(exception: unknown, requestId: string): ErrorBody {
  if (exception instanceof DomainError) {
    return {
      statusCode: exception.status,
      error: STATUS_CODES[exception.status] ?? 'Error',
      message: exception.message,
      details: exception.details,
      requestId,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    let message = exception.message;
    let details: unknown;
    if (typeof response === 'object' && response !== null) {
      const r = response as { message?: unknown; details?: unknown };
      if (Array.isArray(r.message)) {
        message = 'Validation failed';
        details = r.message;
      } else if (typeof r.message === 'string') {
        message = r.message;
      }
      if (r.details !== undefined) details = r.details;
    }
    return { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message, details, requestId };
  }
  const pgCode = exception instanceof QueryFailedError ? (exception.driverError as { code?: string }).code : undefined;
  const known = pgCode ? PG_CLIENT_ERRORS[pgCode] : undefined;
  if (known) {
    return { statusCode: known.status, error: STATUS_CODES[known.status] ?? 'Error', message: known.message, requestId };
  }
  if (isDatabaseUnavailable(exception)) {
    return {
      statusCode: HttpStatus.SERVICE_UNAVAILABLE,
      error: 'Service Unavailable',
      message: 'The database is not reachable at the moment, please retry shortly',
      requestId,
    };
  }
  return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, error: 'Internal Server Error', message: 'Internal server error', requestId };
}

@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    const body = toErrorBody(exception, String(request.id));
    if (body.statusCode === 503) {
      // Expected during a database restart; one line, not a stack per request.
      this.logger.warn({ requestId: request.id, url: request.url, reason: errorText(exception) }, 'Database unavailable');
    } else if (body.statusCode >= 500) {
      this.logger.error({ err: exception, requestId: request.id, url: request.url }, 'Unhandled error');
    }
    setRetryAfter(reply, body.statusCode);
    if (body.statusCode === 401 && sendToLogin(request, reply)) return;
    respond(request, reply, body);
  }
}

/**
 * A person who opens a page that needs a login gets the login form, which brings them back to
 * the page afterwards; a form sent without a session keeps its error page.
 */
function sendToLogin(request: FastifyRequest, reply: FastifyReply): boolean {
  if ((request.method !== 'GET' && request.method !== 'HEAD') || channelOf(request.url) !== Channel.Page) return false;
  void reply.header('cache-control', 'no-store').redirect(loginHref(request.url), 303);
  return true;
}

/** The German page on the portal, the error body elsewhere. */
function respond(request: FastifyRequest, reply: FastifyReply, body: ErrorBody): void {
  if (answersErrorsWithPage(channelOf(request.url))) {
    void sendErrorPage(reply, body);
    return;
  }
  void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
}

/**
 * Answers an error Fastify raises before Nest sees the request (the router refusing an address)
 * like the filter above would. No hook runs for such a reply, so the request id is set here.
 */
export function sendError(request: FastifyRequest, reply: FastifyReply, exception: unknown): void {
  void reply.header('x-request-id', request.id);
  respond(request, reply, toErrorBody(exception, String(request.id)));
}

/**
 * Node refuses some requests before Fastify parses them (a head over 16 KiB, a broken request
 * line) and leaves only the socket. The address is read from the bytes received, if they show
 * one, to answer a person in German and a program with the error body; nothing else of the
 * request is used, and the text is fixed, so nothing sent is echoed.
 */
export function answerClientError(error: Error & { code?: string; rawPacket?: unknown }, socket: Socket): void {
  if (!socket.writable) return;
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const received = Buffer.isBuffer(error.rawPacket) ? error.rawPacket.toString('latin1') : '';
  const path = /^[A-Z]+ (\/\S*)/.exec(received)?.[1] ?? '/';
  const body = toErrorBody(new HttpException(STATUS_CODES[status] ?? 'Bad Request', status), randomUUID());
  let type = 'application/json; charset=utf-8';
  let text = JSON.stringify(body);
  if (answersErrorsWithPage(channelOf(path))) {
    try {
      text = renderErrorPage(body);
      type = 'text/html; charset=utf-8';
    } catch {
      text = errorTexts(status).join('\n\n');
      type = 'text/plain; charset=utf-8';
    }
  }
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(text)}\r\n` +
      `X-Request-Id: ${body.requestId}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${text}`,
  );
}

/** Tells clients when to come back after a 503; every channel's error filter calls it. */
export function setRetryAfter(reply: FastifyReply, status: number): void {
  if (status === 503) void reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const ERROR_TEXTS: Record<number, [string, string]> = {
  400: ['Ungültige Anfrage', 'Die Adresse enthält ungültige Angaben. Bitte prüfen Sie den Link oder die gewählten Filter.'],
  401: ['Anmeldung erforderlich', 'Bitte melden Sie sich an, um diese Seite zu sehen.'],
  403: [
    'Nicht erlaubt',
    'Sie dürfen diese Seite nicht sehen oder diese Aktion nicht ausführen. Wenn Sie ein Formular abgeschickt haben, laden Sie die Seite bitte neu und versuchen Sie es noch einmal.',
  ],
  404: ['Seite nicht gefunden', 'Diese Seite gibt es nicht (mehr). Vielleicht hilft die Startseite weiter.'],
  414: ['Adresse zu lang', 'Die Adresse ist zu lang. Bitte kürzen Sie die Suchanfrage oder wählen Sie weniger Filter.'],
  429: ['Zu viele Anfragen', 'Bitte warten Sie einen Moment und versuchen Sie es dann noch einmal.'],
  431: [
    'Anfrage zu groß',
    'Die Anfrage ist zu groß: die Adresse ist zu lang, oder Ihr Browser sendet zu viele Cookies. Bitte kürzen Sie die Suchanfrage.',
  ],
  500: ['Ein Fehler ist aufgetreten', 'Die Seite konnte nicht angezeigt werden. Bitte versuchen Sie es später noch einmal.'],
  503: [
    'Vorübergehend nicht erreichbar',
    'Das Ratsinformationssystem ist gerade kurz nicht erreichbar, zum Beispiel wegen Wartungsarbeiten. Bitte versuchen Sie es in wenigen Minuten noch einmal.',
  ],
};

/** Heading and message of the German error page for a status. */
function errorTexts(status: number): [string, string] {
  return (
    ERROR_TEXTS[status] ?? (status >= 500 ? ERROR_TEXTS[500] : ['Anfrage nicht möglich', 'Die Anfrage konnte nicht bearbeitet werden.'])
  );
}

function errorPageContext(body: ErrorBody): Record<string, unknown> {
  const [heading, message] = errorTexts(body.statusCode);
  return { pageTitle: heading, heading, message, requestId: body.requestId };
}

/** For errors answered without the view plugin's reply decoration (see sendError, answerClientError). */
let standaloneTemplates: nunjucks.Environment | null = null;

/** templates/portal/error.njk rendered outside a request. */
function renderErrorPage(body: ErrorBody): string {
  return (standaloneTemplates ??= createTemplateEnvironment()).render('portal/error.njk', errorPageContext(body));
}

/** The German error page of the portal (templates/portal/error.njk); plain text if even that fails. */
async function sendErrorPage(reply: FastifyReply, body: ErrorBody): Promise<void> {
  void reply.status(body.statusCode).header('cache-control', 'no-store');
  try {
    // The router's own refusals get a bare reply, without the view plugin's decoration.
    const html =
      typeof reply.viewAsync === 'function' ? await reply.viewAsync('portal/error.njk', errorPageContext(body)) : renderErrorPage(body);
    void reply.header('content-type', 'text/html; charset=utf-8').send(html);
  } catch {
    void reply.header('content-type', 'text/plain; charset=utf-8').send(`${errorTexts(body.statusCode).join('\n\n')}\n`);
  }
}
