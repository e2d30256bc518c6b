import { Injectable } from '@nestjs/common';
import { Actor, Viewer } from 'src/auth/actor';
import type { Body } from 'src/bodies/body.entity';
import { berlinDay } from 'src/common/berlin-time';
import { DomainError } from 'src/common/domain-error';
import { LegislativeTerm } from 'src/legislative-terms/legislative-term.entity';
import { LegislativeTermsService } from 'src/legislative-terms/legislative-terms.service';
import { Membership } from 'src/memberships/membership.entity';
import { MembershipsService } from 'src/memberships/memberships.service';
import {
  formDay,
  MembershipInput,
  ORGANIZATION_KINDS,
  OrganizationInput,
  OrganizationKind,
  organizationKind,
  PersonInput,
  PUBLISHABLE_LABELS,
  TermInput,
  versionOf,
} from 'src/office/office-structure.dto';
import type { Option } from 'src/office/office-papers.service';
import { OrganizationReadRepository } from 'src/organizations/organization-read.repository';
import { Organization } from 'src/organizations/organization.entity';
import { OrganizationsService } from 'src/organizations/organizations.service';
import { Person, PUBLISHABLE_PERSON_FIELDS } from 'src/persons/person.entity';
import type { MembershipEntry } from 'src/persons/person-read-model';
import { PersonReadRepository } from 'src/persons/person-read.repository';
import { PersonsService } from 'src/persons/persons.service';
import { LABELS } from 'src/vocabulary/labels';

export const PERSONS_PER_PAGE = 50;
/** The longest list a form's choice offers (the services' page size). */
const CHOICES = 200;

export interface MembershipRow {
  id: string;
  person: { href: string; name: string };
  organization: { href: string; name: string };
  role: string;
  votingText: string;
  faction: string | null;
  start: string;
  end: string;
  state: { kind: 'current' | 'future' | 'ended'; text: string };
  editHref: string;
  endHref: string | null;
}

export interface OrganizationRow {
  id: string;
  href: string;
  name: string;
  shortName: string | null;
  until: string | null;
}

export interface OrganizationPageView {
  id: string;
  name: string;
  shortName: string | null;
  kindText: string;
  parent: { href: string; name: string } | null;
  start: string;
  end: string;
  website: string | null;
  current: MembershipRow[];
  former: MembershipRow[];
}

export interface PersonRow {
  id: string;
  href: string;
  name: string;
  status: string;
}

export interface PersonPageView {
  id: string;
  name: string;
  rows: { label: string; value: string; field: string }[];
  published: string;
  memberships: MembershipRow[];
}

/**
 * The council office's structure pages (Wahlperioden, Gremien, Personen, Mitgliedschaften):
 * views built from the structure's services and read models, and every change made through
 * the services the API uses, so audit, outbox and public cache behave alike. The edit forms
 * send the `modified` they read; a save in between is refused by the service, not overwritten.
 */
@Injectable()
export class OfficeStructureService {
  constructor(
    private readonly terms: LegislativeTermsService,
    private readonly organizations: OrganizationsService,
    private readonly organizationReads: OrganizationReadRepository,
    private readonly persons: PersonsService,
    private readonly personReads: PersonReadRepository,
    private readonly memberships: MembershipsService,
  ) {}

  // ---------------------------------------------------------------- legislative terms

  async termList(body: Body): Promise<{ id: string; name: string; start: string; end: string; href: string }[]> {
    const [rows] = await this.terms.list(body.id, { page: 1, limit: CHOICES });
    return rows.map((t) => ({
      id: t.id,
      name: t.name,
      start: formDay(t.startDate) || '–',
      end: formDay(t.endDate) || '–',
      href: `/${body.key}/verwaltung/wahlperioden/${t.id}/bearbeiten`,
    }));
  }

  term(body: Body, id: string): Promise<LegislativeTerm> {
    return this.terms.get(body.id, id);
  }

  termValues(t: LegislativeTerm): Record<string, string> {
    return { name: t.name, beginn: formDay(t.startDate), ende: formDay(t.endDate), version: versionOf(t.modified) };
  }

  createTerm(body: Body, actor: Actor, input: TermInput): Promise<LegislativeTerm> {
    return this.terms.create(body.id, actor, input);
  }

  updateTerm(body: Body, id: string, actor: Actor, input: TermInput, readAt: Date): Promise<LegislativeTerm> {
    return this.terms.update(body.id, id, actor, input, readAt);
  }

