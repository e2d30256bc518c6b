import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { AuditService } from 'src/audit/audit.service';
import { Actor } from 'src/auth/actor';
import { berlinDay } from 'src/common/berlin-time';
import { DomainError } from 'src/common/domain-error';
import { Tx, txOf } from 'src/common/unit-of-work';
import { findInputProblem } from 'src/common/validation';
import { ContentStore } from 'src/files/content-store';
import { DetectedType } from 'src/files/content-type';
import { analyseDocument } from 'src/files/document-analysis';
import { UploadFileFieldsDto } from 'src/files/files.dto';
import { FilesRepository } from 'src/files/files.repository';
import { FileVersionListeners } from 'src/files/file-versions';
import { File } from 'src/files/file.entity';
import { FilesService, FileView } from 'src/files/files.service';
import { SpooledUpload } from 'src/files/multipart';

/** A file name for the download header: the client's base name, with the extension of what the bytes are. */
export function displayFileName(clientFileName: string, type: DetectedType): string {
  const base = clientFileName
    .split(/[\\/]/)
    .pop()!
    // Controls (NUL, CR/LF for header injection), quotes, and the bidi controls that make
    // "rechnung\u202Efdp.exe" look like "rechnungexe.pdf".
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .trim()
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .slice(0, 200);
  return `${base || 'Dokument'}.${type.extension}`;
}

async function parseFields(fields: Record<string, string>): Promise<UploadFileFieldsDto> {
  // Multipart fields skip the global validation pipe, so its input check runs here.
  const problem = findInputProblem(fields);
  if (problem) throw DomainError.invalid('Validation failed', [problem]);
  const dto = plainToInstance(UploadFileFieldsDto, fields);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    throw DomainError.invalid(
      'Validation failed',
      errors.map((e) => ({ field: e.property, problems: Object.values(e.constraints ?? {}) })),
    );
  }
  if (dto.role === undefined && (dto.meetingId || dto.agendaItemId || dto.paperId)) {
    throw DomainError.invalid('Give the role the file has on its parent', [
      { field: 'role', problems: ['role is required with a parent'] },
    ]);
  }
  return dto;
}

/**
 * Turns a spooled upload into a stored file: checks what the bytes are, reads text and page
 * count, then writes row, link, audit entry and object together (ContentStore), so a failure
 * leaves neither a row nor an orphan object.
 */
@Injectable()
export class FileUploadService {
  constructor(
    private readonly files: FilesRepository,
    private readonly filesService: FilesService,
    private readonly audit: AuditService,
    private readonly content: ContentStore,
    private readonly versions: FileVersionListeners,
  ) {}

  async upload(bodyId: string, actor: Actor, upload: SpooledUpload): Promise<FileView> {
    try {
      const fields = await parseFields(upload.fields);
      const document = await this.analyse(upload);
      const id = randomUUID();
      await this.content.store(upload.sha512, upload.path, async (manager) => {
        await this.insert(txOf(manager), bodyId, actor, id, upload, document, {
          name: fields.name ?? document.fileName.replace(/\.[a-z]+$/, ''),
          date: fields.date ?? null,
          confidential: fields.confidential === 'true',
          previousVersionId: null,
        });
        if (fields.role) {
          await this.filesService.attach(txOf(manager), bodyId, id, actor, {
            role: fields.role,
            meetingId: fields.meetingId,
            agendaItemId: fields.agendaItemId,
            paperId: fields.paperId,
          });
        }
      });
      return await this.filesService.get(bodyId, id, { kind: 'admin', bodyId });
    } finally {
      await rm(upload.path, { force: true });
    }
  }

