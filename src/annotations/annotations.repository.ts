import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, SelectQueryBuilder } from 'typeorm';
import { Annotation, AnchorState } from 'src/annotations/annotation.entity';
import { Viewer } from 'src/auth/actor';
import { DomainError } from 'src/common/domain-error';
import { runNamed, runNamedSql, runPrepared, runSql, withLimit, withParams } from 'src/common/named-sql';
import { managerOf, Tx } from 'src/common/unit-of-work';
import { Visibility } from 'src/visibility/visibility';

/** What a note is on: exactly one of these. */
export interface AnnotationTarget {
  fileId?: string | null;
  paperId?: string | null;
  agendaItemId?: string | null;
  meetingId?: string | null;
}

/** Which notes a list asks for. */
export interface AnnotationFilter extends AnnotationTarget {
  /** Changed at or after this time, deleted ones included (for a device catching up). */
  modifiedSince?: Date;
  /** Only the reader's own notes. */
  mine?: boolean;
}

/** A note as the lists show it: with its author's name, its faction's and what it is on. */
export interface AnnotationRow {
  annotation: Annotation;
  authorName: string;
  factionName: string | null;
  targetName: string;
  /** The meeting of an agenda item the note is on, for a link to it. */
  itemMeetingId: string | null;
}

/** A faction a person may share notes with. */
export interface FactionOption {
  id: string;
  name: string;
}

const FACTION_TYPE = 'Fraktion';

