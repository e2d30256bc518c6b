import { DataSource, EntityManager } from 'typeorm';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { AuditRepository } from 'src/audit/audit.repository';
import { AuditService } from 'src/audit/audit.service';
import { Body } from 'src/bodies/body.entity';
import { Consultation } from 'src/consultations/consultation.entity';
import { FileLink, FileRole } from 'src/files/file-link.entity';
import { File } from 'src/files/file.entity';
import { LegislativeTerm } from 'src/legislative-terms/legislative-term.entity';
import { Location } from 'src/locations/location.entity';
import { MeetingOrganization } from 'src/meetings/meeting-organization.entity';
import { Meeting, MeetingState } from 'src/meetings/meeting.entity';
import { Membership } from 'src/memberships/membership.entity';
import { Organization } from 'src/organizations/organization.entity';
import { PaperParty, PaperPartyRole } from 'src/papers/paper-party.entity';
import { PaperRelation, PaperRelationKind } from 'src/papers/paper-relation.entity';
import { Paper, PaperStatus } from 'src/papers/paper.entity';
import { Person } from 'src/persons/person.entity';
import { ags, collect, Collected, date, dateTime, geojson, ImportType, strings, text, url, urls } from 'src/oparl-import/oparl-normalize';
import { ExternalIdWriter, Row, Values } from 'src/oparl-import/oparl-external-id-writer.repository';
import { ImportSummary } from 'src/oparl-import/oparl-import-summary';
import { Raw } from 'src/oparl-import/oparl-source';

const MEETING_STATE: Record<string, MeetingState> = {
  terminiert: MeetingState.Planned,
  eingeladen: MeetingState.Invited,
  durchgeführt: MeetingState.Held,
};

/** Columns of a file that a download fills from the bytes themselves. */
const FETCHED_COLUMNS = ['size', 'sha512Checksum', 'mimeType', 'text'];

const FILE_ROLE: Record<string, FileRole> = {
  main: FileRole.Main,
  auxiliary: FileRole.Auxiliary,
  invitation: FileRole.Invitation,
  resultsProtocol: FileRole.ResultsProtocol,
  verbatimProtocol: FileRole.VerbatimProtocol,
  resolution: FileRole.Resolution,
};

/**
 * Writes OParl objects into one body. Objects are matched by their OParl id (externalId), so a
 * second run with the same data changes nothing and an interrupted run can simply be repeated.
 */
export class OparlImporter {
  readonly summary = new ImportSummary();
  private body!: Body;
  private writer!: ExternalIdWriter;

  constructor(
    private readonly dataSource: DataSource,
    private readonly bodyKey: string,
    private readonly log: (line: string) => void = () => {},
  ) {}

  async run(objects: Raw[]): Promise<ImportSummary> {
    const data = collect(objects, (kind, detail) => {
      this.summary.repair(kind);
      this.log(`repaired ${kind}: ${detail}`);
    });
    this.body = await this.ensureBody(data);
    this.writer = new ExternalIdWriter(this.body.id, this.summary);
    // One transaction per type: a crash keeps what is done, and a rerun continues from there.
    const step = async (label: string, fn: (m: EntityManager) => Promise<void>) => {
      this.log(`writing ${label} …`);
      await this.dataSource.transaction(fn);
    };
    await step('legislative terms', (m) => this.terms(m, data));
    await step('locations', (m) => this.locations(m, data));
    await step('organizations', (m) => this.organizations(m, data));
    await step('persons', (m) => this.persons(m, data));
    await step('memberships', (m) => this.memberships(m, data));
    await step('meetings', (m) => this.meetings(m, data));
    await step('agenda items', (m) => this.agendaItems(m, data));
    await step('papers', (m) => this.papers(m, data));
    await step('consultations', (m) => this.consultations(m, data));
    await step('files', (m) => this.files(m, data));
    await this.dataSource.transaction(async (m) => {
      await new AuditService(new AuditRepository(this.dataSource)).record(
        m,
        { accountId: null, requestId: null },
        {
          bodyId: this.body.id,
          action: 'oparl.import',
          entityType: 'Body',
          entityId: this.body.id,
          after: { changes: this.summary.changes() },
        },
      );
    });
    return this.summary;
  }

