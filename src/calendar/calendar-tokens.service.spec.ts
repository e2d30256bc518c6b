import { BodyRole } from 'src/accounts/account-body-role.entity';
import { AccountWithRole } from 'src/accounts/accounts.dto';
import { AccountsRepository } from 'src/accounts/accounts.repository';
import { AuditService } from 'src/audit/audit.service';
import { Viewer } from 'src/auth/actor';
import { hashToken } from 'src/auth/sessions.repository';
import { Body } from 'src/bodies/body.entity';
import { CalendarToken } from 'src/calendar/calendar-token.entity';
import { CalendarTokensRepository } from 'src/calendar/calendar-tokens.repository';
import { CalendarTokensService } from 'src/calendar/calendar-tokens.service';
import { ErrorCode } from 'src/common/domain-error';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';

const tx = {} as Tx;
const body = Object.assign(new Body(), { id: 'body-a', key: 'musterstadt', membersSeeAllNonPublic: false });
const member: Viewer = { kind: 'member', bodyId: 'body-a', personId: 'person-1', seesAllNonPublic: false };
const actor = { accountId: 'account-1', requestId: null };

/** The calendar_token table in memory. */
class FakeTokens {
  rows: CalendarToken[] = [];
  private next = 1;

  listLive(bodyId: string, accountId: string): Promise<CalendarToken[]> {
    return Promise.resolve(this.rows.filter((r) => r.bodyId === bodyId && r.accountId === accountId && !r.revokedAt));
  }

  insert(_tx: Tx, bodyId: string, values: Pick<CalendarToken, 'accountId' | 'tokenHash' | 'label'>): Promise<CalendarToken> {
    const row = Object.assign(new CalendarToken(), { ...values, bodyId, id: `token-${this.next++}`, revokedAt: null, lastUsedAt: null });
    this.rows.push(row);
    return Promise.resolve(row);
  }

  findLiveForUpdate(_tx: Tx, bodyId: string, accountId: string, id: string): Promise<CalendarToken | null> {
    return Promise.resolve(this.rows.find((r) => r.id === id && r.bodyId === bodyId && r.accountId === accountId && !r.revokedAt) ?? null);
  }

  revoke(_tx: Tx, bodyId: string, id: string, at: Date): Promise<void> {
    this.rows.filter((r) => r.id === id && r.bodyId === bodyId).forEach((r) => (r.revokedAt = at));
    return Promise.resolve();
  }

  findLiveByHash(bodyId: string, tokenHash: string): Promise<CalendarToken | null> {
    return Promise.resolve(this.rows.find((r) => r.bodyId === bodyId && r.tokenHash === tokenHash && !r.revokedAt) ?? null);
  }

  markUsed = jest.fn((bodyId: string, id: string, at: Date) => {
    this.rows.filter((r) => r.id === id && r.bodyId === bodyId).forEach((r) => (r.lastUsedAt = at));
    return Promise.resolve();
  });
}

