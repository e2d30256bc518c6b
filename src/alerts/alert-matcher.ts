import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { paperNewsTime } from 'src/feeds/feeds.repository';
import { Paper } from 'src/papers/paper.entity';
import { Visibility } from 'src/visibility/visibility';

/**
 * Finds what a search alert is about. Kept behind this small interface so the search engine
 * (PostgreSQL full text or Meilisearch) can take over without touching the digests.
 */
export interface AlertMatcher {
  /** Public papers matching `query` that are news since `since`, newest first. */
  papers(bodyId: string, query: string, since: Date, limit: number): Promise<Paper[]>;
}

export const ALERT_MATCHER = Symbol('ALERT_MATCHER');

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Substring match on name and reference, plus German full text so "Radwege" finds "Radweg". */
@Injectable()
export class PostgresAlertMatcher implements AlertMatcher {
  constructor(private readonly dataSource: DataSource) {}

  papers(bodyId: string, query: string, since: Date, limit: number): Promise<Paper[]> {
    const visible = Visibility.paper({ kind: 'public' }, 'p');
    return this.dataSource
      .getRepository(Paper)
      .createQueryBuilder('p')
      .where('p.bodyId = :bodyId', { bodyId })
      .andWhere(visible.sql, visible.params)
      .andWhere(
        `(p.name ILIKE :like OR p.reference ILIKE :like
          OR to_tsvector('german', p.name) @@ websearch_to_tsquery('german', :query))`,
        { like: likePattern(query), query },
      )
      .andWhere(`${paperNewsTime('p')} > :since`, { since })
      .orderBy('p.created', 'DESC')
      .addOrderBy('p.id', 'DESC')
      .take(limit)
      .getMany();
  }
}
