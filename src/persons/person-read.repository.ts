import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { Viewer } from 'src/auth/actor';
import { runSql } from 'src/common/named-sql';
import { Visibility } from 'src/visibility/visibility';
import { Person } from 'src/persons/person.entity';
import { MembershipEntry, PersonReadModel } from 'src/persons/person-read-model';

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
 * Loads persons into their read model (src/persons/person-read-model.ts) for one viewer, in
 * two statements however many: the persons with their addresses, and their memberships. The
 * person-field rule is applied here, once, so no page decides on its own which fields to show.
 */
@Injectable()
export class PersonReadRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One person as the viewer may see them; null when they do not exist. */
  async load(bodyId: string, id: string, viewer: Viewer): Promise<PersonReadModel | null> {
    return (await this.loadMany(bodyId, [id], viewer))[0] ?? null;
  }

  /** The persons as the viewer may see them, in the order of `ids` (unknown ones left out). */
  async loadMany(bodyId: string, ids: string[], viewer: Viewer): Promise<PersonReadModel[]> {
    if (ids.length === 0) return [];
    const stored = await this.dataSource.getRepository(Person).find({ where: { bodyId, id: In(ids) }, relations: { location: true } });
    if (stored.length === 0) return [];
    const memberships = await this.memberships(
      bodyId,
      stored.map((p) => p.id),
    );
    const byId = new Map(stored.map((p) => [p.id, p]));
    return ids
      .map((id) => byId.get(id))
      .filter((p): p is Person => p !== undefined)
      .map((p) => {
        const visible = Visibility.person(viewer, p);
        const location = visible.locationId && p.location && !p.location.deleted ? p.location : null;
        return {
          id: visible.id,
          bodyId: visible.bodyId,
          name: visible.name,
          familyName: visible.familyName,
          givenName: visible.givenName,
          formOfAddress: visible.formOfAddress,
          affix: visible.affix,
          title: visible.title,
          gender: visible.gender,
          phone: visible.phone,
          email: visible.email,
          status: visible.status,
          life: visible.life,
          lifeSource: visible.lifeSource,
          location: location
            ? {
                id: location.id,
                streetAddress: location.streetAddress,
                postalCode: location.postalCode,
                locality: location.locality,
                room: location.room,
              }
            : null,
          memberships: memberships.filter((m) => m.person.id === p.id),
        };
      });
  }

  /** Live memberships in live organizations, newest first: running ones, then by end and start, descending. */
  private async memberships(bodyId: string, personIds: string[]): Promise<MembershipEntry[]> {
    const rows = await runSql<MembershipRow>(
      this.dataSource,
      `SELECT ms.id, ms.role, ms.voting_right, ms.start_date::text AS start_date, ms.end_date::text AS end_date,
              pe.id AS person_id, pe.name AS person_name, pe.family_name,
              o.id AS organization_id, o.name AS organization_name, f.id AS faction_id, f.name AS faction_name
         FROM membership ms
         JOIN person pe ON pe.id = ms.person_id AND pe.deleted IS NULL
         JOIN organization o ON o.id = ms.organization_id AND o.deleted IS NULL
         LEFT JOIN organization f ON f.id = ms.on_behalf_of_id AND f.deleted IS NULL
        WHERE ms.body_id = :bodyId AND ms.deleted IS NULL AND ms.person_id = ANY(CAST(:personIds AS uuid[]))
        ORDER BY ms.end_date DESC NULLS FIRST, ms.start_date DESC NULLS LAST, pe.family_name, pe.name`,
      { bodyId, personIds },
    );
    return rows.map(toMembershipEntry);
  }
}

function toMembershipEntry(m: MembershipRow): MembershipEntry {
  return {
    id: m.id,
    role: m.role,
    votingRight: m.voting_right,
    startDate: m.start_date,
    endDate: m.end_date,
    person: { id: m.person_id, name: m.person_name, familyName: m.family_name },
    organization: { id: m.organization_id, name: m.organization_name },
    faction: m.faction_id ? { id: m.faction_id, name: m.faction_name! } : null,
  };
}
