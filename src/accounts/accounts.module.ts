import { Module } from '@nestjs/common';
import { AccountsController } from 'src/accounts/accounts.controller';
import { AccountsRepository } from 'src/accounts/accounts.repository';
import { AccountsService } from 'src/accounts/accounts.service';

@Module({
  controllers: [AccountsController],
  providers: [AccountsRepository, AccountsService],
  exports: [AccountsService],
})
export class AccountsModule {}
