import { AgendaChange } from 'src/agenda/agenda-version.entity';

/**
 * A document attached to (or taken from) a published meeting or one of its items. Not stored as
 * an agenda version: it is read from the file links themselves, so whether the public may see it
 * is judged at reading time, and a file made confidential later is no longer announced.
 */
export interface DocumentChange {
  kind: 'documentAdded' | 'documentRemoved';
  linkId: string;
  fileName: string;
  /** Null when the document belongs to the meeting rather than an item. */
  number: string | null;
  itemName: string | null;
}

export type ShownChange = AgendaChange | DocumentChange;

export function isDocumentChange(change: ShownChange): change is DocumentChange {
  return change.kind === 'documentAdded' || change.kind === 'documentRemoved';
}

/** Made once: building an Intl.DateTimeFormat costs about 0.4 ms, formatting with one microseconds. */
const berlinDateTime = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'full', timeStyle: 'short' });

/** "Donnerstag, 3. Dezember 2026 um 18:00" in Berlin time. */
export function berlinDateTimeText(date: Date): string {
  return berlinDateTime.format(date);
}

function when(iso: string | undefined): string {
  return iso ? `${berlinDateTimeText(new Date(iso))} Uhr` : '?';
}

/** One line of German text per change, as the portal, feeds and mails show it. */
export function describeAgendaChange(change: ShownChange): string {
  if (isDocumentChange(change)) {
    const target = change.number === null ? 'zur Sitzung' : `zu TOP ${change.number} „${change.itemName ?? ''}“`;
    return change.kind === 'documentAdded'
      ? `Neues Dokument ${target}: „${change.fileName}“`
      : `Dokument „${change.fileName}“ ${target} entfernt`;
  }
  const item = `TOP ${change.number} „${change.name}“`;
  switch (change.kind) {
    case 'meetingMoved':
      return `Sitzung verlegt auf ${when(change.to)} (bisher ${when(change.from)})`;
    case 'added':
      return `${item} neu aufgenommen`;
    case 'removed':
      return `${item} von der Tagesordnung genommen`;
    case 'withdrawn':
      return `${item} abgesetzt`;
    case 'restored':
      return `${item} wieder aufgenommen`;
    case 'moved':
      // Once the invitation is out a moved TOP keeps its number; only its place changes.
      return change.from && change.from !== change.number
        ? `${item} verschoben (bisher TOP ${change.from})`
        : `${item} in der Reihenfolge verschoben`;
    case 'renumbered':
      return `${item} neu nummeriert (bisher TOP ${change.from ?? '?'})`;
    case 'renamed':
      return `TOP ${change.number} umbenannt: „${change.from ?? ''}“ → „${change.to ?? ''}“`;
    case 'visibility':
      return change.to === 'public' ? `${item} wird öffentlich beraten` : `${item} wird nichtöffentlich beraten`;
    case 'urgent':
      return change.to === 'true' ? `${item} als Dringlichkeitsantrag aufgenommen` : `${item} nicht mehr als dringlich markiert`;
  }
}
