import { AnchorState, AnnotationAudience } from 'src/annotations/annotation.entity';
import type { AnnotationRow } from 'src/annotations/annotations.repository';
import { dateView, DateView } from 'src/portal/portal-format';
import { LABELS } from 'src/vocabulary/labels';

/** A note as the workspace's pages show it (templates/workspace/note-macros.njk). */
export interface NoteView {
  id: string;
  mine: boolean;
  factionId: string | null;
  author: string;
  audience: string;
  isFaction: boolean;
  page: number | null;
  quote: string | null;
  prefix: string | null;
  suffix: string | null;
  text: string;
  changed: boolean;
  /** Where a highlight stands after a new version of its document; empty while it is where it was made. */
  anchor: string;
  anchorState: AnchorState;
  version: number;
  modified: DateView;
}

export function noteView(row: AnnotationRow, accountId: string | undefined): NoteView {
  const a = row.annotation;
  const faction = a.audience === AnnotationAudience.Faction;
  return {
    id: a.id,
    mine: a.accountId === accountId,
    factionId: a.factionId,
    author: row.authorName,
    audience: faction
      ? `${LABELS.annotation.audience.faction}${row.factionName ? ` (${row.factionName})` : ''}`
      : LABELS.annotation.audience.private,
    isFaction: faction,
    page: a.page,
    quote: a.quote,
    prefix: a.prefix,
    suffix: a.suffix,
    text: a.text,
    changed: a.anchorState === AnchorState.Changed,
    anchor: LABELS.annotation.anchor[a.anchorState],
    anchorState: a.anchorState,
    version: a.version,
    modified: dateView(a.modified)!,
  };
}
