import type { Viewer } from 'src/auth/actor';
import type { Person, PublishablePersonField } from 'src/persons/person.entity';

/** The columns each publishable field stands for. */
const COLUMNS: Record<PublishablePersonField, (keyof Person)[]> = {
  email: ['email'],
  phone: ['phone'],
  location: ['locationId'],
  gender: ['gender'],
  life: ['life', 'lifeSource'],
  status: ['status'],
};

/**
 * The person as the viewer may see them: the council office sees every field, everybody
 * else only the optional fields the person agreed to publish. Part of the visibility rule;
 * channels ask `Visibility.person`.
 */
export function personForViewer(person: Person, viewer: Viewer): Person {
  if (viewer.kind === 'admin') return person;
  const visible: Person = { ...person };
  for (const [field, columns] of Object.entries(COLUMNS) as [PublishablePersonField, (keyof Person)[]][]) {
    if (person.publishedFields.includes(field)) continue;
    for (const column of columns) {
      Object.assign(visible, { [column]: Array.isArray(person[column]) ? [] : null });
    }
  }
  return visible;
}
