import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Body } from 'src/bodies/body.entity';

@Injectable()
export class TenancyService {
  constructor(private readonly dataSource: DataSource) {}

  findBodyByKey(key: string): Promise<Body | null> {
    return this.dataSource.getRepository(Body).findOneBy({ key });
  }
}
