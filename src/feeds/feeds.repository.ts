import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { Meeting } from 'src/meetings/meeting.entity';
import { Organization } from 'src/organizations/organization.entity';
import { Paper } from 'src/papers/paper.entity';
import { Visibility } from 'src/visibility/visibility';

export interface FeedScope {
  bodyId: string;
  organizationId?: string;
  /** One paper only (alerts on a paper). */
  paperId?: string;
  /** Only rows newer than this (alerts ask for what is new since the last digest). */
  since?: Date;
  limit: number;
}

const PUBLIC = { kind: 'public' } as const;

const meetingOfOrganization = (meetingSql: string) =>
  `EXISTS (SELECT 1 FROM meeting_organization fmo WHERE fmo.meeting_id = ${meetingSql} AND fmo.deleted IS NULL AND fmo.organization_id = :organizationId)`;

/**
 * When a paper was last news to the public: its last change, or – when that came earlier – the
 * moment it became public, i.e. the first publication of a public item linking it (a meeting
 * published, or an item added to a published meeting).
 */
export function paperNewsTime(p: string): string {
  return `GREATEST(${p}.modified, (SELECT MIN(GREATEST(nm.published_at, ni.created)) FROM agenda_item ni JOIN meeting nm ON nm.id = ni.meeting_id
      WHERE ni.paper_id = ${p}.id AND ni.public AND ni.deleted IS NULL AND nm.deleted IS NULL AND nm.published_at IS NOT NULL))`;
}

/**
 * What public feeds announce, newest first. Everything here is for the public and goes
 * through the visibility rule as the public viewer: feeds are public channels.
 */
@Injectable()
export class FeedsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Papers the public may read; for an organization those in its Beratungsfolge. */
  papers(scope: FeedScope): Promise<Paper[]> {
    const visible = Visibility.paper(PUBLIC, 'p');
    const qb = this.dataSource
      .getRepository(Paper)
      .createQueryBuilder('p')
      .where('p.bodyId = :bodyId', { bodyId: scope.bodyId })
      .andWhere(visible.sql, visible.params);
    if (scope.organizationId) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM consultation fc WHERE fc.paper_id = p.id AND fc.deleted IS NULL AND fc.organization_id = :organizationId)',
        { organizationId: scope.organizationId },
      );
    }
    if (scope.paperId) qb.andWhere('p.id = :paperId', { paperId: scope.paperId });
    if (scope.since) qb.andWhere(`${paperNewsTime('p')} > :since`, { since: scope.since });
    return qb.orderBy('p.created', 'DESC').addOrderBy('p.id', 'DESC').take(scope.limit).getMany();
  }

  /** Published meetings, by publication; cancelled ones by their cancellation. */
  meetings(scope: FeedScope): Promise<Meeting[]> {
    const visible = Visibility.meeting(PUBLIC, 'm');
    const qb = this.dataSource
      .getRepository(Meeting)
      .createQueryBuilder('m')
      .where('m.bodyId = :bodyId', { bodyId: scope.bodyId })
      .andWhere(visible.sql, visible.params);
    if (scope.organizationId) qb.andWhere(meetingOfOrganization('m.id'), { organizationId: scope.organizationId });
    // A cancellation is news of its own, at the time it was made.
    const newsTime = `CASE WHEN m.state = 'cancelled' THEN GREATEST(m.published_at, m.modified) ELSE m.published_at END`;
    if (scope.since) qb.andWhere(`${newsTime} > :since`, { since: scope.since });
    return qb.addSelect(newsTime, 'news_time').orderBy('news_time', 'DESC').addOrderBy('m.id', 'DESC').take(scope.limit).getMany();
  }

  /** Public agenda items of published meetings that deal with the paper, new since `since`. */
  paperAgendaItems(bodyId: string, paperId: string, since: Date, limit: number): Promise<AgendaItem[]> {
    const visible = Visibility.agendaItem(PUBLIC, 'i', 'm');
    return this.dataSource
      .getRepository(AgendaItem)
      .createQueryBuilder('i')
      .innerJoinAndSelect('i.meeting', 'm')
      .where('i.bodyId = :bodyId AND i.paperId = :paperId', { bodyId, paperId })
      .andWhere(visible.sql, visible.params)
      .andWhere('GREATEST(m.published_at, i.modified) > :since', { since })
      .orderBy('m.start', 'ASC')
      .take(limit)
      .getMany();
  }

  /** Public agenda items with a decision (outcome or result), with their meeting. */
  decisions(scope: FeedScope): Promise<AgendaItem[]> {
    const visible = Visibility.agendaItem(PUBLIC, 'i', 'm');
    // The paper is named only when the public may read it itself.
    const paperVisible = Visibility.paper(PUBLIC, 'p');
    const qb = this.dataSource
      .getRepository(AgendaItem)
      .createQueryBuilder('i')
      .innerJoinAndSelect('i.meeting', 'm')
      .leftJoinAndSelect('i.paper', 'p', paperVisible.sql, paperVisible.params)
      .where('i.bodyId = :bodyId', { bodyId: scope.bodyId })
      .andWhere(visible.sql, visible.params)
      .andWhere('(i.outcome IS NOT NULL OR i.result IS NOT NULL)');
    if (scope.organizationId) qb.andWhere(meetingOfOrganization('m.id'), { organizationId: scope.organizationId });
    if (scope.since) qb.andWhere('i.modified > :since', { since: scope.since });
    return qb.orderBy('i.modified', 'DESC').addOrderBy('i.id', 'DESC').take(scope.limit).getMany();
  }

  /** The organization a feed is named after. */
  organization(bodyId: string, organizationId: string): Promise<Organization | null> {
    return this.dataSource.getRepository(Organization).findOneBy({ bodyId, id: organizationId });
  }
}
