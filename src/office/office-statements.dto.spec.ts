import { parseRejectReason, parseSeenStatus, parseStatementPeriod } from 'src/office/office-statements.dto';
import { StatementStatus } from 'src/participation/statement.entity';

describe('The office’s statement forms', () => {
  const now = new Date('2026-06-01T10:00:00Z');

  it('reads the end day as 23:59 Berlin time, in summer and winter', () => {
    expect(parseStatementPeriod({ 'stellungnahmen-bis': '2026-06-30' }, now).until?.toISOString()).toBe('2026-06-30T21:59:00.000Z');
    expect(parseStatementPeriod({ 'stellungnahmen-bis': '15.01.2027' }, now).until?.toISOString()).toBe('2027-01-15T22:59:00.000Z');
  });

  it('refuses a missing, malformed or past day, and closes on request', () => {
    expect(parseStatementPeriod({}, now).errors).toHaveProperty('stellungnahmen-bis');
    expect(parseStatementPeriod({ 'stellungnahmen-bis': '31.02.2026' }, now).errors).toHaveProperty('stellungnahmen-bis');
    expect(parseStatementPeriod({ 'stellungnahmen-bis': '2026-05-31' }, now).errors).toHaveProperty('stellungnahmen-bis');
    expect(parseStatementPeriod({ aktion: 'schliessen' }, now)).toMatchObject({ until: null, errors: null });
  });

  it('knows only the states a clerk can see, and requires a reason', () => {
    expect(parseSeenStatus({ stand: 'received' })).toBe(StatementStatus.Received);
    expect(parseSeenStatus({ stand: 'unconfirmed' })).toBeNull();
    expect(parseSeenStatus({ stand: ['received'] })).toBeNull();
    expect(parseRejectReason({ grund: '  ' }, 'grund').error).not.toBeNull();
    expect(parseRejectReason({ grund: 'x'.repeat(2001) }, 'grund').error).not.toBeNull();
    expect(parseRejectReason({ grund: ' Beleidigend. ' }, 'grund')).toEqual({ reason: 'Beleidigend.', error: null });
  });
});