  // ---------------------------------------------------------------- organizations

  private async allOrganizations(body: Body): Promise<Organization[]> {
    const [rows] = await this.organizations.list(body.id, { page: 1, limit: CHOICES });
    return rows.sort((a, b) => a.name.localeCompare(b.name, 'de'));
  }

  async organizationOptions(body: Body): Promise<Option[]> {
    return (await this.allOrganizations(body)).map((o) => ({ value: o.id, text: o.name }));
  }

  async factionOptions(body: Body): Promise<Option[]> {
    return (await this.allOrganizations(body))
      .filter((o) => organizationKind(o) === 'fraktion')
      .map((o) => ({ value: o.id, text: o.name }));
  }

  async organizationGroups(body: Body): Promise<{ kind: OrganizationKind; title: string; rows: OrganizationRow[] }[]> {
    const all = await this.allOrganizations(body);
    return ORGANIZATION_KINDS.map((kind) => ({
      kind,
      title: LABELS.organizationKindPlural[kind],
      rows: all
        .filter((o) => organizationKind(o) === kind)
        .map((o) => ({
          id: o.id,
          href: this.organizationHref(body, o.id),
          name: o.name,
          shortName: o.shortName,
          until: formDay(o.endDate) || null,
        })),
    })).filter((group) => group.rows.length > 0);
  }

  organization(body: Body, id: string): Promise<Organization> {
    return this.organizations.get(body.id, id);
  }

  organizationValues(o: Organization): Record<string, string> {
    return {
      name: o.name,
      kurzname: o.shortName ?? '',
      art: organizationKind(o),
      uebergeordnet: o.subOrganizationOfId ?? '',
      beginn: formDay(o.startDate),
      ende: formDay(o.endDate),
      internet: o.website ?? '',
      version: versionOf(o.modified),
    };
  }

  async organizationPage(body: Body, id: string, now = new Date()): Promise<OrganizationPageView> {
    const [organization, read] = await Promise.all([this.organizations.get(body.id, id), this.organizationReads.load(body.id, id)]);
    if (!read) throw DomainError.notFound('Organization');
    const rows = read.memberships.map((m) => this.membershipRow(body, m, berlinDay(now), 'gremium'));
    return {
      id: organization.id,
      name: organization.name,
      shortName: organization.shortName,
      kindText: LABELS.organizationKind[organizationKind(organization)],
      parent: read.parent ? { href: this.organizationHref(body, read.parent.id), name: read.parent.name } : null,
      start: formDay(organization.startDate) || '–',
      end: formDay(organization.endDate) || '–',
      website: organization.website,
      current: rows.filter((r) => r.state.kind !== 'ended'),
      former: rows.filter((r) => r.state.kind === 'ended'),
    };
  }

  createOrganization(body: Body, actor: Actor, input: OrganizationInput): Promise<Organization> {
    return this.organizations.create(body.id, actor, input);
  }

  updateOrganization(body: Body, id: string, actor: Actor, input: OrganizationInput, readAt: Date): Promise<Organization> {
    return this.organizations.update(body.id, id, actor, input, readAt);
  }

  // ---------------------------------------------------------------- persons

  async personList(
    body: Body,
    name: string | undefined,
    page: number,
  ): Promise<{ rows: PersonRow[]; total: number; page: number; pages: number }> {
    const [rows, total] = await this.persons.list(body.id, { page, limit: PERSONS_PER_PAGE, q: name || undefined });
    return {
      rows: rows.map((p) => ({ id: p.id, href: this.personHref(body, p.id), name: p.name, status: p.status.join(', ') })),
      total,
      page,
      pages: Math.max(1, Math.ceil(total / PERSONS_PER_PAGE)),
    };
  }

  async personOptions(body: Body): Promise<Option[]> {
    const [rows] = await this.persons.list(body.id, { page: 1, limit: CHOICES });
    return rows.map((p) => ({ value: p.id, text: p.name }));
  }

  person(body: Body, id: string): Promise<Person> {
    return this.persons.get(body.id, id);
  }

