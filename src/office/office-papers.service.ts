import { AuditService } from 'src/audit/audit.service';
import { Injectable } from '@nestjs/common';
import { Actor, Viewer } from 'src/auth/actor';
import type { Body } from 'src/bodies/body.entity';
import { DomainError } from 'src/common/domain-error';
import { ConsultationsService } from 'src/consultations/consultations.service';
import { FileRole } from 'src/files/file-link.entity';
import { historyRows, HistoryRow } from 'src/office/office-history';
import { FilesService } from 'src/files/files.service';
import { FileUploadService } from 'src/files/file-upload.service';
import { SpooledUpload } from 'src/files/multipart';
import { OfficePapersQueryDto } from 'src/office/office-papers.dto';
import { OrganizationsService } from 'src/organizations/organizations.service';
import { PaperPartyRole } from 'src/papers/paper-party.entity';
import { DEFAULT_PAPER_TYPE_CODES } from 'src/papers/paper-reference';
import { PaperReadRepository } from 'src/papers/paper-read.repository';
import { PaperStatus } from 'src/papers/paper.entity';
import { CreatePaperDto, UpdatePaperDto } from 'src/papers/papers.dto';
import { PapersService, PaperView } from 'src/papers/papers.service';
import { dateView, dayText, fileSizeText } from 'src/portal/portal-format';
import { labelOf, LABELS } from 'src/vocabulary/labels';

export const PAPERS_PER_PAGE = 25;

export interface Option {
  value: string;
  text: string;
}

export interface PaperRow {
  id: string;
  href: string;
  reference: string | null;
  name: string;
  paperType: string | null;
  dateText: string | null;
  status: { kind: string; text: string };
  confidential: boolean;
  nextStep: string | null;
}

export interface StepView {
  id: string;
  position: number;
  organization: string;
  role: string | null;
  authoritative: boolean;
  statusText: string;
  meeting: { name: string; date: string } | null;
  /** Scheduled or done steps stay where they are: only open steps can be removed. */
  removable: boolean;
}

export interface AttachmentView {
  id: string;
  /** The link of the file to this paper. */
  linkId: string;
  name: string;
  fileName: string | null;
  roleText: string;
  typeText: string | null;
  sizeText: string | null;
  confidential: boolean;
  /** Other papers, meetings or agenda items use the file too, so removing it here only unlinks it. */
  sharedElsewhere: boolean;
}

export interface PaperPageView {
  id: string;
  name: string;
  reference: string | null;
  paperType: string | null;
  dateText: string | null;
  status: { kind: string; text: string };
  isDraft: boolean;
  confidential: boolean;
  originators: string[];
  underDirectionOf: string[];
  steps: StepView[];
  attachments: AttachmentView[];
  hasMainFile: boolean;
  /** What the form shows when the paper is edited. */
  formValues: Record<string, string>;
}

const TYPE_TEXT: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word (DOCX)',
  'application/vnd.oasis.opendocument.text': 'OpenDocument-Text (ODT)',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel (XLSX)',
  'image/png': 'PNG-Bild',
  'image/jpeg': 'JPEG-Bild',
};

const statusBadge = (status: PaperStatus) => ({
  kind: status === PaperStatus.Draft ? 'draft' : 'published',
  text: labelOf(LABELS.paperStatus, status)!,
});

/**
 * The council office's papers (Vorlagen): lists and pages built from the papers', consultations'
 * and files' services, and every change made through those same services, so the API and these
 * pages write alike (audit, search outbox, public cache).
 */
@Injectable()
export class OfficePapersService {
  constructor(
    private readonly papers: PapersService,
    private readonly paperReads: PaperReadRepository,
    private readonly consultations: ConsultationsService,
    private readonly files: FilesService,
    private readonly uploads: FileUploadService,
    private readonly organizations: OrganizationsService,
    private readonly audit: AuditService,
  ) {}

  /** Who changed the paper, its Beratungsfolge and its documents, and when; newest first. Only the paper's own page shows it. */
  async history(body: Body, paper: PaperPageView): Promise<HistoryRow[]> {
    const ids = [paper.id, ...paper.steps.map((s) => s.id), ...paper.attachments.flatMap((a) => [a.id, a.linkId])];
    return historyRows(await this.audit.history(body.id, ids));
  }

  /** The paper types the body offers (its own codes, or the usual ones), with `current` kept when it is another. */
  paperTypes(body: Body, current?: string | null): string[] {
    const own = Object.keys(body.paperTypeCodes ?? {});
    const types = own.length > 0 ? own : Object.keys(DEFAULT_PAPER_TYPE_CODES);
    if (current && !types.includes(current)) types.push(current);
    return types.sort((a, b) => a.localeCompare(b, 'de'));
  }

