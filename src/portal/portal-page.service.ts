import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { BodyRole } from 'src/accounts/account-body-role.entity';
import type { Principal, Viewer } from 'src/auth/actor';
import { csrfToken } from 'src/auth/csrf';
import type { Body } from 'src/bodies/body.entity';
import { DomainError } from 'src/common/domain-error';
import { contentEtag, ifNoneMatchHits } from 'src/common/http-cache';
import { accessibleAccent } from 'src/portal/accent-color';
import { PortalAssets } from 'src/portal/portal-assets';

export interface Breadcrumb {
  label: string;
  href?: string;
}

/** What the layout shows of a municipality (templates/layouts/base.njk). */
export interface BodyView {
  id: string;
  key: string;
  name: string;
  logoUrl: string | null;
  website: string | null;
  accentColor: string;
}

export interface PageContext {
  pageTitle: string;
  body?: BodyView | null;
  breadcrumbs?: Breadcrumb[];
  [key: string]: unknown;
}

export function toBodyView(body: Body): BodyView {
  return {
    id: body.id,
    key: body.key,
    name: body.name,
    logoUrl: body.logoUrl,
    website: body.website,
    accentColor: accessibleAccent(body.primaryColor),
  };
}

export interface RenderOptions {
  /** The answer's status; what the reply has already, 200 unless set, when left out. */
  status?: number;
  /** A page with personal links or a form token: never stored by any cache. */
  personal?: boolean;
  /** A page that changes from one minute to the next (the live page): never stored by any cache either. */
  fresh?: boolean;
}

/**
 * The name offline.mjs gives an account's offline stores (caches `ris-offline-<key>-<meeting>`): a
 * hash, so the account's id is not written into the browser's storage; null for an account that
 * is no council member anywhere, which stores nothing.
 */
export function offlineAccountKey(principal: Principal | undefined): string | null {
  if (!principal?.roles.some((r) => r.role === BodyRole.Member)) return null;
  return createHash('sha256').update(`offline:${principal.accountId}`).digest('hex').slice(0, 32);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id from the path: anything that is not a UUID is a page that does not exist. */
export function pathId(id: string, what: string): string {
  if (!UUID.test(id)) throw DomainError.notFound(what);
  return id;
}

/**
 * Renders every HTML page (portal, search, alerts) with the layout's context and the caching
 * rules: public pages carry an ETag and answer a matching conditional request with 304; pages of
 * a logged-in visitor, and personal ones, are never stored by any cache.
 */
@Injectable()
export class PortalPageService {
  readonly assets = new PortalAssets();

  async render(
    request: FastifyRequest,
    reply: FastifyReply,
    template: string,
    context: PageContext,
    viewer?: Viewer,
    options: RenderOptions = {},
  ): Promise<FastifyReply> {
    const principal = request.principal;
    const html = await reply.viewAsync(template, {
      breadcrumbs: [],
      body: null,
      ...context,
      assets: this.assets.urls,
      viewer: {
        kind: viewer?.kind ?? 'public',
        loggedIn: Boolean(principal),
        name: principal?.displayName ?? null,
        csrfToken: principal ? csrfToken(reply) : null,
        offlineAccount: offlineAccountKey(principal),
      },
      currentPath: request.url,
    });
    if (options.status !== undefined) void reply.code(options.status);
    void reply.header('content-type', 'text/html; charset=utf-8').header('vary', 'Cookie');
    if (options.personal || options.fresh || principal || reply.getHeader('set-cookie')) {
      return reply.header('cache-control', 'private, no-store').send(html);
    }
    const etag = `W/${contentEtag(html)}`;
    void reply.header('cache-control', 'public, no-cache').header('etag', etag);
    if (ifNoneMatchHits(request.headers['if-none-match'], etag)) {
      return reply.code(304).send();
    }
    return reply.send(html);
  }
}
