import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AuditService } from 'src/audit/audit.service';
import { Actor, Viewer } from 'src/auth/actor';
import { Body } from 'src/bodies/body.entity';
import { DomainError, ErrorCode } from 'src/common/domain-error';
import { Consultation } from 'src/consultations/consultation.entity';
import { FileLink } from 'src/files/file-link.entity';
import { Organization } from 'src/organizations/organization.entity';
import { PaperParty, PaperPartyRole } from 'src/papers/paper-party.entity';
import { referencePrefix, renderPaperReference } from 'src/papers/paper-reference';
import { PaperRelation, PaperRelationKind } from 'src/papers/paper-relation.entity';
import { Paper, PaperStatus } from 'src/papers/paper.entity';
import { CreatePaperDto, PaperDetails, PaperLinkFields, PaperQueryDto, UpdatePaperDto } from 'src/papers/papers.dto';
import { PapersRepository } from 'src/papers/papers.repository';
import { Person } from 'src/persons/person.entity';
import { assertReferences } from 'src/tenancy/tenant-repository';

export interface PaperView {
  paper: Paper;
  details: PaperDetails;
}

const ADMIN = (bodyId: string): Viewer => ({ kind: 'admin', bodyId });
const CLOSED_STATUSES: readonly PaperStatus[] = [PaperStatus.Decided, PaperStatus.Rejected, PaperStatus.Noted, PaperStatus.Withdrawn];
/** Gaps left by hand-entered references are skipped; this many in a row means something is wrong. */
const MAX_REFERENCE_ATTEMPTS = 1000;

const dedupe = (ids: string[] | undefined) => (ids === undefined ? undefined : [...new Set(ids)]);

