import { Injectable } from '@nestjs/common';
import { BodyRole } from 'src/accounts/account-body-role.entity';
import { AccountsService } from 'src/accounts/accounts.service';
import { AuditService } from 'src/audit/audit.service';
import { Actor, Principal } from 'src/auth/actor';
import { CreateBodyDto, UpdateBodyDto } from 'src/bodies/bodies.dto';
import { BodiesRepository } from 'src/bodies/bodies.repository';
import { Body } from 'src/bodies/body.entity';
import { DomainError, ErrorCode } from 'src/common/domain-error';
import { PageQueryDto } from 'src/common/pagination.dto';
import { UnitOfWork } from 'src/common/unit-of-work';
import { Location } from 'src/locations/location.entity';
import { LocationsRepository } from 'src/locations/locations.repository';

@Injectable()
export class BodiesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly bodies: BodiesRepository,
    private readonly locations: LocationsRepository,
    private readonly accounts: AccountsService,
    private readonly audit: AuditService,
  ) {}

  list(principal: Principal, query: PageQueryDto): Promise<[Body[], number]> {
    return this.bodies.listFor(principal, query);
  }

  /** The body as it is stored now. */
  async reload(body: Body): Promise<Body> {
    const [found] = await this.bodies.findByIds(undefined, [body.id]);
    if (!found) throw DomainError.notFound('Body');
    return found;
  }

  /** The body and its first administrator land together or not at all. */
  create(actor: Actor, dto: CreateBodyDto): Promise<{ body: Body; adminAccountId: string }> {
    const { admin, ...values } = dto;
    assertQuorum(values.quorumNumerator ?? 1, values.quorumDenominator ?? 2);
    return this.uow.run(async (tx) => {
      if (await this.bodies.keyTaken(tx, values.key)) {
        throw new DomainError(ErrorCode.Conflict, 'A body with this key exists already', [{ field: 'key', problems: ['key is taken'] }]);
      }
      const body = await this.bodies.insert(tx, values);
      // Creating a municipality is an installation-wide act, so the entry belongs to no body.
      await this.audit.record(tx, actor, { bodyId: null, action: 'create', entityType: 'Body', entityId: body.id, after: body });
      const role = await this.accounts.grant(tx, actor, body.id, { ...admin, role: BodyRole.Admin });
      return { body, adminAccountId: role.accountId };
    });
  }

  /**
   * Changes the body's settings. `readAt`, from a form that has no version number to send, refuses
   * a save made by someone else since the form was read.
   */
  update(body: Body, actor: Actor, dto: UpdateBodyDto, readAt?: Date): Promise<Body> {
    return this.uow.run(async (tx) => {
      const current = await this.bodies.getForUpdate(tx, body.id);
      if (readAt && current.modified.getTime() > readAt.getTime()) throw DomainError.changedSince(readAt, current.modified);
      const before = { ...current };
      assertQuorum(dto.quorumNumerator ?? current.quorumNumerator, dto.quorumDenominator ?? current.quorumDenominator);
      await this.locations.assertReferences(tx, body.id, [{ entity: Location, ids: [dto.locationId], field: 'locationId' }]);
      const saved = await this.bodies.saveChanges(tx, current, dto);
      await this.audit.record(tx, actor, {
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
