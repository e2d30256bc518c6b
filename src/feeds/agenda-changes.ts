import { AgendaChange } from 'src/agenda/agenda-version.entity';

/** One line of German text per change, as the portal, feeds and mails show it. */
export function describeAgendaChange(change: AgendaChange): string {
  const item = `TOP ${change.number} „${change.name}“`;
  switch (change.kind) {
    case 'added':
      return `${item} neu aufgenommen`;
    case 'removed':
      return `${item} von der Tagesordnung genommen`;
    case 'withdrawn':
      return `${item} abgesetzt`;
    case 'restored':
      return `${item} wieder aufgenommen`;
    case 'moved':
      return `${item} verschoben (bisher TOP ${change.from ?? '?'})`;
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
