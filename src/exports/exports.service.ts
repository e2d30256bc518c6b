import { Injectable } from '@nestjs/common';
import type { Writable } from 'node:stream';
import type { Viewer } from 'src/auth/actor';
import type { Body } from 'src/bodies/body.entity';
import { ExportDataSet, ExportRequest } from 'src/exports/exports.dto';
import { CellValue, CsvExportWriter, ExportColumn, ExportWriter, XlsxExportWriter } from 'src/exports/export-writers';
import { ExportRange, ExportsRepository } from 'src/exports/exports.repository';
import type { Person } from 'src/persons/person.entity';
import { Visibility } from 'src/visibility/visibility';
import { LABELS, labelOf } from 'src/vocabulary/labels';

const C = LABELS.exports.column;
const yesNo = (flag: boolean) => (flag ? LABELS.exports.yes : LABELS.exports.no);

/** A column of a data set: its header, kind, and the cell of a row; `office` columns are left out of the public export. */
interface Column<R> extends ExportColumn {
  cell: (row: R) => CellValue;
  office?: boolean;
}

interface DataSetSpec<R> {
  sheet: string;
  columns: Column<R>[];
  rows: (repository: ExportsRepository, bodyId: string, viewer: Viewer, range: ExportRange) => AsyncGenerator<R[]>;
}

const spec = <R>(s: DataSetSpec<R>) => s as unknown as DataSetSpec<Record<string, unknown>>;

const DATA_SETS: Record<ExportDataSet, DataSetSpec<Record<string, unknown>>> = {
  sitzungen: spec({
    sheet: 'Sitzungen',
    rows: (r, b, v, range) => r.meetings(b, v, range),
    columns: [
      { header: C.meetingDate, kind: 'time', cell: (m) => m.start },
      { header: C.meetingEnd, kind: 'time', cell: (m) => m.end },
      { header: C.meeting, kind: 'text', width: 40, cell: (m) => m.name },
      { header: C.organizations, kind: 'text', width: 40, cell: (m) => m.organizations },
      { header: C.meetingState, kind: 'text', width: 14, cell: (m) => labelOf(LABELS.meetingState, m.state) },
      { header: C.published, kind: 'text', width: 12, office: true, cell: (m) => yesNo(m.published) },
    ],
  }),
  tagesordnungspunkte: spec({
    sheet: 'Tagesordnungspunkte',
    rows: (r, b, v, range) => r.agendaItems(b, v, range),
    columns: [
      { header: C.meetingDate, kind: 'time', cell: (i) => i.start },
      { header: C.meeting, kind: 'text', width: 40, cell: (i) => i.meeting },
      { header: C.number, kind: 'text', width: 8, cell: (i) => i.number },
      { header: C.title, kind: 'text', width: 50, cell: (i) => i.name },
      { header: C.paperReference, kind: 'text', width: 16, cell: (i) => i.reference },
      { header: C.public, kind: 'text', width: 11, office: true, cell: (i) => yesNo(i.public) },
      { header: C.itemStatus, kind: 'text', width: 11, cell: (i) => yesNo(i.withdrawn) },
      { header: C.outcome, kind: 'text', width: 24, cell: (i) => labelOf(LABELS.outcome, i.outcome) },
      { header: C.result, kind: 'text', width: 40, cell: (i) => i.result },
      { header: C.resolutionText, kind: 'text', width: 60, cell: (i) => i.resolution_text },
    ],
  }),
  vorlagen: spec({
    sheet: 'Vorlagen',
    rows: (r, b, v, range) => r.papers(b, v, range),
    columns: [
      { header: C.paperDate, kind: 'day', cell: (p) => p.date },
      { header: C.reference, kind: 'text', width: 16, cell: (p) => p.reference },
      { header: C.title, kind: 'text', width: 60, cell: (p) => p.name },
      { header: C.paperType, kind: 'text', width: 20, cell: (p) => p.paper_type },
      { header: C.paperStatus, kind: 'text', width: 20, cell: (p) => labelOf(LABELS.paperStatus, p.status) },
      { header: C.confidential, kind: 'text', width: 11, office: true, cell: (p) => yesNo(p.confidential) },
    ],
  }),
  abstimmungen: spec({
    sheet: 'Abstimmungen',
    rows: (r, b, v, range) => r.votes(b, v, range),
    columns: [
      { header: C.meetingDate, kind: 'time', cell: (v) => v.start },
      { header: C.meeting, kind: 'text', width: 40, cell: (v) => v.meeting },
      { header: C.number, kind: 'text', width: 8, cell: (v) => v.number },
      { header: C.title, kind: 'text', width: 40, cell: (v) => v.item },
      { header: C.public, kind: 'text', width: 11, office: true, cell: (v) => yesNo(v.public) },
      { header: C.subject, kind: 'text', width: 40, cell: (v) => v.subject },
      { header: C.voteKind, kind: 'text', width: 24, cell: (v) => labelOf(LABELS.voteKind, v.kind) },
      { header: C.yes, kind: 'number', cell: (v) => v.yes },
      { header: C.no, kind: 'number', cell: (v) => v.no },
      { header: C.abstain, kind: 'number', width: 12, cell: (v) => v.abstain },
      { header: C.voteResult, kind: 'text', width: 20, cell: (v) => labelOf(LABELS.voteResult, v.result) },
    ],
  }),
  stimmen: spec({
    sheet: 'Namentliche Stimmen',
    rows: (r, b, v, range) => r.casts(b, v, range),
    columns: [
      { header: C.meetingDate, kind: 'time', cell: (c) => c.start },
      { header: C.meeting, kind: 'text', width: 40, cell: (c) => c.meeting },
      { header: C.number, kind: 'text', width: 8, cell: (c) => c.number },
      { header: C.public, kind: 'text', width: 11, office: true, cell: (c) => yesNo(c.public) },
      { header: C.subject, kind: 'text', width: 40, cell: (c) => c.subject },
      { header: C.person, kind: 'text', cell: (c) => c.person },
      { header: C.choice, kind: 'text', width: 12, cell: (c) => labelOf(LABELS.voteChoice, c.choice) },
    ],
  }),
  anwesenheit: spec({
    sheet: 'Anwesenheit',
    rows: (r, b, v, range) => r.attendance(b, v, range),
    columns: [
      { header: C.meetingDate, kind: 'time', cell: (a) => a.start },
      { header: C.meeting, kind: 'text', width: 40, cell: (a) => a.meeting },
      { header: C.person, kind: 'text', cell: (a) => a.person },
      { header: C.attendance, kind: 'text', width: 14, cell: (a) => labelOf(LABELS.attendanceStatus, a.status) },
      { header: C.arrived, kind: 'time', cell: (a) => a.arrived_at },
      { header: C.left, kind: 'time', cell: (a) => a.left_at },
      { header: C.note, kind: 'text', office: true, cell: (a) => a.note },
    ],
  }),
  mitgliedschaften: spec({
    sheet: 'Mitgliedschaften',
    rows: (r, b, _v, range) => r.memberships(b, range),
    columns: [
      { header: C.person, kind: 'text', cell: (m) => m.person },
      { header: C.organization, kind: 'text', width: 40, cell: (m) => m.organization },
      { header: C.role, kind: 'text', width: 20, cell: (m) => m.role },
      { header: C.votingRight, kind: 'text', width: 12, cell: (m) => yesNo(m.voting_right) },
      { header: C.onBehalfOf, kind: 'text', cell: (m) => m.on_behalf_of },
      { header: C.startDate, kind: 'day', cell: (m) => m.start_date },
      { header: C.endDate, kind: 'day', cell: (m) => m.end_date },
      { header: C.email, kind: 'text', cell: (m) => m.email.join(', ') },
    ],
  }),
};