  private list(data: Collected, type: ImportType): [string, Raw][] {
    return [...(data.objects.get(type) ?? new Map<string, Raw>()).entries()];
  }

  private async ensureBody(data: Collected): Promise<Body> {
    const repo = this.dataSource.getRepository(Body);
    const existing = await repo.findOneBy({ key: this.bodyKey });
    if (existing) return existing;
    const source = [...(data.objects.get('Body')?.values() ?? [])][0] ?? {};
    const body = await repo.save({
      key: this.bodyKey,
      name: text(source.name) ?? this.bodyKey,
      shortName: text(source.shortName),
      ags: ags(source.ags, (k) => this.summary.repair(k)),
      website: url(source.website),
      license: url(source.license),
    });
    this.log(`created body ${this.bodyKey}`);
    return body;
  }

  private async terms(m: EntityManager, data: Collected): Promise<void> {
    const rows = this.list(data, 'LegislativeTerm').map(([id, o]) => ({
      externalId: id,
      deleted: o.deleted === true,
      values: { name: text(o.name) ?? 'Wahlperiode', startDate: date(o.startDate), endDate: date(o.endDate) },
    }));
    await this.writer.upsert(m, 'LegislativeTerm', LegislativeTerm, rows);
  }

  private async locations(m: EntityManager, data: Collected): Promise<void> {
    const rows = this.list(data, 'Location').map(([id, o]) => ({
      externalId: id,
      deleted: o.deleted === true,
      values: {
        description: text(o.description),
        streetAddress: text(o.streetAddress),
        room: text(o.room),
        postalCode: text(o.postalCode),
        subLocality: text(o.subLocality),
        locality: text(o.locality),
        geojson: geojson(
          o.geojson,
          (k, d) => {
            this.summary.repair(k);
            this.log(`repaired ${k}: ${d}`);
          },
          id,
        ),
      },
    }));
    await this.writer.upsert(m, 'Location', Location, rows);
  }

  private async organizations(m: EntityManager, data: Collected): Promise<void> {
    const list = this.list(data, 'Organization');
    const values = (o: Raw) => ({
      name: text(o.name) ?? text(o.shortName) ?? 'Gremium',
      shortName: text(o.shortName),
      organizationType: text(o.organizationType) ?? 'Gremium',
      classification: text(o.classification),
      startDate: date(o.startDate),
      endDate: date(o.endDate),
      website: url(o.website),
      post: strings(o.post),
      locationId: this.writer.idOf('Location', url(o.location)),
    });
    await this.writer.upsert(
      m,
      'Organization',
      Organization,
      list.map(([id, o]) => ({ externalId: id, deleted: o.deleted === true, values: values(o) })),
    );
    // Parents may come after their children in the data; link them once all exist.
    const withParent = list.filter(([, o]) => !o.deleted && url(o.subOrganizationOf));
    for (const [id, o] of withParent) {
      const parent = this.writer.idOf('Organization', url(o.subOrganizationOf));
      if (!parent) this.summary.repair('dangling subOrganizationOf dropped');
      await this.writer.setParentOrganization(m, this.writer.idOf('Organization', id)!, parent);
    }
  }

  private async persons(m: EntityManager, data: Collected): Promise<void> {
    const rows = this.list(data, 'Person').map(([id, o]) => {
      const name = text(o.name) ?? ([text(o.givenName), text(o.familyName)].filter(Boolean).join(' ') || 'Unbekannt');
      return {
        externalId: id,
        deleted: o.deleted === true,
        values: {
          name,
          familyName: text(o.familyName),
          givenName: text(o.givenName),
          formOfAddress: text(o.formOfAddress),
          affix: text(o.affix),
          title: strings(o.title),
          gender: text(o.gender),
          phone: strings(o.phone),
          email: strings(o.email),
          status: strings(o.status),
          life: text(o.life),
          lifeSource: text(o.lifeSource),
          locationId: this.writer.idOf('Location', url(o.location)),
          // What a public OParl server publishes, the person has made public.
          publishedFields: ['email', 'phone', 'location', 'gender', 'life', 'status'],
        },
      };
    });
    await this.writer.upsert(m, 'Person', Person, rows);
  }

