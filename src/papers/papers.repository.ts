import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, EntityManager, In, IsNull, SelectQueryBuilder } from 'typeorm';
import { Viewer } from 'src/auth/actor';
import { DomainError } from 'src/common/domain-error';
import { runPreparedSql } from 'src/common/named-sql';
import { managerOf, Tx } from 'src/common/unit-of-work';
import { Consultation } from 'src/consultations/consultation.entity';
import { FileLink, FileRole } from 'src/files/file-link.entity';
import { Meeting } from 'src/meetings/meeting.entity';
import { File } from 'src/files/file.entity';
import { toFileSummary } from 'src/files/files.dto';
import { escapeLike, PAPER_LIST_ORDER, PaperListFilterFields, paperListWhere } from 'src/papers/paper-list-filter';
import { PaperParty, PaperPartyRole } from 'src/papers/paper-party.entity';
import { PaperRelation, PaperRelationKind } from 'src/papers/paper-relation.entity';
import { Paper } from 'src/papers/paper.entity';
import { PaperDetails, PaperQueryDto } from 'src/papers/papers.dto';
import { TenantRepository } from 'src/tenancy/tenant.repository';
import { Visibility } from 'src/visibility/visibility';

/** A paper as a working list shows it, with the next open step of its Beratungsfolge. */
export interface PaperListEntry {
  id: string;
  reference: string | null;
  name: string;
  paper_type: string | null;
  /** YYYY-MM-DD. */
  date: string | null;
  status: string;
  confidential: boolean;
  /** The organization of the first step not taken yet (pending, scheduled or postponed), and its role there. */
  next_organization: string | null;
  next_role: string | null;
}

export interface PaperListQuery extends Pick<PaperListFilterFields, 'q' | 'status' | 'year'> {
  offset: number;
  limit: number;
}

@Injectable()
export class PapersRepository extends TenantRepository<Paper> {
  constructor(dataSource: DataSource) {
    super(dataSource, Paper, 'Paper', 'p');
  }

  /** The body's papers the viewer may see. */
  visible(bodyId: string, viewer: Viewer, manager?: EntityManager): SelectQueryBuilder<Paper> {
    const qb = this.query(bodyId, manager);
    if (viewer.kind !== 'admin') {
      const condition = Visibility.paper(viewer, 'p');
      qb.andWhere(condition.sql, condition.params);
    }
    return qb;
  }

  async getVisible(bodyId: string, id: string, viewer: Viewer, manager?: EntityManager): Promise<Paper> {
    const found = await this.visible(bodyId, viewer, manager).andWhere('p.id = :id', { id }).getOne();
    if (!found) throw DomainError.notFound(this.label);
    return found;
  }

