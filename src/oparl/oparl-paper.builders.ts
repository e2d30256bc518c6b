import { Consultation } from 'src/consultations/consultation.entity';
import { FileRole } from 'src/files/file-link.entity';
import { PaperPartyRole } from 'src/papers/paper-party.entity';
import { PaperRelationKind } from 'src/papers/paper-relation.entity';
import { Paper } from 'src/papers/paper.entity';
import { compact, OparlObject } from 'src/oparl/oparl-format';
import { Builder, groupBy } from 'src/oparl/oparl-graph';
import { attachedFiles } from 'src/oparl/oparl-meeting.builders';

export const buildPapers: Builder = async (g, rows) => {
  const ids = rows.map((r) => r.id);
  const papers = await g.entities(Paper, ids);
  const parties = await g.query<{ paper_id: string; role: PaperPartyRole; person_id: string | null; organization_id: string | null }>(
    `SELECT pp.paper_id, pp.role, pp.person_id, pp.organization_id FROM paper_party pp
      WHERE pp.body_id = $1 AND pp.paper_id = ANY($2::uuid[]) AND pp.deleted IS NULL ORDER BY pp.position, pp.id`,
    [g.body.id, ids],
  );
  const persons = new Set(
    await g.refs(
      'Person',
      parties.map((p) => p.person_id),
    ),
  );
  const organizations = new Set(
    await g.refs(
      'Organization',
      parties.map((p) => p.organization_id),
    ),
  );
  const relations = await g.query<{ paper_id: string; related_paper_id: string; kind: PaperRelationKind }>(
    `SELECT r.paper_id, r.related_paper_id, r.kind FROM paper_relation r
      WHERE r.body_id = $1 AND (r.paper_id = ANY($2::uuid[]) OR r.related_paper_id = ANY($2::uuid[])) AND r.deleted IS NULL
      ORDER BY r.created, r.id`,
    [g.body.id, ids],
  );
  const relatedVisible = new Set(
    await g.refs(
      'Paper',
      relations.flatMap((r) => [r.paper_id, r.related_paper_id]),
    ),
  );
  const consultationIds = groupBy(
    await g.query<{ id: string; paper_id: string }>(
      `SELECT c.id, c.paper_id FROM consultation c WHERE c.body_id = $1 AND c.paper_id = ANY($2::uuid[]) AND c.deleted IS NULL
        ORDER BY c.position, c.id`,
      [g.body.id, ids],
    ),
    (r) => r.paper_id,
  );
  const consultations = new Map(
    (
      await g.embed(
        'Consultation',
        [...consultationIds.values()].flat().map((c) => c.id),
      )
    ).map((c) => [c.id, c]),
  );
  const files = await attachedFiles(g, 'paper_id', ids, !g.omitInternal);

  return rows.map((row) => {
    const p = papers.get(row.id)!;
    const mine = parties.filter((x) => x.paper_id === p.id);
    const personRefs = (role: PaperPartyRole) =>
      mine
        .filter((x) => x.role === role && x.person_id)
        .map((x) => g.url('Person', x.person_id!))
        .filter((u) => persons.has(u));
    const organizationRefs = (role: PaperPartyRole) =>
      mine
        .filter((x) => x.role === role && x.organization_id)
        .map((x) => g.url('Organization', x.organization_id!))
        .filter((u) => organizations.has(u));
    const related = (pick: (r: (typeof relations)[number]) => string | null) =>
      [
        ...new Set(
          relations
            .map(pick)
            .filter((id): id is string => id !== null)
            .map((id) => g.url('Paper', id)),
        ),
      ].filter((u) => relatedVisible.has(u));
    const slots = files.get(p.id);
    const main = slots?.single[FileRole.Main];
    const others = Object.entries(slots?.single ?? {})
      .filter(([role]) => role !== String(FileRole.Main))
      .map(([, f]) => f);
    return compact({
      ...g.head('Paper', row),
      body: g.urls.body(g.body.key),
      name: p.name,
      reference: p.reference,
      date: p.date,
      paperType: p.paperType,
      relatedPaper: related((r) =>
        r.kind !== PaperRelationKind.Related
          ? null
          : r.paper_id === p.id
            ? r.related_paper_id
            : r.related_paper_id === p.id
              ? r.paper_id
              : null,
      ),
      superordinatedPaper: related((r) => (r.kind === PaperRelationKind.Subordinated && r.related_paper_id === p.id ? r.paper_id : null)),
      subordinatedPaper: related((r) => (r.kind === PaperRelationKind.Subordinated && r.paper_id === p.id ? r.related_paper_id : null)),
      mainFile: main,
      auxiliaryFile: g.omitInternal ? undefined : [...others, ...(slots?.auxiliary ?? [])],
      originatorPerson: personRefs(PaperPartyRole.Originator),
      originatorOrganization: organizationRefs(PaperPartyRole.Originator),
      underDirectionOf: organizationRefs(PaperPartyRole.UnderDirectionOf),
      consultation: (consultationIds.get(p.id) ?? [])
        .map((c) => consultations.get(g.url('Consultation', c.id)))
        .filter((c): c is OparlObject => c !== undefined),
    });
  });
};

export const buildConsultations: Builder = async (g, rows) => {
  const consultations = await g.entities(
    Consultation,
    rows.map((r) => r.id),
  );
  const all = [...consultations.values()];
  const meetings = new Set(
    await g.refs(
      'Meeting',
      all.map((c) => c.meetingId),
    ),
  );
  const items = new Set(
    await g.refs(
      'AgendaItem',
      all.map((c) => c.agendaItemId),
    ),
  );
  const organizations = new Set(
    await g.refs(
      'Organization',
      all.map((c) => c.organizationId),
    ),
  );
  const visibleRef = (set: Set<string>, url: string | undefined) => (url && set.has(url) ? url : undefined);
  return rows.map((row) => {
    const c = consultations.get(row.id)!;
    const organization = visibleRef(organizations, g.url('Organization', c.organizationId));
    return compact({
      ...g.head('Consultation', row),
      paper: g.url('Paper', c.paperId),
      agendaItem: visibleRef(items, c.agendaItemId ? g.url('AgendaItem', c.agendaItemId) : undefined),
      meeting: visibleRef(meetings, c.meetingId ? g.url('Meeting', c.meetingId) : undefined),
      organization: organization ? [organization] : [],
      authoritative: c.authoritative,
      role: c.role,
    });
  });
};
