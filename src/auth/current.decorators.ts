import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Actor, Principal, Viewer } from 'src/auth/actor';
import type { Body } from 'src/bodies/body.entity';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
    /** The body named by :bodyKey, resolved (and for body routes access-checked) by the guard. */
    tenant?: Body;
    viewer?: Viewer;
  }
}

const request = (ctx: ExecutionContext) => ctx.switchToHttp().getRequest<FastifyRequest>();

function required<T>(value: T | undefined, what: string): T {
  // Reaching this means a route uses a decorator its access level does not provide.
  if (value === undefined) throw new Error(`${what} is not available on this route`);
  return value;
}

/** The body of the route's :bodyKey, on every route that has one. */
export const CurrentBody = createParamDecorator((_: unknown, ctx) => required(request(ctx).tenant, 'The body'));

/** The logged-in account. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx) => required(request(ctx).principal, 'The principal'));

/** What the visibility rule decides on for this request: the public where no body is named. */
export const CurrentViewer = createParamDecorator((_: unknown, ctx): Viewer => request(ctx).viewer ?? { kind: 'public' });

/** Who writes, for the audit trail. */
export const CurrentActor = createParamDecorator((_: unknown, ctx): Actor => ({
  accountId: request(ctx).principal?.accountId ?? null,
  requestId: String(request(ctx).id),
}));
