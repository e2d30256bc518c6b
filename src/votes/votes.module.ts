import { Module } from '@nestjs/common';
import { AttendanceModule } from 'src/attendance/attendance.module';
import { AgendaModule } from 'src/agenda/agenda.module';
import { ConflictsController } from 'src/votes/conflicts.controller';
import { ConflictsService } from 'src/votes/conflicts.service';
import { ResultsService } from 'src/votes/results.service';
import { VotesController } from 'src/votes/votes.controller';
import { VotesService } from 'src/votes/votes.service';

@Module({
  imports: [AttendanceModule, AgendaModule],
  controllers: [VotesController, ConflictsController],
  providers: [VotesService, ConflictsService, ResultsService],
})
export class VotesModule {}
