import { EntityManager, In } from 'typeorm';
import { FieldProblem } from 'src/common/validation';
import { Person } from 'src/persons/person.entity';

/** References to persons that do not exist in the body, as field problems under the given field names. */
export async function personProblems(
  manager: EntityManager,
  bodyId: string,
  refs: { field: string; personId: string }[],
): Promise<FieldProblem[]> {
  if (refs.length === 0) return [];
  const found = await manager.getRepository(Person).findBy({ bodyId, id: In([...new Set(refs.map((r) => r.personId))]) });
  const known = new Set(found.map((p) => p.id));
  return refs
    .filter((r) => !known.has(r.personId))
    .map((r) => ({ field: r.field, problems: [`${r.field} refers to a person that does not exist`] }));
}

/** Duplicate person ids in a list, as field problems. */
export function duplicateProblems(refs: { field: string; personId: string }[]): FieldProblem[] {
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  for (const r of refs) {
    if (seen.has(r.personId)) problems.push({ field: r.field, problems: [`${r.field} appears more than once`] });
    seen.add(r.personId);
  }
  return problems;
}
