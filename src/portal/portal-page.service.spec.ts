import type { FastifyReply, FastifyRequest } from 'fastify';
import { BodyRole } from 'src/accounts/account-body-role.entity';
import type { Principal } from 'src/auth/actor';
import { offlineAccountKey, PortalPageService } from 'src/portal/portal-page.service';

interface FakeReply {
  viewAsync: jest.Mock<Promise<string>, [string, Record<string, unknown>]>;
  header: jest.Mock<FakeReply, [string, string]>;
  getHeader(name: string): string | undefined;
  code: jest.Mock<FakeReply, [number]>;
  send: jest.Mock<FakeReply, [unknown?]>;
  generateCsrf(): string;
}

const asReply = (reply: FakeReply) => reply as unknown as FastifyReply;

function fakeReply() {
  const headers: Record<string, string> = {};
  const sent: { status: number; body: unknown } = { status: 200, body: undefined };
  const reply: FakeReply = {
    viewAsync: jest.fn((_template: string, context: Record<string, unknown>) =>
      Promise.resolve(`<html>${String(context.pageTitle)}</html>`),
    ),
    header: jest.fn((name: string, value: string) => {
      headers[name] = value;
      return reply;
    }),
    getHeader: (name: string) => headers[name],
    code: jest.fn((status: number) => {
      sent.status = status;
      return reply;
    }),
    send: jest.fn((body?: unknown) => {
      sent.body = body;
      return reply;
    }),
    generateCsrf: () => 'csrf-token',
  };
  return { reply, headers, sent };
}

const request = (extra: Partial<FastifyRequest> = {}) => ({ url: '/lindenbach/', headers: {}, ...extra }) as FastifyRequest;

describe('PortalPageService.render', () => {
  const pages = new PortalPageService();

  it('marks an anonymous page public with an ETag, and answers a matching conditional request with 304', async () => {
    const first = fakeReply();
    await pages.render(request(), asReply(first.reply), 'portal/start.njk', { pageTitle: 'Start' });
    expect(first.headers['cache-control']).toBe('public, no-cache');
    expect(first.sent.body).toBe('<html>Start</html>');

    const again = fakeReply();
    const conditional = request({ headers: { 'if-none-match': first.headers.etag } });
    await pages.render(conditional, asReply(again.reply), 'portal/start.njk', { pageTitle: 'Start' });
    expect(again.sent.status).toBe(304);
    expect(again.sent.body).toBeUndefined();
  });

  it('never lets a cache keep a logged-in visitor’s page, and gives the layout their name and a form token', async () => {
    const { reply, headers } = fakeReply();
    const principal = {
      displayName: 'Erika Mustermann',
      accountId: 'a1',
      roles: [{ bodyId: 'b1', role: BodyRole.Admin, personId: null }],
    } as unknown as FastifyRequest['principal'];
    await pages.render(
      request({ principal }),
      asReply(reply),
      'portal/start.njk',
      { pageTitle: 'Start' },
      {
        kind: 'admin',
        bodyId: 'b1',
      },
    );
    expect(headers['cache-control']).toBe('private, no-store');
    expect(reply.viewAsync.mock.calls[0][1].viewer).toEqual({
      kind: 'admin',
      loggedIn: true,
      name: 'Erika Mustermann',
      csrfToken: 'csrf-token',
      // The council office stores nothing offline.
      offlineAccount: null,
    });
  });

  it('names a council member’s offline stores by a hash of their account, not by its id', () => {
    const member = (accountId: string, role = BodyRole.Member) =>
      ({ accountId, roles: [{ bodyId: 'b1', role, personId: 'p1' }] }) as unknown as Principal;
    const key = offlineAccountKey(member('3c9e5d2a-0000-4000-8000-000000000001'));
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(key).not.toContain('3c9e5d2a');
    expect(offlineAccountKey(member('3c9e5d2a-0000-4000-8000-000000000001'))).toBe(key);
    expect(offlineAccountKey(member('3c9e5d2a-0000-4000-8000-000000000002'))).not.toBe(key);
    expect(offlineAccountKey(member('a1', BodyRole.Admin))).toBeNull();
    expect(offlineAccountKey(undefined)).toBeNull();
  });

  it('answers a personal page with its status and never caches it, even for the public', async () => {
    const { reply, headers, sent } = fakeReply();
    const conditional = request({ headers: { 'if-none-match': '*' } });
    await pages.render(conditional, asReply(reply), 'alerts/message.njk', { pageTitle: 'Link ungültig' }, undefined, {
      status: 404,
      personal: true,
    });
    expect(sent.status).toBe(404);
    expect(headers['cache-control']).toBe('private, no-store');
    expect(headers.etag).toBeUndefined();
    expect(sent.body).toBe('<html>Link ungültig</html>');
  });
});
