import { AgendaNumberingScheme } from 'src/bodies/body.entity';
import { DomainError } from 'src/common/domain-error';

export interface NumberingInput {
  id: string;
  parentId: string | null;
  public: boolean;
  /** Position wished by the caller; compared among siblings only. */
  sortKey: number;
}

export interface NumberedItem {
  id: string;
  /** 0-based position in the flattened agenda (OParl `order`). */
  order: number;
  number: string;
}

const invalid = (field: string, problem: string) => DomainError.invalid(problem, [{ field, problems: [problem] }]);

/**
 * Orders and numbers a meeting's agenda: the public part first, then the non-public part;
 * top-level items 1..n (continuing into the non-public part, or "Ö n" / "N n"), sub-items
 * "5.1" under their parent and in its part. Withdrawn items are numbered like any other, so they keep their
 * place. Ties in sortKey fall back to the id, so the result never depends on input order.
 */
export function numberAgenda(items: NumberingInput[], scheme: AgendaNumberingScheme): NumberedItem[] {
  const byId = new Map<string, NumberingInput>();
  for (const item of items) {
    if (byId.has(item.id)) throw invalid('items', `Item ${item.id} appears more than once`);
    byId.set(item.id, item);
  }
  const children = new Map<string, NumberingInput[]>();
  const top: NumberingInput[] = [];
  for (const item of items) {
    if (item.parentId === null) {
      top.push(item);
      continue;
    }
    const parent = byId.get(item.parentId);
    if (!parent || parent.id === item.id) throw invalid('parentId', 'The parent item is not on this agenda');
    if (parent.parentId !== null) throw invalid('parentId', 'Sub-items can only be one level deep');
    // A sub-item in the other part than its parent would leave a gap in the public numbers and order.
    if (item.public !== parent.public) {
      throw invalid(
        'public',
        item.public ? 'A sub-item of a non-public item cannot be public' : 'A sub-item of a public item cannot be non-public',
      );
    }
    children.set(parent.id, [...(children.get(parent.id) ?? []), item]);
  }
  const bySortKey = (a: NumberingInput, b: NumberingInput) => a.sortKey - b.sortKey || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const publicPart = top.filter((i) => i.public).sort(bySortKey);
  const nonPublicPart = top.filter((i) => !i.public).sort(bySortKey);

  const result: NumberedItem[] = [];
  const place = (part: NumberingInput[], label: (n: number) => string, offset: number) => {
    part.forEach((parent, index) => {
      const number = label(offset + index + 1);
      result.push({ id: parent.id, order: result.length, number });
      (children.get(parent.id) ?? []).sort(bySortKey).forEach((child, childIndex) => {
        result.push({ id: child.id, order: result.length, number: `${number}.${childIndex + 1}` });
      });
    });
  };
  if (scheme === AgendaNumberingScheme.Prefixed) {
    place(publicPart, (n) => `Ö ${n}`, 0);
    place(nonPublicPart, (n) => `N ${n}`, 0);
  } else {
    place(publicPart, String, 0);
    place(nonPublicPart, String, publicPart.length);
  }
  return result;
}
