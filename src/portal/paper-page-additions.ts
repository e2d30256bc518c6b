import { Injectable } from '@nestjs/common';
import type { Body } from 'src/bodies/body.entity';

/** Template values an addition puts on a paper page; each addition uses its own names. */
export type PaperAddition = (body: Body, paperId: string) => Promise<Record<string, unknown>>;

/**
 * What the paper page shows to everyone beyond the read model, from features that build on the
 * portal (residents' statements). They register at start-up, so the portal does not depend on
 * them. An addition shows only what the public may see: the page is the same for every viewer
 * and stored by the public cache, so what it shows must report its changes to `public_change`.
 */
@Injectable()
export class PaperPageAdditions {
  private readonly additions: PaperAddition[] = [];

  register(addition: PaperAddition): void {
    this.additions.push(addition);
  }

  async for(body: Body, paperId: string): Promise<Record<string, unknown>> {
    const parts = await Promise.all(this.additions.map((addition) => addition(body, paperId)));
    return Object.assign({}, ...parts) as Record<string, unknown>;
  }
}
