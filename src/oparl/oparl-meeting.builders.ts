import { AgendaItem, AgendaItemStatus } from 'src/agenda/agenda-item.entity';
import { DocumentKind } from 'src/documents/generated-document.entity';
import { File } from 'src/files/file.entity';
import { FileRole } from 'src/files/file-link.entity';
import { Meeting, MeetingState } from 'src/meetings/meeting.entity';
import { compact, oparlDateTime, OparlObject } from 'src/oparl/oparl-format';
import { Builder, groupBy, OparlGraph } from 'src/oparl/oparl-graph';
import { LABELS } from 'src/vocabulary/labels';

export interface FileSlots {
  single: Partial<Record<FileRole, OparlObject>>;
  auxiliary: OparlObject[];
}

/** The visible files attached to each parent, as embedded objects sorted into their roles. */
export async function attachedFiles(
  g: OparlGraph,
  column: 'meeting_id' | 'agenda_item_id' | 'paper_id',
  parentIds: string[],
  withAuxiliary: boolean,
): Promise<Map<string, FileSlots>> {
  const links = await g.query<{ parent: string; file_id: string; role: FileRole }>(
    `SELECT fl.${column} AS parent, fl.file_id, fl.role FROM file_link fl
      WHERE fl.body_id = $1 AND fl.${column} = ANY($2::uuid[]) AND fl.deleted IS NULL ORDER BY fl.position, fl.created, fl.id`,
    [g.body.id, parentIds],
  );
  const wanted = links.filter((l) => withAuxiliary || l.role !== FileRole.Auxiliary);
  const files = new Map((await g.embed('File', [...new Set(wanted.map((l) => l.file_id))])).map((f) => [f.id, f]));
  const result = new Map<string, FileSlots>();
  for (const link of wanted) {
    const file = files.get(g.url('File', link.file_id));
    if (!file) continue;
    const slots = result.get(link.parent) ?? { single: {}, auxiliary: [] };
    if (link.role === FileRole.Auxiliary) slots.auxiliary.push(file);
    else if (slots.single[link.role]) slots.auxiliary.push(file);
    else slots.single[link.role] = file;
    result.set(link.parent, slots);
  }
  return result;
}

/** The current public versions of the meetings' generated documents (invitation, minutes, bundle), embedded. */
async function generatedFiles(g: OparlGraph, meetingIds: string[]): Promise<Map<string, Partial<Record<DocumentKind, OparlObject>>>> {
  const rows = await g.query<{ meeting_id: string; file_id: string; kind: DocumentKind }>(
    `SELECT gd.meeting_id, gd.file_id, gd.kind FROM generated_document gd
      WHERE gd.body_id = $1 AND gd.meeting_id = ANY($2::uuid[]) AND gd.deleted IS NULL AND gd.current AND gd.audience = 'public'`,
    [g.body.id, meetingIds],
  );
  // Embedding applies the public rule: a stale version stays out until it is rendered again.
  const files = new Map(
    (
      await g.embed(
        'File',
        rows.map((r) => r.file_id),
      )
    ).map((f) => [f.id, f]),
  );
  const result = new Map<string, Partial<Record<DocumentKind, OparlObject>>>();
  for (const r of rows) {
    const file = files.get(g.url('File', r.file_id));
    if (file) result.set(r.meeting_id, { ...result.get(r.meeting_id), [r.kind]: file });
  }
  return result;
}

const STATE: Record<MeetingState, string | undefined> = {
  [MeetingState.Planned]: 'terminiert',
  [MeetingState.Invited]: 'eingeladen',
  [MeetingState.Held]: 'durchgeführt',
  [MeetingState.Cancelled]: undefined,
};

