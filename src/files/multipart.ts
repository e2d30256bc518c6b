import { HttpException, HttpStatus } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** An uploaded file written to the spool directory, with what was learnt while writing it. */
export interface SpooledUpload {
  path: string;
  clientFileName: string;
  size: number;
  sha512: string;
  fields: Record<string, string>;
}

function multipartError(error: unknown): HttpException | null {
  const e = error as { code?: string; statusCode?: number; message?: string; syscall?: string };
  if (error instanceof HttpException) return null;
  // The parser (busboy) reports a broken body with plain errors and no code ("Unexpected end of
  // multipart data", "Multipart: Boundary not found"): the client's fault, not ours. Errors of
  // the file system (with a syscall) and our own stay server errors.
  if (error instanceof Error && e.code === undefined && e.syscall === undefined) {
    return new HttpException(`Malformed upload: ${error.message}`, HttpStatus.BAD_REQUEST);
  }
  if (typeof e?.code !== 'string' || !e.code.startsWith('FST_')) return null;
  if (e.code === 'FST_REQ_FILE_TOO_LARGE')
    return new HttpException('The file is larger than the upload limit', HttpStatus.PAYLOAD_TOO_LARGE);
  if (e.code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
    return new HttpException('Send the file as multipart/form-data', HttpStatus.UNSUPPORTED_MEDIA_TYPE);
  }
  return new HttpException(`Malformed upload: ${e.message ?? e.code}`, e.statusCode && e.statusCode < 500 ? e.statusCode : 400);
}

/**
 * Streams the one file part of a multipart request to the spool directory under a name of
 * our own, hashing it on the way; text parts become fields whatever their order. On any
 * failure the spool file is removed before the error is passed on.
 */
export async function spoolMultipart(request: FastifyRequest, spoolDir: string): Promise<SpooledUpload> {
  return (await spool(request, spoolDir, true)).upload!;
}

/**
 * A form whose file is optional (a resident's question with or without an attachment): the
 * fields, and the spooled file when one was chosen. A browser sends an empty part for a file
 * input left empty; that counts as none.
 */
export function spoolFormWithOptionalFile(
  request: FastifyRequest,
  spoolDir: string,
): Promise<{ fields: Record<string, string>; upload: SpooledUpload | null }> {
  return spool(request, spoolDir, false);
}

async function spool(
  request: FastifyRequest,
  spoolDir: string,
  fileRequired: boolean,
): Promise<{ fields: Record<string, string>; upload: SpooledUpload | null }> {
  if (!request.isMultipart()) throw new HttpException('Send the file as multipart/form-data', HttpStatus.UNSUPPORTED_MEDIA_TYPE);
  const fields: Record<string, string> = {};
  let spooled: Omit<SpooledUpload, 'fields'> | null = null;
  const path = join(spoolDir, `${randomUUID()}.upload`);
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        if (typeof part.value === 'string') fields[part.fieldname] = part.value;
        continue;
      }
      if (part.fieldname !== 'file' || spooled) {
        part.file.resume();
        throw new HttpException('Send exactly one file, in the part named "file"', HttpStatus.BAD_REQUEST);
      }
      const hash = createHash('sha512');
      let size = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _, done) {
          hash.update(chunk);
          size += chunk.length;
          done(null, chunk);
        },
      });
      await pipeline(part.file, counter, createWriteStream(path, { flags: 'wx' }));
      // With throwFileSizeLimit the stream errors; the flag guards against a changed default.
      if (part.file.truncated) throw new HttpException('The file is larger than the upload limit', HttpStatus.PAYLOAD_TOO_LARGE);
      spooled = { path, clientFileName: part.filename ?? '', size, sha512: hash.digest('hex') };
    }
    if (!fileRequired && (!spooled || (spooled.size === 0 && spooled.clientFileName === ''))) {
      await rm(path, { force: true });
      return { fields, upload: null };
    }
    if (!spooled) throw new HttpException('The request has no part named "file"', HttpStatus.BAD_REQUEST);
    if (spooled.size === 0) throw new HttpException('The file is empty', HttpStatus.BAD_REQUEST);
    return { fields, upload: { ...spooled, fields } };
  } catch (error) {
    await rm(path, { force: true });
    throw multipartError(error) ?? error;
  }
}