  /**
   * Stores a new version of a document in its place: the same name and confidentiality, every
   * place the previous version was attached to, in one transaction with what moves along (the
   * members' notes, through FileVersionListeners). The previous version keeps its row, attached
   * to nothing; replacing it a second time finds nothing to replace.
   */
  async replace(bodyId: string, actor: Actor, previousId: string, upload: SpooledUpload): Promise<FileView> {
    try {
      const { file: previous } = await this.filesService.get(bodyId, previousId, { kind: 'admin', bodyId });
      const document = await this.analyse(upload);
      const id = randomUUID();
      await this.content.store(upload.sha512, upload.path, async (manager) => {
        const tx = txOf(manager);
        await this.insert(tx, bodyId, actor, id, upload, document, {
          name: previous.name,
          date: berlinDay(new Date()),
          confidential: previous.confidential,
          previousVersionId: previous.id,
        });
        await this.filesService.moveLinks(tx, bodyId, previous.id, id, actor);
        await this.versions.replaced(tx, bodyId, previous.id, { id, text: document.text, pageChars: document.pageChars }, actor);
      });
      return await this.filesService.get(bodyId, id, { kind: 'admin', bodyId });
    } finally {
      await rm(upload.path, { force: true });
    }
  }

  /**
   * Stores an upload within the caller's own transaction, for a file that belongs to something
   * else than a meeting or paper (a resident's attachment): `work` gets the transaction and a
   * function that writes the file's row, confidential and attached to nothing, and returns its
   * id. The bytes are placed only when that function was called. What the upload checks refuse
   * is refused before anything is written.
   */
  async storeWithin<T>(
    bodyId: string,
    actor: Actor,
    upload: SpooledUpload,
    own: { name: string; types: readonly string[] },
    work: (tx: Tx, storeFile: () => Promise<string>) => Promise<T>,
  ): Promise<T> {
    const { name, types } = own;
    try {
      const checked = await this.analyse(upload);
      if (!types.includes(checked.type.mimeType)) {
        throw new HttpException(`Only ${types.join(', ')} are taken here`, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
      }
      // The client's file name may name a person; the stored name does not.
      const document = { ...checked, fileName: `${name.replace(/[^\p{L}\p{N}]+/gu, '-')}.${checked.type.extension}` };
      let stored = false;
      return await this.content.store(
        upload.sha512,
        upload.path,
        (manager) => {
          const tx = txOf(manager);
          return work(tx, async () => {
            const id = randomUUID();
            await this.insert(tx, bodyId, actor, id, upload, document, {
              name,
              date: berlinDay(new Date()),
              confidential: true,
              previousVersionId: null,
            });
            stored = true;
            return id;
          });
        },
        () => stored,
      );
    } finally {
      await rm(upload.path, { force: true });
    }
  }

  /**
   * Removes files for good, rows and (where no other row shares them) bytes: for files that hold
   * personal data whose time is up. Not a step of the office's work, so not audited as one.
   */
  async erase(bodyId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const keys = await this.files.hardDelete(bodyId, ids);
    for (const key of keys) await this.content.removeUnreferenced(key);
  }

  /** What the bytes are, their text and page count; refuses other types and unreadable PDFs. */
  private async analyse(upload: SpooledUpload) {
    const bytes = await readFile(upload.path);
    const analysis = await analyseDocument(bytes);
    if (!analysis.ok && analysis.problem === 'type') throw new HttpException(analysis.message, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    if (!analysis.ok) throw DomainError.invalid(analysis.message, [{ field: 'file', problems: ['unreadable PDF'] }]);
    const { type, text, pageCount, pageChars } = analysis;
    return { type, text, pageCount, pageChars, fileName: displayFileName(upload.clientFileName, type) };
  }

  private async insert(
    tx: Tx,
    bodyId: string,
    actor: Actor,
    id: string,
    upload: SpooledUpload,
    document: Awaited<ReturnType<FileUploadService['analyse']>>,
    own: Pick<File, 'name' | 'date' | 'confidential' | 'previousVersionId'>,
  ): Promise<void> {
    const repo = this.files.repo(tx);
    const saved = await repo.save(
      repo.create({
        id,
        bodyId,
        ...own,
        fileName: document.fileName,
        mimeType: document.type.mimeType,
        size: upload.size,
        sha512Checksum: upload.sha512,
        text: document.text,
        pageCount: document.pageCount,
        storageKey: upload.sha512,
      }),
    );
    await this.audit.record(tx, actor, {
      bodyId,
      action: 'create',
      entityType: 'File',
      entityId: id,
      after: { ...saved, text: undefined },
    });
  }
}
