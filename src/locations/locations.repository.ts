import { Injectable } from '@nestjs/common';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { Viewer } from 'src/auth/actor';
import { DomainError } from 'src/common/domain-error';
import { Location } from 'src/locations/location.entity';
import { LocationQueryDto } from 'src/locations/locations.dto';
import { TenantRepository } from 'src/tenancy/tenant.repository';
import { Visibility } from 'src/visibility/visibility';

@Injectable()
export class LocationsRepository extends TenantRepository<Location> {
  constructor(dataSource: DataSource) {
    super(dataSource, Location, 'Location');
  }

  private visibleTo(qb: SelectQueryBuilder<Location>, viewer: Viewer): SelectQueryBuilder<Location> {
    const visible = Visibility.location(viewer, 'o');
    return qb.andWhere(visible.sql, visible.params);
  }

  list(bodyId: string, query: LocationQueryDto, viewer: Viewer): Promise<[Location[], number]> {
    return this.page(this.visibleTo(this.query(bodyId), viewer), query, { locality: 'ASC', streetAddress: 'ASC' });
  }

  async getVisible(bodyId: string, id: string, viewer: Viewer): Promise<Location> {
    const found = await this.visibleTo(this.query(bodyId).andWhere('o.id = :id', { id }), viewer).getOne();
    if (!found) throw DomainError.notFound(this.label);
    return found;
  }
}
