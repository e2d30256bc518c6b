import { Module } from '@nestjs/common';
import { MeetingsModule } from 'src/meetings/meetings.module';
import { OparlController } from 'src/oparl/oparl.controller';
import { OparlRepository } from 'src/oparl/oparl.repository';
import { OparlService } from 'src/oparl/oparl.service';

@Module({
  imports: [MeetingsModule],
  controllers: [OparlController],
  providers: [OparlRepository, OparlService],
  exports: [OparlService],
})
export class OparlModule {}
