import { AgendaChange } from 'src/agenda/agenda-version.entity';
import { meetingMovedChange } from 'src/agenda/agenda-diff';
import { describeAgendaChange } from 'src/feeds/agenda-changes';
import { publicChanges } from 'src/feeds/agenda-changes.service';

const change = (kind: AgendaChange['kind'], extra: Partial<AgendaChange> = {}): AgendaChange => ({
  kind,
  itemId: 'i1',
  number: '5',
  public: true,
  name: 'Radweg Lindenstraße',
  ...extra,
});

describe('agenda changes in German', () => {
  it('says what happened to the item', () => {
    expect(describeAgendaChange(change('added'))).toBe('TOP 5 „Radweg Lindenstraße“ neu aufgenommen');
    expect(describeAgendaChange(change('withdrawn'))).toBe('TOP 5 „Radweg Lindenstraße“ abgesetzt');
    expect(describeAgendaChange(change('moved', { from: '3', to: '5' }))).toBe('TOP 5 „Radweg Lindenstraße“ verschoben (bisher TOP 3)');
    expect(describeAgendaChange(change('moved', { number: '3', from: '3', to: '3' }))).toBe(
      'TOP 3 „Radweg Lindenstraße“ in der Reihenfolge verschoben',
    );
    expect(describeAgendaChange(change('renamed', { from: 'Radweg', to: 'Radweg Lindenstraße' }))).toBe(
      'TOP 5 umbenannt: „Radweg“ → „Radweg Lindenstraße“',
    );
    expect(describeAgendaChange(change('visibility', { from: 'nonPublic', to: 'public' }))).toBe(
      'TOP 5 „Radweg Lindenstraße“ wird öffentlich beraten',
    );
    expect(describeAgendaChange(change('urgent', { from: 'false', to: 'true' }))).toContain('Dringlichkeit');
  });

  it('gives a moved meeting’s old and new time in Berlin, across the change to summer time', () => {
    const moved = meetingMovedChange(
      { id: 'm1', name: 'Bauausschuss' },
      new Date('2026-03-24T17:00:00Z'),
      new Date('2026-03-31T16:00:00Z'),
    );
    expect(moved.public).toBe(true);
    expect(describeAgendaChange(moved)).toBe(
      'Sitzung verlegt auf Dienstag, 31. März 2026 um 18:00 Uhr (bisher Dienstag, 24. März 2026 um 18:00 Uhr)',
    );
  });

  it('names a new or removed document with its item, or as the meeting’s', () => {
    const doc = { linkId: 'l1', fileName: 'Lageplan', number: '3', itemName: 'Radweg' };
    expect(describeAgendaChange({ kind: 'documentAdded', ...doc })).toBe('Neues Dokument zu TOP 3 „Radweg“: „Lageplan“');
    expect(describeAgendaChange({ kind: 'documentRemoved', ...doc })).toBe('Dokument „Lageplan“ zu TOP 3 „Radweg“ entfernt');
    expect(describeAgendaChange({ kind: 'documentAdded', ...doc, number: null, itemName: null })).toBe(
      'Neues Dokument zur Sitzung: „Lageplan“',
    );
  });
});

describe('public agenda changes', () => {
  it('hides what an item was called while it was non-public', () => {
    const changes: AgendaChange[] = [
      change('visibility', { from: 'nonPublic', to: 'public' }),
      change('renamed', { from: 'Personalsache Müller', to: 'Radweg Lindenstraße' }),
      change('withdrawn', { itemId: 'i2', name: 'Geheimes', public: false }),
      change('added', { itemId: 'i3', name: 'Spielplatz' }),
    ];
    const visible = publicChanges(changes);
    expect(visible.map((c) => c.kind)).toEqual(['visibility', 'added']);
    expect(JSON.stringify(visible)).not.toContain('Personalsache');
    expect(JSON.stringify(visible)).not.toContain('Geheimes');
  });
});
