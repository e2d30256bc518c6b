import {
  defaultItemId,
  defaultStandardItems,
  effectiveTemplate,
  missingStandardItems,
  placeStandardItems,
  StandardItem,
  templateForMeeting,
} from 'src/agenda/agenda-template';
import { groupPosition } from 'src/agenda/agenda-template.service';

const item = (name: string, place: 'start' | 'end', isPublic = true): StandardItem => ({ id: `id-${name}`, name, public: isPublic, place });
const names = (entries: ReturnType<typeof placeStandardItems>) => entries.map((e) => ('add' in e ? `+${e.add.name}` : e.name));

describe('standard item defaults', () => {
  it('are public, start with the opening items and give the council the Einwohnerfragestunde', () => {
    const committee = defaultStandardItems(false);
    expect(committee.map((s) => s.name)).toEqual([
      'Eröffnung und Begrüßung',
      'Feststellung der ordnungsgemäßen Ladung und der Beschlussfähigkeit',
      'Bestätigung der Tagesordnung',
      'Niederschrift der letzten Sitzung',
      'Informationen',
      'Anfragen',
    ]);
    expect(committee.every((s) => s.public)).toBe(true);
    expect(defaultStandardItems(true).map((s) => s.name)).toContain('Einwohnerfragestunde');
  });

  it('keep their ids from one call to the next, distinct and shaped like uuids', () => {
    const ids = defaultStandardItems(true).map((s) => s.id);
    expect(defaultStandardItems(true).map((s) => s.id)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(defaultItemId('Anfragen')).not.toBe(defaultItemId('Informationen'));
  });
});

describe('a committee’s template', () => {
  const own = [item('Begrüßung', 'start'), item('Verschiedenes', 'end', false)];

  it('is its own items when it has them, else the defaults for its kind', () => {
    expect(effectiveTemplate({ organizationId: 'a', council: false, items: own })).toEqual({
      items: own,
      defaults: false,
      organizationId: 'a',
    });
    expect(effectiveTemplate({ organizationId: 'a', council: true, items: null })).toEqual({
      items: defaultStandardItems(true),
      defaults: true,
      organizationId: 'a',
    });
    // An emptied template stays the committee's own: no standard items at all.
    expect(effectiveTemplate({ organizationId: 'a', council: false, items: [] }).items).toEqual([]);
  });

  it('for a joint meeting is the first committee’s with a template of its own, else the defaults', () => {
    const council = { organizationId: 'rat', council: true, items: null };
    expect(templateForMeeting([council, { organizationId: 'ta', council: false, items: own }])).toEqual({
      items: own,
      defaults: false,
      organizationId: 'ta',
    });
    expect(templateForMeeting([{ organizationId: 'ta', council: false, items: null }, council])).toEqual({
      items: defaultStandardItems(true),
      defaults: true,
      organizationId: 'ta',
    });
    expect(templateForMeeting([])).toEqual({ items: defaultStandardItems(false), defaults: true, organizationId: null });
  });
});

describe('placing the missing standard items', () => {
  const template = [item('Eröffnung', 'start'), item('Tagesordnung', 'start'), item('Informationen', 'end'), item('Anfragen', 'end')];

  it('puts start items first and end items last, in the template’s order', () => {
    const part = [{ id: '1', name: 'Bebauungsplan' }];
    expect(names(placeStandardItems(part, template, template))).toEqual([
      '+Eröffnung',
      '+Tagesordnung',
      'Bebauungsplan',
      '+Informationen',
      '+Anfragen',
    ]);
  });

  it('keeps the template’s order around standard items the clerk placed elsewhere', () => {
    const part = [
      { id: '1', name: 'Tagesordnung' },
      { id: '2', name: 'Bebauungsplan' },
      { id: '3', name: 'Anfragen der Mitglieder' },
      { id: '4', name: 'Haushalt' },
    ];
    const missing = missingStandardItems(
      part.map((p) => p.name),
      template,
    );
    expect(missing.map((m) => m.name)).toEqual(['Eröffnung', 'Informationen']);
    expect(names(placeStandardItems(part, template, missing))).toEqual([
      '+Eröffnung',
      'Tagesordnung',
      'Bebauungsplan',
      '+Informationen',
      'Anfragen der Mitglieder',
      'Haushalt',
    ]);
  });
});

describe('an item’s place in the template', () => {
  it('counts among the items of the same part and place', () => {
    const items = [item('A', 'start'), item('B', 'end'), item('C', 'start'), item('D', 'start', false)];
    expect(groupPosition(items, 'id-C')).toEqual({ position: 2, count: 2 });
    expect(groupPosition(items, 'id-D')).toEqual({ position: 1, count: 1 });
    expect(groupPosition(items, 'nope')).toBeNull();
  });
});
