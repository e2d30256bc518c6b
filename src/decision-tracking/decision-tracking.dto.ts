import { EmptyAsUndefined, OptionalNumber } from 'src/common/form-query';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DecisionTrackingStatus } from 'src/decision-tracking/decision-tracking.entity';
import { LABELS } from 'src/vocabulary/labels';

export const OFFICE_MAX = 200;
export const REASON_MAX = 2000;
export const NOTE_MAX = 4000;

export const STATUSES = Object.values(DecisionTrackingStatus);

/** Paging and the filters both lists share. */
export class TrackingPageQuery {
  @IsOptional()
  @OptionalNumber()
  @IsInt()
  @Min(1)
  @Max(100000)
  seite?: number;

  @IsOptional()
  @EmptyAsUndefined()
  @IsIn(STATUSES)
  status?: DecisionTrackingStatus;

  @IsOptional()
  @EmptyAsUndefined()
  @IsString()
  @MaxLength(OFFICE_MAX)
  amt?: string;
}

/** The public list's filters: status, responsible office, year of the decision; and the page. */
export class PublicTrackingQueryDto extends TrackingPageQuery {
  @IsOptional()
  @OptionalNumber()
  @IsInt()
  @Min(1900)
  @Max(2999)
  jahr?: number;
}

export interface TrackingInput {
  responsibleOffice: string;
  dueDate: string | null;
}

export interface TrackingChangeInput extends TrackingInput {
  status: DecisionTrackingStatus;
  reason: string | null;
}

export interface NoteInput {
  date: string;
  text: string;
  public: boolean;
}

/** A list page's address with its filters and one value changed; empty values left out. */
export function listLink(
  path: string,
  query: Record<string, string | number | undefined>,
  change: Record<string, string | number>,
): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...query, ...change }))
    if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

export const statusOptions = () => Object.entries(LABELS.decisionTrackingStatus).map(([value, text]) => ({ value, text }));
