import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ErrorCode } from 'src/common/domain-error';

/** The cookie that holds the per-browser CSRF secret (@fastify/csrf-protection). */
export const CSRF_COOKIE = '_csrf';

/** A token for the hidden `_csrf` field of a form; sets the secret cookie on first use. */
export function csrfToken(reply: FastifyReply): string {
  return reply.generateCsrf();
}

/**
 * Checks the `_csrf` field of a form post against the browser's secret. The plugin answers a
 * bad token by sending an error itself; catching that here lets the portal show its own page.
 */
export function assertCsrf(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const refuse = () => new DomainError(ErrorCode.Forbidden, 'The form has expired; please reload the page and try again');
  const interceptingReply = new Proxy(reply, {
    get: (target, property, receiver) =>
      property === 'send' ? () => interceptingReply : (Reflect.get(target, property, receiver) as unknown),
  });
  return new Promise((resolve, reject) => {
    let passed = false;
    request.server.csrfProtection(request, interceptingReply, () => {
      passed = true;
      resolve();
    });
    if (!passed) reject(refuse());
  });
}

/** Whether a form's CSRF token is valid; the page answers its own German message when not. */
export function csrfPassed(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  return assertCsrf(request, reply).then(
    () => true,
    () => false,
  );
}

/**
 * The CSRF check for a multipart form, whose fields Nest's body parser never sees: the token
 * comes from the spooled upload's fields.
 */
export function multipartCsrfPassed(request: FastifyRequest, reply: FastifyReply, token: string | undefined): Promise<boolean> {
  (request as { body?: unknown }).body = { _csrf: token ?? '' };
  return csrfPassed(request, reply);
}
