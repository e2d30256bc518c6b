import { Global, Module } from '@nestjs/common';
import { UnitOfWork } from 'src/common/unit-of-work';

/** Infrastructure every feature may use: transactions that span the repositories of a use case. */
@Global()
@Module({ providers: [UnitOfWork], exports: [UnitOfWork] })
export class DatabaseModule {}
