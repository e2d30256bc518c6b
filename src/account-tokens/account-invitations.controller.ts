import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InviteAccountDto, LinkSentResponseDto } from 'src/account-tokens/account-tokens.dto';
import { AccountTokensService } from 'src/account-tokens/account-tokens.service';
import { AccountParamsDto, AccountResponseDto, toAccountResponse } from 'src/accounts/accounts.dto';
import { Access, RequireAccess } from 'src/auth/access';
import { Actor } from 'src/auth/actor';
import { CurrentActor, CurrentBody } from 'src/auth/current.decorators';
import type { Body as Municipality } from 'src/bodies/body.entity';
import { BodyParamsDto } from 'src/common/id-params.dto';

/** Invitations and password resets by e-mail with a one-time link (the council office's pages offer the same). */
@ApiTags('Accounts')
@Controller('api/v1/bodies/:bodyKey/accounts')
export class AccountInvitationsController {
  constructor(private readonly service: AccountTokensService) {}

  @Post('invitations')
  @RequireAccess(Access.BodyAdmin)
  @ApiCreatedResponse({
    type: AccountResponseDto,
    description:
      'A new account gets no password and an invitation mail with a link valid for 7 days; an existing account keeps its password and gets a notice',
  })
  async invite(
    @Param() _: BodyParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
    @Body() dto: InviteAccountDto,
  ): Promise<AccountResponseDto> {
    return toAccountResponse(await this.service.invite(body, actor, { ...dto, personId: dto.personId ?? null }));
  }

  @Post(':accountId/invitations')
  @HttpCode(200)
  @RequireAccess(Access.BodyAdmin)
  @ApiOkResponse({
    type: LinkSentResponseDto,
    description: 'A new invitation link (older ones end) for an account that has no password yet',
  })
  async resendInvitation(
    @Param() params: AccountParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
  ): Promise<LinkSentResponseDto> {
    return this.service.resendInvitation(body, actor, params.accountId);
  }

  @Post(':accountId/password-resets')
  @HttpCode(200)
  @RequireAccess(Access.BodyAdmin)
  @ApiOkResponse({
    type: LinkSentResponseDto,
    description: 'A link valid for 2 hours that sets a new password; the old password stays valid until it is used',
  })
  async sendReset(
    @Param() params: AccountParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
  ): Promise<LinkSentResponseDto> {
    return this.service.sendReset(body, actor, params.accountId);
  }
}
