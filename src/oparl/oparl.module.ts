import { Module } from '@nestjs/common';
import { MeetingsModule } from 'src/meetings/meetings.module';
import { OparlController } from 'src/oparl/oparl.controller';
import { OparlService } from 'src/oparl/oparl.service';

@Module({
  imports: [MeetingsModule],
  controllers: [OparlController],
  providers: [OparlService],
  exports: [OparlService],
})
export class OparlModule {}
