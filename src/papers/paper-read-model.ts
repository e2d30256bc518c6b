import type { FileEntry, PersonRef } from 'src/meetings/meeting-read-model';

/**
 * A paper as one viewer may see it, with its originators, its Beratungsfolge, related papers and
 * documents: the one read model every channel maps from (portal, cover sheets, the office's and
 * the members' interfaces). Loaded through the visibility rule by PaperReadRepository.
 */
export interface PaperReadModel {
  id: string;
  bodyId: string;
  body: { name: string; logoUrl: string | null };
  reference: string | null;
  name: string;
  paperType: string | null;
  /** YYYY-MM-DD */
  date: string | null;
  status: string;
  /** The public may see the paper too; false marks it for members and the office. */
  publicToo: boolean;
  parties: PaperPartyEntry[];
  consultations: PaperConsultationEntry[];
  related: RelatedPaperEntry[];
  files: FileEntry[];
}

export interface PaperPartyEntry {
  role: string;
  person: PersonRef | null;
  organization: { id: string; name: string } | null;
}

export interface PaperConsultationEntry {
  id: string;
  role: string | null;
  authoritative: boolean;
  status: string;
  organization: { id: string; name: string } | null;
  /** The meeting the step is scheduled in, when the viewer may see it. */
  meeting: { id: string; name: string; start: Date; published: boolean } | null;
  /** Its agenda item, when the viewer may see it. */
  item: { id: string; number: string; public: boolean; outcome: string | null; result: string | null } | null;
}

export interface RelatedPaperEntry {
  id: string;
  reference: string | null;
  name: string;
  kind: string;
  /** This paper points at the other one (e.g. it is the subordinate one). */
  outgoing: boolean;
}