@Injectable()
export class PapersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly papers: PapersRepository,
    private readonly audit: AuditService,
  ) {}

  async list(bodyId: string, viewer: Viewer, query: PaperQueryDto): Promise<[PaperView[], number]> {
    const [rows, total] = await this.papers.list(bodyId, viewer, query);
    return [await this.withDetails(bodyId, rows, viewer), total];
  }

  async get(bodyId: string, id: string, viewer: Viewer): Promise<PaperView> {
    const paper = await this.papers.getVisible(bodyId, id, viewer);
    return (await this.withDetails(bodyId, [paper], viewer))[0];
  }

  async create(body: Body, actor: Actor, dto: CreatePaperDto): Promise<PaperView> {
    const id = await this.dataSource.transaction(async (manager) => {
      await this.checkLinks(manager, body.id, null, dto);
      const reference = dto.reference ?? (await this.drawReference(manager, body, dto.paperType ?? null, dto.date ?? null));
      if (dto.reference !== undefined && (await this.papers.referenceTaken(manager, body.id, dto.reference))) {
        throw referenceConflict(dto.reference);
      }
      const repo = this.papers.repo(manager);
      const saved = await repo.save(
        repo.create({
          bodyId: body.id,
          name: dto.name,
          reference,
          date: dto.date ?? null,
          paperType: dto.paperType ?? null,
          confidential: dto.confidential ?? false,
          status: dto.status ?? PaperStatus.Draft,
        }),
      );
      await this.writeLinks(manager, body.id, saved.id, dto);
      await this.audit.record(manager, actor, {
        bodyId: body.id,
        action: 'create',
        entityType: 'Paper',
        entityId: saved.id,
        after: { ...saved, ...(await this.linkSnapshot(manager, body.id, saved)) },
      });
      return saved.id;
    });
    return this.get(body.id, id, ADMIN(body.id));
  }

  async update(bodyId: string, id: string, actor: Actor, dto: UpdatePaperDto): Promise<PaperView> {
    await this.dataSource.transaction(async (manager) => {
      const current = await this.papers.getForUpdate(bodyId, id, manager);
      const before = { ...current, ...(await this.linkSnapshot(manager, bodyId, current)) };
      await this.checkLinks(manager, bodyId, id, dto);
      if (dto.reference !== undefined && dto.reference !== current.reference) {
        if (await this.papers.referenceTaken(manager, bodyId, dto.reference, id)) throw referenceConflict(dto.reference);
        current.reference = dto.reference;
      }
      if (dto.name !== undefined) current.name = dto.name;
      if (dto.date !== undefined) current.date = dto.date;
      if (dto.paperType !== undefined) current.paperType = dto.paperType;
      if (dto.confidential !== undefined) current.confidential = dto.confidential;
      if (dto.status !== undefined) current.status = dto.status;
      // Saved even without column changes: new parties or relations change the paper too.
      current.modified = new Date();
      const saved = await this.papers.repo(manager).save(current);
      await this.writeLinks(manager, bodyId, id, dto);
      await this.audit.record(manager, actor, {
        bodyId,
        action: 'update',
        entityType: 'Paper',
        entityId: id,
        before,
        after: { ...saved, ...(await this.linkSnapshot(manager, bodyId, saved)) },
      });
    });
    return this.get(bodyId, id, ADMIN(bodyId));
  }

  async withdraw(bodyId: string, id: string, actor: Actor): Promise<PaperView> {
    await this.dataSource.transaction(async (manager) => {
      const current = await this.papers.getForUpdate(bodyId, id, manager);
      if (CLOSED_STATUSES.includes(current.status)) {
        throw DomainError.invalidState(`A paper with status ${current.status} cannot be withdrawn`, { status: current.status });
      }
      const before = { ...current };
      current.status = PaperStatus.Withdrawn;
      const saved = await this.papers.repo(manager).save(current);
      await this.audit.record(manager, actor, { bodyId, action: 'withdraw', entityType: 'Paper', entityId: id, before, after: saved });
    });
    return this.get(bodyId, id, ADMIN(bodyId));
  }

  remove(bodyId: string, id: string, actor: Actor): Promise<void> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.papers.getForUpdate(bodyId, id, manager);
      const before = { ...current, ...(await this.linkSnapshot(manager, bodyId, current)) };
      await this.papers.repo(manager).softDelete({ id, bodyId });
      // The paper's own parts go with it; agenda items keep pointing at the tombstone.
      for (const entity of [PaperParty, Consultation, FileLink]) {
        await manager.getRepository(entity).softDelete({ bodyId, paperId: id, deleted: IsNull() });
      }
      await manager
        .createQueryBuilder()
        .softDelete()
        .from(PaperRelation)
        .where('body_id = :bodyId AND (paper_id = :id OR related_paper_id = :id) AND deleted IS NULL', { bodyId, id })
        .execute();
      await this.audit.record(manager, actor, { bodyId, action: 'delete', entityType: 'Paper', entityId: id, before });
    });
  }

  private async withDetails(bodyId: string, papers: Paper[], viewer: Viewer): Promise<PaperView[]> {
    const details = await this.papers.details(bodyId, papers, viewer);
    return papers.map((paper) => ({ paper, details: details.get(paper.id)! }));
  }

  private async drawReference(manager: EntityManager, body: Body, paperType: string | null, date: string | null): Promise<string> {
    const now = new Date();
    const input = { pattern: body.paperReferencePattern, paperTypeCodes: body.paperTypeCodes, paperType, date };
    const prefix = referencePrefix(input, now);
    for (let attempt = 0; attempt < MAX_REFERENCE_ATTEMPTS; attempt++) {
      const reference = renderPaperReference(input, await this.papers.nextReferenceNumber(manager, body.id, prefix), now);
      if (!(await this.papers.referenceTaken(manager, body.id, reference))) return reference;
    }
    throw DomainError.invalidState('No free paper reference found; check the reference pattern');
  }

  private async checkLinks(manager: EntityManager, bodyId: string, selfId: string | null, dto: PaperLinkFields): Promise<void> {
    const paperFields = ['relatedPaperIds', 'superordinatedPaperIds', 'subordinatedPaperIds'] as const;
    const problems: { field: string; problems: string[] }[] = [];
    for (const field of paperFields) {
      if (selfId && dto[field]?.includes(selfId)) problems.push({ field, problems: [`${field} cannot contain the paper itself`] });
    }
    const both = (dto.superordinatedPaperIds ?? []).filter((pid) => dto.subordinatedPaperIds?.includes(pid));
    if (both.length > 0) {
      problems.push({ field: 'subordinatedPaperIds', problems: ['a paper cannot be superordinated and subordinated at once'] });
    }
    if (problems.length > 0) throw DomainError.invalid('Invalid paper relations', problems);
    await assertReferences(manager, bodyId, [
      { entity: Person, ids: dto.originatorPersonIds ?? [], field: 'originatorPersonIds' },
      { entity: Organization, ids: dto.originatorOrganizationIds ?? [], field: 'originatorOrganizationIds' },
      { entity: Organization, ids: dto.underDirectionOfIds ?? [], field: 'underDirectionOfIds' },
      ...paperFields.map((field) => ({ entity: Paper, ids: dto[field] ?? [], field })),
    ]);
  }

  /** Replaces each list the client sent; lists left out stay as they are. */
  private async writeLinks(manager: EntityManager, bodyId: string, paperId: string, dto: PaperLinkFields): Promise<void> {
    const parties: [string[] | undefined, PaperPartyRole, 'personId' | 'organizationId'][] = [
      [dedupe(dto.originatorPersonIds), PaperPartyRole.Originator, 'personId'],
      [dedupe(dto.originatorOrganizationIds), PaperPartyRole.Originator, 'organizationId'],
      [dedupe(dto.underDirectionOfIds), PaperPartyRole.UnderDirectionOf, 'organizationId'],
    ];
    const partyRepo = manager.getRepository(PaperParty);
    for (const [ids, role, column] of parties) {
      if (ids === undefined) continue;
      await manager
        .createQueryBuilder()
        .softDelete()
        .from(PaperParty)
        .where(
          `body_id = :bodyId AND paper_id = :paperId AND role = :role AND ${column === 'personId' ? 'person_id' : 'organization_id'} IS NOT NULL`,
          {
            bodyId,
            paperId,
            role,
          },
        )
        .andWhere('deleted IS NULL')
        .execute();
      if (ids.length > 0) {
        await partyRepo.insert(
          ids.map((id, position) => ({ bodyId, paperId, role, position, personId: null, organizationId: null, [column]: id })),
        );
      }
    }

    const relations: [string[] | undefined, PaperRelationKind, string, (other: string) => { paperId: string; relatedPaperId: string }][] = [
      [
        dedupe(dto.relatedPaperIds),
        PaperRelationKind.Related,
        '(paper_id = :paperId OR related_paper_id = :paperId)',
        (o) => ({ paperId, relatedPaperId: o }),
      ],
      [dedupe(dto.subordinatedPaperIds), PaperRelationKind.Subordinated, 'paper_id = :paperId', (o) => ({ paperId, relatedPaperId: o })],
      [
        dedupe(dto.superordinatedPaperIds),
        PaperRelationKind.Subordinated,
        'related_paper_id = :paperId',
        (o) => ({ paperId: o, relatedPaperId: paperId }),
      ],
    ];
    let touchedHierarchy = false;
    for (const [ids, kind, side, row] of relations) {
      if (ids === undefined) continue;
      touchedHierarchy ||= kind === PaperRelationKind.Subordinated;
      await manager
        .createQueryBuilder()
        .softDelete()
        .from(PaperRelation)
        .where(`body_id = :bodyId AND kind = :kind AND deleted IS NULL AND ${side}`, { bodyId, kind, paperId })
        .execute();
      if (ids.length > 0) await manager.getRepository(PaperRelation).insert(ids.map((o) => ({ bodyId, kind, ...row(o) })));
    }
    if (touchedHierarchy) await this.assertNoMutualSubordination(manager, paperId);
  }

  private async assertNoMutualSubordination(manager: EntityManager, paperId: string): Promise<void> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM paper_relation a JOIN paper_relation b
          ON b.paper_id = a.related_paper_id AND b.related_paper_id = a.paper_id AND b.kind = 'subordinated' AND b.deleted IS NULL
        WHERE a.kind = 'subordinated' AND a.deleted IS NULL AND (a.paper_id = $1 OR a.related_paper_id = $1) LIMIT 1`,
      [paperId],
    );
    if (rows.length > 0) {
      throw DomainError.invalid('Invalid paper relations', [
        { field: 'subordinatedPaperIds', problems: ['two papers cannot be subordinated to each other'] },
      ]);
    }
  }

  private async linkSnapshot(manager: EntityManager, bodyId: string, paper: Paper): Promise<Record<string, string[]>> {
    const d = (await this.papers.details(bodyId, [paper], ADMIN(bodyId), manager)).get(paper.id)!;
    return {
      originatorPersonIds: d.originatorPersonIds,
      originatorOrganizationIds: d.originatorOrganizationIds,
      underDirectionOfIds: d.underDirectionOfIds,
      relatedPaperIds: d.relatedPaperIds,
      superordinatedPaperIds: d.superordinatedPaperIds,
      subordinatedPaperIds: d.subordinatedPaperIds,
    };
  }
}

function referenceConflict(reference: string): DomainError {
  return new DomainError(ErrorCode.Conflict, `The reference ${reference} is taken by another paper`, { field: 'reference' });
}