  private async memberships(m: EntityManager, data: Collected): Promise<void> {
    const rows = [];
    for (const [id, o] of this.list(data, 'Membership')) {
      const personId = this.writer.idOf('Person', url(o.person));
      const organizationId = this.writer.idOf('Organization', url(o.organization));
      if (!o.deleted && (!personId || !organizationId)) {
        this.summary.skip('Membership', 'person or organization unknown');
        continue;
      }
      rows.push({
        externalId: id,
        deleted: o.deleted === true,
        values: {
          personId,
          organizationId,
          role: text(o.role) ?? 'Mitglied',
          votingRight: o.votingRight !== false,
          startDate: date(o.startDate),
          endDate: date(o.endDate),
          onBehalfOfId: this.writer.idOf('Organization', url(o.onBehalfOf)),
        },
      });
    }
    await this.writer.upsert(m, 'Membership', Membership, rows);
  }

  private async meetings(m: EntityManager, data: Collected): Promise<void> {
    const rows = [];
    for (const [id, o] of this.list(data, 'Meeting')) {
      const start = dateTime(o.start);
      if (!o.deleted && !start) {
        this.summary.skip('Meeting', 'no start');
        continue;
      }
      const cancelled = o.cancelled === true;
      rows.push({
        externalId: id,
        deleted: o.deleted === true,
        values: {
          name: text(o.name) ?? 'Sitzung',
          state: cancelled ? MeetingState.Cancelled : (MEETING_STATE[text(o.meetingState) ?? ''] ?? MeetingState.Planned),
          // Published elsewhere already: public here too.
          publishedAt: dateTime(o.created) ?? start,
          start,
          end: dateTime(o.end),
          locationId: this.writer.idOf('Location', url(o.location)),
        },
      });
    }
    await this.writer.upsert(m, 'Meeting', Meeting, rows);
    const links = [];
    for (const [id, o] of this.list(data, 'Meeting')) {
      const meetingId = this.writer.idOf('Meeting', id);
      if (!meetingId || o.deleted) continue;
      for (const [position, org] of urls(o.organization).entries()) {
        const organizationId = this.writer.idOf('Organization', org);
        if (!organizationId) {
          this.summary.skip('MeetingOrganization', 'organization unknown');
          continue;
        }
        links.push({ externalId: `${id}#organization#${org}`, deleted: false, values: { meetingId, organizationId, position } });
      }
    }
    await this.writer.upsert(m, 'MeetingOrganization', MeetingOrganization, links);
  }

  private async agendaItems(m: EntityManager, data: Collected): Promise<void> {
    const byMeeting = new Map<string, [string, Raw][]>();
    for (const entry of this.list(data, 'AgendaItem')) {
      const meeting = url(entry[1].meeting) ?? '';
      byMeeting.set(meeting, [...(byMeeting.get(meeting) ?? []), entry]);
    }
    const rows = [];
    for (const [meeting, items] of byMeeting) {
      const meetingId = this.writer.idOf('Meeting', meeting);
      // `order` is a 0-based position; vendors count from 1 and leave gaps for hidden items.
      const sorted = items.filter(([, o]) => !o.deleted).sort(([, a], [, b]) => Number(a.order ?? 0) - Number(b.order ?? 0));
      const orders = sorted.map(([, o]) => Number(o.order));
      if (orders.some((o, i) => o !== i)) this.summary.repair('agenda order renumbered from 0');
      const position = new Map(sorted.map(([id], i) => [id, i]));
      for (const [id, o] of items) {
        if (!meetingId) {
          this.summary.skip('AgendaItem', 'meeting unknown');
          continue;
        }
        const index = position.get(id) ?? 0;
        rows.push({
          externalId: id,
          deleted: o.deleted === true,
          values: o.deleted
            ? {}
            : {
                meetingId,
                order: index,
                number: text(o.number) ?? String(index + 1),
                public: o.public !== false,
                name: text(o.name) ?? '(ohne Titel)',
                result: text(o.result),
                resolutionText: text(o.resolutionText),
                start: dateTime(o.start),
                end: dateTime(o.end),
              },
        });
      }
    }
    await this.writer.upsert(m, 'AgendaItem', AgendaItem, rows);
  }

