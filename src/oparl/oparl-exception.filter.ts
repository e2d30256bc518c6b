import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { setRetryAfter, toErrorBody } from 'src/common/http-exception.filter';
import { OPARL_SCHEMA } from 'src/oparl/oparl-format';
import { setOparlHeaders } from 'src/oparl/oparl-response';

const MESSAGES: Record<number, string> = {
  400: 'Die Anfrage ist ungültig.',
  404: 'Das angefragte Objekt existiert nicht.',
  410: 'Das angefragte Objekt wurde gelöscht.',
  500: 'Ein interner Fehler ist aufgetreten.',
  503: 'Der Dienst ist vorübergehend nicht erreichbar; bitte später erneut versuchen.',
};

/** Errors on OParl routes as OParl error objects (spec: type, message in the users' language, debug). */
@Catch()
export class OparlExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('OparlExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    const error = toErrorBody(exception, String(request.id));
    // Validation problems of an OParl query are the client's, whatever status the API uses for them.
    const status = error.statusCode === 422 ? 400 : error.statusCode;
    if (status >= 500 && status !== 503)
      this.logger.error({ err: exception, requestId: request.id, url: request.url }, 'Unhandled OParl error');
    const body = {
      type: `${OPARL_SCHEMA}Error`,
      message: MESSAGES[status] ?? (status >= 500 ? MESSAGES[500] : MESSAGES[400]),
      debug: status >= 500 ? `request ${error.requestId}` : `${error.message} (request ${error.requestId})`,
    };
    setOparlHeaders(reply);
    setRetryAfter(reply, status);
    void reply.status(status).send(JSON.stringify(body));
  }
}
