import { defaultStandardItems, missingStandardItems } from 'src/agenda/agenda-template';
import { moveAmongSiblings, OrderEntry, standardItemsPlan } from 'src/office/office-agenda.service';
import { parseFreeItemForm, parseMoveForm } from 'src/office/office-agenda.dto';

const agenda: OrderEntry[] = [
  { id: 'a', parentId: null, public: true },
  { id: 'a1', parentId: 'a', public: true },
  { id: 'a2', parentId: 'a', public: true },
  { id: 'b', parentId: null, public: true },
  { id: 'c', parentId: null, public: true },
  { id: 'n', parentId: null, public: false },
  { id: 'm', parentId: null, public: false },
];
const ids = (order: OrderEntry[] | null) => order?.map((i) => i.id);

describe('moveAmongSiblings', () => {
  it('moves a top-level item among the top-level items of its part, sub-items staying with their parent', () => {
    expect(ids(moveAmongSiblings(agenda, 'a', 'down'))).toEqual(['b', 'a1', 'a2', 'a', 'c', 'n', 'm']);
    expect(ids(moveAmongSiblings(agenda, 'c', 1))).toEqual(['c', 'a1', 'a2', 'a', 'b', 'n', 'm']);
    expect(ids(moveAmongSiblings(agenda, 'm', 'up'))).toEqual(['a', 'a1', 'a2', 'b', 'c', 'm', 'n']);
  });

  it('moves a sub-item among its siblings only', () => {
    expect(ids(moveAmongSiblings(agenda, 'a1', 'down'))).toEqual(['a', 'a2', 'a1', 'b', 'c', 'n', 'm']);
  });

  it('answers null when the item stays: first up, last down, its own position, or one past the end', () => {
    expect(moveAmongSiblings(agenda, 'a', 'up')).toBeNull();
    expect(moveAmongSiblings(agenda, 'm', 'down')).toBeNull();
    expect(moveAmongSiblings(agenda, 'b', 2)).toBeNull();
    expect(moveAmongSiblings(agenda, 'c', 99)).toBeNull();
    expect(moveAmongSiblings(agenda, 'x', 'up')).toBeNull();
  });
});

describe('standard items', () => {
  it('leaves out what the agenda has, also under a longer title, and the question time outside the council', () => {
    const names = missingStandardItems(
      [' eröffnung und begrüßung ', 'Anfragen der Mitglieder', 'Informationsfreiheitssatzung'],
      defaultStandardItems(false),
    ).map((s) => s.name);
    expect(names).not.toContain('Eröffnung und Begrüßung');
    expect(names).not.toContain('Anfragen');
    // Only a title that begins with the whole word counts.
    expect(names).toContain('Informationen');
    expect(names).not.toContain('Einwohnerfragestunde');
    expect(missingStandardItems([], defaultStandardItems(true)).map((s) => s.name)).toContain('Einwohnerfragestunde');
  });

  it('puts added opening items first, each after the standard item before it, and the closing ones last', () => {
    const top = [
      { id: '1', name: 'Bebauungsplan', parentId: null, public: true },
      { id: '2', name: 'Bestätigung der Tagesordnung', parentId: null, public: true },
      { id: '9', name: 'Grundstück', parentId: null, public: false },
    ];
    const plan = standardItemsPlan(top, defaultStandardItems(false));
    // Only the public part changes: the defaults have no non-public item.
    expect(plan).toHaveLength(1);
    expect(plan[0].entries.map((e) => ('id' in e ? e.id : e.add.name))).toEqual([
      'Eröffnung und Begrüßung',
      'Feststellung der ordnungsgemäßen Ladung und der Beschlussfähigkeit',
      '1',
      '2',
      'Niederschrift der letzten Sitzung',
      'Informationen',
      'Anfragen',
    ]);
    expect(
      standardItemsPlan([...top, ...defaultStandardItems(false).map((s) => ({ ...s, parentId: null }))], defaultStandardItems(false)),
    ).toEqual([]);
  });
});

describe('agenda forms', () => {
  const items = [
    { id: 'a', parentId: null, public: true, sub: false },
    { id: 'a1', parentId: 'a', public: true, sub: true },
    { id: 'n', parentId: null, public: false, sub: false },
  ];

  it('gives a sub-item its parent’s part and refuses a place outside its siblings', () => {
    expect(parseFreeItemForm({ titel: 'Neu', teil: 'nichtoeffentlich', oberpunkt: 'a', nach: 'a1' }, items).input).toEqual({
      name: 'Neu',
      public: true,
      parentId: 'a',
      afterItemId: 'a1',
    });
    expect(parseFreeItemForm({ titel: 'Neu', teil: 'oeffentlich', nach: 'n' }, items).errors).toHaveProperty('nach');
    expect(parseFreeItemForm({ titel: 'Neu', teil: 'oeffentlich', oberpunkt: 'a1' }, items).errors).toHaveProperty('oberpunkt');
    expect(parseFreeItemForm({ titel: ' ', teil: 'irgendwo' }, items).errors).toEqual({
      titel: expect.any(String),
      teil: expect.any(String),
    });
  });

  it('reads the move form', () => {
    expect(parseMoveForm({ richtung: 'oben' })).toBe('up');
    expect(parseMoveForm({ richtung: 'unten', position: '3' })).toBe('down');
    expect(parseMoveForm({ position: '3' })).toBe(3);
    expect(parseMoveForm({ position: '0' })).toBeNull();
    expect(parseMoveForm({ position: 'drei' })).toBeNull();
  });
});
