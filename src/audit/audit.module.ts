import { Global, Module } from '@nestjs/common';
import { AuditController } from 'src/audit/audit.controller';
import { AuditRepository } from 'src/audit/audit.repository';
import { AuditService } from 'src/audit/audit.service';

@Global()
@Module({ controllers: [AuditController], providers: [AuditRepository, AuditService], exports: [AuditService] })
export class AuditModule {}
