import { Module } from '@nestjs/common';
import { AgendaModule } from 'src/agenda/agenda.module';
import { AttendanceModule } from 'src/attendance/attendance.module';
import { ConflictsController } from 'src/votes/conflicts.controller';
import { ConflictsRepository } from 'src/votes/conflicts.repository';
import { ConflictsService } from 'src/votes/conflicts.service';
import { ResultsService } from 'src/votes/results.service';
import { VotesController } from 'src/votes/votes.controller';
import { VotesRepository } from 'src/votes/votes.repository';
import { VotesService } from 'src/votes/votes.service';
import { VotingRecordRepository } from 'src/votes/voting-record.repository';

@Module({
  imports: [AttendanceModule, AgendaModule],
  controllers: [VotesController, ConflictsController],
  providers: [VotesRepository, ConflictsRepository, VotesService, ConflictsService, ResultsService, VotingRecordRepository],
  exports: [VotesService, ConflictsService, ResultsService, VotingRecordRepository],
})
export class VotesModule {}
