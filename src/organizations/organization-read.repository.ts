import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { runSql } from 'src/common/named-sql';
import type { MembershipEntry } from 'src/persons/person-read-model';
import { OrganizationReadModel } from 'src/organizations/organization-read-model';

interface OrganizationRow {
  id: string;
  body_id: string;
  name: string;
  short_name: string | null;
  organization_type: string;
  classification: string | null;
  start_date: string | null;
  end_date: string | null;
  website: string | null;
  parent_id: string | null;
  parent_name: string | null;
}

interface MembershipRow {
  id: string;
  role: string;
  voting_right: boolean;
  start_date: string | null;
  end_date: string | null;
  person_id: string;
  person_name: string;
  family_name: string | null;
  organization_id: string;
  organization_name: string;
  faction_id: string | null;
  faction_name: string | null;
}

/**
 * Loads organizations into their read model (src/organizations/organization-read-model.ts) in
 * two statements however many: the organizations with their parents, and their memberships.
 */
@Injectable()
export class OrganizationReadRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One live organization; null when it does not exist. */
  async load(bodyId: string, id: string): Promise<OrganizationReadModel | null> {
    return (await this.loadMany(bodyId, [id]))[0] ?? null;
  }

  /** The live organizations in the order of `ids` (unknown ones left out). */
  async loadMany(bodyId: string, ids: string[]): Promise<OrganizationReadModel[]> {
    if (ids.length === 0) return [];
    const organizations = await runSql<OrganizationRow>(
      this.dataSource,
      `SELECT o.id, o.body_id, o.name, o.short_name, o.organization_type, o.classification,
              o.start_date::text AS start_date, o.end_date::text AS end_date, o.website,
              po.id AS parent_id, po.name AS parent_name
         FROM organization o LEFT JOIN organization po ON po.id = o.sub_organization_of_id AND po.deleted IS NULL
        WHERE o.body_id = :bodyId AND o.id = ANY(CAST(:ids AS uuid[])) AND o.deleted IS NULL`,
      { bodyId, ids },
    );
    if (organizations.length === 0) return [];
    const memberships = await this.memberships(
      bodyId,
      organizations.map((o) => o.id),
    );
    const byId = new Map(organizations.map((o) => [o.id, o]));
    return ids
      .map((id) => byId.get(id))
      .filter((o): o is OrganizationRow => o !== undefined)
      .map((o) => ({
        id: o.id,
        bodyId: o.body_id,
        name: o.name,
        shortName: o.short_name,
        organizationType: o.organization_type,
        classification: o.classification,
        startDate: o.start_date,
        endDate: o.end_date,
        website: o.website,
        parent: o.parent_id ? { id: o.parent_id, name: o.parent_name! } : null,
        memberships: memberships.filter((m) => m.organization.id === o.id),
      }));
  }

  /** Live memberships of live persons, newest first: running ones, then by end and start, descending. */
  private async memberships(bodyId: string, organizationIds: string[]): Promise<MembershipEntry[]> {
    const rows = await runSql<MembershipRow>(
      this.dataSource,
      `SELECT ms.id, ms.role, ms.voting_right, ms.start_date::text AS start_date, ms.end_date::text AS end_date,
              pe.id AS person_id, pe.name AS person_name, pe.family_name,
              o.id AS organization_id, o.name AS organization_name, f.id AS faction_id, f.name AS faction_name
         FROM membership ms
         JOIN person pe ON pe.id = ms.person_id AND pe.deleted IS NULL
         JOIN organization o ON o.id = ms.organization_id AND o.deleted IS NULL
         LEFT JOIN organization f ON f.id = ms.on_behalf_of_id AND f.deleted IS NULL
        WHERE ms.body_id = :bodyId AND ms.deleted IS NULL AND ms.organization_id = ANY(CAST(:organizationIds AS uuid[]))
        ORDER BY ms.end_date DESC NULLS FIRST, ms.start_date DESC NULLS LAST, pe.family_name, pe.name`,
      { bodyId, organizationIds },
    );
    return rows.map((m) => ({
      id: m.id,
      role: m.role,
      votingRight: m.voting_right,
      startDate: m.start_date,
      endDate: m.end_date,
      person: { id: m.person_id, name: m.person_name, familyName: m.family_name },
      organization: { id: m.organization_id, name: m.organization_name },
      faction: m.faction_id ? { id: m.faction_id, name: m.faction_name! } : null,
    }));
  }
}