  private async papers(m: EntityManager, data: Collected): Promise<void> {
    const list = this.list(data, 'Paper');
    const rows = list.map(([id, o]) => ({
      externalId: id,
      deleted: o.deleted === true,
      values: o.deleted
        ? {}
        : {
            name: text(o.name) ?? text(o.reference) ?? '(ohne Titel)',
            reference: text(o.reference),
            date: date(o.date),
            paperType: text(o.paperType),
            status: PaperStatus.InConsultation,
          },
    }));
    // References must be unique per body; a second paper with the same one keeps it only in its name.
    const seen = new Set<string>();
    for (const row of rows) {
      const ref = (row.values as Values).reference as string | null | undefined;
      if (!ref) continue;
      if (seen.has(ref)) {
        (row.values as Values).reference = null;
        this.summary.repair('duplicate paper reference dropped');
      }
      seen.add(ref);
    }
    await this.writer.upsert(m, 'Paper', Paper, rows);
    const parties: Row[] = [];
    for (const [id, o] of list) {
      const paperId = this.writer.idOf('Paper', id);
      if (!paperId || o.deleted) continue;
      const add = (role: PaperPartyRole, kind: 'Person' | 'Organization', refs: string[]) =>
        refs.forEach((ref, position) => {
          const target = this.writer.idOf(kind, ref);
          if (!target) return this.summary.skip('PaperParty', `${kind} unknown`);
          parties.push({
            externalId: `${id}#${role}#${ref}`,
            deleted: false,
            values: {
              paperId,
              role,
              position,
              personId: kind === 'Person' ? target : null,
              organizationId: kind === 'Organization' ? target : null,
            },
          });
        });
      add(PaperPartyRole.Originator, 'Person', urls(o.originatorPerson));
      add(PaperPartyRole.Originator, 'Organization', urls(o.originatorOrganization));
      add(PaperPartyRole.UnderDirectionOf, 'Organization', urls(o.underDirectionOf));
    }
    await this.writer.upsert(m, 'PaperParty', PaperParty, parties);
    await this.writer.upsert(m, 'PaperRelation', PaperRelation, this.relations(list));
  }

  /** relatedPaper both ways, superordinated/subordinated as one directed relation; each pair once. */
  private relations(list: [string, Raw][]): Row[] {
    const rows = new Map<string, Row>();
    const add = (kind: PaperRelationKind, from: string, to: string) => {
      const paperId = this.writer.idOf('Paper', from);
      const relatedPaperId = this.writer.idOf('Paper', to);
      if (!paperId || !relatedPaperId) return this.summary.skip('PaperRelation', 'paper unknown');
      const [a, b] = kind === PaperRelationKind.Related && to < from ? [to, from] : [from, to];
      const externalId = `${a}#${kind}#${b}`;
      if (!rows.has(externalId)) {
        rows.set(externalId, {
          externalId,
          deleted: false,
          values: { kind, paperId: this.writer.idOf('Paper', a), relatedPaperId: this.writer.idOf('Paper', b) },
        });
      }
    };
    for (const [id, o] of list) {
      if (o.deleted) continue;
      for (const other of urls(o.relatedPaper)) add(PaperRelationKind.Related, id, other);
      for (const child of urls(o.subordinatedPaper)) add(PaperRelationKind.Subordinated, id, child);
      for (const parent of urls(o.superordinatedPaper)) add(PaperRelationKind.Subordinated, parent, id);
    }
    return [...rows.values()];
  }

  private async consultations(m: EntityManager, data: Collected): Promise<void> {
    const rows = [];
    const positions = new Map<string, number>();
    for (const [id, o] of this.list(data, 'Consultation')) {
      const paperId = this.writer.idOf('Paper', url(o.paper));
      const organizationId =
        urls(o.organization)
          .map((ref) => this.writer.idOf('Organization', ref))
          .find((x) => x !== null) ?? null;
      if (!o.deleted && (!paperId || !organizationId)) {
        this.summary.skip('Consultation', !paperId ? 'paper unknown' : 'organization unknown');
        continue;
      }
      const position = (positions.get(paperId ?? '') ?? -1) + 1;
      positions.set(paperId ?? '', position);
      rows.push({
        externalId: id,
        deleted: o.deleted === true,
        values: o.deleted
          ? {}
          : {
              paperId,
              organizationId,
              meetingId: this.writer.idOf('Meeting', url(o.meeting)),
              agendaItemId: this.writer.idOf('AgendaItem', url(o.agendaItem)),
              role: text(o.role),
              authoritative: o.authoritative === true,
              position,
            },
      });
    }
    await this.writer.upsert(m, 'Consultation', Consultation, rows);
    await this.linkAgendaItemsToPapers(m, data, rows);
  }

