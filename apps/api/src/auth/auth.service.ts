import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Actor, DomainError, Role } from '@app/domain';
import { checkPassword } from '@app/domain/accounts/password.policy';
import { hashPassword, verifyPassword } from '@app/domain/accounts/accounts.store';
import { queryOne } from '@app/domain/database/sql';
import { SessionsService } from './sessions.service';

export const MAX_FAILED_SIGN_INS = 5;
export const LOCK_MINUTES = 15;

export interface SignInResult {
  token: string;
  expiresAt: Date;
  userId: number;
  username: string;
  roles: Role[];
}

@Injectable()
export class AuthService {
  // verified against when the user does not exist, so both paths take the same time
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly db: DataSource,
    private readonly sessions: SessionsService,
  ) {}

  /**
   * After 5 failed sign-ins in a row the account is locked for 15 minutes; the message does not say
   * whether the user name or the password was wrong.
   */
  async signIn(username: string, password: string, clientIp: string, now = new Date()): Promise<SignInResult> {
    const user = await queryOne<{ id: number; username: string; roles: Role[]; password_hash: string; disabled: boolean; locked_until: Date | null }>(
      this.db,
      `SELECT id, username, roles, password_hash, disabled, failed_attempts, locked_until FROM app_user WHERE username = $1`,
      [username],
    );
    if (!user) {
      await verifyPassword(await (this.dummyHash ??= hashPassword(randomUUID())), password);
      throw new DomainError('UNAUTHENTICATED', '用户名或密码错误');
    }
    if (user.locked_until && user.locked_until > now) {
      const minutes = Math.ceil((user.locked_until.getTime() - now.getTime()) / 60_000);
      throw new DomainError('LOCKED', `连续登录失败次数过多，账号已锁定，请${minutes}分钟后再试`);
    }
    if (!(await verifyPassword(user.password_hash, password))) {
      const row = await queryOne<{ locked_until: Date | null }>(
        this.db,
        `UPDATE app_user
            SET failed_attempts = CASE WHEN locked_until IS NOT NULL AND locked_until <= $2 THEN 1 ELSE failed_attempts + 1 END,
                locked_until = CASE WHEN (CASE WHEN locked_until IS NOT NULL AND locked_until <= $2 THEN 1 ELSE failed_attempts + 1 END) >= $3
                                    THEN $2::timestamptz + make_interval(mins => $4) ELSE NULL END
          WHERE id = $1 RETURNING failed_attempts, locked_until`,
        [user.id, now, MAX_FAILED_SIGN_INS, LOCK_MINUTES],
      );
      if (row?.locked_until) {
        throw new DomainError('LOCKED', `连续登录失败${MAX_FAILED_SIGN_INS}次，账号已锁定${LOCK_MINUTES}分钟`);
      }
      throw new DomainError('UNAUTHENTICATED', '用户名或密码错误');
    }
    // said only to whoever knows the password, so it does not tell which accounts exist
    if (user.disabled) throw new DomainError('UNAUTHENTICATED', '账号已停用，请联系管理员');
    await this.db.query(`UPDATE app_user SET failed_attempts = 0, locked_until = NULL WHERE id = $1`, [user.id]);
    const session = await this.sessions.open(user.id, clientIp, now);
    return { ...session, userId: user.id, username: user.username, roles: user.roles };
  }

  /**
   * A user changes their own password: the old one must be right, the new one must meet the policy and
   * differ from the old. Their other sessions end; the one in use stays.
   */
  async changePassword(actor: Actor, oldPassword: string, newPassword: string): Promise<void> {
    const user = await queryOne<{ password_hash: string }>(this.db, `SELECT password_hash FROM app_user WHERE id = $1`, [actor.userId]);
    if (!user || !(await verifyPassword(user.password_hash, oldPassword))) throw DomainError.invalid('oldPassword', '原密码不正确');
    const problem = checkPassword(newPassword, actor.username);
    if (problem) throw DomainError.invalid('newPassword', problem);
    if (newPassword === oldPassword) throw DomainError.invalid('newPassword', '新密码不能与原密码相同');
    await this.db.transaction(async (em) => {
      await em.query(`UPDATE app_user SET password_hash = $2, updated_at = now() WHERE id = $1`, [actor.userId, await hashPassword(newPassword)]);
      await em.query(`UPDATE user_session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL AND id <> $2`, [actor.userId, actor.sessionId ?? '00000000-0000-0000-0000-000000000000']);
    });
  }
}
