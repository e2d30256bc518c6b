import { Module } from '@nestjs/common';
import { AccountsController } from 'src/accounts/accounts.controller';
import { AccountsRepository } from 'src/accounts/accounts.repository';
import { AccountsService } from 'src/accounts/accounts.service';
import { PersonsModule } from 'src/persons/persons.module';

@Module({
  imports: [PersonsModule],
  controllers: [AccountsController],
  providers: [AccountsRepository, AccountsService],
  exports: [AccountsRepository, AccountsService],
})
export class AccountsModule {}
