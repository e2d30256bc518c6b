import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** How a column's values are written: text, a whole number, a day (YYYY-MM-DD) or a Berlin time (YYYY-MM-DDTHH:MI). */
export type CellKind = 'text' | 'number' | 'day' | 'time';
export type CellValue = string | number | null;

export interface ExportColumn {
  header: string;
  kind: CellKind;
  /** Width in characters in the spreadsheet. */
  width?: number;
}

/** Writes the rows of one data set, batch by batch, into a stream (the HTTP answer). */
export interface ExportWriter {
  write(rows: CellValue[][]): Promise<void>;
  end(): Promise<void>;
}

/**
 * A text that a spreadsheet program would read as a formula (=, +, -, @, or a tab or carriage
 * return before one) gets a leading apostrophe, so opening the CSV never runs what someone typed
 * into a title (CSV injection). The apostrophe shows; the text after it is unchanged.
 */
export function guardFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function germanDay(day: string): string {
  return `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;
}

/** A Berlin wall-clock time as a spreadsheet date: spreadsheets know no time zones, ExcelJS counts in UTC. */
function sheetDate(value: string): Date {
  const [y, m, d] = [Number(value.slice(0, 4)), Number(value.slice(5, 7)), Number(value.slice(8, 10))];
  const [h, min] = value.length > 10 ? [Number(value.slice(11, 13)), Number(value.slice(14, 16))] : [0, 0];
  return new Date(Date.UTC(y, m - 1, d, h, min));
}

/** Waits until `stream` takes more, or until the answer `out` is gone (the visitor left). */
async function drained(stream: Writable, out: Writable): Promise<void> {
  if (stream.writableNeedDrain && !out.destroyed) await Promise.race([once(stream, 'drain'), once(out, 'close')]);
}

/**
 * CSV as German spreadsheet programs open it by a double click: UTF-8 with a byte order mark (or
 * Excel reads the umlauts as Latin-1), `;` between fields (the comma is the decimal sign in
 * Germany, so Excel expects the semicolon), CRLF line ends, days as 31.12.2024 and times as
 * 31.12.2024 18:30, quotes only where needed, formulas guarded.
 */
export class CsvExportWriter implements ExportWriter {
  private readonly csv;

  constructor(
    private readonly columns: ExportColumn[],
    private readonly out: Writable,
  ) {
    this.csv = stringify({ delimiter: ';', bom: true, record_delimiter: 'windows' });
    this.csv.pipe(out);
    this.csv.write(columns.map((c) => c.header));
  }

  async write(rows: CellValue[][]): Promise<void> {
    for (const row of rows) {
      this.csv.write(row.map((value, i) => this.cell(this.columns[i].kind, value)));
      await drained(this.csv, this.out);
    }
  }

  async end(): Promise<void> {
    this.csv.end();
    await once(this.csv, 'end');
  }

  private cell(kind: CellKind, value: CellValue): string {
    if (value === null || value === '') return '';
    if (kind === 'number') return String(value);
    if (kind === 'day') return germanDay(String(value));
    if (kind === 'time') return `${germanDay(String(value))} ${String(value).slice(11, 16)}`;
    return guardFormula(String(value));
  }
}

/**
 * XLSX through ExcelJS's streaming writer: each row is committed as it comes and leaves through
 * the zip stream into the answer; no shared strings table (it would keep every text in memory).
 * Texts are written as string cells, never as formulas, so a title starting with "=" stays text
 * and keeps its exact value; days and times are real dates with a German format, counts numbers.
 */
export class XlsxExportWriter implements ExportWriter {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheet: ExcelJS.Worksheet;

  constructor(
    private readonly columns: ExportColumn[],
    sheetName: string,
    private readonly out: Writable,
  ) {
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    this.sheet = this.workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
    this.sheet.columns = columns.map((c, i) => ({
      key: String(i),
      width: c.width ?? (c.kind === 'text' ? 30 : c.kind === 'number' ? 10 : 16),
      style: c.kind === 'day' ? { numFmt: 'dd.mm.yyyy' } : c.kind === 'time' ? { numFmt: 'dd.mm.yyyy hh:mm' } : {},
    }));
    const header = this.sheet.addRow(columns.map((c) => c.header));
    header.font = { bold: true };
    header.commit();
  }

  async write(rows: CellValue[][]): Promise<void> {
    for (const row of rows) {
      this.sheet.addRow(row.map((value, i) => this.cell(this.columns[i].kind, value))).commit();
    }
    // Let the zip stream take what was committed before more is read from the database.
    await new Promise((resolve) => setImmediate(resolve));
    await drained(this.out, this.out);
  }

  async end(): Promise<void> {
    this.sheet.commit();
    await this.workbook.commit();
  }

  private cell(kind: CellKind, value: CellValue): string | number | Date | null {
    if (value === null || value === '') return null;
    if (kind === 'number') return Number(value);
    if (kind === 'day' || kind === 'time') return sheetDate(String(value));
    return String(value);
  }
}
