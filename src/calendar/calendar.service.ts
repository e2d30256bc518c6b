import { Injectable } from '@nestjs/common';
import { Viewer } from 'src/auth/actor';
import { Body } from 'src/bodies/body.entity';
import { buildCalendar } from 'src/calendar/calendar-document';
import { MeetingReadRepository } from 'src/meetings/meeting-read.repository';
import { CalendarRepository, CalendarScope } from 'src/calendar/calendar.repository';
import { DomainError } from 'src/common/domain-error';
import { InjectConfig } from 'src/config/config.module';
import type { AppConfig } from 'src/config/app-config';

/** A calendar reaches a year back; older meetings only weigh down every poll. */
const HISTORY_DAYS = 365;
/** Upper bound of events per calendar, far above a year of a large city's committee work. */
const MAX_EVENTS = 3000;

@Injectable()
export class CalendarService {
  constructor(
    private readonly calendars: CalendarRepository,
    private readonly meetings: MeetingReadRepository,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  meetingUrl(body: Body, meetingId: string): string {
    return `${this.config.http.publicUrl}/${body.key}/sitzungen/${meetingId}`;
  }

  /** The public calendar of the whole body. */
  bodyCalendar(body: Body): Promise<string> {
    return this.render(body, { kind: 'body' }, { kind: 'public' }, `Sitzungskalender ${body.name}`);
  }

  async organizationCalendar(body: Body, organizationId: string): Promise<string> {
    const organization = await this.calendars.organization(body.id, organizationId);
    if (!organization) throw DomainError.notFound('Organization');
    return this.render(body, { kind: 'organization', organizationId }, { kind: 'public' }, `${organization.name} – ${body.name}`);
  }

  async personCalendar(body: Body, personId: string): Promise<string> {
    const person = await this.calendars.person(body.id, personId);
    if (!person) throw DomainError.notFound('Person');
    return this.render(body, { kind: 'person', personId }, { kind: 'public' }, `Sitzungen von ${person.name} – ${body.name}`);
  }

  /** A member's own calendar: the meetings of their organizations with what they may read. */
  memberCalendar(body: Body, viewer: Extract<Viewer, { kind: 'member' }> & { personId: string }): Promise<string> {
    return this.render(body, { kind: 'person', personId: viewer.personId }, viewer, `Meine Sitzungen – ${body.name}`);
  }

  private async render(body: Body, scope: CalendarScope, viewer: Viewer, name: string): Promise<string> {
    const since = new Date(Date.now() - HISTORY_DAYS * 24 * 3600 * 1000);
    const ids = await this.calendars.meetingIds(body.id, scope, viewer, since, MAX_EVENTS);
    const meetings = await this.meetings.loadMany(body.id, ids, viewer, { agendaOnly: true });
    return buildCalendar({
      name,
      description: `Sitzungen aus dem Ratsinformationssystem ${body.name}`,
      uidDomain: new URL(this.config.http.publicUrl).hostname,
      meetingUrl: (id) => this.meetingUrl(body, id),
      meetings,
      markNonPublic: viewer.kind !== 'public',
    }).toString();
  }
}