  /**
   * An agenda item's paper is that of its consultation: the one the item names, or the one that
   * names the item (the consultation's word wins). Both sides count: a postponed item names a
   * consultation that has moved on to a later item, which the source may not show yet, and some
   * vendors fill in only one side.
   */
  private async linkAgendaItemsToPapers(m: EntityManager, data: Collected, consultations: Row[]): Promise<void> {
    const consultationOfItem = new Map<string, string>();
    for (const [id, o] of this.list(data, 'AgendaItem')) {
      const consultation = url(o.consultation);
      if (!o.deleted && consultation) consultationOfItem.set(id, consultation);
    }
    for (const [id, o] of this.list(data, 'Consultation')) {
      const item = url(o.agendaItem);
      if (!o.deleted && item) consultationOfItem.set(item, id);
    }
    const paperOf = new Map(consultations.filter((c) => !c.deleted).map((c) => [c.externalId, c.values.paperId as string]));
    for (const [itemExternalId, consultationExternalId] of consultationOfItem) {
      const itemId = this.writer.idOf('AgendaItem', itemExternalId);
      const consultationId = this.writer.idOf('Consultation', consultationExternalId);
      const paperId = paperOf.get(consultationExternalId);
      if (!itemId || !consultationId || !paperId) continue;
      await this.writer.linkAgendaItem(m, itemId, paperId, consultationId);
    }
  }

  private async files(m: EntityManager, data: Collected): Promise<void> {
    // Files whose bytes were fetched keep what was read from them, unless the source names other bytes now.
    const fetched = await this.writer.fetchedChecksums(m);
    const keepFetched = (externalId: string, values: Values): Values => {
      if (!fetched.has(externalId)) return values;
      const sourceChecksum = values.sha512Checksum;
      if (sourceChecksum && sourceChecksum !== fetched.get(externalId)) return { ...values, storageKey: null };
      const kept = { ...values };
      for (const column of FETCHED_COLUMNS) delete kept[column];
      return kept;
    };
    const rows = this.list(data, 'File').map(([id, o]) => ({
      externalId: id,
      deleted: o.deleted === true,
      values: o.deleted
        ? {}
        : keepFetched(id, {
            name: text(o.name) ?? text(o.fileName)?.replace(/\.[a-z0-9]+$/i, '') ?? 'Dokument',
            fileName: text(o.fileName),
            mimeType: text(o.mimeType),
            date: date(o.date),
            size: typeof o.size === 'number' ? o.size : null,
            sha512Checksum: text(o.sha512Checksum),
            text: text(o.text),
            sourceUrl: url(o.downloadUrl) ?? url(o.accessUrl),
            externalServiceUrl: url(o.externalServiceUrl),
            fileLicense: url(o.fileLicense),
          }),
    }));
    await this.writer.upsert(m, 'File', File, rows);
    const links = [];
    for (const a of data.attachments) {
      const fileId = this.writer.idOf('File', a.fileId);
      const parentId = this.writer.idOf(a.parentType, a.parentId);
      if (!fileId || !parentId) {
        this.summary.skip('FileLink', `${a.parentType} unknown`);
        continue;
      }
      links.push({
        externalId: `${a.parentId}#${a.role}#${a.fileId}`,
        deleted: false,
        values: {
          fileId,
          role: FILE_ROLE[a.role],
          position: a.position,
          meetingId: a.parentType === 'Meeting' ? parentId : null,
          agendaItemId: a.parentType === 'AgendaItem' ? parentId : null,
          paperId: a.parentType === 'Paper' ? parentId : null,
        },
      });
    }
    await this.writer.upsert(m, 'FileLink', FileLink, links);
  }
}
