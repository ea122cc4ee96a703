import { Body, Controller, Get, HttpCode, HttpException, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { Actor, ROLE_LABELS } from '@app/domain';
import { auditSubject } from '@app/domain/audit/audit-context';
import { queryOne } from '@app/domain/database/sql';
import { AuditAs } from '../audit/audit.decorators';
import { CurrentActor, Public, SignedIn } from './auth.decorators';
import { AuthService } from './auth.service';
import { ChangePasswordDto } from './dto/change-password.dto';
import { SignInDto } from './dto/sign-in.dto';
import { SESSION_COOKIE } from './session-token';
import { SessionsService } from './sessions.service';
import { SignInRateLimiter } from './sign-in-rate-limit.service';

@ApiTags('登录')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
    private readonly db: DataSource,
    private readonly rateLimit: SignInRateLimiter,
  ) {}

  @Public()
  @Post('sign-in')
  @HttpCode(200)
  @AuditAs('sign_in')
  @ApiOperation({ summary: '登录：返回会话令牌，并设置 HttpOnly 会话 Cookie；每个地址、每个用户名每分钟最多尝试10次' })
  async signIn(@Body() dto: SignInDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    // the audit entry names the user name tried, whether or not it exists
    auditSubject({ username: dto.username });
    const rate = await this.rateLimit.hit(req.ip ?? '', dto.username);
    if (!rate.allowed) {
      res.setHeader('Retry-After', String(rate.retryAfterSeconds));
      throw new HttpException({ code: 'TOO_MANY_REQUESTS', message: `登录尝试过于频繁，请${rate.retryAfterSeconds}秒后再试` }, 429);
    }
    const result = await this.auth.signIn(dto.username, dto.password, req.ip ?? '');
    auditSubject({ userId: result.userId, username: result.username, roles: result.roles });
    res.cookie(SESSION_COOKIE, result.token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/api', expires: result.expiresAt });
    res.setHeader('Cache-Control', 'no-store');
    return { token: result.token, expiresAt: result.expiresAt };
  }

  @SignedIn()
  @Post('sign-out')
  @HttpCode(204)
  @AuditAs('sign_out')
  @ApiOperation({ summary: '退出登录：会话在服务端立即失效' })
  async signOut(@CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<void> {
    if (actor.sessionId) await this.sessions.revoke(actor.sessionId);
    res.clearCookie(SESSION_COOKIE, { path: '/api' });
  }

  @SignedIn()
  @Post('password')
  @HttpCode(204)
  @ApiOperation({ summary: '修改本人密码：须提供原密码，新密码须符合密码策略；本人其他会话随即失效' })
  async changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto): Promise<void> {
    await this.auth.changePassword(actor, dto.oldPassword, dto.newPassword);
  }

  @SignedIn()
  @Get('me')
  @ApiOperation({ summary: '当前用户、角色与权限' })
  async me(@CurrentActor() actor: Actor) {
    const user = await queryOne<{ display_name: string }>(this.db, `SELECT display_name FROM app_user WHERE id = $1`, [actor.userId]);
    return {
      id: actor.userId,
      username: actor.username,
      displayName: user?.display_name ?? actor.username,
      roles: actor.roles.map((r) => ({ code: r, name: ROLE_LABELS[r] })),
      permissions: [...actor.permissions].sort(),
      streetId: actor.streetId,
      departmentId: actor.departmentId,
      workerId: actor.workerId,
    };
  }
}