  async organizationOptions(body: Body): Promise<Option[]> {
    const [rows] = await this.organizations.list(body.id, { page: 1, limit: 200 });
    return rows.map((o) => ({ value: o.id, text: o.name })).sort((a, b) => a.text.localeCompare(b.text, 'de'));
  }

  async list(
    body: Body,
    viewer: Viewer,
    query: OfficePapersQueryDto,
  ): Promise<{ rows: PaperRow[]; total: number; page: number; pages: number }> {
    const page = query.seite ?? 1;
    const [entries, total] = await this.papers.listPage(body.id, viewer, {
      q: query.suche,
      status: query.status,
      year: query.jahr,
      offset: (page - 1) * PAPERS_PER_PAGE,
      limit: PAPERS_PER_PAGE,
    });
    const rows = entries.map((paper) => ({
      id: paper.id,
      href: `/${body.key}/verwaltung/vorlagen/${paper.id}`,
      reference: paper.reference,
      name: paper.name,
      paperType: paper.paper_type,
      dateText: dayText(paper.date),
      status: statusBadge(paper.status as PaperStatus),
      confidential: paper.confidential,
      nextStep: [paper.next_organization, paper.next_role].filter(Boolean).join(', ') || null,
    }));
    return { rows, total, page, pages: Math.max(1, Math.ceil(total / PAPERS_PER_PAGE)) };
  }

  async create(body: Body, actor: Actor, dto: CreatePaperDto): Promise<PaperView> {
    return this.papers.create(body, actor, dto);
  }

  /**
   * Saves the edit form. A paper with several organizations in charge or originators (from the
   * API or an import) keeps its lists when the form's one choice is still the first of them.
   */
  async update(body: Body, viewer: Viewer, id: string, actor: Actor, dto: UpdatePaperDto): Promise<PaperView> {
    const { details } = await this.papers.get(body.id, id, viewer);
    const change: UpdatePaperDto = { ...dto };
    if (details.underDirectionOfIds.length > 1 && dto.underDirectionOfIds?.[0] === details.underDirectionOfIds[0]) {
      delete change.underDirectionOfIds;
    }
    if (details.originatorOrganizationIds.length > 1 && dto.originatorOrganizationIds?.[0] === details.originatorOrganizationIds[0]) {
      delete change.originatorOrganizationIds;
    }
    return this.papers.update(body.id, id, actor, change);
  }

  release(body: Body, id: string, actor: Actor): Promise<PaperView> {
    return this.papers.release(body.id, id, actor);
  }

  async page(body: Body, viewer: Viewer, id: string): Promise<PaperPageView> {
    const [{ paper, details }, read, [files]] = await Promise.all([
      this.papers.get(body.id, id, viewer),
      this.paperReads.load(body.id, id, viewer),
      this.files.list(body.id, viewer, { page: 1, limit: 200, paperId: id }),
    ]);
    if (!read) throw DomainError.notFound('Paper');
    const partyNames = (role: PaperPartyRole) =>
      read.parties.filter((p) => p.role === (role as string)).map((p) => p.person?.name ?? p.organization?.name ?? '');
    const steps = read.consultations.map((c, index) => {
      const start = c.meeting ? dateView(c.meeting.start) : null;
      return {
        id: c.id,
        position: index + 1,
        organization: c.organization?.name ?? 'Gremium gelöscht',
        role: c.role,
        authoritative: c.authoritative,
        statusText: labelOf(LABELS.consultationStatus, c.status)!,
        meeting: c.meeting && start ? { name: c.meeting.name, date: start.date } : null,
        removable: c.status === 'pending' && !c.meeting,
      };
    });
    const links = files.flatMap(({ file, links: fileLinks }) =>
      fileLinks.filter((l) => l.paperId === id).map((link) => ({ file, link, fileLinks })),
    );
    links.sort(
      (a, b) => Number(a.link.role !== FileRole.Main) - Number(b.link.role !== FileRole.Main) || a.link.position - b.link.position,
    );
    return {
      id: paper.id,
      name: paper.name,
      reference: paper.reference,
      paperType: paper.paperType,
      dateText: dayText(paper.date),
      status: statusBadge(paper.status),
      isDraft: paper.status === PaperStatus.Draft,
      confidential: paper.confidential,
      originators: partyNames(PaperPartyRole.Originator),
      underDirectionOf: partyNames(PaperPartyRole.UnderDirectionOf),
      steps,
      attachments: links.map(({ file, link, fileLinks }) => ({
        id: file.id,
        linkId: link.id,
        name: file.name,
        fileName: file.fileName,
        roleText: labelOf(LABELS.fileRole, link.role)!,
        typeText: file.mimeType ? (TYPE_TEXT[file.mimeType] ?? file.mimeType) : null,
        sizeText: fileSizeText(file.size),
        confidential: file.confidential,
        sharedElsewhere: fileLinks.length > 1,
      })),
      hasMainFile: links.some((l) => l.link.role === FileRole.Main),
      formValues: {
        titel: paper.name,
        nummer: paper.reference ?? '',
        art: paper.paperType ?? '',
        datum: dayText(paper.date) ?? '',
        federfuehrend: details.underDirectionOfIds[0] ?? '',
        einreicher: details.originatorOrganizationIds[0] ?? '',
        vertraulich: paper.confidential ? 'ja' : '',
      },
    };
  }