/** The members' notes: owns the annotation table. Every read goes through `Visibility.annotation`. */
@Injectable()
export class AnnotationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private visible(bodyId: string, viewer: Viewer, accountId: string, tx?: Tx): SelectQueryBuilder<Annotation> {
    const rule = Visibility.annotation(viewer, accountId, 'a');
    return managerOf(this.dataSource, tx)
      .getRepository(Annotation)
      .createQueryBuilder('a')
      .where('a.bodyId = :bodyId', { bodyId })
      .andWhere(rule.sql, rule.params);
  }

  /** Whether any live note was written for the account, narrowed by `narrow`; says nothing of what it is on. */
  private async anyFor(
    bodyId: string,
    viewer: Viewer,
    accountId: string,
    narrow?: (qb: SelectQueryBuilder<Annotation>) => void,
  ): Promise<boolean> {
    const rule = Visibility.annotationReader(viewer, accountId, 'a');
    const qb = this.dataSource
      .getRepository(Annotation)
      .createQueryBuilder('a')
      .select('1')
      .where('a.bodyId = :bodyId', { bodyId })
      .andWhere(rule.sql, rule.params)
      .limit(1);
    narrow?.(qb);
    // Asked on every page a member opens: a named statement, parsed once per connection.
    return (await runNamed(this.dataSource, ...qb.getQueryAndParameters())).length > 0;
  }

  /** The notes the account may see, oldest first; deleted ones only when asked since a time. */
  async list(bodyId: string, viewer: Viewer, accountId: string, filter: AnnotationFilter, limit: number): Promise<AnnotationRow[]> {
    const qb = this.visible(bodyId, viewer, accountId);
    for (const [column, value] of [
      ['fileId', filter.fileId],
      ['paperId', filter.paperId],
      ['agendaItemId', filter.agendaItemId],
      ['meetingId', filter.meetingId],
    ] as const) {
      if (value) qb.andWhere(`a.${column} = :${column}`, { [column]: value });
    }
    if (filter.mine) qb.andWhere('a.accountId = :mine', { mine: accountId });
    if (filter.modifiedSince) qb.withDeleted().andWhere('a.modified >= :since', { since: filter.modifiedSince });
    qb.select('a.id', 'id').orderBy('a.modified', 'ASC').addOrderBy('a.id', 'ASC');
    // The rule makes this statement costly to plan (18 of 19 ms), so it is planned once per
    // connection; the notes it finds are then read by id, which plans in no time.
    const [text, values] = qb.getQueryAndParameters() as [string, unknown[]];
    const ids = (await runPrepared<{ id: string }>(this.dataSource, ...withLimit(text, values, limit))).map((r) => r.id);
    if (ids.length === 0) return [];
    const found = await this.dataSource
      .getRepository(Annotation)
      .createQueryBuilder('a')
      .withDeleted()
      .where('a.id = ANY(CAST(:ids AS uuid[]))', { ids })
      .getMany();
    const byId = new Map(found.map((a) => [a.id, a]));
    return this.named(ids.map((id) => byId.get(id)).filter((a): a is Annotation => a !== undefined));
  }

  /** The notes the account may see on a meeting and on its agenda items, oldest first. */
  async onMeeting(bodyId: string, viewer: Viewer, accountId: string, meetingId: string): Promise<AnnotationRow[]> {
    const onTheMeeting = new Brackets((on) =>
      on.where('a.meetingId = :meetingId').orWhere('a.agendaItemId IN (SELECT i.id FROM agenda_item i WHERE i.meeting_id = :meetingId)'),
    );
    // Most meeting pages have no note: the cheap look spares them the full rule.
    if (!(await this.anyFor(bodyId, viewer, accountId, (qb) => qb.andWhere(onTheMeeting, { meetingId })))) return [];
    const found = await this.visible(bodyId, viewer, accountId)
      .andWhere(onTheMeeting, { meetingId })
      .orderBy('a.modified', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .getMany();
    return this.named(found);
  }

  /** How many live notes the account may see: its own, and its faction's by others. */
  async counts(bodyId: string, viewer: Viewer, accountId: string): Promise<{ mine: number; faction: number }> {
    if (!(await this.anyFor(bodyId, viewer, accountId))) return { mine: 0, faction: 0 };
    const row = await this.visible(bodyId, viewer, accountId)
      .select('count(*) FILTER (WHERE a.account_id = :me)', 'mine')
      .addSelect('count(*) FILTER (WHERE a.account_id <> :me)', 'faction')
      .setParameter('me', accountId)
      .getRawOne<{ mine: string; faction: string }>();
    return { mine: Number(row?.mine ?? 0), faction: Number(row?.faction ?? 0) };
  }

  async get(bodyId: string, viewer: Viewer, accountId: string, id: string): Promise<AnnotationRow> {
    const found = await this.visible(bodyId, viewer, accountId).andWhere('a.id = :id', { id }).getOne();
    if (!found) throw DomainError.notFound('Annotation');
    return (await this.named([found]))[0];
  }

  /** Locks a visible note for a change by its author; any other note is not found. */
  async lockOwn(tx: Tx, bodyId: string, viewer: Viewer, accountId: string, id: string): Promise<Annotation> {
    const found = await this.visible(bodyId, viewer, accountId, tx).andWhere('a.id = :id', { id }).setLock('pessimistic_write').getOne();
    if (!found) throw DomainError.notFound('Annotation');
    if (found.accountId !== accountId) throw DomainError.forbidden('Only its author can change a note');
    return found;
  }

  /** A note with this id, whoever wrote it and deleted or not: a repeated create is told by it. */
  findAny(tx: Tx, id: string): Promise<Annotation | null> {
    return managerOf(this.dataSource, tx).getRepository(Annotation).findOne({ where: { id }, withDeleted: true });
  }

  async insert(tx: Tx, values: Partial<Annotation>): Promise<Annotation> {
    const repo = managerOf(this.dataSource, tx).getRepository(Annotation);
    return repo.save(repo.create(values));
  }

  async save(tx: Tx, annotation: Annotation): Promise<Annotation> {
    return managerOf(this.dataSource, tx).getRepository(Annotation).save(annotation);
  }

  async softDelete(tx: Tx, annotation: Annotation): Promise<void> {
    await managerOf(this.dataSource, tx)
      .getRepository(Annotation)
      .createQueryBuilder()
      .update()
      .set({ deleted: () => 'now()', version: () => 'version + 1' })
      .where('id = :id', { id: annotation.id })
      .execute();
  }

  /** The live highlights and notes on a file, locked: its replacement moves them. */
  onFileForUpdate(tx: Tx, bodyId: string, fileId: string): Promise<Annotation[]> {
    return managerOf(this.dataSource, tx)
      .getRepository(Annotation)
      .createQueryBuilder('a')
      .where('a.bodyId = :bodyId AND a.fileId = :fileId', { bodyId, fileId })
      .setLock('pessimistic_write')
      .getMany();
  }

  /** Moves notes to a new version of their file, with the state and surroundings each was found in. */
  async moveToFile(
    tx: Tx,
    moves: { id: string; fileId: string; anchorState: AnchorState; page: number | null; prefix: string | null; suffix: string | null }[],
  ) {
    const manager = managerOf(this.dataSource, tx);
    for (const m of moves) {
      await manager
        .getRepository(Annotation)
        .createQueryBuilder()
        .update()
        .set({ fileId: m.fileId, anchorState: m.anchorState, page: m.page, prefix: m.prefix, suffix: m.suffix })
        .where('id = :id', { id: m.id })
        .execute();
    }
  }

  /** The factions the person belongs to today: by a membership in the faction, or a seat held for it. */
  factionsOf(bodyId: string, personId: string): Promise<FactionOption[]> {
    return runNamedSql<FactionOption>(
      this.dataSource,
      `SELECT o.id, o.name FROM organization o
        WHERE o.body_id = :bodyId AND o.deleted IS NULL
          AND EXISTS (SELECT 1 FROM membership ms WHERE ms.person_id = :personId AND ms.deleted IS NULL
                AND ((ms.organization_id = o.id AND o.organization_type = :factionType) OR ms.on_behalf_of_id = o.id)
                AND (ms.start_date IS NULL OR ms.start_date <= (now() AT TIME ZONE 'Europe/Berlin')::date)
                AND (ms.end_date IS NULL OR ms.end_date >= (now() AT TIME ZONE 'Europe/Berlin')::date))
        ORDER BY o.name, o.id`,
      { bodyId, personId, factionType: FACTION_TYPE },
    );
  }

  /** Whether the viewer may see what a note is to be written on. */
  async targetVisible(bodyId: string, viewer: Viewer, target: AnnotationTarget): Promise<boolean> {
    const [sql, condition] = target.fileId
      ? ['SELECT 1 FROM file t WHERE t.id = :id AND t.body_id = :bodyId AND t.deleted IS NULL', Visibility.anyFile(viewer, 't')]
      : target.paperId
        ? ['SELECT 1 FROM paper t WHERE t.id = :id AND t.body_id = :bodyId AND t.deleted IS NULL', Visibility.paper(viewer, 't')]
        : target.agendaItemId
          ? [
              'SELECT 1 FROM agenda_item t JOIN meeting tm ON tm.id = t.meeting_id WHERE t.id = :id AND t.body_id = :bodyId',
              Visibility.agendaItem(viewer, 't', 'tm'),
            ]
          : ['SELECT 1 FROM meeting t WHERE t.id = :id AND t.body_id = :bodyId AND t.deleted IS NULL', Visibility.meeting(viewer, 't')];
    const id = target.fileId ?? target.paperId ?? target.agendaItemId ?? target.meetingId;
    const rows = await runSql(this.dataSource, `${sql} AND ${condition.sql}`, withParams({ id, bodyId }, condition));
    return rows.length > 0;
  }

  /** Adds the names a list shows: the author's, the faction's and the target's. */
  private async named(annotations: Annotation[]): Promise<AnnotationRow[]> {
    if (annotations.length === 0) return [];
    const rows = await runSql<{
      id: string;
      author_name: string;
      faction_name: string | null;
      target_name: string | null;
      item_meeting_id: string | null;
    }>(
      this.dataSource,
      `SELECT a.id, acc.display_name AS author_name, fo.name AS faction_name,
              CASE WHEN a.file_id IS NOT NULL THEN f.name WHEN a.paper_id IS NOT NULL THEN CONCAT_WS(' ', p.reference, p.name)
                   WHEN a.agenda_item_id IS NOT NULL THEN CONCAT_WS(' ', 'TOP', i.number, i.name) ELSE m.name END AS target_name,
              i.meeting_id AS item_meeting_id
         FROM annotation a
         JOIN account acc ON acc.id = a.account_id
         LEFT JOIN organization fo ON fo.id = a.faction_id
         LEFT JOIN file f ON f.id = a.file_id
         LEFT JOIN paper p ON p.id = a.paper_id
         LEFT JOIN agenda_item i ON i.id = a.agenda_item_id
         LEFT JOIN meeting m ON m.id = a.meeting_id
        WHERE a.id = ANY(CAST(:ids AS uuid[]))`,
      { ids: annotations.map((a) => a.id) },
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return annotations.map((annotation) => {
      const r = byId.get(annotation.id);
      return {
        annotation,
        authorName: r?.author_name ?? '',
        factionName: r?.faction_name ?? null,
        targetName: r?.target_name ?? '',
        itemMeetingId: r?.item_meeting_id ?? null,
      };
    });
  }
}