export const buildMeetings: Builder = async (g, rows) => {
  const ids = rows.map((r) => r.id);
  const meetings = await g.entities(Meeting, ids);
  const organizations = groupBy(
    await g.query<{ meeting_id: string; organization_id: string }>(
      `SELECT mo.meeting_id, mo.organization_id FROM meeting_organization mo JOIN organization o ON o.id = mo.organization_id
        WHERE mo.body_id = $1 AND mo.meeting_id = ANY($2::uuid[]) AND mo.deleted IS NULL AND o.deleted IS NULL
        ORDER BY mo.position, mo.id`,
      [g.body.id, ids],
    ),
    (r) => r.meeting_id,
  );
  const participants = groupBy(
    await g.query<{ meeting_id: string; person_id: string }>(
      `SELECT a.meeting_id, a.person_id FROM attendance a JOIN person p ON p.id = a.person_id
        WHERE a.body_id = $1 AND a.meeting_id = ANY($2::uuid[]) AND a.deleted IS NULL AND p.deleted IS NULL AND a.status = 'present'
        ORDER BY p.name, p.id`,
      [g.body.id, ids],
    ),
    (r) => r.meeting_id,
  );
  const items = new Map<string, OparlObject[]>();
  if (!g.omitInternal) {
    const itemRows = await g.query<{ id: string; meeting_id: string }>(
      `SELECT i.id, i.meeting_id FROM agenda_item i WHERE i.body_id = $1 AND i.meeting_id = ANY($2::uuid[]) AND i.deleted IS NULL
        ORDER BY i."order", i.id`,
      [g.body.id, ids],
    );
    const objects = new Map(
      (
        await g.embed(
          'AgendaItem',
          itemRows.map((r) => r.id),
        )
      ).map((o) => [o.id, o]),
    );
    for (const r of itemRows) {
      const object = objects.get(g.url('AgendaItem', r.id));
      if (object) items.set(r.meeting_id, [...(items.get(r.meeting_id) ?? []), object]);
    }
  }
  const files = await attachedFiles(g, 'meeting_id', ids, !g.omitInternal);
  const generated = await generatedFiles(g, ids);
  const locations = new Map(
    (await g.embed('Location', [...new Set([...meetings.values()].map((m) => m.locationId).filter((l): l is string => !!l))])).map((l) => [
      l.id,
      l,
    ]),
  );
  return rows.map((row) => {
    const m = meetings.get(row.id)!;
    const slots = files.get(m.id);
    const own = generated.get(m.id);
    return compact({
      ...g.head('Meeting', row),
      name: m.name,
      meetingState: STATE[m.state],
      cancelled: m.state === MeetingState.Cancelled ? true : undefined,
      start: oparlDateTime(m.start),
      end: oparlDateTime(m.end),
      location: m.locationId ? locations.get(g.url('Location', m.locationId)) : undefined,
      organization: (organizations.get(m.id) ?? []).map((o) => g.url('Organization', o.organization_id)),
      participant: (participants.get(m.id) ?? []).map((p) => g.url('Person', p.person_id)),
      // An invitation or minutes a clerk attached take precedence over the ones the server generated.
      invitation: slots?.single[FileRole.Invitation] ?? own?.[DocumentKind.Invitation],
      resultsProtocol: slots?.single[FileRole.ResultsProtocol] ?? own?.[DocumentKind.Minutes],
      verbatimProtocol: slots?.single[FileRole.VerbatimProtocol],
      auxiliaryFile: g.omitInternal
        ? undefined
        : [
            ...Object.values(slots?.single ?? {}).filter((f) => !isMeetingSlot(slots, f)),
            ...(slots?.auxiliary ?? []),
            ...(own?.[DocumentKind.Bundle] ? [own[DocumentKind.Bundle]] : []),
          ],
      agendaItem: g.omitInternal ? undefined : (items.get(m.id) ?? []),
    });
  });
};

/** Files in roles a meeting has no slot for (a paper's main file linked to a meeting) go to auxiliaryFile. */
function isMeetingSlot(slots: FileSlots | undefined, file: OparlObject): boolean {
  const s = slots?.single ?? {};
  return [s[FileRole.Invitation], s[FileRole.ResultsProtocol], s[FileRole.VerbatimProtocol]].includes(file);
}

export const buildAgendaItems: Builder = async (g, rows) => {
  const ids = rows.map((r) => r.id);
  const items = await g.entities(AgendaItem, ids);
  const order = await g.publicPositions(ids);

  const consultations = await g.query<{ id: string; agenda_item_id: string }>(
    `SELECT c.id, c.agenda_item_id FROM consultation c WHERE c.body_id = $1 AND c.agenda_item_id = ANY($2::uuid[]) AND c.deleted IS NULL
     UNION SELECT i.consultation_id, i.id FROM agenda_item i WHERE i.body_id = $1 AND i.id = ANY($2::uuid[]) AND i.consultation_id IS NOT NULL`,
    [g.body.id, ids],
  );
  const visibleConsultations = new Set(
    await g.refs(
      'Consultation',
      consultations.map((c) => c.id),
    ),
  );
  const consultationOf = new Map<string, string>();
  for (const c of consultations.sort((a, b) => a.id.localeCompare(b.id))) {
    const url = g.url('Consultation', c.id);
    if (visibleConsultations.has(url) && !consultationOf.has(c.agenda_item_id)) consultationOf.set(c.agenda_item_id, url);
  }
  const files = await attachedFiles(g, 'agenda_item_id', ids, !g.omitInternal);
  return rows.map((row) => {
    const i = items.get(row.id)!;
    const slots = files.get(i.id);
    const withdrawn = i.status === AgendaItemStatus.Withdrawn;
    const resolution = slots?.single[FileRole.Resolution];
    const others = Object.entries(slots?.single ?? {})
      .filter(([role]) => role !== String(FileRole.Resolution))
      .map(([, f]) => f);
    return compact({
      ...g.head('AgendaItem', row),
      meeting: g.url('Meeting', i.meetingId),
      number: i.number,
      order: order.get(i.id) ?? 0,
      name: i.name,
      public: i.public,
      consultation: consultationOf.get(i.id),
      result: i.result ?? (withdrawn ? LABELS.withdrawnItem : i.outcome ? LABELS.outcome[i.outcome] : undefined),
      resolutionText: i.resolutionText,
      resolutionFile: resolution,
      auxiliaryFile: g.omitInternal ? undefined : [...others, ...(slots?.auxiliary ?? [])],
      start: oparlDateTime(i.start),
      end: oparlDateTime(i.end),
    });
  });
};

