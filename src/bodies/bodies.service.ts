import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BodyRole } from 'src/accounts/account-body-role.entity';
import { AccountsService } from 'src/accounts/accounts.service';
import { AuditService } from 'src/audit/audit.service';
import { Actor, Principal } from 'src/auth/actor';
import { CreateBodyDto, UpdateBodyDto } from 'src/bodies/bodies.dto';
import { BodiesRepository } from 'src/bodies/bodies.repository';
import { Body } from 'src/bodies/body.entity';
import { DomainError, ErrorCode } from 'src/common/domain-error';
import { PageQueryDto } from 'src/common/pagination.dto';
import { Location } from 'src/locations/location.entity';
import { assertReferences } from 'src/tenancy/tenant-repository';

@Injectable()
export class BodiesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bodies: BodiesRepository,
    private readonly accounts: AccountsService,
    private readonly audit: AuditService,
  ) {}

  list(principal: Principal, query: PageQueryDto): Promise<[Body[], number]> {
    return this.bodies.listFor(principal, query);
  }

  /** The body and its first administrator land together or not at all. */
  create(actor: Actor, dto: CreateBodyDto): Promise<{ body: Body; adminAccountId: string }> {
    const { admin, ...values } = dto;
    assertQuorum(values.quorumNumerator ?? 1, values.quorumDenominator ?? 2);
    return this.dataSource.transaction(async (manager) => {
      if (await this.bodies.keyTaken(values.key, manager)) {
        throw new DomainError(ErrorCode.Conflict, 'A body with this key exists already', [{ field: 'key', problems: ['key is taken'] }]);
      }
      const repo = manager.getRepository(Body);
      const body = await repo.save(repo.create(values));
      // Creating a municipality is an installation-wide act, so the entry belongs to no body.
      await this.audit.record(manager, actor, { bodyId: null, action: 'create', entityType: 'Body', entityId: body.id, after: body });
      const role = await this.accounts.grant(manager, actor, body.id, { ...admin, role: BodyRole.Admin });
      return { body, adminAccountId: role.accountId };
    });
  }

  update(body: Body, actor: Actor, dto: UpdateBodyDto): Promise<Body> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.bodies.getForUpdate(body.id, manager);
      const before = { ...current };
      assertQuorum(dto.quorumNumerator ?? current.quorumNumerator, dto.quorumDenominator ?? current.quorumDenominator);
      await assertReferences(manager, body.id, [{ entity: Location, ids: [dto.locationId], field: 'locationId' }]);
      const saved = await manager.getRepository(Body).save(manager.merge(Body, current, dto));
      await this.audit.record(manager, actor, {
        bodyId: body.id,
        action: 'update',
        entityType: 'Body',
        entityId: body.id,
        before,
        after: saved,
      });
      return saved;
    });
  }
}

function assertQuorum(numerator: number, denominator: number): void {
  if (numerator > denominator) {
    throw DomainError.invalid('The quorum cannot be more than everybody', [
      { field: 'quorumNumerator', problems: ['quorumNumerator must not be greater than quorumDenominator'] },
    ]);
  }
}