  personValues(p: Person): Record<string, string> {
    const values: Record<string, string> = {
      anrede: p.formOfAddress ?? '',
      titel: p.title.join(', '),
      vorname: p.givenName ?? '',
      familienname: p.familyName ?? '',
      zusatz: p.affix ?? '',
      name: p.name,
      geschlecht: p.gender ?? '',
      email: p.email.join(', '),
      telefon: p.phone.join(', '),
      funktion: p.status.join(', '),
      lebenslauf: p.life ?? '',
      version: versionOf(p.modified),
    };
    for (const field of PUBLISHABLE_PERSON_FIELDS) values[`zustimmung-${field}`] = p.publishedFields.includes(field) ? 'ja' : '';
    return values;
  }

  async personPage(body: Body, viewer: Viewer, id: string, now = new Date()): Promise<PersonPageView> {
    const [person, read] = await Promise.all([this.persons.get(body.id, id), this.personReads.load(body.id, id, viewer)]);
    if (!read) throw DomainError.notFound('Person');
    const f = LABELS.personField;
    return {
      id: person.id,
      name: person.name,
      rows: [
        { field: 'anrede', label: f.formOfAddress, value: person.formOfAddress ?? '' },
        { field: 'titel', label: f.title, value: person.title.join(', ') },
        { field: 'vorname', label: f.givenName, value: person.givenName ?? '' },
        { field: 'familienname', label: f.familyName, value: person.familyName ?? '' },
        { field: 'zusatz', label: f.affix, value: person.affix ?? '' },
        { field: 'geschlecht', label: f.gender, value: person.gender ?? '' },
        { field: 'email', label: f.email, value: person.email.join(', ') },
        { field: 'telefon', label: f.phone, value: person.phone.join(', ') },
        { field: 'funktion', label: f.status, value: person.status.join(', ') },
        { field: 'lebenslauf', label: f.life, value: person.life ?? '' },
      ],
      published: person.publishedFields.map((field) => PUBLISHABLE_LABELS[field]).join(', '),
      memberships: read.memberships.map((m) => this.membershipRow(body, m, berlinDay(now), 'person')),
    };
  }

  createPerson(body: Body, actor: Actor, input: PersonInput): Promise<Person> {
    return this.persons.create(body.id, actor, input);
  }

  updatePerson(body: Body, id: string, actor: Actor, input: PersonInput, readAt: Date): Promise<Person> {
    return this.persons.update(body.id, id, actor, input, readAt);
  }

  // ---------------------------------------------------------------- memberships

  membership(body: Body, id: string): Promise<Membership> {
    return this.memberships.get(body.id, id);
  }

  membershipValues(m: Membership): Record<string, string> {
    return {
      person: m.personId,
      gremium: m.organizationId,
      rolle: m.role,
      stimmrecht: m.votingRight ? 'ja' : 'nein',
      fraktion: m.onBehalfOfId ?? '',
      beginn: formDay(m.startDate),
      ende: formDay(m.endDate),
      version: versionOf(m.modified),
    };
  }

  createMembership(body: Body, actor: Actor, input: MembershipInput): Promise<Membership> {
    return this.memberships.create(body.id, actor, input);
  }

  updateMembership(body: Body, id: string, actor: Actor, input: Partial<MembershipInput>, readAt: Date): Promise<Membership> {
    return this.memberships.update(body.id, id, actor, input, readAt);
  }

  personHref(body: Body, id: string): string {
    return `/${body.key}/verwaltung/personen/${id}`;
  }

  organizationHref(body: Body, id: string): string {
    return `/${body.key}/verwaltung/gremien/${id}`;
  }

  private membershipRow(body: Body, m: MembershipEntry, today: string, from: 'person' | 'gremium'): MembershipRow {
    const f = LABELS.membershipField;
    const kind = m.endDate && m.endDate < today ? 'ended' : m.startDate && m.startDate > today ? 'future' : 'current';
    const path = `/${body.key}/verwaltung/mitgliedschaften/${m.id}`;
    return {
      id: m.id,
      person: { href: this.personHref(body, m.person.id), name: m.person.name },
      organization: { href: this.organizationHref(body, m.organization.id), name: m.organization.name },
      role: m.role,
      votingText: m.votingRight ? f.withVote : f.withoutVote,
      faction: m.faction?.name ?? null,
      start: formDay(m.startDate) || '–',
      end: formDay(m.endDate) || '–',
      state: { kind, text: kind === 'ended' ? f.ended : kind === 'future' ? f.future : f.current },
      editHref: `${path}/bearbeiten?zurueck=${from}`,
      endHref: m.endDate ? null : `${path}/beenden?zurueck=${from}`,
    };
  }
}
