import { changedFields } from 'src/audit/audit.service';
import { historyRows } from 'src/office/office-history';

describe('the office’s history', () => {
  it('names the fields an update changed, without bookkeeping', () => {
    expect(
      changedFields({ name: 'A', start: 'x', modified: '1', version: 1 }, { name: 'B', start: 'x', modified: '2', version: 2 }),
    ).toEqual(['name']);
    expect(changedFields(null, { name: 'B' })).toEqual([]);
  });

  it('says in German what was done, by whom, with the fields by their labels', () => {
    const at = new Date('2026-12-03T09:15:00Z');
    const rows = historyRows([
      { at, accountName: 'Sitzungsdienst', action: 'meeting.publish', entityType: 'Meeting', changedFields: [] },
      {
        at,
        accountName: null,
        action: 'agendaItem.update',
        entityType: 'AgendaItem',
        changedFields: ['name', 'resolutionText', 'oddField'],
      },
    ]);
    expect(rows.map((r) => `${r.text} / ${r.who}`)).toEqual([
      'Sitzung Einladung veröffentlicht / Sitzungsdienst',
      'Tagesordnungspunkt geändert (Name, Beschlusstext, weitere Angaben) / System',
    ]);
    expect(rows[0].at.time).toBe('10:15 Uhr');
  });
});
