import { AgendaItem, AgendaItemStatus } from 'src/agenda/agenda-item.entity';
import { AgendaChange, AgendaSnapshotItem } from 'src/agenda/agenda-version.entity';

const WITHDRAWN: string = AgendaItemStatus.Withdrawn;

/** The published state of the items, in agenda order. */
export function toSnapshot(items: AgendaItem[]): AgendaSnapshotItem[] {
  return [...items]
    .sort((a, b) => a.order - b.order)
    .map((i) => ({
      id: i.id,
      number: i.number,
      order: i.order,
      name: i.name,
      public: i.public,
      status: i.status,
      urgent: i.urgent,
      paperId: i.paperId,
    }));
}

/** Indexes (into `ids`) of one longest increasing subsequence of `positions`. */
function longestIncreasing(positions: number[]): Set<number> {
  const tails: number[] = [];
  const previous: number[] = new Array<number>(positions.length).fill(-1);
  positions.forEach((value, index) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (positions[tails[mid]] < value) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[index] = tails[lo - 1];
    tails[lo] = index;
  });
  const kept = new Set<number>();
  for (let i = tails.length ? tails[tails.length - 1] : -1; i !== -1; i = previous[i]) kept.add(i);
  return kept;
}

/**
 * What changed between two published agenda states. An item counts as moved when its place
 * relative to the other items changed (it is not in the longest run of items that kept their
 * relative order); an item that only got another number because others moved is renumbered.
 */
export function diffAgenda(previous: AgendaSnapshotItem[], next: AgendaSnapshotItem[]): AgendaChange[] {
  const before = new Map(previous.map((i) => [i.id, i]));
  const after = new Map(next.map((i) => [i.id, i]));
  const changes: AgendaChange[] = [];
  const change = (kind: AgendaChange['kind'], item: AgendaSnapshotItem, from?: string, to?: string) => {
    const entry: AgendaChange = { kind, itemId: item.id, number: item.number, public: item.public, name: item.name };
    if (from !== undefined) entry.from = from;
    if (to !== undefined) entry.to = to;
    changes.push(entry);
  };

  const nextSorted = [...next].sort((a, b) => a.order - b.order);
  const common = nextSorted.filter((i) => before.has(i.id));
  const previousRank = new Map([...previous].sort((a, b) => a.order - b.order).map((i, index) => [i.id, index]));
  const stayed = longestIncreasing(common.map((i) => previousRank.get(i.id)!));
  const moved = new Set(common.filter((_, index) => !stayed.has(index)).map((i) => i.id));

  for (const item of nextSorted) {
    const old = before.get(item.id);
    if (!old) {
      change('added', item);
      continue;
    }
    if (moved.has(item.id)) change('moved', item, old.number, item.number);
    else if (old.number !== item.number) change('renumbered', item, old.number, item.number);
    if (old.status !== item.status) {
      if (item.status === WITHDRAWN) change('withdrawn', item);
      else change('restored', item);
    }
    if (old.name !== item.name) change('renamed', item, old.name, item.name);
    if (old.public !== item.public) change('visibility', item, old.public ? 'public' : 'nonPublic', item.public ? 'public' : 'nonPublic');
    if (old.urgent !== item.urgent) change('urgent', item, String(old.urgent), String(item.urgent));
  }
  for (const old of [...previous].sort((a, b) => a.order - b.order)) {
    if (!after.has(old.id)) change('removed', old);
  }
  return changes;
}

/**
 * A published meeting moved to another time. It is a change of the published agenda like any
 * other (the invitation named the old time), so it is recorded as a version; the meeting
 * itself is visible wherever its versions are, hence `public`.
 */
export function meetingMovedChange(meeting: { id: string; name: string }, from: Date, to: Date): AgendaChange {
  return {
    kind: 'meetingMoved',
    itemId: meeting.id,
    number: '',
    public: true,
    name: meeting.name,
    from: from.toISOString(),
    to: to.toISOString(),
  };
}