  async addStep(body: Body, id: string, actor: Actor, step: { organizationId: string; role: string }): Promise<string> {
    const saved = await this.consultations.create(body.id, id, actor, {
      organizationId: step.organizationId,
      role: step.role,
      authoritative: step.role === 'Entscheidung',
    });
    return saved.id;
  }

  removeStep(body: Body, id: string, stepId: string, actor: Actor): Promise<void> {
    return this.consultations.remove(body.id, id, stepId, actor);
  }

  /** Moves a step one place up or down; returns its new position (1-based) and the number of steps. */
  async moveStep(
    body: Body,
    viewer: Viewer,
    id: string,
    stepId: string,
    direction: 'up' | 'down',
    actor: Actor,
  ): Promise<{ position: number; total: number }> {
    const ids = (await this.consultations.list(body.id, id, viewer)).map((c) => c.id);
    const from = ids.indexOf(stepId);
    if (from < 0) throw DomainError.notFound('Consultation');
    const to = Math.min(ids.length - 1, Math.max(0, from + (direction === 'up' ? -1 : 1)));
    if (to !== from) {
      [ids[from], ids[to]] = [ids[to], ids[from]];
      await this.consultations.reorder(body.id, id, actor, ids);
    }
    return { position: to + 1, total: ids.length };
  }

  /** Where a step stands now, for the notice after it was moved: "… steht jetzt an Position 2 von 3." */
  async stepPosition(
    body: Body,
    viewer: Viewer,
    id: string,
    stepId: string,
  ): Promise<{ organization: string; position: number; total: number } | null> {
    const page = await this.paperReads.load(body.id, id, viewer);
    const index = page?.consultations.findIndex((c) => c.id === stepId) ?? -1;
    if (!page || index < 0) return null;
    return {
      organization: page.consultations[index].organization?.name ?? 'Der Schritt',
      position: index + 1,
      total: page.consultations.length,
    };
  }

  /** Stores an upload through the API's own upload path, attached to the paper. */
  async upload(
    body: Body,
    viewer: Viewer,
    id: string,
    actor: Actor,
    upload: SpooledUpload,
    choice: { main: boolean; confidential: boolean },
  ) {
    // The paper must be the body's before anything is stored.
    await this.papers.get(body.id, id, viewer);
    return this.uploads.upload(body.id, actor, {
      ...upload,
      fields: { role: choice.main ? FileRole.Main : FileRole.Auxiliary, paperId: id, confidential: choice.confidential ? 'true' : 'false' },
    });
  }

  /** Replaces a document of the paper by a new version, everywhere it is attached. */
  async replaceDocument(body: Body, viewer: Viewer, id: string, fileId: string, actor: Actor, upload: SpooledUpload) {
    await this.papers.get(body.id, id, viewer);
    const { links } = await this.files.get(body.id, fileId, viewer);
    if (!links.some((l) => l.paperId === id)) {
      // The same form sent twice: the first replaced it, the second changes nothing.
      if (await this.files.successorOf(body.id, fileId)) return null;
      throw DomainError.notFound('File');
    }
    return this.uploads.replace(body.id, actor, fileId, upload);
  }

  /** Takes a file off the paper; a file nothing else uses goes with it. */
  async removeAttachment(body: Body, viewer: Viewer, id: string, fileId: string, actor: Actor): Promise<void> {
    await this.papers.get(body.id, id, viewer);
    const { links } = await this.files.get(body.id, fileId, viewer);
    const own = links.filter((l) => l.paperId === id);
    if (own.length === 0) throw DomainError.notFound('File');
    if (own.length === links.length) return this.files.remove(body.id, fileId, actor);
    for (const link of own) await this.files.unlink(body.id, fileId, link.id, actor);
  }
}
