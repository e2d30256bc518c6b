import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { Viewer } from 'src/auth/actor';
import { AgendaItemsRepository } from 'src/agenda/agenda.repository';
import { AppConfig } from 'src/config/app-config';
import { InjectConfig } from 'src/config/config.module';
import { MeetingReadModel } from 'src/meetings/meeting-read-model';
import { MeetingReadOptions, MeetingReadRepository } from 'src/meetings/meeting-read.repository';
import { PublicCacheService } from 'src/public-cache/public-cache.service';

interface Entry {
  version: string;
  model: MeetingReadModel;
  size: number;
}

/** Freezes the model and everything in it: pages read a kept model, none may change it. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** A meeting's read model as a viewer may see it (null: not for them), and the rule's answer when asked. */
export interface MeetingRead {
  model: MeetingReadModel | null;
  /** Whether the viewer may read the meeting's non-public items (`AgendaItemsRepository.maySeeNonPublic`). */
  seesNonPublic?: boolean;
}

const optionsKey = (o: MeetingReadOptions) => `${o.consultations ? 'c' : ''}${o.agendaOnly ? 'a' : ''}${o.paperFiles ? 'f' : ''}`;

/**
 * Council members' read models of meetings, kept in memory between their requests. The public
 * cache keeps the public's pages; a member's page is rendered for them alone, and reading its
 * items, files and votes through the rule was most of its cost.
 *
 * - **One model serves many members.** Through the visibility rule, all a member sees of one
 *   meeting turns on one answer: whether they may read its non-public items
 *   (`AgendaItemsRepository.maySeeNonPublic`; see `Visibility`). So a meeting has two members'
 *   models, and the key is the body, the meeting, that answer and the read options. The answer is
 *   asked on every request; `test/visibility` holds the rule to this for each member and meeting
 *   of its fixture.
 * - **Fresh as the public cache.** A model is kept for the body's content version from the
 *   notification feed, and only while the feed listens (`PUBLIC_CACHE_FRESHNESS=notify`);
 *   otherwise every request reads the database. Any change to what a model holds writes
 *   `public_change`, which moves the version.
 * - **Never under the wrong key.** The version is taken before the answer and the reads. After
 *   a miss has read, the feed is settled, and the model is kept only when the version has not
 *   moved: a change between the answer and the reads (a membership that just ended, say) could
 *   otherwise file one variant under the other's key.
 * - Bounded by `READ_MODEL_CACHE_MB` (estimated from the model's JSON), with the public cache's
 *   time limit; models are frozen.
 */
@Injectable()
export class MeetingReadCache {
  private readonly models?: LRUCache<string, Entry>;

  constructor(
    private readonly reads: MeetingReadRepository,
    private readonly agendaItems: AgendaItemsRepository,
    private readonly publicCache: PublicCacheService,
    @InjectConfig() config: AppConfig,
  ) {
    const { maxBytes } = config.readModelCache;
    if (maxBytes > 0 && config.publicCache.freshness === 'notify') {
      this.models = new LRUCache<string, Entry>({
        maxSize: maxBytes,
        // One model may take a tenth, so a few very long agendas cannot flush the rest.
        maxEntrySize: Math.max(1, Math.floor(maxBytes / 10)),
        sizeCalculation: (entry) => entry.size,
        ttl: config.publicCache.ttlSeconds * 1000,
      });
    }
  }

  /**
   * What `MeetingReadRepository.load` answers, from memory where a member's model is kept; with
   * the rule's answer whether the viewer may read the meeting's non-public items when it was
   * asked, for the rest of the page to use.
   */
  async load(bodyId: string, id: string, viewer: Viewer, options: MeetingReadOptions = {}): Promise<MeetingRead> {
    const models = this.models;
    const version = models && viewer.kind === 'member' ? this.publicCache.memoryBodyVersion(bodyId) : null;
    if (!models || version === null) return { model: await this.reads.load(bodyId, id, viewer, options) };
    const seesNonPublic = await this.agendaItems.maySeeNonPublic(bodyId, id, viewer);
    const key = `${bodyId} ${id} ${seesNonPublic ? 'non-public' : 'public'} ${optionsKey(options)}`;
    const kept = models.get(key);
    if (kept?.version === version) return { model: kept.model, seesNonPublic };
    const model = await this.reads.load(bodyId, id, viewer, options);
    if (model === null) return { model, seesNonPublic };
    await this.publicCache.settle();
    if (this.publicCache.memoryBodyVersion(bodyId) === version) {
      // UTF-16 strings: about two bytes a character of JSON, objects and dates besides.
      models.set(key, { version, model: deepFreeze(model), size: 2 * JSON.stringify(model).length });
    }
    return { model, seesNonPublic };
  }
}
