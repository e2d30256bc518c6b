import { Global, Module } from '@nestjs/common';
import { UnitOfWork } from 'src/common/unit-of-work';
import { PreparedReads } from 'src/database/prepared-reads';

/**
 * Infrastructure every feature may use: transactions that span the repositories of a use case,
 * and the connections of the prepared reads.
 */
@Global()
@Module({ providers: [UnitOfWork, PreparedReads], exports: [UnitOfWork] })
export class DatabaseModule {}
