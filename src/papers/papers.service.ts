import { Injectable } from '@nestjs/common';
import { AuditService } from 'src/audit/audit.service';
import { Actor, Viewer } from 'src/auth/actor';
import { Body } from 'src/bodies/body.entity';
import { DomainError, ErrorCode } from 'src/common/domain-error';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';
import { Organization } from 'src/organizations/organization.entity';
import { PaperPartyRole } from 'src/papers/paper-party.entity';
import { referencePrefix, renderPaperReference } from 'src/papers/paper-reference';
import { PaperRelationKind } from 'src/papers/paper-relation.entity';
import { Paper, PaperStatus } from 'src/papers/paper.entity';
import { CreatePaperDto, PaperDetails, PaperLinkFields, PaperQueryDto, UpdatePaperDto } from 'src/papers/papers.dto';
import { PaperListEntry, PaperListQuery, PapersRepository } from 'src/papers/papers.repository';
import { Person } from 'src/persons/person.entity';

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
    private readonly unitOfWork: UnitOfWork,
    private readonly papers: PapersRepository,
    private readonly audit: AuditService,
  ) {}

  async list(bodyId: string, viewer: Viewer, query: PaperQueryDto): Promise<[PaperView[], number]> {
    const [rows, total] = await this.papers.list(bodyId, viewer, query);
    return [await this.withDetails(bodyId, rows, viewer), total];
  }

  /** One page of papers as working lists show them, each with its next step, and how many the query selects. */
  listPage(bodyId: string, viewer: Viewer, query: PaperListQuery): Promise<[PaperListEntry[], number]> {
    return this.papers.listPage(bodyId, viewer, query);
  }

  async get(bodyId: string, id: string, viewer: Viewer): Promise<PaperView> {
    const paper = await this.papers.getVisible(bodyId, id, viewer);
    return (await this.withDetails(bodyId, [paper], viewer))[0];
  }

  async create(body: Body, actor: Actor, dto: CreatePaperDto): Promise<PaperView> {
    const id = await this.unitOfWork.run(async (tx) => {
      await this.checkLinks(tx, body.id, null, dto);
      const reference = dto.reference ?? (await this.drawReference(tx, body, dto.paperType ?? null, dto.date ?? null));
      if (dto.reference !== undefined && (await this.papers.referenceTaken(tx, body.id, dto.reference))) {
        throw referenceConflict(dto.reference);
      }
      const saved = await this.papers.insertOne(tx, body.id, {
        name: dto.name,
        reference,
        date: dto.date ?? null,
        paperType: dto.paperType ?? null,
        confidential: dto.confidential ?? false,
        status: dto.status ?? PaperStatus.Draft,
      });
      await this.writeLinks(tx, body.id, saved.id, dto);
      await this.audit.record(tx, actor, {
        bodyId: body.id,
        action: 'create',
        entityType: 'Paper',
        entityId: saved.id,
        after: { ...saved, ...(await this.linkSnapshot(tx, body.id, saved)) },
      });
      return saved.id;
    });
    return this.get(body.id, id, ADMIN(body.id));
  }

  async update(bodyId: string, id: string, actor: Actor, dto: UpdatePaperDto): Promise<PaperView> {
    await this.unitOfWork.run(async (tx) => {
      const current = await this.papers.getForUpdate(bodyId, id, tx);
      const before = { ...current, ...(await this.linkSnapshot(tx, bodyId, current)) };
      await this.checkLinks(tx, bodyId, id, dto);
      if (dto.reference !== undefined && dto.reference !== current.reference) {
        if (await this.papers.referenceTaken(tx, bodyId, dto.reference, id)) throw referenceConflict(dto.reference);
        current.reference = dto.reference;
      }
      if (dto.name !== undefined) current.name = dto.name;
      if (dto.date !== undefined) current.date = dto.date;
      if (dto.paperType !== undefined) current.paperType = dto.paperType;
      if (dto.confidential !== undefined) current.confidential = dto.confidential;
      if (dto.status !== undefined) current.status = dto.status;
      if (dto.statementsUntil !== undefined) {
        const until = dto.statementsUntil === null ? null : new Date(dto.statementsUntil);
        if (until && !(await this.papers.publicToo(tx, bodyId, id))) {
          throw DomainError.invalidState('Only a paper the public may see can be opened for statements', { field: 'statementsUntil' });
        }
        current.statementsUntil = until;
      }
      // Saved even without column changes: new parties or relations change the paper too.
      current.modified = new Date();
      const saved = await this.papers.save(tx, current);
      await this.writeLinks(tx, bodyId, id, dto);
      await this.audit.record(tx, actor, {
        bodyId,
        action: 'update',
        entityType: 'Paper',
        entityId: id,
        before,
        after: { ...saved, ...(await this.linkSnapshot(tx, bodyId, saved)) },
      });
    });
    return this.get(bodyId, id, ADMIN(bodyId));
  }

  /**
   * Opens the paper for residents' statements until `until`, or closes it (null); audited like
   * every change of the paper. Whether the public may see the paper is the caller's check.
   */
  async setStatementsUntil(bodyId: string, id: string, actor: Actor, until: Date | null): Promise<void> {
    await this.unitOfWork.run(async (tx) => {
      const current = await this.papers.getForUpdate(bodyId, id, tx);
      if ((current.statementsUntil?.getTime() ?? null) === (until?.getTime() ?? null)) return;
      const before = { ...current };
      current.statementsUntil = until;
      current.modified = new Date();
      const saved = await this.papers.save(tx, current);
      await this.audit.record(tx, actor, {
        bodyId,
        action: until ? 'openStatements' : 'closeStatements',
        entityType: 'Paper',
        entityId: id,
        before,
        after: saved,
      });
    });
  }

  async withdraw(bodyId: string, id: string, actor: Actor): Promise<PaperView> {
    await this.unitOfWork.run(async (tx) => {
      const current = await this.papers.getForUpdate(bodyId, id, tx);
      if (CLOSED_STATUSES.includes(current.status)) {
        throw DomainError.invalidState(`A paper with status ${current.status} cannot be withdrawn`, { status: current.status });
      }
      const before = { ...current };
      current.status = PaperStatus.Withdrawn;
      const saved = await this.papers.save(tx, current);
      await this.audit.record(tx, actor, { bodyId, action: 'withdraw', entityType: 'Paper', entityId: id, before, after: saved });
    });
    return this.get(bodyId, id, ADMIN(bodyId));
  }

  /**
   * Freigabe: the administration releases a draft for its Beratungsfolge, after which it can go
   * on an agenda. Only a draft with at least one step can be released, and only once.
   */
  async release(bodyId: string, id: string, actor: Actor): Promise<PaperView> {
    await this.unitOfWork.run(async (tx) => {
      const current = await this.papers.getForUpdate(bodyId, id, tx);
      if (current.status !== PaperStatus.Draft) {
        throw DomainError.invalidState(`Only a draft can be released; this paper is ${current.status}`, { status: current.status });
      }
      const { consultations } = (await this.papers.details(bodyId, [current], ADMIN(bodyId), tx)).get(id)!;
      if (consultations.length === 0) {
        throw DomainError.invalid('A paper needs a Beratungsfolge before it is released', [
          { field: 'consultations', problems: ['the paper has no consultation yet'] },
        ]);
      }
      const before = { ...current };
      current.status = PaperStatus.InConsultation;
      const saved = await this.papers.save(tx, current);
      await this.audit.record(tx, actor, { bodyId, action: 'release', entityType: 'Paper', entityId: id, before, after: saved });
    });
    return this.get(bodyId, id, ADMIN(bodyId));
  }

  /**
   * The paper's own parts go with it; agenda items keep pointing at the tombstone.
   * `removeParts` deletes the parts other folders own (consultations, file links) in the same
   * transaction.
   */
  remove(bodyId: string, id: string, actor: Actor, removeParts: (tx: Tx, paperId: string) => Promise<void>): Promise<void> {
    return this.unitOfWork.run(async (tx) => {
      const current = await this.papers.getForUpdate(bodyId, id, tx);
      const before = { ...current, ...(await this.linkSnapshot(tx, bodyId, current)) };
      await this.papers.softDeleteOne(tx, bodyId, id);
      await this.papers.softDeleteParties(tx, bodyId, id);
      await removeParts(tx, id);
      await this.papers.softDeleteRelations(tx, bodyId, id);
      await this.audit.record(tx, actor, { bodyId, action: 'delete', entityType: 'Paper', entityId: id, before });
    });
  }

  private async withDetails(bodyId: string, papers: Paper[], viewer: Viewer): Promise<PaperView[]> {
    const details = await this.papers.details(bodyId, papers, viewer);
    return papers.map((paper) => ({ paper, details: details.get(paper.id)! }));
  }

  private async drawReference(tx: Tx, body: Body, paperType: string | null, date: string | null): Promise<string> {
    const now = new Date();
    const input = { pattern: body.paperReferencePattern, paperTypeCodes: body.paperTypeCodes, paperType, date };
    const prefix = referencePrefix(input, now);
    for (let attempt = 0; attempt < MAX_REFERENCE_ATTEMPTS; attempt++) {
      const reference = renderPaperReference(input, await this.papers.nextReferenceNumber(tx, body.id, prefix), now);
      if (!(await this.papers.referenceTaken(tx, body.id, reference))) return reference;
    }
    throw DomainError.invalidState('No free paper reference found; check the reference pattern');
  }

  private async checkLinks(tx: Tx, bodyId: string, selfId: string | null, dto: PaperLinkFields): Promise<void> {
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
    await this.papers.assertReferences(tx, bodyId, [
      { entity: Person, ids: dto.originatorPersonIds ?? [], field: 'originatorPersonIds' },
      { entity: Organization, ids: dto.originatorOrganizationIds ?? [], field: 'originatorOrganizationIds' },
      { entity: Organization, ids: dto.underDirectionOfIds ?? [], field: 'underDirectionOfIds' },
      ...paperFields.map((field) => ({ entity: Paper, ids: dto[field] ?? [], field })),
    ]);
  }

  /** Replaces each list the client sent; lists left out stay as they are. */
  private async writeLinks(tx: Tx, bodyId: string, paperId: string, dto: PaperLinkFields): Promise<void> {
    const parties: [string[] | undefined, PaperPartyRole, 'personId' | 'organizationId'][] = [
      [dedupe(dto.originatorPersonIds), PaperPartyRole.Originator, 'personId'],
      [dedupe(dto.originatorOrganizationIds), PaperPartyRole.Originator, 'organizationId'],
      [dedupe(dto.underDirectionOfIds), PaperPartyRole.UnderDirectionOf, 'organizationId'],
    ];
    for (const [ids, role, column] of parties) {
      if (ids !== undefined) await this.papers.replaceParties(tx, bodyId, paperId, role, column, ids);
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
      await this.papers.replaceRelations(tx, bodyId, paperId, kind, side, ids.map(row));
    }
    if (touchedHierarchy && (await this.papers.subordinatedMutually(tx, paperId))) {
      throw DomainError.invalid('Invalid paper relations', [
        { field: 'subordinatedPaperIds', problems: ['two papers cannot be subordinated to each other'] },
      ]);
    }
  }

  private async linkSnapshot(tx: Tx, bodyId: string, paper: Paper): Promise<Record<string, string[]>> {
    const d = (await this.papers.details(bodyId, [paper], ADMIN(bodyId), tx)).get(paper.id)!;
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
