import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { QueryFailedError } from 'typeorm';
import { DomainError } from 'src/common/domain-error';
import { ErrorBody } from 'src/common/error-body';

/** PostgreSQL error codes that are the client's fault, not ours. */
const PG_CLIENT_ERRORS: Record<string, { status: number; message: string }> = {
  '23505': { status: 409, message: 'An object with these values exists already' },
  '23503': { status: 422, message: 'A referenced object does not exist' },
  '22P02': { status: 400, message: 'Malformed value' },
  '40001': { status: 409, message: 'Concurrent change, please retry' },
};

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
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, requestId: request.id, url: request.url }, 'Unhandled error');
    }
    if (wantsHtmlErrors(request.url)) {
      void sendErrorPage(reply, body);
      return;
    }
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}

/** Machine channels keep the JSON error body; everything else is a page a person reads. */
function wantsHtmlErrors(url: string): boolean {
  const path = url.split('?')[0];
  return !/^\/(api|oparl)(\/|$)/.test(path) && path !== '/health';
}

const ERROR_TEXTS: Record<number, [string, string]> = {
  400: ['Ungültige Anfrage', 'Die Adresse enthält ungültige Angaben. Bitte prüfen Sie den Link oder die gewählten Filter.'],
  401: ['Anmeldung erforderlich', 'Bitte melden Sie sich an, um diese Seite zu sehen.'],
  403: [
    'Nicht erlaubt',
    'Diese Aktion ist nicht erlaubt. Wenn Sie ein Formular abgeschickt haben, laden Sie die Seite bitte neu und versuchen Sie es noch einmal.',
  ],
  404: ['Seite nicht gefunden', 'Diese Seite gibt es nicht (mehr). Vielleicht hilft die Startseite weiter.'],
  429: ['Zu viele Anfragen', 'Bitte warten Sie einen Moment und versuchen Sie es dann noch einmal.'],
  500: ['Ein Fehler ist aufgetreten', 'Die Seite konnte nicht angezeigt werden. Bitte versuchen Sie es später noch einmal.'],
};

/** The German error page of the portal (templates/portal/error.njk); plain text if even that fails. */
async function sendErrorPage(reply: FastifyReply, body: ErrorBody): Promise<void> {
  const [heading, message] =
    ERROR_TEXTS[body.statusCode] ??
    (body.statusCode >= 500 ? ERROR_TEXTS[500] : ['Anfrage nicht möglich', 'Die Anfrage konnte nicht bearbeitet werden.']);
  void reply.status(body.statusCode).header('cache-control', 'no-store');
  try {
    const html = await reply.viewAsync('portal/error.njk', { pageTitle: heading, heading, message, requestId: body.requestId });
    void reply.header('content-type', 'text/html; charset=utf-8').send(html);
  } catch {
    void reply.header('content-type', 'text/plain; charset=utf-8').send(`${heading}\n\n${message}\n`);
  }
}
