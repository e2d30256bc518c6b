import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Tx } from 'src/common/unit-of-work';
import { Consultation, ConsultationStatus } from 'src/consultations/consultation.entity';
import { TenantRepository } from 'src/tenancy/tenant.repository';

@Injectable()
export class ConsultationsRepository extends TenantRepository<Consultation> {
  constructor(dataSource: DataSource) {
    super(dataSource, Consultation, 'Consultation', 'c');
  }

  /** Scheduled consultations of the meeting go back to their paper's queue. */
  async releaseScheduledOfMeeting(tx: Tx, bodyId: string, meetingId: string): Promise<void> {
    await this.repo(tx).update(
      { bodyId, meetingId, status: ConsultationStatus.Scheduled },
      { meetingId: null, agendaItemId: null, status: ConsultationStatus.Pending },
    );
  }
}
