import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Body } from 'src/bodies/body.entity';
import { BODY_KEY_PATTERN } from 'src/common/id-params.dto';

@Injectable()
export class TenancyService {
  constructor(private readonly dataSource: DataSource) {}

  findBodyByKey(key: string): Promise<Body | null> {
    // No body has a key outside the pattern; asking the database anyway would turn a NUL byte
    // in the address into a PostgreSQL encoding error (a 500) instead of a plain 404.
    if (!BODY_KEY_PATTERN.test(key)) return Promise.resolve(null);
    return this.dataSource.getRepository(Body).findOneBy({ key });
  }
}
