import { Module } from '@nestjs/common';
import { AccountInvitationsController } from 'src/account-tokens/account-invitations.controller';
import { AccountLinks } from 'src/account-tokens/account-links';
import { AccountPasswordController } from 'src/account-tokens/account-password.controller';
import { AccountTokensRepository } from 'src/account-tokens/account-tokens.repository';
import { AccountTokensService } from 'src/account-tokens/account-tokens.service';
import { AccountsModule } from 'src/accounts/accounts.module';
import { AlertsModule } from 'src/alerts/alerts.module';
import { PortalModule } from 'src/portal/portal.module';

/**
 * One-time links that set an account's password: invitations and resets sent by a body's
 * council office through the mail queue, and the public page the link opens. A channel on top of
 * accounts; the office's pages use its service.
 */
@Module({
  imports: [AccountsModule, AlertsModule, PortalModule],
  controllers: [AccountInvitationsController, AccountPasswordController],
  providers: [AccountLinks, AccountTokensRepository, AccountTokensService],
  exports: [AccountTokensService],
})
export class AccountTokensModule {}
