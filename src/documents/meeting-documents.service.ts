import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { AuditService } from 'src/audit/audit.service';
import { Viewer } from 'src/auth/actor';
import { DomainError } from 'src/common/domain-error';
import { txOf } from 'src/common/unit-of-work';
import { AppConfig } from 'src/config/app-config';
import { APP_CONFIG } from 'src/config/config.module';
import { renderBundle } from 'src/documents/bundle';
import { DocumentAudience, DocumentKind, GeneratedDocument } from 'src/documents/generated-document.entity';
import { GeneratedDocumentsRepository, GeneratedDocumentWithFile } from 'src/documents/generated-documents.repository';
import { MeetingEvents } from 'src/meetings/meeting-events';
import { MeetingModel } from 'src/documents/meeting-model';
import { MeetingModelLoader } from 'src/documents/meeting-model.loader';
import { renderInvitation, renderMinutes } from 'src/documents/meeting-renderers';
import { FilesRepository } from 'src/files/files.repository';
import { ContentStore } from 'src/files/content-store';
import { readPdf } from 'src/files/pdf-text';
import { FILE_STORAGE, FileStorage } from 'src/files/storage/file-storage';
import { Meeting, MeetingState } from 'src/meetings/meeting.entity';
import { MeetingsRepository } from 'src/meetings/meetings.repository';
import { LABELS } from 'src/vocabulary/labels';

export type GeneratedDocumentView = GeneratedDocumentWithFile;

const SYSTEM = { accountId: null, requestId: null };

/** Rolls back a store whose content became current meanwhile; not an error for the caller. */
class AlreadyCurrent extends Error {}

/** A current version and its change counter, as read before the model it is compared with. */
type Seen = Pick<GeneratedDocument, 'id' | 'changeSeq'>;

/** No change to what the document shows has been committed since `seen` was read (also: still no version at all). */
const unchangedSince = (row: GeneratedDocument | null, seen: Seen | undefined): boolean =>
  row?.id === seen?.id && row?.changeSeq === seen?.changeSeq;
const SWEEP_OVERLAP_MS = 30_000;
const ABANDONED_SPOOL_MS = 60 * 60 * 1000;
/** Spool names of generated documents (`${id}.pdf`); uploads and imports use others. */
const SPOOL_NAME = /^[0-9a-f-]{36}\.pdf$/;

/** What each kind is rendered from; a change elsewhere (e.g. votes for an invitation) adds no version. */
function sourceOf(kind: DocumentKind, model: MeetingModel): unknown {
  if (kind === DocumentKind.Minutes) return { ...model, items: model.items.map((i) => ({ ...i, documents: [] })) };
  // Residents' questions and their answers belong to the minutes: an invitation already sent does not change for them.
  const items = model.items.map((i) => ({
    ...i,
    votes: [],
    conflicts: [],
    questions: [],
    outcome: null,
    resolutionText: null,
    minutesNote: null,
  }));
  if (kind === DocumentKind.Invitation) return { ...model, attendance: [], items: items.map((i) => ({ ...i, documents: [] })) };
  return { ...model, attendance: [], items };
}

/** What a stored version was rendered from, as a hash; a missing model (meeting gone) never matches. */
function hashOf(kind: DocumentKind, model: MeetingModel | null): string {
  if (!model) return '';
  return createHash('sha256')
    .update(JSON.stringify(sourceOf(kind, model)))
    .digest('hex');
}

/**
 * Generates a published meeting's invitation, bundle and (once held) minutes, in a public and
 * a members' version, and stores each as a new File version when its content changed. Work runs
 * one meeting at a time in the background after lifecycle steps, or on request.
 */
