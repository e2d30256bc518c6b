import { AgendaItemOutcome, AgendaItemStatus } from 'src/agenda/agenda-item.entity';
import { AttendanceStatus } from 'src/attendance/attendance.entity';
import { DocumentKind } from 'src/documents/generated-document.entity';
import { File } from 'src/files/file.entity';
import { FileRole } from 'src/files/file-link.entity';
import { AgendaItemEntry, MeetingReadModel } from 'src/meetings/meeting-read-model';
import { MeetingState } from 'src/meetings/meeting.entity';
import { VOTE_PROPERTY } from 'src/oparl/oparl-extension';
import { compact, oparlDateTime, OparlObject } from 'src/oparl/oparl-format';
import { Builder, groupBy, OparlGraph } from 'src/oparl/oparl-graph';
import { PUBLIC_VIEWER } from 'src/oparl/oparl-types';
import { LABELS } from 'src/vocabulary/labels';

export interface FileSlots {
  single: Partial<Record<FileRole, OparlObject>>;
  auxiliary: OparlObject[];
}

/** Files given as (id, role) per parent, embedded (the public rule of OParl's File applies) and sorted into their roles. */
async function slotted(
  g: OparlGraph,
  parents: Map<string, { id: string; role: string }[]>,
  withAuxiliary: boolean,
): Promise<Map<string, FileSlots>> {
  const wanted = new Map(
    [...parents].map(([parent, files]) => [parent, files.filter((f) => withAuxiliary || f.role !== String(FileRole.Auxiliary))]),
  );
  const embedded = new Map((await g.embed('File', [...new Set([...wanted.values()].flat().map((f) => f.id))])).map((f) => [f.id, f]));
  const result = new Map<string, FileSlots>();
  for (const [parent, files] of wanted) {
    const slots: FileSlots = { single: {}, auxiliary: [] };
    for (const link of files) {
      const file = embedded.get(g.url('File', link.id));
      if (!file) continue;
      const role = link.role as FileRole;
      if (role === FileRole.Auxiliary || slots.single[role]) slots.auxiliary.push(file);
      else slots.single[role] = file;
    }
    result.set(parent, slots);
  }
  return result;
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

const STATE: Record<MeetingState, string | undefined> = {
  [MeetingState.Planned]: 'terminiert',
  [MeetingState.Invited]: 'eingeladen',
  [MeetingState.Held]: 'durchgeführt',
  [MeetingState.Cancelled]: undefined,
};

export const buildMeetings: Builder = async (g, rows) => {
  const meetings = new Map(
    (
      await g.meetings.loadMany(
        g.body.id,
        rows.map((r) => r.id),
        PUBLIC_VIEWER,
      )
    ).map((m) => [m.id, m]),
  );
  const items = new Map<string, OparlObject[]>();
  if (!g.omitInternal) {
    const objects = new Map(
      (
        await g.embed(
          'AgendaItem',
          [...meetings.values()].flatMap((m) => m.items.map((i) => i.id)),
        )
      ).map((o) => [o.id, o]),
    );
    for (const m of meetings.values()) {
      items.set(
        m.id,
        m.items.map((i) => objects.get(g.url('AgendaItem', i.id))).filter((o): o is OparlObject => o !== undefined),
      );
    }
  }
  const files = await slotted(g, new Map([...meetings.values()].map((m) => [m.id, m.files])), !g.omitInternal);
  // The current public versions of the generated documents; embedding keeps a stale one out until it is rendered again.
  const generated = new Map(
    (
      await g.embed(
        'File',
        [...meetings.values()].flatMap((m) => m.documents.filter((d) => d.audience === 'public').map((d) => d.fileId)),
      )
    ).map((f) => [f.id, f]),
  );
  const own = (m: MeetingReadModel, kind: DocumentKind) => {
    const document = m.documents.find((d) => d.audience === 'public' && d.kind === String(kind));
    return document ? generated.get(g.url('File', document.fileId)) : undefined;
  };
  const locations = new Map(
    (await g.embed('Location', [...new Set([...meetings.values()].map((m) => m.location?.id).filter((l): l is string => !!l))])).map(
      (l) => [l.id, l],
    ),
  );
  return rows.map((row) => {
    const m = meetings.get(row.id)!;
    const slots = files.get(m.id);
    const bundle = own(m, DocumentKind.Bundle);
    const present = m.attendance
      .filter((a) => a.status === String(AttendanceStatus.Present))
      .map((a) => a.person)
      .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : x.id.localeCompare(y.id)));
    return compact({
      ...g.head('Meeting', row),
      name: m.name,
      meetingState: STATE[m.state as MeetingState],
      cancelled: m.state === String(MeetingState.Cancelled) ? true : undefined,
      start: oparlDateTime(m.start),
      end: oparlDateTime(m.end),
      location: m.location ? locations.get(g.url('Location', m.location.id)) : undefined,
      organization: m.organizations.map((o) => g.url('Organization', o.id)),
      participant: present.map((p) => g.url('Person', p.id)),
      // An invitation or minutes a clerk attached take precedence over the ones the server generated.
      invitation: slots?.single[FileRole.Invitation] ?? own(m, DocumentKind.Invitation),
      resultsProtocol: slots?.single[FileRole.ResultsProtocol] ?? own(m, DocumentKind.Minutes),
      verbatimProtocol: slots?.single[FileRole.VerbatimProtocol],
      auxiliaryFile: g.omitInternal
        ? undefined
        : [
            ...Object.values(slots?.single ?? {}).filter((f) => !isMeetingSlot(slots, f)),
            ...(slots?.auxiliary ?? []),
            ...(bundle ? [bundle] : []),
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
  // The items come with their meetings' read model, where they stand among the public items.
  const meetingIds = await g.query<{ meeting_id: string }>(
    `SELECT DISTINCT meeting_id FROM agenda_item WHERE body_id = $1 AND id = ANY($2::uuid[])`,
    [g.body.id, ids],
  );
  const meetings = await g.meetings.loadMany(
    g.body.id,
    meetingIds.map((m) => m.meeting_id),
    PUBLIC_VIEWER,
  );
  const items = new Map<string, { item: AgendaItemEntry; meetingId: string; order: number }>();
  for (const m of meetings) m.items.forEach((item, order) => items.set(item.id, { item, meetingId: m.id, order }));
  const visibleConsultations = new Set(
    await g.refs(
      'Consultation',
      [...items.values()].flatMap((e) => e.item.consultationIds),
    ),
  );
  const files = await slotted(g, new Map([...items.values()].map((e) => [e.item.id, e.item.files])), !g.omitInternal);
  return rows.map((row) => {
    const { item: i, meetingId, order } = items.get(row.id)!;
    const slots = files.get(i.id);
    const withdrawn = i.status === String(AgendaItemStatus.Withdrawn);
    const resolution = slots?.single[FileRole.Resolution];
    const others = Object.entries(slots?.single ?? {})
      .filter(([role]) => role !== String(FileRole.Resolution))
      .map(([, f]) => f);
    const consultation = [...i.consultationIds].sort().find((id) => visibleConsultations.has(g.url('Consultation', id)));
    return compact({
      ...g.head('AgendaItem', row),
      meeting: g.url('Meeting', meetingId),
      number: i.number,
      order,
      name: i.name,
      public: i.public,
      consultation: consultation ? g.url('Consultation', consultation) : undefined,
      result: i.result ?? (withdrawn ? LABELS.withdrawnItem : i.outcome ? LABELS.outcome[i.outcome as AgendaItemOutcome] : undefined),
      resolutionText: withResidentQuestions(i),
      resolutionFile: resolution,
      auxiliaryFile: g.omitInternal ? undefined : [...others, ...(slots?.auxiliary ?? [])],
      start: oparlDateTime(i.start),
      end: oparlDateTime(i.end),
      // The extension's votes on the item, in the order they were taken (docs/oparl-extension.md).
      [VOTE_PROPERTY]: i.votes.map((v) => g.url('Vote', v.id)),
    });
  });
};

/**
 * OParl has no place of its own for the residents' questions of a question-time item; they go
 * into the item's text after any resolution, numbered, each with its answer once given.
 */
function withResidentQuestions(i: AgendaItemEntry): string | null {
  if (i.questions.length === 0) return i.resolutionText;
  const lines = i.questions.map(
    (q, n) => `${LABELS.residentQuestion} ${n + 1}: ${q.text}\n${LABELS.residentAnswer}: ${q.answer ?? LABELS.notAnswered}`,
  );
  return [i.resolutionText, ...lines].filter((part): part is string => Boolean(part)).join('\n\n');
}

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
