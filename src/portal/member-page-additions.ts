import { Injectable } from '@nestjs/common';
import type { Principal, Viewer } from 'src/auth/actor';
import type { Body } from 'src/bodies/body.entity';

/** A logged-in member's view of a portal page, as an addition sees it. */
export interface MemberPage {
  body: Body;
  viewer: Viewer;
  principal: Principal;
  /** The page's own path, for forms that return to it. */
  path: string;
}

/** What the portal page is about: a meeting, or a paper. */
export type PageSubject = { kind: 'meeting'; id: string } | { kind: 'paper'; id: string };

/** Template values an addition puts on the page; each addition uses its own names. */
export type Addition = (page: MemberPage, subject: PageSubject) => Promise<Record<string, unknown>>;

/**
 * What a member's meeting and paper pages show beyond the read model, from features that build
 * on the portal (the workspace's notes). They register here at start-up, so the portal does not
 * depend on them; the public never gets an addition, and a member's page is never stored by a
 * cache (`PortalPageService.render`).
 */
@Injectable()
export class MemberPageAdditions {
  private readonly additions: Addition[] = [];

  register(addition: Addition): void {
    this.additions.push(addition);
  }

  async for(page: MemberPage | null, subject: PageSubject): Promise<Record<string, unknown>> {
    if (!page || page.viewer.kind !== 'member') return {};
    const parts = await Promise.all(this.additions.map((addition) => addition(page, subject)));
    return Object.assign({}, ...parts) as Record<string, unknown>;
  }
}
