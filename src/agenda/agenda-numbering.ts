import { AgendaNumberingScheme } from 'src/bodies/body.entity';
import { DomainError } from 'src/common/domain-error';

export interface NumberingInput {
  id: string;
  parentId: string | null;
  public: boolean;
  /** Position wished by the caller; compared among siblings only. */
  sortKey: number;
  /**
   * The number the item keeps wherever it moves: once the invitation is out, a TOP's number is
   * how everyone refers to it. Absent: numbered by position.
   */
  fixedNumber?: string | null;
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

  // Numbers kept by some items are taken, wherever the new ones land.
  const used = new Set(items.map((i) => i.fixedNumber).filter((n): n is string => !!n));
  const result: NumberedItem[] = [];
  const place = (part: NumberingInput[], label: (n: number) => string) => {
    numberSiblings(part, label, used).forEach((number, index) => {
      const parent = part[index];
      result.push({ id: parent.id, order: result.length, number });
      const family = (children.get(parent.id) ?? []).sort(bySortKey);
      numberSiblings(family, (n) => `${number}.${n}`, used).forEach((childNumber, childIndex) => {
        result.push({ id: family[childIndex].id, order: result.length, number: childNumber });
      });
    });
  };
  if (scheme === AgendaNumberingScheme.Prefixed) {
    place(publicPart, (n) => `Ö ${n}`);
    place(nonPublicPart, (n) => `N ${n}`);
  } else {
    place(publicPart, String);
    // The non-public part continues after the highest public number (5, 5a → 6).
    const offset = Math.max(0, ...result.map((r) => parseInt(r.number, 10)).filter((n) => Number.isFinite(n)));
    place(nonPublicPart, (n) => String(offset + n));
  }
  return result;
}

/**
 * Numbers one group of siblings in their order. Without kept numbers: 1, 2, 3 by position. With
 * kept numbers (after the invitation): those stay; an item added or moved in behind the last kept
 * one gets the next free number (N 3 → N 4), one between kept items its predecessor's number with
 * the next free letter (5 → 5a → 5b), so no other TOP changes its number; one put first gets 0a.
 */
function numberSiblings(group: NumberingInput[], label: (n: number) => string, used: Set<string>): string[] {
  if (!group.some((i) => i.fixedNumber)) return group.map((_, index) => label(index + 1));
  const lastKept = group.map((i) => !!i.fixedNumber).lastIndexOf(true);
  let previous = label(0);
  return group.map((item, index) => {
    const root = previous.replace(/[a-z]+$/, '');
    const following = index > lastKept ? increment(root) : null;
    const number = item.fixedNumber || (following && !used.has(following) ? following : nextFree(root, used));
    used.add(number);
    previous = number;
    return number;
  });
}

/** "5" → "6", "Ö 2" → "Ö 3", "2.1" → "2.2". */
function increment(root: string): string | null {
  const match = /^(.*?)(\d+)$/.exec(root);
  return match ? `${match[1]}${Number(match[2]) + 1}` : null;
}

function nextFree(root: string, used: Set<string>): string {
  for (let n = 1; ; n++) {
    const candidate = root + letters(n);
    if (!used.has(candidate)) return candidate;
  }
}

/** 1 → a, 26 → z, 27 → aa: bijective base 26. */
function letters(n: number): string {
  let text = '';
  for (let rest = n; rest > 0; rest = Math.floor((rest - 1) / 26)) text = String.fromCharCode(97 + ((rest - 1) % 26)) + text;
  return text;
}
