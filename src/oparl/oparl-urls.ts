import { OparlTypeName } from 'src/oparl/oparl-types';

/** Path segment of each body-level list and of the objects in it. */
export const SEGMENTS: Record<Exclude<OparlTypeName, 'System' | 'Body'>, string> = {
  LegislativeTerm: 'legislative-terms',
  Organization: 'organizations',
  Person: 'persons',
  Membership: 'memberships',
  Meeting: 'meetings',
  AgendaItem: 'agenda-items',
  Paper: 'papers',
  Consultation: 'consultations',
  File: 'files',
  Location: 'locations',
  Vote: 'votes',
};

/** Builds every canonical URL from PUBLIC_URL, so ids are the addresses the objects are served at. */
export class OparlUrls {
  readonly system: string;

  constructor(private readonly publicUrl: string) {
    this.system = `${publicUrl}/oparl/v1.1`;
  }

  bodies(): string {
    return `${this.system}/bodies`;
  }

  body(key: string): string {
    return `${this.system}/bodies/${key}`;
  }

  list(key: string, type: keyof typeof SEGMENTS): string {
    return `${this.body(key)}/${SEGMENTS[type]}`;
  }

  object(key: string, type: keyof typeof SEGMENTS, id: string): string {
    return `${this.list(key, type)}/${id}`;
  }

  organizationMeetings(key: string, id: string): string {
    return `${this.object(key, 'Organization', id)}/meetings`;
  }

  organizationConsultations(key: string, id: string): string {
    return `${this.object(key, 'Organization', id)}/consultations`;
  }

  /** A meeting's page on the portal, at one of its agenda items. */
  meetingPage(key: string, meetingId: string, itemId: string): string {
    return `${this.publicUrl}/${key}/sitzungen/${meetingId}#top-${itemId}`;
  }

  /** The documents are served by the portal under the body's path. */
  fileAccess(key: string, id: string): string {
    return `${this.publicUrl}/${key}/dateien/${id}`;
  }

  fileDownload(key: string, id: string): string {
    return `${this.publicUrl}/${key}/dateien/${id}/download`;
  }
}
