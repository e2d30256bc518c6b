/**
 * A person as one viewer may see them, with their memberships: the read model the portal's
 * person page maps from. The person-field rule (src/persons/person-fields.ts) has been applied
 * when it is loaded (PersonReadRepository): a field the person did not agree to publish is
 * empty for everyone but the council office, the address among them.
 */
export interface PersonReadModel {
  id: string;
  bodyId: string;
  name: string;
  familyName: string | null;
  givenName: string | null;
  formOfAddress: string | null;
  affix: string | null;
  title: string[];
  gender: string | null;
  phone: string[];
  email: string[];
  status: string[];
  life: string | null;
  lifeSource: string | null;
  /** The address, when the viewer may see it and it still exists. */
  location: PersonLocationEntry | null;
  /** Newest first: running ones, then by end and start, descending. */
  memberships: MembershipEntry[];
}

export interface PersonLocationEntry {
  id: string;
  streetAddress: string | null;
  postalCode: string | null;
  locality: string | null;
  room: string | null;
}

/** A membership of a live person in a live organization. */
export interface MembershipEntry {
  id: string;
  role: string;
  votingRight: boolean;
  /** YYYY-MM-DD */
  startDate: string | null;
  /** YYYY-MM-DD */
  endDate: string | null;
  person: { id: string; name: string; familyName: string | null };
  organization: { id: string; name: string };
  /** The faction the member sits for, if any. */
  faction: { id: string; name: string } | null;
}
