import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { BodyRole } from 'src/accounts/account-body-role.entity';
import { Access, ACCESS_KEY } from 'src/auth/access';
import { Principal } from 'src/auth/actor';
import { SessionsRepository } from 'src/auth/sessions.repository';
import { viewerFor } from 'src/auth/viewer';
import type { Body } from 'src/bodies/body.entity';
import { Channel, channelOf } from 'src/common/channel';
import { DomainError, ErrorCode } from 'src/common/domain-error';
import { TenancyService } from 'src/tenancy/tenancy.service';

export const SESSION_COOKIE = 'ratsinfo_session';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The session token: the Authorization header, or the portal's session cookie. A browser sends
 * the cookie on its own, so the API takes it only for reads: a write to /api must carry the
 * header, which no other site can make a browser send (the portal's own forms carry CSRF tokens).
 */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim() || undefined;
  if (!SAFE_METHODS.has(request.method) && channelOf(request.url) === Channel.Api) return undefined;
  return request.cookies?.[SESSION_COOKIE];
}

/**
 * Deny by default: a route without an access declaration is refused. Resolves the session, and
 * for every route with a :bodyKey (public ones too) the body and the viewer the visibility rule
 * works with, so no handler looks the body up itself.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsRepository,
    private readonly tenancy: TenancyService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return false;
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);
    if (!access) throw new DomainError(ErrorCode.Forbidden, 'This route declares no access rule');
    const request = context.switchToHttp().getRequest<FastifyRequest>();

    const token = bearerToken(request);
    const principal = token ? await this.sessions.findPrincipal(token) : null;
    if (principal) request.principal = principal;

    if (access === Access.Public) {
      const body = await this.bodyOf(request);
      if (body) {
        request.tenant = body;
        request.viewer = viewerFor(principal ?? undefined, body);
      }
      return true;
    }
    if (!principal) throw new DomainError(ErrorCode.Unauthenticated, 'Login required');
    if (access === Access.Authenticated) return true;
    if (access === Access.Operator) {
      if (!principal.isOperator) throw new DomainError(ErrorCode.Forbidden, 'Only the platform operator may do this');
      return true;
    }
    return this.checkBodyAccess(request, principal, access);
  }

  private async checkBodyAccess(request: FastifyRequest, principal: Principal, access: Access): Promise<boolean> {
    const body = await this.bodyOf(request);
    if (body === undefined) throw new Error('Body-scoped route without :bodyKey');
    const role = principal.roles.find((r) => r.bodyId === body.id);
    // Another body's routes look exactly like a body that does not exist.
    if (!role) throw DomainError.notFound('Body');
    if (access === Access.BodyAdmin && role.role !== BodyRole.Admin) {
      throw new DomainError(ErrorCode.Forbidden, 'Only the council office may do this');
    }
    request.tenant = body;
    request.viewer = viewerFor(principal, body);
    return true;
  }

  /**
   * The body of the route's :bodyKey, undefined on routes without one. An unknown key, and one
   * no body can have, is a 404 in the channel's shape on every route alike.
   */
  private async bodyOf(request: FastifyRequest): Promise<Body | undefined> {
    const key = (request.params as Record<string, string | undefined> | undefined)?.bodyKey;
    if (key === undefined) return undefined;
    const body = await this.tenancy.findBodyByKey(key);
    if (!body) throw DomainError.notFound('Body');
    return body;
  }
}
