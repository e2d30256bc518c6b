import { Global, Module } from '@nestjs/common';
import { BodiesModule } from 'src/bodies/bodies.module';
import { TenancyService } from 'src/tenancy/tenancy.service';

@Global()
@Module({ imports: [BodiesModule], providers: [TenancyService], exports: [TenancyService] })
export class TenancyModule {}
