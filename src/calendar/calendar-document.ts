import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalCalendar, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { locationText } from 'src/meetings/location-text';
import { AgendaItemEntry, MeetingReadModel } from 'src/meetings/meeting-read-model';
import { LABELS } from 'src/vocabulary/labels';

export const CALENDAR_ZONE = 'Europe/Berlin';

export interface CalendarDocumentInput {
  name: string;
  description: string;
  /** Host part of the UIDs, so they stay unique across installations. */
  uidDomain: string;
  meetingUrl: (meetingId: string) => string;
  /** Read for whoever the calendar is for: its items are what that viewer may see. */
  meetings: MeetingReadModel[];
  /** Personal feeds may name non-public items; public ones never receive any. */
  markNonPublic: boolean;
}

const berlin = (date: Date) => DateTime.fromJSDate(date, { zone: CALENDAR_ZONE });

function itemLine(item: AgendaItemEntry, markNonPublic: boolean): string {
  const notes = [
    item.status === 'withdrawn' ? LABELS.withdrawnItem : null,
    item.urgent ? LABELS.urgentItem : null,
    markNonPublic && !item.public ? LABELS.visibility.nonPublic : null,
  ].filter(Boolean);
  return `${item.number} ${item.name}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
}

function description(meeting: MeetingReadModel, url: string, markNonPublic: boolean): string {
  const lines: string[] = [];
  if (meeting.state === 'cancelled') lines.push('Die Sitzung wurde abgesagt.', '');
  if (meeting.organizations.length > 0) lines.push(`Gremium: ${meeting.organizations.map((o) => o.name).join(', ')}`, '');
  if (meeting.items.length > 0) {
    lines.push(markNonPublic ? 'Tagesordnung:' : 'Öffentliche Tagesordnung:');
    for (const item of meeting.items) lines.push(itemLine(item, markNonPublic));
    lines.push('');
  }
  lines.push(`Sitzung im Ratsinformationssystem: ${url}`);
  return lines.join('\n');
}

/**
 * One VCALENDAR. Times go in as luxon values in Europe/Berlin with the zone's VTIMEZONE, so
 * calendar apps keep 18:00 at 18:00 across the change to and from daylight saving time. A
 * meeting keeps its UID for life; SEQUENCE is the meeting's version, which every change to the
 * meeting or its agenda raises; DTSTAMP is its last change, so an unchanged calendar is byte
 * for byte the same and its ETag stays valid.
 */
export function buildCalendar(input: CalendarDocumentInput): ICalCalendar {
  const calendar = ical({
    name: input.name,
    description: input.description,
    prodId: { company: 'Ratsinfo', product: 'Ratsinformationssystem', language: 'DE' },
    ttl: 60 * 60,
  });
  // No calendar-wide zone (it would turn DTSTAMP into floating local time); each event names
  // Europe/Berlin, and the generator adds the matching VTIMEZONE once.
  calendar.timezone({ name: null, generator: getVtimezoneComponent });
  for (const meeting of input.meetings) {
    const url = input.meetingUrl(meeting.id);
    const cancelled = meeting.state === 'cancelled';
    calendar.createEvent({
      id: `meeting-${meeting.id}@${input.uidDomain}`,
      sequence: meeting.version,
      stamp: berlin(meeting.modified).toUTC(),
      lastModified: berlin(meeting.modified).toUTC(),
      created: berlin(meeting.created).toUTC(),
      start: berlin(meeting.start),
      end: meeting.end ? berlin(meeting.end) : null,
      timezone: CALENDAR_ZONE,
      summary: cancelled ? `Abgesagt: ${meeting.name}` : meeting.name,
      location: locationText(meeting.location),
      url,
      description: description(meeting, url, input.markNonPublic),
      status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar;
}
