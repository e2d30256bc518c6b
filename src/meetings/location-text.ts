import type { LocationEntry } from 'src/meetings/meeting-read-model';

type LocationParts = Pick<LocationEntry, 'description' | 'room' | 'streetAddress' | 'postalCode' | 'locality'> &
  Partial<Pick<LocationEntry, 'subLocality'>>;

/**
 * A place on one line, "Rathaus, Ratssaal, Markt 1, 01067 Altstadt", the same in every channel
 * (pages, PDFs, calendars). Each part once: descriptions often name the room as well
 * ("Rathaus, Sitzungssaal" with the room "Sitzungssaal"). Null when nothing is known.
 */
export function locationText(location: LocationParts | null | undefined): string | null {
  if (!location) return null;
  const town = [location.postalCode, location.locality].filter(Boolean).join(' ');
  const parts = [...(location.description ?? '').split(','), location.room, location.streetAddress, location.subLocality, town]
    .map((part) => part?.trim() ?? '')
    .filter((part) => part.length > 0);
  const seen = new Set<string>();
  const once = parts.filter((part) => {
    const key = part.toLocaleLowerCase('de');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return once.length > 0 ? once.join(', ') : null;
}
