import { Injectable } from '@nestjs/common';
import { AlertsRepository } from 'src/alerts/alerts.repository';
import { Paper } from 'src/papers/paper.entity';

/**
 * Finds what a search alert is about. Kept behind this small interface so the search engine
 * (PostgreSQL full text or Meilisearch) can take over without touching the digests.
 */
export interface AlertMatcher {
  /** Public papers matching `query` that are news since `since`, newest first. */
  papers(bodyId: string, query: string, since: Date, limit: number): Promise<Paper[]>;
}

export const ALERT_MATCHER = Symbol('ALERT_MATCHER');

/** Substring match on name and reference, plus German full text so "Radwege" finds "Radweg". */
@Injectable()
export class PostgresAlertMatcher implements AlertMatcher {
  constructor(private readonly alerts: AlertsRepository) {}

  papers(bodyId: string, query: string, since: Date, limit: number): Promise<Paper[]> {
    return this.alerts.matchingPapers(bodyId, query, since, limit);
  }
}
