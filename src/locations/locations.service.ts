import { Injectable } from '@nestjs/common';
import { AuditService } from 'src/audit/audit.service';
import { Viewer } from 'src/auth/actor';
import { UnitOfWork } from 'src/common/unit-of-work';
import { Location } from 'src/locations/location.entity';
import { LocationQueryDto } from 'src/locations/locations.dto';
import { LocationsRepository } from 'src/locations/locations.repository';
import { TenantCrudService } from 'src/tenancy/tenant-crud.service';

@Injectable()
export class LocationsService extends TenantCrudService<Location> {
  constructor(
    uow: UnitOfWork,
    private readonly locations: LocationsRepository,
    audit: AuditService,
  ) {
    super(uow, locations, audit, 'Location');
  }

  list(bodyId: string, query: LocationQueryDto, viewer: Viewer): Promise<[Location[], number]> {
    return this.locations.list(bodyId, query, viewer);
  }

  getVisible(bodyId: string, id: string, viewer: Viewer): Promise<Location> {
    return this.locations.getVisible(bodyId, id, viewer);
  }
}
