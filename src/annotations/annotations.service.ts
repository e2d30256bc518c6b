import { Injectable } from '@nestjs/common';
import { AnchorState, Annotation, AnnotationAudience } from 'src/annotations/annotation.entity';
import { comparable, locateQuote, pageAt } from 'src/annotations/anchoring';
import { AnnotationQueryDto, CreateAnnotationDto, toAnnotationResponse, UpdateAnnotationDto } from 'src/annotations/annotations.dto';
import { AnnotationRow, AnnotationsRepository, AnnotationTarget, FactionOption } from 'src/annotations/annotations.repository';
import { AuditService } from 'src/audit/audit.service';
import type { Actor, Principal, Viewer } from 'src/auth/actor';
import type { Body } from 'src/bodies/body.entity';
import { DomainError, ErrorCode } from 'src/common/domain-error';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';
import type { FileReplacedListener, NextVersion } from 'src/files/file-versions';
import { LABELS } from 'src/vocabulary/labels';

/** Who writes and reads notes: a member of the body, with their account and person. */
export interface NoteTaker {
  viewer: Viewer;
  principal: Principal | undefined;
}

/** Notes in one export; far more than a member writes in a term. */
const EXPORT_LIMIT = 20_000;

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Made once: building an Intl.DateTimeFormat costs about 0.4 ms, and a page shows many notes. */
const berlinMedium = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' });

function formatBerlin(instant: Date): string {
  return berlinMedium.format(instant);
}

const TARGET_FIELDS = ['fileId', 'paperId', 'agendaItemId', 'meetingId'] as const;
const TARGET_LABELS: Record<(typeof TARGET_FIELDS)[number], string> = {
  fileId: 'File',
  paperId: 'Paper',
  agendaItemId: 'Agenda item',
  meetingId: 'Meeting',
};

