import { AgendaItemStatus } from 'src/agenda/agenda-item.entity';
import { diffAgenda } from 'src/agenda/agenda-diff';
import { AgendaSnapshotItem } from 'src/agenda/agenda-version.entity';

const snap = (ids: string[], overrides: Record<string, Partial<AgendaSnapshotItem>> = {}): AgendaSnapshotItem[] =>
  ids.map((id, order) => ({
    id,
    order,
    number: String(order + 1),
    name: `TOP ${id}`,
    public: true,
    status: AgendaItemStatus.Scheduled,
    urgent: false,
    paperId: null,
    ...overrides[id],
  }));
const kinds = (changes: ReturnType<typeof diffAgenda>) => changes.map((c) => `${c.kind}:${c.itemId}${c.from ? `:${c.from}>${c.to}` : ''}`);

describe('diffAgenda', () => {
  it('finds nothing between equal states', () => {
    expect(diffAgenda(snap(['a', 'b']), snap(['a', 'b']))).toEqual([]);
  });

  it('reports an inserted item and the items renumbered behind it', () => {
    expect(kinds(diffAgenda(snap(['a', 'b', 'c']), snap(['a', 'x', 'b', 'c'])))).toEqual([
      'added:x',
      'renumbered:b:2>3',
      'renumbered:c:3>4',
    ]);
  });

  it('reports an item appended at the end without renumbering', () => {
    const changes = diffAgenda(snap(['a', 'b']), snap(['a', 'b', 'x'], { x: { urgent: true } }));
    expect(changes).toEqual([{ kind: 'added', itemId: 'x', number: '3', public: true, name: 'TOP x' }]);
  });

  it('tells a moved item from those only renumbered by the move', () => {
    expect(kinds(diffAgenda(snap(['a', 'b', 'c', 'd']), snap(['a', 'd', 'b', 'c'])))).toEqual([
      'moved:d:4>2',
      'renumbered:b:2>3',
      'renumbered:c:3>4',
    ]);
  });

  it('reports a swap as one move', () => {
    expect(kinds(diffAgenda(snap(['a', 'b']), snap(['b', 'a'])))).toHaveLength(2);
    const changes = diffAgenda(snap(['a', 'b']), snap(['b', 'a']));
    expect(changes.filter((c) => c.kind === 'moved')).toHaveLength(1);
    expect(changes.filter((c) => c.kind === 'renumbered')).toHaveLength(1);
  });

  it('reports withdrawal, restoring, renaming, visibility and urgency', () => {
    const before = snap(['a', 'b', 'c', 'd'], { b: { status: AgendaItemStatus.Withdrawn } });
    const after = snap(['a', 'b', 'c', 'd'], {
      a: { status: AgendaItemStatus.Withdrawn },
      c: { name: 'Neuer Titel' },
      d: { public: false, urgent: true },
    });
    expect(kinds(diffAgenda(before, after))).toEqual([
      'withdrawn:a',
      'restored:b',
      'renamed:c:TOP c>Neuer Titel',
      'visibility:d:public>nonPublic',
      'urgent:d:false>true',
    ]);
    expect(diffAgenda(before, after).find((c) => c.kind === 'visibility')).toMatchObject({ public: false });
  });

  it('reports removed items with their last number', () => {
    expect(diffAgenda(snap(['a', 'b', 'c']), snap(['a', 'c']))).toEqual([
      { kind: 'renumbered', itemId: 'c', number: '2', public: true, name: 'TOP c', from: '3', to: '2' },
      { kind: 'removed', itemId: 'b', number: '2', public: true, name: 'TOP b' },
    ]);
  });

  it('does not depend on the order of the snapshot arrays', () => {
    const before = snap(['a', 'b', 'c']);
    const after = snap(['c', 'a', 'b']);
    expect(diffAgenda([...before].reverse(), [...after].reverse())).toEqual(diffAgenda(before, after));
    expect(kinds(diffAgenda(before, after))).toEqual(['moved:c:3>1', 'renumbered:a:1>2', 'renumbered:b:2>3']);
  });
});
