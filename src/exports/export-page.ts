import type { FastifyReply } from 'fastify';
import { PassThrough } from 'node:stream';
import type { Viewer } from 'src/auth/actor';
import type { Body } from 'src/bodies/body.entity';
import { errorSummary, formTitle } from 'src/office/office-forms';
import {
  EXPORT_FORM_FIELDS,
  EXPORT_FORMATS,
  EXPORT_MAX_YEARS,
  ExportDataSet,
  exportFileName,
  ExportForm,
  ExportRequest,
} from 'src/exports/exports.dto';
import { ExportAudience, ExportsService } from 'src/exports/exports.service';
import { LABELS } from 'src/vocabulary/labels';

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** What both export pages show: the choices, what was typed (or this year), and the problems. */
export function exportFormContext(form: ExportForm | null, dataSets: readonly ExportDataSet[], title: string, now = new Date()) {
  const year = now.getFullYear();
  const values = form?.values ?? { daten: dataSets[0], format: 'xlsx', von: `01.01.${year}`, bis: `31.12.${year}` };
  const errors = form?.errors ?? {};
  return {
    pageTitle: formTitle(title, errors),
    heading: title,
    values,
    errors,
    errorList: errorSummary(errors, EXPORT_FORM_FIELDS),
    dataSets: dataSets.map((value) => ({ value, text: LABELS.exports.dataSet[value] })),
    formats: EXPORT_FORMATS.map((value) => ({ value, text: LABELS.exports.format[value] })),
    maxYears: EXPORT_MAX_YEARS,
  };
}

/**
 * Streams the export as the answer: the headers (file name, type, no caching) go out once the
 * first rows are read, then the file follows as it is written. Returns when it is sent.
 */
export async function sendExport(
  exports: ExportsService,
  reply: FastifyReply,
  body: Body,
  viewer: Viewer,
  audience: ExportAudience,
  request: ExportRequest,
): Promise<void> {
  const out = new PassThrough();
  await exports.export(body, viewer, audience, request, out, () => {
    void reply
      .code(200)
      .header('content-type', CONTENT_TYPES[request.format])
      .header('content-disposition', `attachment; filename="${exportFileName(body.key, request)}"`)
      .header('cache-control', 'private, no-store')
      .send(out);
  });
}
