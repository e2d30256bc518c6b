import { AuditEntry } from 'src/audit/audit-entry.entity';
import { AuditRepository } from 'src/audit/audit.repository';
import { AuditService } from 'src/audit/audit.service';
import { Tx } from 'src/common/unit-of-work';

describe('AuditService', () => {
  const tx = {} as Tx;
  let inserted: { tx: unknown; entry: Partial<AuditEntry> }[];
  let service: AuditService;

  beforeEach(() => {
    inserted = [];
    const entries = {
      insert: (tx: unknown, entry: Partial<AuditEntry>) => {
        inserted.push({ tx, entry });
        return Promise.resolve();
      },
    };
    service = new AuditService(entries as unknown as AuditRepository);
  });

  it("writes the entry in the caller's transaction with the actor and request", async () => {
    await service.record(
      tx,
      { accountId: 'clerk', requestId: 'req-7' },
      { bodyId: 'body-a', action: 'meeting.publish', entityType: 'Meeting', entityId: 'm1' },
    );
    expect(inserted).toEqual([
      {
        tx,
        entry: {
          bodyId: 'body-a',
          accountId: 'clerk',
          requestId: 'req-7',
          action: 'meeting.publish',
          entityType: 'Meeting',
          entityId: 'm1',
          before: null,
          after: null,
        },
      },
    ]);
  });

  it('keeps plain columns only: no secrets, no relations, dates as text', async () => {
    const before = {
      id: 'a1',
      passwordHash: '$argon2id$…',
      tokenHash: 'abc',
      created: new Date('2025-03-30T01:30:00Z'),
      body: { id: 'body-a', name: 'Musterstadt' },
      roles: [{ role: 'admin' }],
      post: ['Vorsitz'],
      geojson: { type: 'Point', coordinates: [7, 51] },
      disabledAt: null,
    };
    await service.record(
      tx,
      { accountId: null, requestId: null },
      { bodyId: null, action: 'update', entityType: 'Account', entityId: 'a1', before },
    );
    expect(inserted[0].entry.before).toEqual({
      id: 'a1',
      created: '2025-03-30T01:30:00.000Z',
      post: ['Vorsitz'],
      geojson: { type: 'Point', coordinates: [7, 51] },
      disabledAt: null,
    });
  });
});
