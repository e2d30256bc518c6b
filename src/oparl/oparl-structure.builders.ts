import { LegislativeTerm } from 'src/legislative-terms/legislative-term.entity';
import { Location } from 'src/locations/location.entity';
import { Membership } from 'src/memberships/membership.entity';
import { Organization } from 'src/organizations/organization.entity';
import { Person } from 'src/persons/person.entity';
import { Visibility } from 'src/visibility/visibility';
import { compact, OparlObject } from 'src/oparl/oparl-format';
import { Builder, groupBy, OparlGraph } from 'src/oparl/oparl-graph';
import { PUBLIC_VIEWER } from 'src/oparl/oparl-types';

export const buildLegislativeTerms: Builder = async (g, rows) => {
  const terms = await g.entities(
    LegislativeTerm,
    rows.map((r) => r.id),
  );
  return rows.map((row) => {
    const t = terms.get(row.id)!;
    return compact({
      ...g.head('LegislativeTerm', row),
      body: g.urls.body(g.body.key),
      name: t.name,
      startDate: t.startDate,
      endDate: t.endDate,
    });
  });
};

/** The embedded Location of an object, when the public may see it. */
async function embeddedLocations(g: OparlGraph, ids: (string | null)[]): Promise<Map<string, OparlObject>> {
  const wanted = ids.filter((id): id is string => id !== null);
  const objects = await g.embed('Location', [...new Set(wanted)]);
  return new Map(objects.map((o) => [o.id, o]));
}

export const buildOrganizations: Builder = async (g, rows) => {
  const ids = rows.map((r) => r.id);
  const orgs = await g.entities(Organization, ids);
  const memberships = groupBy(
    await g.query<{ id: string; organization_id: string }>(
      `SELECT ms.id, ms.organization_id FROM membership ms JOIN person p ON p.id = ms.person_id
        WHERE ms.body_id = $1 AND ms.organization_id = ANY($2::uuid[]) AND ms.deleted IS NULL AND p.deleted IS NULL
        ORDER BY ms.start_date NULLS FIRST, ms.id`,
      [g.body.id, ids],
    ),
    (r) => r.organization_id,
  );
  const locations = await embeddedLocations(
    g,
    [...orgs.values()].map((o) => o.locationId),
  );
  const parents = new Set(
    await g.refs(
      'Organization',
      [...orgs.values()].map((o) => o.subOrganizationOfId),
    ),
  );
  return rows.map((row) => {
    const o = orgs.get(row.id)!;
    const parent = o.subOrganizationOfId ? g.url('Organization', o.subOrganizationOfId) : undefined;
    return compact({
      ...g.head('Organization', row),
      body: g.urls.body(g.body.key),
      name: o.name,
      shortName: o.shortName,
      membership: (memberships.get(o.id) ?? []).map((m) => g.url('Membership', m.id)),
      meeting: g.urls.organizationMeetings(g.body.key, o.id),
      consultation: g.urls.organizationConsultations(g.body.key, o.id),
      post: o.post,
      subOrganizationOf: parent && parents.has(parent) ? parent : undefined,
      organizationType: o.organizationType,
      classification: o.classification,
      startDate: o.startDate,
      endDate: o.endDate,
      website: o.website,
      location: o.locationId ? locations.get(g.url('Location', o.locationId)) : undefined,
    });
  });
};