  list(bodyId: string, viewer: Viewer, query: PaperQueryDto): Promise<[Paper[], number]> {
    const qb = this.visible(bodyId, viewer);
    if (query.paperType) qb.andWhere('p.paperType = :paperType', { paperType: query.paperType });
    if (query.status) qb.andWhere('p.status = :status', { status: query.status });
    if (query.year !== undefined) qb.andWhere('EXTRACT(YEAR FROM p.date) = :year', { year: query.year });
    if (query.organizationId) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM consultation fc WHERE fc.paper_id = p.id AND fc.deleted IS NULL AND fc.organization_id = :organizationId)',
        { organizationId: query.organizationId },
      );
    }
    if (query.q) {
      const q = `%${escapeLike(query.q)}%`;
      qb.andWhere(new Brackets((w) => w.where('p.name ILIKE :q', { q }).orWhere('p.reference ILIKE :q', { q })));
    }
    if (query.modifiedSince) qb.andWhere('p.modified >= :modifiedSince', { modifiedSince: query.modifiedSince });
    return qb
      .orderBy('p.date', 'DESC', 'NULLS LAST')
      .addOrderBy('p.reference', 'ASC', 'NULLS LAST')
      .addOrderBy('p.id', 'ASC')
      .skip((query.page - 1) * query.limit)
      .take(query.limit)
      .getManyAndCount();
  }

  /**
   * One page of the body's papers the viewer may see, newest first as the portal lists them, and
   * how many the query selects: two prepared statements, the page's next steps included, where
   * `list` and the papers' details take seven.
   */
  async listPage(bodyId: string, viewer: Viewer, query: PaperListQuery): Promise<[PaperListEntry[], number]> {
    const { where, params } = paperListWhere(bodyId, viewer, query);
    const [rows, [count]] = await Promise.all([
      // The page first, in the order of paper_list_idx, then the next step of its papers only.
      runPreparedSql<PaperListEntry>(
        this.dataSource,
        `SELECT p.id, p.reference, p.name, p.paper_type, p.date::text AS date, p.status, p.confidential,
                next.organization AS next_organization, next.role AS next_role
           FROM (SELECT p.id, p.body_id, p.reference, p.name, p.paper_type, p.date, p.status, p.confidential
                   FROM paper p WHERE ${where} ORDER BY ${PAPER_LIST_ORDER} LIMIT :limit OFFSET :offset) p
           LEFT JOIN LATERAL (
             SELECT o.name AS organization, c.role FROM consultation c
               LEFT JOIN organization o ON o.id = c.organization_id AND o.deleted IS NULL
              WHERE c.paper_id = p.id AND c.body_id = p.body_id AND c.deleted IS NULL
                AND c.status IN ('pending', 'scheduled', 'postponed')
              ORDER BY c.position, c.created LIMIT 1) next ON TRUE
          ORDER BY ${PAPER_LIST_ORDER}`,
        { ...params, offset: query.offset, limit: query.limit },
      ),
      runPreparedSql<{ total: string }>(this.dataSource, `SELECT count(*) AS total FROM paper p WHERE ${where}`, params),
    ]);
    return [rows, Number(count.total)];
  }

  /** Of the given ids, those the viewer may see; used to keep hidden papers out of relation lists. */
  async visibleIds(bodyId: string, viewer: Viewer, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0 || viewer.kind === 'admin') return new Set(ids);
    const rows = await this.visible(bodyId, viewer)
      .select('p.id', 'id')
      .andWhere('p.id IN (:...ids)', { ids })
      .getRawMany<{ id: string }>();
    return new Set(rows.map((r) => r.id));
  }

  /** Parties, relations, consultations and files of the papers, in four queries. */
  async details(bodyId: string, papers: Paper[], viewer: Viewer, tx?: Tx | EntityManager): Promise<Map<string, PaperDetails>> {
    const m = managerOf(this.dataSource, tx);
    const ids = papers.map((p) => p.id);
    const result = new Map<string, PaperDetails>();
    for (const id of ids) {
      result.set(id, {
        originatorPersonIds: [],
        originatorOrganizationIds: [],
        underDirectionOfIds: [],
        relatedPaperIds: [],
        superordinatedPaperIds: [],
        subordinatedPaperIds: [],
        consultations: [],
        mainFile: null,
        auxiliaryFiles: [],
      });
    }
    if (ids.length === 0) return result;
    // One after another: inside a transaction they share one connection.
    const parties = await m
      .getRepository(PaperParty)
      .find({ where: { bodyId, paperId: In(ids) }, order: { position: 'ASC', created: 'ASC' } });
    const relations = await m
      .getRepository(PaperRelation)
      .createQueryBuilder('r')
      .where('r.bodyId = :bodyId', { bodyId })
      .andWhere('(r.paperId IN (:...ids) OR r.relatedPaperId IN (:...ids))', { ids })
      .orderBy('r.created', 'ASC')
      .getMany();
    const consultations = await m
      .getRepository(Consultation)
      .find({ where: { bodyId, paperId: In(ids) }, order: { position: 'ASC', created: 'ASC' } });
    const links = await m
      .getRepository(FileLink)
      .createQueryBuilder('l')
      .innerJoinAndSelect('l.file', 'f', 'f.deleted IS NULL')
      .where('l.bodyId = :bodyId', { bodyId })
      .andWhere('l.paperId IN (:...ids)', { ids })
      .andWhere('l.role IN (:...roles)', { roles: [FileRole.Main, FileRole.Auxiliary] })
      .orderBy('l.position', 'ASC')
      .addOrderBy('l.created', 'ASC')
      .getMany();
    for (const party of parties) {
      const d = result.get(party.paperId)!;
      if (party.role === PaperPartyRole.UnderDirectionOf && party.organizationId) d.underDirectionOfIds.push(party.organizationId);
      else if (party.personId) d.originatorPersonIds.push(party.personId);
      else if (party.organizationId) d.originatorOrganizationIds.push(party.organizationId);
    }
    const otherIds = relations.flatMap((r) => [r.paperId, r.relatedPaperId]);
    const visible = await this.visibleIds(bodyId, viewer, [...new Set(otherIds)]);
    const add = (list: string[], id: string) => {
      if (visible.has(id) && !list.includes(id)) list.push(id);
    };
    for (const r of relations) {
      const own = result.get(r.paperId);
      const other = result.get(r.relatedPaperId);
      if (r.kind === PaperRelationKind.Related) {
        if (own) add(own.relatedPaperIds, r.relatedPaperId);
        if (other) add(other.relatedPaperIds, r.paperId);
      } else {
        if (own) add(own.subordinatedPaperIds, r.relatedPaperId);
        if (other) add(other.superordinatedPaperIds, r.paperId);
      }
    }
    for (const c of await this.hideUnseenSchedules(bodyId, viewer, consultations, m)) result.get(c.paperId)!.consultations.push(c);
    for (const link of links as (FileLink & { file: File })[]) {
      const d = result.get(link.paperId!)!;
      if (link.role === FileRole.Main && !d.mainFile) d.mainFile = toFileSummary(link);
      else d.auxiliaryFiles.push(toFileSummary(link));
    }
    return result;
  }

  /**
   * Consultations name the meeting and agenda item they are scheduled on; a viewer who may not
   * see a draft meeting or a closed item of another committee does not learn of it from here.
   */
  async hideUnseenSchedules(
    bodyId: string,
    viewer: Viewer,
    consultations: Consultation[],
    manager?: EntityManager,
  ): Promise<Consultation[]> {
    if (viewer.kind === 'admin') return consultations;
    const m = manager ?? this.dataSource.manager;
    const meetingIds = [...new Set(consultations.map((c) => c.meetingId).filter((id): id is string => id !== null))];
    const itemIds = [...new Set(consultations.map((c) => c.agendaItemId).filter((id): id is string => id !== null))];
    const meetings = new Set<string>();
    const items = new Set<string>();
    if (meetingIds.length > 0) {
      const condition = Visibility.meeting(viewer, 'vm');
      const rows = await m
        .getRepository(Meeting)
        .createQueryBuilder('vm')
        .select('vm.id', 'id')
        .where('vm.bodyId = :bodyId AND vm.id IN (:...meetingIds)', { bodyId, meetingIds })
        .andWhere(condition.sql, condition.params)
        .getRawMany<{ id: string }>();
      rows.forEach((r) => meetings.add(r.id));
    }
    if (itemIds.length > 0) {
      const condition = Visibility.agendaItem(viewer, 'vi', 'vim');
      // By name: the agenda sits above the papers it names.
      const rows = await m
        .getRepository<{ id: string }>('AgendaItem')
        .createQueryBuilder('vi')
        .innerJoin(Meeting, 'vim', 'vim.id = vi.meetingId')
        .select('vi.id', 'id')
        .where('vi.bodyId = :bodyId AND vi.id IN (:...itemIds)', { bodyId, itemIds })
        .andWhere(condition.sql, condition.params)
        .getRawMany<{ id: string }>();
      rows.forEach((r) => items.add(r.id));
    }
    return consultations.map((c) =>
      Object.assign(c, {
        meetingId: c.meetingId && meetings.has(c.meetingId) ? c.meetingId : null,
        agendaItemId: c.agendaItemId && items.has(c.agendaItemId) ? c.agendaItemId : null,
      }),
    );
  }

  /** Draws the next number of the counter atomically; concurrent callers wait on the row lock. */
  async nextReferenceNumber(tx: Tx | EntityManager, bodyId: string, prefix: string): Promise<number> {
    const rows: { last_value: number }[] = await managerOf(this.dataSource, tx).query(
      `INSERT INTO paper_reference_sequence (body_id, prefix, last_value) VALUES ($1, $2, 1)
       ON CONFLICT (body_id, prefix) DO UPDATE SET last_value = paper_reference_sequence.last_value + 1
       RETURNING last_value`,
      [bodyId, prefix],
    );
    return rows[0].last_value;
  }

  async referenceTaken(tx: Tx | EntityManager, bodyId: string, reference: string, exceptId?: string): Promise<boolean> {
    const qb = this.query(bodyId, tx).andWhere('p.reference = :reference', { reference });
    if (exceptId) qb.andWhere('p.id <> :exceptId', { exceptId });
    return (await qb.getCount()) > 0;
  }

  /** Whether the public may see the paper (the visibility rule): only such a paper takes residents' statements. */
  async publicToo(tx: Tx | EntityManager, bodyId: string, id: string): Promise<boolean> {
    const visible = Visibility.paper({ kind: 'public' }, 'p');
    return (await this.query(bodyId, tx).andWhere('p.id = :id', { id }).andWhere(visible.sql, visible.params).getCount()) > 0;
  }

  /** Moves `modified` of the papers: OParl embeds their consultations and files, and clients sync on it. */
  async touch(tx: Tx | EntityManager, bodyId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await managerOf(this.dataSource, tx)
      .createQueryBuilder()
      .update(Paper)
      .set({ modified: () => 'now()' })
      .where({ bodyId, id: In([...new Set(ids)]) })
      .execute();
  }

  /** The paper locked for the rest of the transaction, or null. */
  findForUpdate(tx: Tx, bodyId: string, id: string): Promise<Paper | null> {
    return this.query(bodyId, tx).andWhere('p.id = :id', { id }).setLock('pessimistic_write').getOne();
  }

  save(tx: Tx | EntityManager, paper: Paper): Promise<Paper> {
    return this.repo(tx).save(paper);
  }

  /** Replaces the paper's parties of one role and kind (persons or organizations) by these, in this order. */
  async replaceParties(
    tx: Tx,
    bodyId: string,
    paperId: string,
    role: PaperPartyRole,
    column: 'personId' | 'organizationId',
    ids: string[],
  ): Promise<void> {
    const manager = managerOf(this.dataSource, tx);
    await manager
      .createQueryBuilder()
      .softDelete()
      .from(PaperParty)
      .where(
        `body_id = :bodyId AND paper_id = :paperId AND role = :role AND ${column === 'personId' ? 'person_id' : 'organization_id'} IS NOT NULL`,
        { bodyId, paperId, role },
      )
      .andWhere('deleted IS NULL')
      .execute();
    if (ids.length > 0) {
      await manager
        .getRepository(PaperParty)
        .insert(ids.map((id, position) => ({ bodyId, paperId, role, position, personId: null, organizationId: null, [column]: id })));
    }
  }

  /** Replaces the relations of one kind on one side (`side` is SQL over paper_id/related_paper_id and :paperId). */
  async replaceRelations(
    tx: Tx,
    bodyId: string,
    paperId: string,
    kind: PaperRelationKind,
    side: string,
    rows: { paperId: string; relatedPaperId: string }[],
  ): Promise<void> {
    const manager = managerOf(this.dataSource, tx);
    await manager
      .createQueryBuilder()
      .softDelete()
      .from(PaperRelation)
      .where(`body_id = :bodyId AND kind = :kind AND deleted IS NULL AND ${side}`, { bodyId, kind, paperId })
      .execute();
    if (rows.length > 0) await manager.getRepository(PaperRelation).insert(rows.map((row) => ({ bodyId, kind, ...row })));
  }

  /** Whether the paper and another are each subordinated to the other. */
  async subordinatedMutually(tx: Tx, paperId: string): Promise<boolean> {
    const rows: unknown[] = await managerOf(this.dataSource, tx).query(
      `SELECT 1 FROM paper_relation a JOIN paper_relation b
          ON b.paper_id = a.related_paper_id AND b.related_paper_id = a.paper_id AND b.kind = 'subordinated' AND b.deleted IS NULL
        WHERE a.kind = 'subordinated' AND a.deleted IS NULL AND (a.paper_id = $1 OR a.related_paper_id = $1) LIMIT 1`,
      [paperId],
    );
    return rows.length > 0;
  }

  async softDeleteParties(tx: Tx, bodyId: string, paperId: string): Promise<void> {
    await managerOf(this.dataSource, tx).getRepository(PaperParty).softDelete({ bodyId, paperId, deleted: IsNull() });
  }

  /** Marks the relations in both directions deleted. */
  async softDeleteRelations(tx: Tx, bodyId: string, id: string): Promise<void> {
    await managerOf(this.dataSource, tx)
      .createQueryBuilder()
      .softDelete()
      .from(PaperRelation)
      .where('body_id = :bodyId AND (paper_id = :id OR related_paper_id = :id) AND deleted IS NULL', { bodyId, id })
      .execute();
  }
}
