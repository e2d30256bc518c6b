import { FieldProblem } from 'src/common/validation';

export interface PersonReference {
  field: string;
  personId: string;
}

/** References to persons that do not exist in the body, as field problems under the given field names. */
export function personProblems(refs: PersonReference[], existing: Set<string>): FieldProblem[] {
  return refs
    .filter((r) => !existing.has(r.personId))
    .map((r) => ({ field: r.field, problems: [`${r.field} refers to a person that does not exist`] }));
}

/** Duplicate person ids in a list, as field problems. */
export function duplicateProblems(refs: PersonReference[]): FieldProblem[] {
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  for (const r of refs) {
    if (seen.has(r.personId)) problems.push({ field: r.field, problems: [`${r.field} appears more than once`] });
    seen.add(r.personId);
  }
  return problems;
}