/** The export as one channel offers it: the public viewer on the portal, the council office's own in its pages. */
export type ExportAudience = 'public' | 'office';

/**
 * Exports one data set of a body for a range of days as CSV or XLSX, streamed: the rows are read
 * in batches (ExportsRepository) and written as they come, so memory stays flat however long the
 * body's history. The public export reads as the public viewer, through the visibility rule, and
 * leaves out the columns only the council office sees (public or not, confidential, notes).
 */
@Injectable()
export class ExportsService {
  constructor(private readonly repository: ExportsRepository) {}

  /** The sheet name of a data set, for the spreadsheet's tab. */
  sheetName(dataSet: ExportDataSet): string {
    return DATA_SETS[dataSet].sheet;
  }

  /**
   * Reads the first batch before anything is sent, so a failing database answers with an error
   * page rather than half a file; then `start` is called (to send the headers) and the rest is
   * streamed into `out`, which is ended.
   */
  async export(
    body: Body,
    viewer: Viewer,
    audience: ExportAudience,
    request: ExportRequest,
    out: Writable,
    start: () => void,
  ): Promise<void> {
    const set = DATA_SETS[request.dataSet];
    const columns = set.columns.filter((c) => audience === 'office' || !c.office);
    const pages = set.rows(this.repository, body.id, viewer, { from: request.from, until: request.until });
    let first = await pages.next();
    start();
    try {
      const writer: ExportWriter =
        request.format === 'csv' ? new CsvExportWriter(columns, out) : new XlsxExportWriter(columns, set.sheet, out);
      while (!first.done && !out.destroyed) {
        await writer.write(first.value.map((row) => this.cells(request.dataSet, viewer, columns, row)));
        first = await pages.next();
      }
      if (out.destroyed) await pages.return(undefined);
      else await writer.end();
    } catch (error) {
      await pages.return(undefined);
      out.destroy(error as Error);
    }
  }

  private cells(
    dataSet: ExportDataSet,
    viewer: Viewer,
    columns: Column<Record<string, unknown>>[],
    row: Record<string, unknown>,
  ): CellValue[] {
    // A person's contact fields only as far as the person published them (or to the council office).
    const shown = dataSet === 'mitgliedschaften' ? { ...row, ...personFields(viewer, row) } : row;
    return columns.map((c) => c.cell(shown));
  }
}

function personFields(viewer: Viewer, row: Record<string, unknown>): { email: string[]; phone: string[] } {
  const person = Visibility.person(viewer, {
    email: row.email as string[],
    phone: row.phone as string[],
    publishedFields: row.published_fields as Person['publishedFields'],
  } as Person);
  return { email: person.email ?? [], phone: person.phone ?? [] };
}
