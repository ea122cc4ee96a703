import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { SessionsService } from './sessions.service';
import { SignInRateLimiter } from './sign-in-rate-limit.service';

@Module({
  controllers: [AuthController],
  providers: [AuthService, SessionsService, SignInRateLimiter, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [SessionsService],
})
export class AuthModule {}
