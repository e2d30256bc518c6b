import type { MembershipEntry } from 'src/persons/person-read-model';

/**
 * An organization with its members, past and present: the read model the portal's organization
 * page maps from (OrganizationReadRepository). Organizations and memberships are public.
 */
export interface OrganizationReadModel {
  id: string;
  bodyId: string;
  name: string;
  shortName: string | null;
  organizationType: string;
  classification: string | null;
  /** YYYY-MM-DD */
  startDate: string | null;
  /** YYYY-MM-DD */
  endDate: string | null;
  website: string | null;
  /** The organization it belongs to, while that still exists. */
  parent: { id: string; name: string } | null;
  /** Memberships of live persons, newest first: running ones, then by end and start, descending. */
  memberships: MembershipEntry[];
}