describe('CalendarTokensService', () => {
  let tokens: FakeTokens;
  let role: AccountWithRole | null;
  let record: jest.Mock;
  let service: CalendarTokensService;

  beforeEach(() => {
    tokens = new FakeTokens();
    role = {
      accountId: 'account-1',
      bodyId: 'body-a',
      role: BodyRole.Member,
      personId: 'person-1',
      account: { disabledAt: null },
    } as AccountWithRole;
    record = jest.fn().mockResolvedValue(undefined);
    const accounts = {
      findInBody: (bodyId: string, accountId: string) =>
        Promise.resolve(role?.bodyId === bodyId && role.accountId === accountId ? role : null),
    };
    service = new CalendarTokensService(
      { run: <T>(work: (tx: Tx) => Promise<T>) => work(tx) } as UnitOfWork,
      tokens as unknown as CalendarTokensRepository,
      accounts as unknown as AccountsRepository,
      { record } as unknown as AuditService,
    );
  });

  describe('create', () => {
    it('stores only the hash of the token it hands out once', async () => {
      const { row, token } = await service.create('body-a', member, actor, 'Handy');
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(row).toMatchObject({ bodyId: 'body-a', accountId: 'account-1', label: 'Handy', tokenHash: hashToken(token) });
      expect(JSON.stringify(tokens.rows)).not.toContain(token);
      expect(record).toHaveBeenCalledWith(tx, actor, {
        bodyId: 'body-a',
        action: 'calendarToken.create',
        entityType: 'CalendarToken',
        entityId: row.id,
        after: row,
      });
    });

    it.each<[string, Viewer]>([
      ['the office', { kind: 'admin', bodyId: 'body-a' }],
      ['the public', { kind: 'public' }],
      ['a member without a person', { ...member, personId: null }],
    ])('gives %s no personal calendar', async (_, viewer) => {
      await expect(service.create('body-a', viewer, actor, null)).rejects.toMatchObject({ code: ErrorCode.Forbidden });
      expect(tokens.rows).toHaveLength(0);
    });
  });

  describe('revoke', () => {
    it("revokes the member's own token and records it", async () => {
      const { row } = await service.create('body-a', member, actor, null);
      await service.revoke('body-a', 'account-1', row.id, actor);
      expect(tokens.rows[0].revokedAt).toBeInstanceOf(Date);
      expect(await service.list('body-a', 'account-1')).toEqual([]);
      expect(record).toHaveBeenLastCalledWith(tx, actor, expect.objectContaining({ action: 'calendarToken.revoke', entityId: row.id }));
    });

    it("does not find another account's token or a revoked one", async () => {
      const { row } = await service.create('body-a', member, actor, null);
      await expect(service.revoke('body-a', 'account-2', row.id, actor)).rejects.toThrow('Calendar token not found');
      await service.revoke('body-a', 'account-1', row.id, actor);
      await expect(service.revoke('body-a', 'account-1', row.id, actor)).rejects.toThrow('Calendar token not found');
    });
  });

  describe('resolve', () => {
    it('stands for the member and their person, and notes the use at most hourly', async () => {
      const { token } = await service.create('body-a', member, actor, null);
      await expect(service.resolve(body, token)).resolves.toEqual({
        kind: 'member',
        bodyId: 'body-a',
        personId: 'person-1',
        seesAllNonPublic: false,
      });
      await service.resolve(body, token);
      expect(tokens.markUsed).toHaveBeenCalledTimes(1);
      tokens.rows[0].lastUsedAt = new Date(Date.now() - 3601_000);
      await service.resolve(body, token);
      expect(tokens.markUsed).toHaveBeenCalledTimes(2);
    });

    it.each<[string, (r: AccountWithRole) => AccountWithRole | null]>([
      ['the role is gone', () => null],
      ['the account is disabled', (r) => ({ ...r, account: { ...r.account, disabledAt: new Date() } })],
      ['the member became an administrator', (r) => ({ ...r, role: BodyRole.Admin })],
      ['the member has no person any more', (r) => ({ ...r, personId: null })],
    ])('ends the calendar when %s', async (_, change) => {
      const { token } = await service.create('body-a', member, actor, null);
      role = change(role!);
      await expect(service.resolve(body, token)).rejects.toThrow('Calendar not found');
    });

    it('treats malformed, unknown, revoked and foreign tokens alike', async () => {
      const { row, token } = await service.create('body-a', member, actor, null);
      const other = Object.assign(new Body(), { ...body, id: 'body-b' });
      await expect(service.resolve(other, token)).rejects.toThrow('Calendar not found');
      await expect(service.resolve(body, 'kurz')).rejects.toThrow('Calendar not found');
      await expect(service.resolve(body, 'x'.repeat(43))).rejects.toThrow('Calendar not found');
      await service.revoke('body-a', 'account-1', row.id, actor);
      await expect(service.resolve(body, token)).rejects.toThrow('Calendar not found');
      expect(tokens.markUsed).not.toHaveBeenCalled();
    });
  });
});
