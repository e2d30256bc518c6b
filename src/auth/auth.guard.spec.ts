import type { ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { BodyRole } from 'src/accounts/account-body-role.entity';
import { Access } from 'src/auth/access';
import type { Principal } from 'src/auth/actor';
import { AuthGuard } from 'src/auth/auth.guard';
import type { SessionsRepository } from 'src/auth/sessions.repository';
import type { Body } from 'src/bodies/body.entity';
import { DomainError } from 'src/common/domain-error';
import type { TenancyService } from 'src/tenancy/tenancy.service';

const body = { id: 'b1', key: 'lindenbach', membersSeeAllNonPublic: false } as Body;

const member: Principal = {
  accountId: 'a1',
  email: 'ratsmitglied@lindenbach.example',
  displayName: 'Erika Mustermann',
  isOperator: false,
  roles: [{ bodyId: 'b1', role: BodyRole.Member, personId: 'p1' }],
  sessionId: 's1',
};

function setup(access: Access, principal: Principal | null = null) {
  const findBodyByKey = jest.fn((key: string) => Promise.resolve(key === body.key ? body : null));
  const guard = new AuthGuard(
    { getAllAndOverride: () => access } as unknown as Reflector,
    { findPrincipal: () => Promise.resolve(principal) } as unknown as SessionsRepository,
    { findBodyByKey } as unknown as TenancyService,
  );
  const check = (params: Record<string, string>) => {
    const request = { method: 'GET', url: '/', headers: { authorization: 'Bearer token' }, params } as unknown as FastifyRequest;
    const context = {
      getType: () => 'http',
      getHandler: () => undefined,
      getClass: () => undefined,
      switchToHttp: () => ({ getRequest: () => request }),
    } as unknown as ExecutionContext;
    return { request, result: guard.canActivate(context) };
  };
  return { check, findBodyByKey };
}

describe('AuthGuard', () => {
  it('resolves the body and the public viewer of a public route with a :bodyKey', async () => {
    const { check } = setup(Access.Public);
    const { request, result } = check({ bodyKey: 'lindenbach' });
    await expect(result).resolves.toBe(true);
    expect(request.tenant).toBe(body);
    expect(request.viewer).toEqual({ kind: 'public' });
  });

  it('gives a logged-in member on a public route the viewer they are in that body', async () => {
    const { check } = setup(Access.Public, member);
    const { request, result } = check({ bodyKey: 'lindenbach' });
    await expect(result).resolves.toBe(true);
    expect(request.viewer).toEqual({ kind: 'member', bodyId: 'b1', personId: 'p1', seesAllNonPublic: false });
  });

  it('answers an unknown body on a public route as not found', async () => {
    const { check } = setup(Access.Public);
    const { result } = check({ bodyKey: 'gibt-es-nicht' });
    await expect(result).rejects.toMatchObject({ status: 404 });
    await expect(result).rejects.toBeInstanceOf(DomainError);
  });

  it('looks nothing up on a public route without a :bodyKey', async () => {
    const { check, findBodyByKey } = setup(Access.Public);
    const { request, result } = check({});
    await expect(result).resolves.toBe(true);
    expect(request.tenant).toBeUndefined();
    expect(findBodyByKey).not.toHaveBeenCalled();
  });

  it("shows another body's routes to a member as not found, and the council office's to a member as forbidden", async () => {
    const other = setup(Access.BodyReader, { ...member, roles: [] }).check({ bodyKey: 'lindenbach' });
    await expect(other.result).rejects.toMatchObject({ status: 404 });
    const admin = setup(Access.BodyAdmin, member).check({ bodyKey: 'lindenbach' });
    await expect(admin.result).rejects.toMatchObject({ status: 403 });
  });
});