export const buildPersons: Builder = async (g, rows) => {
  const ids = rows.map((r) => r.id);
  const persons = await g.entities(Person, ids);
  const membershipIds = groupBy(
    await g.query<{ id: string; person_id: string }>(
      `SELECT ms.id, ms.person_id FROM membership ms WHERE ms.body_id = $1 AND ms.person_id = ANY($2::uuid[]) AND ms.deleted IS NULL
        ORDER BY ms.start_date NULLS FIRST, ms.id`,
      [g.body.id, ids],
    ),
    (r) => r.person_id,
  );
  const allMemberships = g.omitInternal
    ? []
    : await g.embed(
        'Membership',
        [...membershipIds.values()].flat().map((m) => m.id),
      );
  const membershipByUrl = new Map(allMemberships.map((m) => [m.id, m]));
  // Only the fields the person agreed to publish; the location among them.
  const visible = new Map([...persons.values()].map((p) => [p.id, Visibility.person(PUBLIC_VIEWER, p)]));
  const locations = await embeddedLocations(
    g,
    [...visible.values()].map((p) => p.locationId),
  );
  return rows.map((row) => {
    const p = visible.get(row.id)!;
    const location = p.locationId ? locations.get(g.url('Location', p.locationId)) : undefined;
    return compact({
      ...g.head('Person', row),
      body: g.urls.body(g.body.key),
      name: p.name,
      familyName: p.familyName,
      givenName: p.givenName,
      formOfAddress: p.formOfAddress,
      affix: p.affix,
      title: p.title,
      gender: p.gender,
      phone: p.phone,
      email: p.email,
      location: location?.id,
      locationObject: location,
      status: p.status,
      membership: (membershipIds.get(p.id) ?? []).map((m) => membershipByUrl.get(g.url('Membership', m.id))).filter(Boolean),
      life: p.life,
      lifeSource: p.lifeSource,
    });
  });
};

export const buildMemberships: Builder = async (g, rows) => {
  const memberships = await g.entities(
    Membership,
    rows.map((r) => r.id),
  );
  const onBehalfOf = new Set(
    await g.refs(
      'Organization',
      [...memberships.values()].map((m) => m.onBehalfOfId),
    ),
  );
  return rows.map((row) => {
    const m = memberships.get(row.id)!;
    const faction = m.onBehalfOfId ? g.url('Organization', m.onBehalfOfId) : undefined;
    return compact({
      ...g.head('Membership', row),
      person: g.url('Person', m.personId),
      organization: g.url('Organization', m.organizationId),
      role: m.role,
      votingRight: m.votingRight,
      startDate: m.startDate,
      endDate: m.endDate,
      onBehalfOf: faction && onBehalfOf.has(faction) ? faction : undefined,
    });
  });
};

export const buildLocations: Builder = async (g, rows, embedded) => {
  const ids = rows.map((r) => r.id);
  const locations = await g.entities(Location, ids);
  const back = new Map<string, Record<string, string[]>>();
  if (!embedded) {
    const refs = await g.query<{ location_id: string; kind: string; id: string; key: string | null }>(
      `SELECT b.location_id, 'bodies' AS kind, b.id, b.key FROM body b WHERE b.id = $1 AND b.location_id = ANY($2::uuid[])
       UNION ALL SELECT o.location_id, 'organizations', o.id, NULL FROM organization o
         WHERE o.body_id = $1 AND o.location_id = ANY($2::uuid[]) AND o.deleted IS NULL
       UNION ALL SELECT p.location_id, 'persons', p.id, NULL FROM person p
         WHERE p.body_id = $1 AND p.location_id = ANY($2::uuid[]) AND p.deleted IS NULL AND 'location' = ANY(p.published_fields)
       UNION ALL SELECT m.location_id, 'meetings', m.id, NULL FROM meeting m
         WHERE m.body_id = $1 AND m.location_id = ANY($2::uuid[]) AND m.deleted IS NULL AND m.published_at IS NOT NULL
       ORDER BY 2, 3`,
      [g.body.id, ids],
    );
    const typeOf = { organizations: 'Organization', persons: 'Person', meetings: 'Meeting' } as const;
    for (const r of refs) {
      const entry = back.get(r.location_id) ?? {};
      const url = r.kind === 'bodies' ? g.urls.body(g.body.key) : g.url(typeOf[r.kind as keyof typeof typeOf], r.id);
      (entry[r.kind] ??= []).push(url);
      back.set(r.location_id, entry);
    }
  }
  return rows.map((row) => {
    const l = locations.get(row.id)!;
    return compact({
      ...g.head('Location', row),
      description: l.description,
      geojson: l.geojson ?? undefined,
      streetAddress: l.streetAddress,
      room: l.room,
      postalCode: l.postalCode,
      subLocality: l.subLocality,
      locality: l.locality,
      ...(back.get(l.id) ?? {}),
    });
  });
};