@Injectable()
export class MeetingDocumentsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(MeetingDocumentsService.name);
  private queue: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | null = null;
  private sweeper: NodeJS.Timeout | null = null;
  private sweeping = false;
  private closing = false;
  private lastSweep = new Date();

  constructor(
    private readonly documents: GeneratedDocumentsRepository,
    private readonly meetings: MeetingsRepository,
    private readonly files: FilesRepository,
    private readonly loader: MeetingModelLoader,
    private readonly content: ContentStore,
    private readonly audit: AuditService,
    private readonly events: MeetingEvents,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    void this.removeAbandonedSpoolFiles();
    this.unsubscribe = this.events.subscribe((e) => {
      if (e.step !== 'cancel') this.schedule(e.bodyId, e.meetingId);
    });
    if (this.config.documents.sweepSeconds > 0) {
      this.lastSweep = new Date(Date.now() - this.config.documents.sweepSeconds * 1000);
      this.sweeper = setInterval(() => this.sweep(), this.config.documents.sweepSeconds * 1000);
      this.sweeper.unref();
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    this.unsubscribe?.();
    if (this.sweeper) clearInterval(this.sweeper);
    await this.idle();
  }

  /**
   * A process killed while storing a document leaves its rendered PDF in the spool directory.
   * A store takes seconds, so a file this old belongs to no running instance (also not to
   * another instance sharing the directory) and is removed at start.
   */
  private async removeAbandonedSpoolFiles(): Promise<void> {
    const cutoff = Date.now() - ABANDONED_SPOOL_MS;
    try {
      for (const name of await readdir(this.storage.spoolDir)) {
        if (!SPOOL_NAME.test(name)) continue;
        const path = join(this.storage.spoolDir, name);
        const { mtimeMs } = await stat(path).catch(() => ({ mtimeMs: Date.now() }));
        if (mtimeMs < cutoff) await rm(path, { force: true });
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'Cleaning the spool directory failed');
    }
  }

  /** Generates the meeting's documents after everything queued before; the caller gets the result or the error. */
  enqueue(bodyId: string, meetingId: string): Promise<GeneratedDocument[]> {
    // Once the application closes, what has not started yet is left to the next sweep or start.
    const run = this.queue.then(() => (this.closing ? [] : this.generate(bodyId, meetingId)));
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  schedule(bodyId: string, meetingId: string): void {
    this.enqueue(bodyId, meetingId).catch((error: unknown) =>
      this.logger.error({ err: error, bodyId, meetingId }, 'Generating meeting documents failed'),
    );
  }

  /** Resolves when every scheduled generation has finished. */
  idle(): Promise<void> {
    return this.queue;
  }

  /**
   * Agenda edits, changed papers, attendance and votes do not pass the lifecycle; the sweep
   * finds meetings with generated documents that changed since the last sweep and renews them
   * (unchanged documents add no version), and meetings whose documents the database marked
   * stale. Meetings never generated (imports, demo data) are left to an explicit request, so a
   * start-up does not render thousands of PDFs.
   */
  private sweep(): void {
    if (this.sweeping) return;
    this.sweeping = true;
    const since = this.lastSweep;
    const started = new Date();
    this.documents
      .changedMeetings(since)
      .then((rows) => {
        // `modified` is the writing transaction's start; one still open during this query commits older stamps.
        this.lastSweep = new Date(started.getTime() - SWEEP_OVERLAP_MS);
        for (const row of rows) this.schedule(row.body_id, row.id);
      })
      .catch((error: unknown) => this.logger.error({ err: error }, 'Looking for changed meetings failed'))
      .finally(() => {
        this.sweeping = false;
      });
  }

  /**
   * Generates the documents of every published meeting of the body that has none yet: the demo
   * town after loading, whose meetings were published by the generator rather than by a clerk.
   * A stopped run is resumed by calling it again. Returns how many meetings got documents.
   */
  async generateMissing(bodyId: string, progress: (done: number, total: number) => void = () => {}): Promise<number> {
    const meetings = await this.documents.meetingsWithoutDocuments(bodyId);
    let done = 0;
    for (const id of meetings) {
      if (this.closing) break;
      await this.enqueue(bodyId, id);
      progress(++done, meetings.length);
    }
    return done;
  }

  /** Renders every document of the meeting and stores those that changed; returns the new versions. */
  async generate(bodyId: string, meetingId: string): Promise<GeneratedDocument[]> {
    const meeting = await this.meetings.findById(bodyId, meetingId);
    if (!meeting) throw DomainError.notFound('Meeting');
    if (!meeting.publishedAt) throw DomainError.invalidState('Documents are generated once the meeting is published');
    const created: GeneratedDocument[] = [];
    for (const audience of [DocumentAudience.Public, DocumentAudience.Members]) {
      // Read before the model: a change committed later raises change_seq, which store() then sees.
      const seen = await this.documents.currentVersions(bodyId, meetingId, audience);
      const model = await this.loader.load(bodyId, meetingId, audience);
      if (!model) continue;
      const kinds = [DocumentKind.Invitation, DocumentKind.Bundle];
      // The members read the draft; the public version follows the approval in a later meeting.
      const approved = meeting.minutesApprovedAt !== null;
      if (meeting.state === MeetingState.Held && (approved || audience === DocumentAudience.Members)) kinds.push(DocumentKind.Minutes);
      for (const kind of kinds) {
        const stored = await this.store(
          meeting,
          kind,
          audience,
          model,
          seen.find((d) => d.kind === kind),
        );
        if (stored) created.push(stored);
      }
    }
    return created;
  }

  private render(kind: DocumentKind, model: MeetingModel, bodyId: string): Promise<Buffer> {
    if (kind === DocumentKind.Invitation) return renderInvitation(model);
    if (kind === DocumentKind.Minutes) return renderMinutes(model);
    return renderBundle(model, async (document) => {
      const storageKey = await this.documents.storageKey(bodyId, document.fileId);
      return storageKey ? this.storage.readAll(storageKey) : null;
    });
  }

  private async store(
    meeting: Meeting,
    kind: DocumentKind,
    audience: DocumentAudience,
    model: MeetingModel,
    seen: Seen | undefined,
  ): Promise<GeneratedDocument | null> {
    const bodyId = meeting.bodyId;
    const sourceHash = hashOf(kind, model);
    const current = await this.documents.current(bodyId, meeting.id, kind, audience);
    if (current?.sourceHash === sourceHash) {
      await this.clearStale(seen);
      return null;
    }

    const bytes = await this.render(kind, model, bodyId);
    const { text, pageCount } = await factsOf(kind, bytes);
    const id = randomUUID();
    const sha512 = createHash('sha512').update(bytes).digest('hex');
    const spool = join(this.storage.spoolDir, `${id}.pdf`);
    await writeFile(spool, bytes);
    const name = `${LABELS.documentKind[kind]} ${model.meetingName} ${model.startDay}${audience === DocumentAudience.Members ? ' (Mitglieder)' : ''}`;
    let saved: GeneratedDocument | null = null;
    try {
      await this.content.store(sha512, spool, async (manager) => {
        const tx = txOf(manager);
        // The meeting row serializes versions of its documents across app instances.
        // Another instance (or the sweep) may have stored this very content while we rendered.
        // Locked: a change's trigger marks the current version stale under the same row lock, so
        // it either committed before (and shows in changeSeq) or marks the version stored here.
        const latest = await this.documents.lockCurrent(tx, bodyId, meeting.id, kind, audience);
        if (latest?.sourceHash === sourceHash) throw new AlreadyCurrent();
        // A first version has no row yet that a change's trigger could have marked: read the model
        // again under the meeting lock, which agenda edits take too, and keep the version hidden
        // when a change committed while it rendered.
        const changedWhileRendering = !latest && sourceHash !== hashOf(kind, await this.loader.load(bodyId, meeting.id, audience));
        const file = await this.files.insertOne(tx, bodyId, {
          id,
          name,
          fileName: `${name.replace(/[/\\:*?"<>|]/g, '-')}.pdf`,
          mimeType: 'application/pdf',
          size: bytes.length,
          sha512Checksum: sha512,
          // The file table's search trigger indexes this text; the members' version stays confidential below.
          text,
          pageCount,
          date: meeting.start.toISOString().slice(0, 10),
          // Never public through a link, whatever happens to it: the members' version holds non-public items.
          confidential: audience === DocumentAudience.Members,
          storageKey: sha512,
        });
        saved = await this.documents.insertVersion(tx, {
          bodyId,
          meetingId: meeting.id,
          kind,
          audience,
          fileId: file.id,
          sourceHash,
          // Rendered from a model that may miss a change committed meanwhile: hidden until the sweep renders again.
          stale: changedWhileRendering || !unchangedSince(latest, seen),
        });
        await this.audit.record(tx, SYSTEM, {
          bodyId,
          action: `document.${kind}`,
          entityType: 'GeneratedDocument',
          entityId: saved.id,
          after: saved,
        });
      });
    } catch (error) {
      if (!(error instanceof AlreadyCurrent)) throw error;
      await this.clearStale(seen);
      return null;
    } finally {
      await rm(spool, { force: true });
    }
    return saved;
  }

  /** The content is unchanged: the version read before the model is fresh again, unless a change committed since. */
  private async clearStale(seen: Seen | undefined): Promise<void> {
    if (!seen) return;
    await this.documents.clearStale(seen);
  }

  /** The meeting's documents the viewer may download: current versions, and every version for the council office. */
  list(bodyId: string, meetingId: string, viewer: Viewer): Promise<GeneratedDocumentView[]> {
    return this.documents.list(bodyId, meetingId, viewer);
  }

  fileUrl(bodyKey: string, fileId: string, download = false): string {
    return `${this.config.http.publicUrl}/${bodyKey}/dateien/${fileId}${download ? '/download' : ''}`;
  }
}

/**
 * Text and page count as read back from the finished PDF, so search finds exactly what the
 * document says. A bundle's text is its invitation plus its attachments, each already found on
 * its own; reading hundreds of pages again would only add duplicate hits.
 */
async function factsOf(kind: DocumentKind, bytes: Buffer): Promise<{ text: string | null; pageCount: number }> {
  if (kind !== DocumentKind.Bundle) {
    const pdf = await readPdf(bytes);
    if (pdf) return { text: pdf.text || null, pageCount: pdf.pageCount };
  }
  return { text: null, pageCount: (await PDFDocument.load(bytes, { updateMetadata: false })).getPageCount() };
}