export const buildFiles: Builder = async (g, rows, embedded) => {
  const ids = rows.map((r) => r.id);
  const files = await g.entities(File, ids);
  const derivatives = groupBy(
    await g.query<{ id: string; master_file_id: string }>(
      `SELECT f.id, f.master_file_id FROM file f WHERE f.body_id = $1 AND f.master_file_id = ANY($2::uuid[]) AND f.deleted IS NULL ORDER BY f.id`,
      [g.body.id, ids],
    ),
    (r) => r.master_file_id,
  );
  const related = await g.refs('File', [
    ...[...files.values()].map((f) => f.masterFileId),
    ...[...derivatives.values()].flat().map((d) => d.id),
  ]);
  const visibleFiles = new Set(related);
  const parents = new Map<string, { meeting: string[]; agendaItem: string[]; paper: string[] }>();
  if (!embedded) {
    const links = await g.query<{ file_id: string; meeting_id: string | null; agenda_item_id: string | null; paper_id: string | null }>(
      `SELECT fl.file_id, fl.meeting_id, fl.agenda_item_id, fl.paper_id, fl.created, fl.id FROM file_link fl
        WHERE fl.body_id = $1 AND fl.file_id = ANY($2::uuid[]) AND fl.deleted IS NULL
       UNION ALL
       SELECT gd.file_id, gd.meeting_id, NULL, NULL, gd.created, gd.id FROM generated_document gd
        WHERE gd.body_id = $1 AND gd.file_id = ANY($2::uuid[]) AND gd.deleted IS NULL
       ORDER BY created, id`,
      [g.body.id, ids],
    );
    const meetings = new Set(
      await g.refs(
        'Meeting',
        links.map((l) => l.meeting_id),
      ),
    );
    const items = new Set(
      await g.refs(
        'AgendaItem',
        links.map((l) => l.agenda_item_id),
      ),
    );
    const papers = new Set(
      await g.refs(
        'Paper',
        links.map((l) => l.paper_id),
      ),
    );
    for (const l of links) {
      const entry = parents.get(l.file_id) ?? { meeting: [], agendaItem: [], paper: [] };
      const add = (list: string[], set: Set<string>, url: string | undefined) => {
        if (url && set.has(url) && !list.includes(url)) list.push(url);
      };
      add(entry.meeting, meetings, l.meeting_id ? g.url('Meeting', l.meeting_id) : undefined);
      add(entry.agendaItem, items, l.agenda_item_id ? g.url('AgendaItem', l.agenda_item_id) : undefined);
      add(entry.paper, papers, l.paper_id ? g.url('Paper', l.paper_id) : undefined);
      parents.set(l.file_id, entry);
    }
  }
  return rows.map((row) => {
    const f = files.get(row.id)!;
    const master = f.masterFileId ? g.url('File', f.masterFileId) : undefined;
    return compact({
      ...g.head('File', row),
      name: f.name,
      fileName: f.fileName,
      mimeType: f.mimeType,
      date: f.date,
      size: f.size,
      sha512Checksum: f.sha512Checksum,
      text: f.text,
      // Without stored bytes the file is listed only with the address of the system it came from.
      accessUrl: f.storageKey ? g.urls.fileAccess(g.body.key, f.id) : f.sourceUrl,
      downloadUrl: f.storageKey ? g.urls.fileDownload(g.body.key, f.id) : undefined,
      externalServiceUrl: f.externalServiceUrl,
      masterFile: master && visibleFiles.has(master) ? master : undefined,
      derivativeFile: (derivatives.get(f.id) ?? []).map((d) => g.url('File', d.id)).filter((u) => visibleFiles.has(u)),
      fileLicense: f.fileLicense,
      ...(parents.get(f.id) ?? {}),
    });
  });
};
