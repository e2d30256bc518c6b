import { Injectable } from '@nestjs/common';
import { BodiesRepository } from 'src/bodies/bodies.repository';
import { Body } from 'src/bodies/body.entity';

/** The body an address names, for the guard and the public channels. */
@Injectable()
export class TenancyService {
  constructor(private readonly bodies: BodiesRepository) {}

  /** Null for an unknown key, and without a query for one no body can have. */
  findBodyByKey(key: string): Promise<Body | null> {
    return this.bodies.findByKey(key);
  }

  /** The bodies of these ids that exist, by name. */
  async bodiesByIds(ids: string[]): Promise<Body[]> {
    if (ids.length === 0) return [];
    return (await this.bodies.findByIds(undefined, ids)).filter((b) => !b.deleted).sort((a, b) => a.name.localeCompare(b.name, 'de'));
  }
}
