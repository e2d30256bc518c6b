import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  AccountParamsDto,
  AccountQueryDto,
  AccountResponseDto,
  CreateAccountDto,
  toAccountResponse,
  UpdateAccountDto,
} from 'src/accounts/accounts.dto';
import { AccountsService } from 'src/accounts/accounts.service';
import { Access, RequireAccess } from 'src/auth/access';
import { Actor } from 'src/auth/actor';
import { CurrentActor, CurrentBody } from 'src/auth/current.decorators';
import type { Body as Municipality } from 'src/bodies/body.entity';
import { ApiPage } from 'src/common/api-page.decorator';
import { BodyParamsDto } from 'src/common/id-params.dto';
import { Page, toPage } from 'src/common/pagination.dto';

@ApiTags('Accounts')
@Controller('api/v1/bodies/:bodyKey/accounts')
export class AccountsController {
  constructor(private readonly service: AccountsService) {}

  @Get()
  @RequireAccess(Access.BodyAdmin)
  @ApiPage(AccountResponseDto)
  async list(
    @Param() _: BodyParamsDto,
    @CurrentBody() body: Municipality,
    @Query() query: AccountQueryDto,
  ): Promise<Page<AccountResponseDto>> {
    const [rows, total] = await this.service.list(body.id, query);
    return toPage(rows, total, query, toAccountResponse);
  }

  @Post()
  @RequireAccess(Access.BodyAdmin)
  @ApiOkResponse({ type: AccountResponseDto })
  async create(
    @Param() _: BodyParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
    @Body() dto: CreateAccountDto,
  ): Promise<AccountResponseDto> {
    return toAccountResponse(await this.service.create(body.id, actor, dto));
  }

  @Patch(':accountId')
  @RequireAccess(Access.BodyAdmin)
  @ApiOkResponse({ type: AccountResponseDto })
  async update(
    @Param() params: AccountParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
    @Body() dto: UpdateAccountDto,
  ): Promise<AccountResponseDto> {
    return toAccountResponse(await this.service.update(body.id, params.accountId, actor, dto));
  }

  @Delete(':accountId')
  @HttpCode(204)
  @RequireAccess(Access.BodyAdmin)
  @ApiNoContentResponse({ description: 'The role in this body is gone and the account is logged out everywhere' })
  async remove(@Param() params: AccountParamsDto, @CurrentBody() body: Municipality, @CurrentActor() actor: Actor): Promise<void> {
    await this.service.remove(body.id, params.accountId, actor);
  }

  @Post(':accountId/lock')
  @HttpCode(200)
  @RequireAccess(Access.BodyAdmin)
  @ApiOkResponse({
    type: AccountResponseDto,
    description:
      'The role counts as none for this body until unlocked, and the account is logged out everywhere; other bodies keep their roles',
  })
  async lock(
    @Param() params: AccountParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
  ): Promise<AccountResponseDto> {
    return toAccountResponse(await this.service.lock(body.id, params.accountId, actor));
  }

  @Post(':accountId/unlock')
  @HttpCode(200)
  @RequireAccess(Access.BodyAdmin)
  @ApiOkResponse({ type: AccountResponseDto })
  async unlock(
    @Param() params: AccountParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
  ): Promise<AccountResponseDto> {
    return toAccountResponse(await this.service.unlock(body.id, params.accountId, actor));
  }

  @Post(':accountId/revoke-sessions')
  @HttpCode(204)
  @RequireAccess(Access.BodyAdmin)
  @ApiNoContentResponse({ description: 'Every session of the account is ended' })
  async revokeSessions(@Param() params: AccountParamsDto, @CurrentBody() body: Municipality, @CurrentActor() actor: Actor): Promise<void> {
    await this.service.revokeSessions(body.id, params.accountId, actor);
  }
}
