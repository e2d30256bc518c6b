import { IsIn, IsOptional } from 'class-validator';

/** Kinds of entries, as the query parameter `art` names them. */
export const FEED_KINDS = ['vorlagen', 'sitzungen', 'beschluesse', 'aenderungen'] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

export const FEED_FORMATS = ['atom', 'rss'] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

export class FeedQueryDto {
  /** One kind only; all kinds when absent. */
  @IsOptional()
  @IsIn(FEED_KINDS)
  art?: FeedKind;
}
