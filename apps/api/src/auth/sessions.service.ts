import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, APP_CONFIG, AppConfig, permissionsOf, Role } from '@app/domain';
import { Batcher } from '@app/domain/database/batcher';
import { queryRows } from '@app/domain/database/sql';
import { AuditService } from '../audit/audit.service';
import { hashSessionToken, newSessionToken } from './session-token';

interface SessionRow {
  session_id: string;
  user_id: number;
  username: string;
  roles: Role[];
  street_id: number | null;
  department_id: number | null;
  worker_id: number | null;
  last_seen_at: Date;
  expires_at: Date;
}

/**
 * Server-side sessions: a session ends after the idle limit (30 min by default) or the absolute limit
 * (12 h), and at once on sign-out or when the user is disabled (the look-up joins the user row).
 */
@Injectable()
export class SessionsService {
  /**
   * Every request looks its session up in the database (so a sign-out or a disabled user takes effect on the
   * very next request); look-ups of concurrent requests share one query.
   */
  private readonly lookups = new Batcher<string, SessionRow | undefined>(async (hashes) => {
    const rows = await queryRows<SessionRow & { token_hash: string }>(
      this.db,
      `SELECT s.token_hash, s.id AS session_id, u.id AS user_id, u.username, u.roles, u.street_id, u.department_id, u.worker_id,
              s.last_seen_at, s.expires_at
         FROM user_session s JOIN app_user u ON u.id = s.user_id
        WHERE s.token_hash = ANY($1::text[]) AND s.revoked_at IS NULL AND NOT u.disabled`,
      [[...new Set(hashes)]],
    );
    const byHash = new Map(rows.map((r) => [r.token_hash, r]));
    return hashes.map((h) => byHash.get(h));
  });

  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  async open(userId: number, clientIp: string, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
    const token = newSessionToken();
    const expiresAt = new Date(now.getTime() + this.config.SESSION_MAX_HOURS * 3600_000);
    await this.db.query(
      `INSERT INTO user_session (token_hash, user_id, created_at, last_seen_at, expires_at, client_ip) VALUES ($1, $2, $3, $3, $4, $5)`,
      [hashSessionToken(token), userId, now, expiresAt, clientIp],
    );
    return { token, expiresAt };
  }

  /**
   * The actor of a valid session, touching its idle clock; null when the session is unknown or over. A
   * session found over its idle or absolute limit is ended and the end is audited.
   */
  async resolve(token: string, clientIp: string, now = new Date(), requestId = ''): Promise<Actor | null> {
    const idleMs = this.config.SESSION_IDLE_MINUTES * 60_000;
    const row = await this.lookups.submit(hashSessionToken(token));
    if (!row) return null;
    if (now >= row.expires_at || now.getTime() - row.last_seen_at.getTime() > idleMs) {
      const ended = await queryRows(this.db, `UPDATE user_session SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id`, [row.session_id, now]);
      if (ended.length) {
        const reason = now >= row.expires_at ? 'absolute' : 'idle';
        await this.audit.append({
          userId: row.user_id,
          username: row.username,
          roles: row.roles,
          kind: 'session',
          action: 'session.expired',
          targetType: 'sessions',
          targetId: row.session_id,
          result: 'failure',
          status: 401,
          clientIp,
          requestId,
          detail: {
            reason,
            message: reason === 'idle' ? `超过${this.config.SESSION_IDLE_MINUTES}分钟未操作，会话已结束` : `会话已满${this.config.SESSION_MAX_HOURS}小时，已结束`,
          },
        });
      }
      return null;
    }
    // touch at most every 30 s: an idle clock does not need a write per request
    if (now.getTime() - row.last_seen_at.getTime() > 30_000) {
      await this.db.query(`UPDATE user_session SET last_seen_at = $2 WHERE id = $1`, [row.session_id, now]);
    }
    return {
      userId: row.user_id,
      username: row.username,
      roles: row.roles,
      permissions: permissionsOf(row.roles),
      streetId: row.street_id,
      departmentId: row.department_id,
      workerId: row.worker_id,
      sessionId: row.session_id,
      clientIp,
    };
  }

  async revoke(sessionId: string, now = new Date()): Promise<void> {
    await this.db.query(`UPDATE user_session SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL`, [sessionId, now]);
  }

  async revokeAllOf(userId: number, now = new Date()): Promise<void> {
    await this.db.query(`UPDATE user_session SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`, [userId, now]);
  }
}
