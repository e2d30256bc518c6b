import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Viewer } from 'src/auth/actor';
import { DomainError } from 'src/common/domain-error';
import { Person } from 'src/persons/person.entity';
import { berlinDay, dayText } from 'src/portal/portal-format';
import { runSql } from 'src/portal/portal-sql';
import { Visibility } from 'src/visibility/visibility';

interface RawOrganization {
  id: string;
  name: string;
  short_name: string | null;
  organization_type: string;
  classification: string | null;
  start_date: string | null;
  end_date: string | null;
}

interface RawMembership {
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

const ROLE_RANK = (role: string) => (/^vorsitz/i.test(role) ? 0 : /stellv/i.test(role) ? 1 : /^mitglied$/i.test(role) ? 2 : 3);

function isCurrent(m: { start_date: string | null; end_date: string | null }, today: string): boolean {
  return (m.start_date === null || m.start_date <= today) && (m.end_date === null || m.end_date >= today);
}

const toMembershipView = (m: RawMembership) => ({
  role: m.role,
  votingRight: m.voting_right,
  since: dayText(m.start_date),
  until: dayText(m.end_date),
  person: { id: m.person_id, name: m.person_name },
  organization: { id: m.organization_id, name: m.organization_name },
  faction: m.faction_id ? { id: m.faction_id, name: m.faction_name } : null,
});

/** Municipalities, organizations, persons and memberships: public structure of a body. */
@Injectable()
export class PortalStructureService {
  constructor(private readonly dataSource: DataSource) {}

  bodies(): Promise<{ key: string; name: string }[]> {
    return runSql(this.dataSource, `SELECT key, name FROM body WHERE deleted IS NULL ORDER BY name`, {});
  }

  /** Organizations grouped for the overview: committees first, factions, others; ended ones last. */
  async organizations(bodyId: string) {
    const rows = await runSql<RawOrganization>(
      this.dataSource,
      `SELECT id, name, short_name, organization_type, classification, start_date::text AS start_date, end_date::text AS end_date FROM organization
        WHERE body_id = :bodyId AND deleted IS NULL ORDER BY name`,
      { bodyId },
    );
    const today = berlinDay(new Date());
    const current = rows.filter((o) => o.end_date === null || o.end_date >= today);
    const view = (o: RawOrganization) => ({ id: o.id, name: o.name, classification: o.classification, until: dayText(o.end_date) });
    return [
      { title: 'Gremien', organizations: current.filter((o) => o.organization_type === 'Gremium').map(view) },
      { title: 'Fraktionen', organizations: current.filter((o) => o.organization_type === 'Fraktion').map(view) },
      { title: 'Weitere', organizations: current.filter((o) => !['Gremium', 'Fraktion'].includes(o.organization_type)).map(view) },
      { title: 'Ehemalige Gremien', organizations: rows.filter((o) => !current.includes(o)).map(view) },
    ].filter((group) => group.organizations.length > 0);
  }

  async organizationOptions(bodyId: string): Promise<{ id: string; name: string }[]> {
    return runSql(
      this.dataSource,
      `SELECT id, name FROM organization WHERE body_id = :bodyId AND deleted IS NULL AND organization_type = 'Gremium' ORDER BY name`,
      { bodyId },
    );
  }

  private memberships(bodyId: string, where: string, params: Record<string, unknown>): Promise<RawMembership[]> {
    return runSql<RawMembership>(
      this.dataSource,
      `SELECT ms.id, ms.role, ms.voting_right, ms.start_date::text AS start_date, ms.end_date::text AS end_date,
              pe.id AS person_id, pe.name AS person_name, pe.family_name,
              o.id AS organization_id, o.name AS organization_name, f.id AS faction_id, f.name AS faction_name
         FROM membership ms
         JOIN person pe ON pe.id = ms.person_id AND pe.deleted IS NULL
         JOIN organization o ON o.id = ms.organization_id AND o.deleted IS NULL
         LEFT JOIN organization f ON f.id = ms.on_behalf_of_id AND f.deleted IS NULL
        WHERE ms.body_id = :bodyId AND ms.deleted IS NULL AND ${where}
        ORDER BY ms.end_date DESC NULLS FIRST, ms.start_date DESC NULLS LAST, pe.family_name, pe.name`,
      { bodyId, ...params },
    );
  }

  async organization(bodyId: string, id: string) {
    const [organization] = await runSql<RawOrganization & { parent_id: string | null; parent_name: string | null; website: string | null }>(
      this.dataSource,
      `SELECT o.id, o.name, o.short_name, o.organization_type, o.classification, o.start_date::text AS start_date, o.end_date::text AS end_date, o.website,
              po.id AS parent_id, po.name AS parent_name
         FROM organization o LEFT JOIN organization po ON po.id = o.sub_organization_of_id AND po.deleted IS NULL
        WHERE o.body_id = :bodyId AND o.id = :id AND o.deleted IS NULL`,
      { bodyId, id },
    );
    if (!organization) throw DomainError.notFound('Organization');
    const memberships = await this.memberships(bodyId, 'ms.organization_id = :id', { id });
    const today = berlinDay(new Date());
    const current = memberships
      .filter((m) => isCurrent(m, today))
      .sort(
        (a, b) =>
          ROLE_RANK(a.role) - ROLE_RANK(b.role) ||
          (a.faction_name ?? '').localeCompare(b.faction_name ?? '', 'de') ||
          (a.family_name ?? a.person_name).localeCompare(b.family_name ?? b.person_name, 'de'),
      );
    return {
      id: organization.id,
      name: organization.name,
      shortName: organization.short_name,
      organizationType: organization.organization_type,
      classification: organization.classification,
      since: dayText(organization.start_date),
      until: dayText(organization.end_date),
      website: organization.website,
      parent: organization.parent_id ? { id: organization.parent_id, name: organization.parent_name } : null,
      isCommittee: organization.organization_type === 'Gremium',
      members: current.map(toMembershipView),
      formerMembers: memberships.filter((m) => !isCurrent(m, today)).map(toMembershipView),
    };
  }

  async person(bodyId: string, viewer: Viewer, id: string) {
    const stored = await this.dataSource.getRepository(Person).findOne({ where: { bodyId, id }, relations: { location: true } });
    if (!stored) throw DomainError.notFound('Person');
    const person = Visibility.person(viewer, stored);
    const memberships = await this.memberships(bodyId, 'ms.person_id = :id', { id });
    const today = berlinDay(new Date());
    const location = person.locationId && stored.location && !stored.location.deleted ? stored.location : null;
    return {
      id: person.id,
      name: person.name,
      title: person.title,
      formOfAddress: person.formOfAddress,
      email: person.email,
      phone: person.phone,
      gender: person.gender,
      status: person.status,
      life: person.life,
      lifeSource: person.lifeSource,
      location: location
        ? { streetAddress: location.streetAddress, postalCode: location.postalCode, locality: location.locality, room: location.room }
        : null,
      memberships: memberships.filter((m) => isCurrent(m, today)).map(toMembershipView),
      formerMemberships: memberships.filter((m) => !isCurrent(m, today)).map(toMembershipView),
    };
  }
}
