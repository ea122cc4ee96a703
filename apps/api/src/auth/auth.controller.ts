import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { Actor, ROLE_LABELS } from '@app/domain';
import { queryOne } from '@app/domain/database/sql';
import { CurrentActor, Public, SignedIn } from './auth.decorators';
import { AuthService } from './auth.service';
import { SignInDto } from './dto/sign-in.dto';
import { SESSION_COOKIE } from './session-token';
import { SessionsService } from './sessions.service';

@ApiTags('登录')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
    private readonly db: DataSource,
  ) {}

  @Public()
  @Post('sign-in')
  @HttpCode(200)
  @ApiOperation({ summary: '登录：返回会话令牌，并设置 HttpOnly 会话 Cookie' })
  async signIn(@Body() dto: SignInDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const result = await this.auth.signIn(dto.username, dto.password, req.ip ?? '');
    res.cookie(SESSION_COOKIE, result.token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/api', expires: result.expiresAt });
    res.setHeader('Cache-Control', 'no-store');
    return { token: result.token, expiresAt: result.expiresAt };
  }

  @SignedIn()
  @Post('sign-out')
  @HttpCode(204)
  @ApiOperation({ summary: '退出登录：会话在服务端立即失效' })
  async signOut(@CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<void> {
    if (actor.sessionId) await this.sessions.revoke(actor.sessionId);
    res.clearCookie(SESSION_COOKIE, { path: '/api' });
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

