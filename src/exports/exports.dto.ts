import { IsOptional, IsString, MaxLength } from 'class-validator';
import { LABELS } from 'src/vocabulary/labels';

/** The data sets of an export, by the name the form and the address use. */
export const EXPORT_DATA_SETS = [
  'sitzungen',
  'tagesordnungspunkte',
  'vorlagen',
  'abstimmungen',
  'stimmen',
  'anwesenheit',
  'mitgliedschaften',
] as const;
export type ExportDataSet = (typeof EXPORT_DATA_SETS)[number];

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The longest range one export may cover: a whole body's history of ten years and more, never an open end. */
export const EXPORT_MAX_YEARS = 20;

/**
 * The export form's fields, sent as query parameters (a GET form: downloads of what may be seen
 * anyway change nothing). All optional here: without any of them the form is shown, and what is
 * wrong with them is told on the page, in German, by `parseExportQuery`.
 */
export class ExportQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(40)
  daten?: string;

  @IsOptional()
  @IsString()
  @MaxLength(10)
  format?: string;

  @IsOptional()
  @IsString()
  @MaxLength(20)
  von?: string;

  @IsOptional()
  @IsString()
  @MaxLength(20)
  bis?: string;
}

export interface ExportRequest {
  dataSet: ExportDataSet;
  format: ExportFormat;
  /** YYYY-MM-DD, both days included. */
  from: string;
  until: string;
}

/** The form's values as typed, and one German sentence per field that is wrong. */
export interface ExportForm {
  values: { daten: string; format: string; von: string; bis: string };
  errors: Record<string, string>;
  request: ExportRequest | null;
}

export const EXPORT_FORM_FIELDS = ['daten', 'format', 'von', 'bis'] as const;

/** Whether the query asks for a download at all (any field given), or only for the form. */
export function asksForExport(query: ExportQueryDto): boolean {
  return EXPORT_FORM_FIELDS.some((field) => query[field] !== undefined);
}

/** A day typed as 31.12.2024 (German) or 2024-12-31 (what a date field sends), as YYYY-MM-DD; null when it is none. */
export function parseDay(text: string): string | null {
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const [year, month, day] = german
    ? [Number(german[3]), Number(german[2]), Number(german[1])]
    : iso
      ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
      : [NaN, NaN, NaN];
  if (!Number.isInteger(year) || year < 1900 || year > 2999) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/** The day `years` after a YYYY-MM-DD day. */
function addYears(day: string, years: number): string {
  return `${String(Number(day.slice(0, 4)) + years).padStart(4, '0')}${day.slice(4)}`;
}

/** Reads the export form; `dataSets` are those the channel offers. */
export function parseExportQuery(query: ExportQueryDto, dataSets: readonly ExportDataSet[]): ExportForm {
  const values = {
    daten: (query.daten ?? '').trim(),
    format: (query.format ?? '').trim(),
    von: (query.von ?? '').trim(),
    bis: (query.bis ?? '').trim(),
  };
  const problem = LABELS.exports.problem;
  const errors: Record<string, string> = {};
  const dataSet = (dataSets as readonly string[]).includes(values.daten) ? (values.daten as ExportDataSet) : null;
  if (!dataSet) errors.daten = problem.dataSet;
  const format = (EXPORT_FORMATS as readonly string[]).includes(values.format) ? (values.format as ExportFormat) : null;
  if (!format) errors.format = problem.format;
  const from = values.von ? parseDay(values.von) : null;
  const until = values.bis ? parseDay(values.bis) : null;
  if (!values.von) errors.von = problem.fromMissing;
  else if (!from) errors.von = problem.fromInvalid;
  if (!values.bis) errors.bis = problem.untilMissing;
  else if (!until) errors.bis = problem.untilInvalid;
  if (from && until && until < from) errors.bis = problem.order;
  else if (from && until && until >= addYears(from, EXPORT_MAX_YEARS)) errors.bis = problem.tooLong;
  const ok = dataSet && format && from && until && Object.keys(errors).length === 0;
  return { values, errors, request: ok ? { dataSet, format, from, until } : null };
}

/** The download's file name: `lindenbach-tagesordnungspunkte-2020-01-01-2026-12-31.xlsx`. */
export function exportFileName(bodyKey: string, request: ExportRequest): string {
  return `${bodyKey}-${request.dataSet}-${request.from}-${request.until}.${request.format}`;
}
