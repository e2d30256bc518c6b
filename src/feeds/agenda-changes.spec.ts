import { AgendaChange } from 'src/agenda/agenda-version.entity';
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
    expect(describeAgendaChange(change('renamed', { from: 'Radweg', to: 'Radweg Lindenstraße' }))).toBe(
      'TOP 5 umbenannt: „Radweg“ → „Radweg Lindenstraße“',
    );
    expect(describeAgendaChange(change('visibility', { from: 'nonPublic', to: 'public' }))).toBe(
      'TOP 5 „Radweg Lindenstraße“ wird öffentlich beraten',
    );
    expect(describeAgendaChange(change('urgent', { from: 'false', to: 'true' }))).toContain('Dringlichkeit');
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