function memberOf({ viewer, principal }: NoteTaker): { accountId: string; personId: string | null } {
  if (viewer.kind !== 'member' || !principal) throw DomainError.forbidden('Notes are for the members of the body');
  return { accountId: principal.accountId, personId: viewer.personId };
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

/**
 * A council member's notes and highlights on documents, papers, agenda items and meetings:
 * private, or shared with their faction. Only members write them; who reads them decides
 * `Visibility.annotation`. The audit trail records that a note changed, never what it says
 * or what it is on: the council office reads the trail, and a member's notes are not its business.
 */
@Injectable()
export class AnnotationsService implements FileReplacedListener {
  constructor(
    private readonly notes: AnnotationsRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  list(body: Body, taker: NoteTaker, query: AnnotationQueryDto): Promise<AnnotationRow[]> {
    const { accountId } = memberOf(taker);
    return this.notes.list(
      body.id,
      taker.viewer,
      accountId,
      {
        fileId: query.fileId,
        paperId: query.paperId,
        agendaItemId: query.agendaItemId,
        meetingId: query.meetingId,
        mine: query.mine === 'true',
        modifiedSince: query.modifiedSince ? new Date(query.modifiedSince) : undefined,
      },
      query.limit,
    );
  }

  /** The notes the member sees on a meeting and its agenda items, for the meeting page. */
  onMeeting(body: Body, taker: NoteTaker, meetingId: string): Promise<AnnotationRow[]> {
    return this.notes.onMeeting(body.id, taker.viewer, memberOf(taker).accountId, meetingId);
  }

  get(body: Body, taker: NoteTaker, id: string): Promise<AnnotationRow> {
    return this.notes.get(body.id, taker.viewer, memberOf(taker).accountId, id);
  }

  /** How many notes the member has, and how many of their faction's by others they see. */
  counts(body: Body, taker: NoteTaker): Promise<{ mine: number; faction: number }> {
    return this.notes.counts(body.id, taker.viewer, memberOf(taker).accountId);
  }

  /** The factions the member can share notes with. */
  factions(body: Body, taker: NoteTaker): Promise<FactionOption[]> {
    const { personId } = memberOf(taker);
    return personId ? this.notes.factionsOf(body.id, personId) : Promise.resolve([]);
  }

  /** Writes a note; sending one with the same id again returns the first, changing nothing. */
  async create(body: Body, taker: NoteTaker, actor: Actor, dto: CreateAnnotationDto): Promise<AnnotationRow> {
    const { accountId } = memberOf(taker);
    const given = TARGET_FIELDS.filter((f) => dto[f] !== undefined);
    if (given.length !== 1) {
      throw DomainError.invalid(
        'Give exactly one of fileId, paperId, agendaItemId, meetingId',
        TARGET_FIELDS.map((field) => ({ field, problems: ['exactly one of fileId, paperId, agendaItemId, meetingId is required'] })),
      );
    }
    const target: AnnotationTarget = { [given[0]]: dto[given[0]] };
    if (!target.fileId && (dto.quote !== undefined || dto.page !== undefined)) {
      throw DomainError.invalid('A passage or page belongs to a document', [{ field: 'quote', problems: ['quote and page need fileId'] }]);
    }
    if (dto.quote !== undefined && comparable(dto.quote) === '') {
      throw DomainError.invalid('The passage is empty', [{ field: 'quote', problems: ['quote must contain text'] }]);
    }
    if (!dto.quote && !(dto.text ?? '').trim()) {
      throw DomainError.invalid('A note needs a text or a passage', [
        { field: 'text', problems: ['text must not be empty without a quote'] },
      ]);
    }
    if (!(await this.notes.targetVisible(body.id, taker.viewer, target))) throw DomainError.notFound(TARGET_LABELS[given[0]]);
    const factionId = dto.audience === AnnotationAudience.Faction ? await this.factionFor(body, taker, dto.factionId) : null;
    const id = dto.id;
    const write = (tx: Tx) =>
      this.insertOnce(tx, accountId, {
        ...(id ? { id } : {}),
        bodyId: body.id,
        accountId,
        audience: dto.audience,
        factionId,
        fileId: target.fileId ?? null,
        paperId: target.paperId ?? null,
        agendaItemId: target.agendaItemId ?? null,
        meetingId: target.meetingId ?? null,
        page: dto.page ?? null,
        quote: dto.quote ?? null,
        prefix: dto.quote !== undefined ? (dto.prefix ?? null) : null,
        suffix: dto.quote !== undefined ? (dto.suffix ?? null) : null,
        text: dto.text ?? '',
        anchorState: AnchorState.Attached,
      }).then(async (saved) => {
        if (saved.created) {
          await this.audit.record(tx, actor, {
            bodyId: body.id,
            action: 'create',
            entityType: 'Annotation',
            entityId: saved.id,
            after: { audience: dto.audience },
          });
        }
        return saved.id;
      });
    let savedId: string;
    try {
      savedId = await this.unitOfWork.run(write);
    } catch (error) {
      // Two deliveries of the same note at once: the second insert met the first's row.
      if (!id || !isUniqueViolation(error)) throw error;
      savedId = await this.unitOfWork.run(write);
    }
    return this.notes.get(body.id, taker.viewer, accountId, savedId);
  }

  /** Changes the author's own note, if it is still the version they read. */
  async update(body: Body, taker: NoteTaker, actor: Actor, id: string, dto: UpdateAnnotationDto): Promise<AnnotationRow> {
    const { accountId } = memberOf(taker);
    const audience = dto.audience;
    const factionId =
      audience === AnnotationAudience.Faction || (audience === undefined && dto.factionId !== undefined)
        ? await this.factionFor(body, taker, dto.factionId)
        : null;
    await this.unitOfWork.run(async (tx) => {
      const note = await this.notes.lockOwn(tx, body.id, taker.viewer, accountId, id);
      await this.checkVersion(body, taker, note, dto.version);
      const before = { audience: note.audience };
      if (dto.text !== undefined) note.text = dto.text;
      if (audience === AnnotationAudience.Private) {
        note.audience = AnnotationAudience.Private;
        note.factionId = null;
      } else if (factionId) {
        note.audience = AnnotationAudience.Faction;
        note.factionId = factionId;
      }
      if (!note.quote && !note.text.trim()) {
        throw DomainError.invalid('A note needs a text or a passage', [
          { field: 'text', problems: ['text must not be empty without a quote'] },
        ]);
      }
      await this.notes.save(tx, note);
      await this.audit.record(tx, actor, {
        bodyId: body.id,
        action: 'update',
        entityType: 'Annotation',
        entityId: id,
        before,
        after: { audience: note.audience },
      });
    });
    return this.notes.get(body.id, taker.viewer, accountId, id);
  }

  /** Deletes the author's own note, if it is still the version they read; it stays as a tombstone for their other devices. */
  async remove(body: Body, taker: NoteTaker, actor: Actor, id: string, version: number): Promise<void> {
    const { accountId } = memberOf(taker);
    await this.unitOfWork.run(async (tx) => {
      const note = await this.notes.lockOwn(tx, body.id, taker.viewer, accountId, id);
      await this.checkVersion(body, taker, note, version);
      await this.notes.softDelete(tx, note);
      await this.audit.record(tx, actor, {
        bodyId: body.id,
        action: 'delete',
        entityType: 'Annotation',
        entityId: id,
        before: { audience: note.audience },
      });
    });
  }

  /**
   * A document got a new version: its notes move along, each highlight found again by its
   * passage ("moved") or marked as no longer there ("changed", "Textstelle geändert").
   */
  async fileReplaced(tx: Tx, bodyId: string, previousId: string, next: NextVersion, actor: Actor): Promise<void> {
    const notes = await this.notes.onFileForUpdate(tx, bodyId, previousId);
    if (notes.length === 0) return;
    const text = comparable(next.text ?? '');
    const moves = notes.map((n) => {
      if (!n.quote) return { id: n.id, fileId: next.id, anchorState: n.anchorState, page: n.page, prefix: n.prefix, suffix: n.suffix };
      const found = locateQuote(text, { quote: n.quote, prefix: n.prefix, suffix: n.suffix });
      return found
        ? {
            id: n.id,
            fileId: next.id,
            anchorState: AnchorState.Moved,
            page: pageAt(next.pageChars, found.start) ?? n.page,
            prefix: found.prefix,
            suffix: found.suffix,
          }
        : { id: n.id, fileId: next.id, anchorState: AnchorState.Changed, page: n.page, prefix: n.prefix, suffix: n.suffix };
    });
    await this.notes.moveToFile(tx, moves);
    for (const m of moves) {
      await this.audit.record(tx, actor, {
        bodyId,
        action: 'update',
        entityType: 'Annotation',
        entityId: m.id,
        after: { anchorState: m.anchorState },
      });
    }
  }

  /**
   * The member's notes and the faction notes they see, as a Markdown document to keep: grouped by
   * what they are on, each with its passage, page, audience and state.
   */
  async exportMarkdown(body: Body, taker: NoteTaker, now = new Date()): Promise<string> {
    const { accountId } = memberOf(taker);
    const rows = await this.notes.list(body.id, taker.viewer, accountId, {}, EXPORT_LIMIT);
    const groups = new Map<string, AnnotationRow[]>();
    for (const row of rows) {
      const key = row.targetName;
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    const t = LABELS.annotation;
    const lines = [`# ${t.title}: ${body.name}`, '', `Stand: ${formatBerlin(now)}`, ''];
    for (const [target, notes] of [...groups].sort(([a], [b]) => a.localeCompare(b, 'de'))) {
      lines.push(`## ${oneLine(target)}`, '');
      for (const { annotation: n, authorName, factionName } of notes) {
        const facts = [
          n.audience === AnnotationAudience.Faction ? `${t.audience.faction}${factionName ? ` (${factionName})` : ''}` : t.audience.private,
          n.accountId === accountId ? null : `${t.by} ${authorName}`,
          n.page ? `${t.page} ${n.page}` : null,
          t.anchor[n.anchorState] || null,
        ].filter((f): f is string => f !== null);
        lines.push(`- ${facts.join(' · ')}`);
        if (n.quote) lines.push(`  > ${oneLine(n.quote)}`);
        if (n.text.trim())
          lines.push(
            ...n.text
              .trim()
              .split(/\r?\n/)
              .map((l) => `  ${l}`),
          );
        lines.push('');
      }
    }
    if (rows.length === 0) lines.push('Keine Notizen.', '');
    return lines.join('\n');
  }

  private async insertOnce(tx: Tx, accountId: string, values: Partial<Annotation>): Promise<{ id: string; created: boolean }> {
    if (values.id) {
      const existing = await this.notes.findAny(tx, values.id);
      if (existing) {
        if (existing.accountId !== accountId || existing.bodyId !== values.bodyId) {
          throw new DomainError(ErrorCode.Conflict, 'A note with this id exists already');
        }
        return { id: existing.id, created: false };
      }
    }
    const saved = await this.notes.insert(tx, values);
    return { id: saved.id, created: true };
  }

  /** The faction to share with: the one asked for, or the member's only one. */
  private async factionFor(body: Body, taker: NoteTaker, wanted: string | undefined): Promise<string> {
    const factions = await this.factions(body, taker);
    if (wanted) {
      if (factions.some((f) => f.id === wanted)) return wanted;
      throw DomainError.invalid('You are not a member of this faction', [
        { field: 'factionId', problems: ['factionId must be a faction you belong to today'] },
      ]);
    }
    if (factions.length === 1) return factions[0].id;
    if (factions.length === 0) {
      throw DomainError.invalid('You belong to no faction today', [
        { field: 'audience', problems: ['audience faction needs a faction you belong to'] },
      ]);
    }
    throw DomainError.invalid('You belong to several factions; choose one', [{ field: 'factionId', problems: ['factionId is required'] }]);
  }

  /** A stale version is refused with the note as it is now, so the writer can keep both. */
  private async checkVersion(body: Body, taker: NoteTaker, note: Annotation, version: number): Promise<void> {
    if (note.version === version) return;
    const current = toAnnotationResponse(await this.notes.get(body.id, taker.viewer, note.accountId, note.id), note.accountId);
    throw new DomainError(
      ErrorCode.VersionConflict,
      `The note was changed on another device (version ${note.version}, you sent ${version}); both versions are in this answer`,
      { expectedVersion: version, currentVersion: note.version, current },
    );
  }
}
