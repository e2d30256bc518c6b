import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import { Principal } from 'src/auth/actor';
import { LoginDto, MeResponseDto, SessionResponseDto, toMeResponse } from 'src/auth/auth.dto';
import { AuthService } from 'src/auth/auth.service';
import { CurrentPrincipal } from 'src/auth/current.decorators';

@ApiTags('Authentication')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @RequireAccess(Access.Public)
  @ApiOkResponse({ type: SessionResponseDto })
  async login(@Body() dto: LoginDto, @Req() request: FastifyRequest): Promise<SessionResponseDto> {
    const { token, expiresAt } = await this.auth.login(dto.email, dto.password, request.ip, request.headers['user-agent'] ?? null);
    return { token, expiresAt: expiresAt.toISOString() };
  }

  @Post('logout')
  @HttpCode(204)
  @RequireAccess(Access.Authenticated)
  async logout(@CurrentPrincipal() principal: Principal): Promise<void> {
    await this.auth.logout(principal.sessionId);
  }

  @Get('me')
  @RequireAccess(Access.Authenticated)
  @ApiOkResponse({ type: MeResponseDto })
  me(@CurrentPrincipal() principal: Principal): MeResponseDto {
    return toMeResponse(principal);
  }
}
