import { Injectable } from '@nestjs/common';
import type { Actor, Viewer } from 'src/auth/actor';
import type { Body } from 'src/bodies/body.entity';
import { addDays, berlinDay, berlinInstant } from 'src/common/berlin-time';
import { MeetingsService } from 'src/meetings/meetings.service';
import {
  defaultMeetingName,
  holidaysBetween,
  Land,
  landOfAgs,
  previewDates,
  rhythmText,
  seriesOccurrences,
  TakenDay,
} from 'src/office/meeting-series';
import { SeriesFormInput } from 'src/office/office-meeting-series.dto';
import { MeetingFormOptions } from 'src/office/office-meetings.dto';
import { OfficeMeetingsService } from 'src/office/office-meetings.service';
import { Option } from 'src/office/office-papers.service';
import { OrganizationsService } from 'src/organizations/organizations.service';
import { dateView, dayText } from 'src/portal/portal-format';

/** A committee the form offers, with its usual meeting place. */
export interface CommitteeOption extends Option {
  locationId: string | null;
}

export interface SeriesFormChoices extends MeetingFormOptions {
  organizations: CommitteeOption[];
  locations: Option[];
}

/** One day of the preview, as the checkbox list shows it. */
export interface SeriesPreviewRow {
  day: string;
  /** "Di., 13.01.2026, 18:00 bis 20:00 Uhr" */
  label: string;
  iso: string;
  ticked: boolean;
  /** Why the day is not ticked (or what is special about it), one sentence each. */
  notes: string[];
}

export interface SeriesPreview {
  name: string;
  organization: string;
  location: string | null;
  period: string;
  rhythm: string;
  time: string;
  skipHolidays: boolean;
  /** The state whose holidays count; null: only the nationwide ones (no or no usable AGS). */
  land: Land | null;
  rows: SeriesPreviewRow[];
  tickedCount: number;
}

const clockText = ([hour, minute]: readonly [number, number]) => `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;

/**
 * A committee's schedule as a series of draft meetings (Sitzungsplan): the preview of its days
 * with the body's public holidays and the committee's meetings already on them, and the series
 * created through the meetings service in one transaction.
 */
@Injectable()
export class OfficeMeetingSeriesService {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly officeMeetings: OfficeMeetingsService,
    private readonly organizations: OrganizationsService,
  ) {}

  async choices(body: Body, viewer: Viewer): Promise<SeriesFormChoices> {
    const [[rows], locations] = await Promise.all([
      this.organizations.list(body.id, { page: 1, limit: 200 }),
      this.officeMeetings.locationOptions(body, viewer),
    ]);
    const organizations = rows
      .map((o) => ({ value: o.id, text: o.name, locationId: o.locationId }))
      .sort((a, b) => a.text.localeCompare(b.text, 'de'));
    return {
      organizations,
      locations,
      organizationIds: new Set(organizations.map((o) => o.value)),
      locationIds: new Set(locations.map((l) => l.value)),
    };
  }

  /** The name the series' meetings get: as typed, or "Sitzung des {Gremium}". */
  meetingName(input: SeriesFormInput, choices: SeriesFormChoices): string {
    return input.name || defaultMeetingName(choices.organizations.find((o) => o.value === input.organizationId)?.text ?? '');
  }

  /** The preview: every day of the series, ticked unless `ticked` (what the clerk chose) or the rules say otherwise. */
  async preview(
    body: Body,
    input: SeriesFormInput,
    choices: SeriesFormChoices,
    ticked: Set<string> | null = null,
    now = new Date(),
  ): Promise<SeriesPreview> {
    const land = landOfAgs(body.ags);
    const existing = await this.meetings.schedule(
      body.id,
      input.organizationId,
      berlinInstant(input.from, 0),
      berlinInstant(addDays(input.to, 1), 0),
    );
    const taken = new Map<string, TakenDay[]>();
    for (const meeting of existing) {
      const day = berlinDay(meeting.start);
      taken.set(day, [...(taken.get(day) ?? []), { name: meeting.name, start: meeting.start }]);
    }
    const dates = previewDates(seriesOccurrences(input.days, input.start, input.end), {
      holidays: holidaysBetween(land, input.from, input.to),
      skipHolidays: input.skipHolidays,
      taken,
      today: berlinDay(now),
    });
    const rows = dates.map((d) => {
      const start = dateView(d.start)!;
      const notes = [
        ...(d.holiday ? [`Feiertag: ${d.holiday}`] : []),
        ...d.taken.map((m) => `bereits eine Sitzung am ${dayText(d.day)} um ${dateView(m.start)!.time}: ${m.name}`),
        ...(d.past ? ['Der Tag liegt in der Vergangenheit.'] : []),
      ];
      return {
        day: d.day,
        label: `${start.date}, ${input.end ? `${clockText(input.start)} bis ${dateView(d.end)!.time}` : start.time}`,
        iso: start.iso,
        ticked: ticked ? ticked.has(d.day) : d.ticked,
        notes,
      };
    });
    const location = input.locationId ? (choices.locations.find((l) => l.value === input.locationId)?.text ?? null) : null;
    return {
      name: this.meetingName(input, choices),
      organization: choices.organizations.find((o) => o.value === input.organizationId)?.text ?? '',
      location,
      period: `${dayText(input.from)} bis ${dayText(input.to)}`,
      rhythm: rhythmText(input.rhythm, input.weekday),
      time: input.end ? `${clockText(input.start)} bis ${clockText(input.end)} Uhr` : `ab ${clockText(input.start)} Uhr`,
      skipHolidays: input.skipHolidays,
      land,
      rows,
      tickedCount: rows.filter((r) => r.ticked).length,
    };
  }

  /**
   * Creates the chosen days as draft meetings in one transaction; days on which the committee
   * already has a meeting starting at that time are skipped (a second post of the same preview).
   */
  async create(
    body: Body,
    actor: Actor,
    input: SeriesFormInput,
    choices: SeriesFormChoices,
    days: string[],
  ): Promise<{ created: number; skipped: number }> {
    const name = this.meetingName(input, choices);
    const { created, skipped } = await this.meetings.createSeries(
      body.id,
      actor,
      seriesOccurrences(days, input.start, input.end).map((o) => ({
        name,
        start: o.start.toISOString(),
        end: o.end ? o.end.toISOString() : null,
        locationId: input.locationId,
        organizationIds: [input.organizationId],
      })),
    );
    return { created: created.length, skipped: skipped.length };
  }
}
