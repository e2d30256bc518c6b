import { Module } from '@nestjs/common';
import { OparlController } from 'src/oparl/oparl.controller';
import { OparlService } from 'src/oparl/oparl.service';

@Module({
  controllers: [OparlController],
  providers: [OparlService],
  exports: [OparlService],
})
export class OparlModule {}
