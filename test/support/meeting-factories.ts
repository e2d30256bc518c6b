import { DataSource } from 'typeorm';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { Body } from 'src/bodies/body.entity';
import { MeetingOrganization } from 'src/meetings/meeting-organization.entity';
import { Meeting } from 'src/meetings/meeting.entity';
import { Organization } from 'src/organizations/organization.entity';
import { Person } from 'src/persons/person.entity';
import { createMembership, createPerson } from './factories';

/** A meeting of one organization or several (the first leads), published unless told otherwise. */
export async function createMeeting(
  dataSource: DataSource,
  body: Body,
  organization: Organization | Organization[],
  values: Partial<Meeting> = {},
): Promise<Meeting> {
  const organizations = Array.isArray(organization) ? organization : [organization];
  const meeting = await dataSource.getRepository(Meeting).save({
    bodyId: body.id,
    name: `Sitzung ${organizations[0]?.name ?? ''}`.trim(),
    start: new Date('2026-03-10T17:00:00Z'),
    publishedAt: new Date(),
    ...values,
  });
  await dataSource
    .getRepository(MeetingOrganization)
    .save(organizations.map((o, position) => ({ bodyId: body.id, meetingId: meeting.id, organizationId: o.id, position })));
  return meeting;
}

/** One agenda item, numbered 1 at the top unless told otherwise. */
export function createAgendaItem(
  dataSource: DataSource,
  body: Body,
  meeting: Meeting,
  values: Partial<AgendaItem> = {},
): Promise<AgendaItem> {
  return dataSource
    .getRepository(AgendaItem)
    .save({ bodyId: body.id, meetingId: meeting.id, order: 0, number: '1', name: 'TOP', ...values });
}

/** `count` agenda items numbered 1…count in order; `values` apply to all of them. */
export async function createAgendaItems(
  dataSource: DataSource,
  body: Body,
  meeting: Meeting,
  count: number,
  values: Partial<AgendaItem> = {},
): Promise<AgendaItem[]> {
  const items: AgendaItem[] = [];
  for (let i = 0; i < count; i++) {
    items.push(await createAgendaItem(dataSource, body, meeting, { order: i, number: String(i + 1), name: `TOP ${i + 1}`, ...values }));
  }
  return items;
}

/** `count` persons with a voting membership in the organization. */
export async function createVotingMembers(
  dataSource: DataSource,
  body: Body,
  organization: Organization,
  count: number,
): Promise<Person[]> {
  const persons: Person[] = [];
  for (let i = 0; i < count; i++) {
    const person = await createPerson(dataSource, body);
    await createMembership(dataSource, body, person, organization, { votingRight: true });
    persons.push(person);
  }
  return persons;
}
