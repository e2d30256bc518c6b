import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccountsModule } from 'src/accounts/accounts.module';
import { AuthController } from 'src/auth/auth.controller';
import { AuthGuard } from 'src/auth/auth.guard';
import { AuthService } from 'src/auth/auth.service';
import { LoginAttemptsRepository } from 'src/auth/login-attempts.repository';
import { LoginThrottleService } from 'src/auth/login-throttle.service';
import { PasswordService } from 'src/auth/password.service';
import { SessionsRepository } from 'src/auth/sessions.repository';

@Global()
@Module({
  imports: [AccountsModule],
  controllers: [AuthController],
  providers: [
    AuthService,
    PasswordService,
    SessionsRepository,
    LoginAttemptsRepository,
    LoginThrottleService,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, PasswordService, SessionsRepository],
})
export class AuthModule {}
