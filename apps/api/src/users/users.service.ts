import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError, Role, ROLE_LABELS } from '@app/domain';
import { checkRoleBinding, createUser, hashPassword } from '@app/domain/accounts/accounts.store';
import { checkPassword, generatePasswordFor } from '@app/domain/accounts/password.policy';
import { auditChange, auditDetail } from '@app/domain/audit/audit-context';
import { queryOne, queryRows, toInt } from '@app/domain/database/sql';
import { Page, pageOf } from '../common/pagination.dto';
import { CreateUserDto, RoleBindingDto, UpdateUserDto, UserQuery } from './dto/user.dto';

export interface UserView {
  id: number;
  username: string;
  displayName: string;
  roles: Array<{ code: Role; name: string }>;
  street: { id: number; name: string } | null;
  department: { id: number; name: string } | null;
  worker: { id: number; code: string; name: string } | null;
  disabled: boolean;
  /** Locked after repeated failed sign-ins, until this instant. */
  lockedUntil: Date | null;
  lastSignInAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

interface Row {
  id: number;
  username: string;
  display_name: string;
  roles: Role[];
  street_id: number | null;
  street_name: string | null;
  department_id: number | null;
  department_name: string | null;
  worker_id: number | null;
  worker_code: string | null;
  worker_name: string | null;
  disabled: boolean;
  locked_until: Date | null;
  last_sign_in_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const SELECT_USER = `
  SELECT u.id, u.username, u.display_name, u.roles, u.street_id, s.name AS street_name, u.department_id, d.name AS department_name,
         u.worker_id, w.code AS worker_code, w.name AS worker_name, u.disabled, u.locked_until, u.created_at, u.updated_at,
         (SELECT max(created_at) FROM user_session x WHERE x.user_id = u.id) AS last_sign_in_at
    FROM app_user u
    LEFT JOIN org_unit s ON s.id = u.street_id
    LEFT JOIN department d ON d.id = u.department_id
    LEFT JOIN grid_worker w ON w.id = u.worker_id`;

function view(r: Row, now = new Date()): UserView {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    roles: r.roles.map((code) => ({ code, name: ROLE_LABELS[code] ?? code })),
    street: r.street_id ? { id: r.street_id, name: r.street_name ?? '' } : null,
    department: r.department_id ? { id: r.department_id, name: r.department_name ?? '' } : null,
    worker: r.worker_id ? { id: r.worker_id, code: r.worker_code ?? '', name: r.worker_name ?? '' } : null,
    disabled: r.disabled,
    lockedUntil: r.locked_until && r.locked_until > now ? r.locked_until : null,
    lastSignInAt: r.last_sign_in_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** What the audit trail keeps of a user: no password, no hash. */
function auditFields(u: UserView) {
  return {
    username: u.username,
    displayName: u.displayName,
    roles: u.roles.map((r) => r.code),
    streetId: u.street?.id ?? null,
    departmentId: u.department?.id ?? null,
    workerId: u.worker?.id ?? null,
    disabled: u.disabled,
  };
}

/**
 * Accounts administration (centre admins only): users, their roles and bindings, disabling, password
 * resets. Disabling a user, changing their roles or resetting their password ends their sessions at once.
 */
@Injectable()
export class UsersService {
  constructor(private readonly db: DataSource) {}

  async list(q: UserQuery): Promise<Page<UserView>> {
    const { page, pageSize, offset } = pageOf(q);
    const params: unknown[] = [];
    const where: string[] = [];
    if (q.q) where.push(`(strpos(lower(u.username), lower($${params.push(q.q)})) > 0 OR strpos(u.display_name, $${params.length}) > 0)`);
    if (q.role) where.push(`$${params.push(q.role)} = ANY(u.roles)`);
    if (q.streetId !== undefined) where.push(`u.street_id = $${params.push(q.streetId)}`);
    if (q.disabled !== undefined) where.push(`u.disabled = $${params.push(q.disabled === 'true')}`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [count] = await queryRows<{ n: string }>(this.db, `SELECT count(*) AS n FROM app_user u ${clause}`, params);
    const rows = await queryRows<Row>(this.db, `${SELECT_USER} ${clause} ORDER BY u.username LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, [...params, pageSize, offset]);
    return { items: rows.map((r) => view(r)), total: toInt(count.n), page, pageSize };
  }

  async get(id: number, em: EntityManager | DataSource = this.db): Promise<UserView> {
    const row = await queryOne<Row>(em, `${SELECT_USER} WHERE u.id = $1`, [id]);
    if (!row) throw DomainError.notFound('用户', id);
    return view(row);
  }

  /** Locks the user's row for the rest of the transaction and answers its current state. */
  private async lock(em: EntityManager, id: number): Promise<UserView> {
    const locked = await queryOne(em, `SELECT id FROM app_user WHERE id = $1 FOR UPDATE`, [id]);
    if (!locked) throw DomainError.notFound('用户', id);
    return this.get(id, em);
  }

  private async revokeSessions(em: EntityManager, userId: number): Promise<number> {
    const rows = await queryRows(em, `UPDATE user_session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL RETURNING id`, [userId]);
    if (rows.length) auditDetail({ sessionsEnded: rows.length });
    return rows.length;
  }

  /** Refuses a change that would leave no enabled centre admin. */
  private async assertAnotherAdmin(em: EntityManager, userId: number): Promise<void> {
    // serialise admin removals: two admins disabling each other at once must not both succeed
    await em.query(`SELECT pg_advisory_xact_lock(7332, 1)`);
    const other = await queryOne(em, `SELECT 1 FROM app_user WHERE id <> $1 AND NOT disabled AND 'centre_admin' = ANY(roles) LIMIT 1`, [userId]);
    if (!other) throw DomainError.conflict('至少须保留一名可用的中心管理员');
  }

  async create(dto: CreateUserDto): Promise<UserView & { initialPassword?: string }> {
    const generated = dto.password === undefined ? generatePasswordFor(dto.username) : undefined;
    return this.db.transaction(async (em) => {
      const id = await createUser(em, {
        username: dto.username,
        displayName: dto.displayName,
        password: dto.password ?? generated!,
        roles: dto.roles,
        streetId: dto.streetId,
        departmentId: dto.departmentId,
        workerId: dto.workerId,
      });
      const user = await this.get(id, em);
      auditChange('users', id, null, auditFields(user));
      return generated ? { ...user, initialPassword: generated } : user;
    });
  }

  async update(id: number, dto: UpdateUserDto): Promise<UserView> {
    return this.db.transaction(async (em) => {
      const before = await this.lock(em, id);
      if (dto.displayName !== undefined) await em.query(`UPDATE app_user SET display_name = $2, updated_at = now() WHERE id = $1`, [id, dto.displayName]);
      const after = await this.get(id, em);
      auditChange('users', id, auditFields(before), auditFields(after));
      return after;
    });
  }

  async assignRoles(id: number, dto: RoleBindingDto): Promise<UserView> {
    return this.db.transaction(async (em) => {
      const before = await this.lock(em, id);
      const binding = await checkRoleBinding(em, dto, id);
      const wasAdmin = before.roles.some((r) => r.code === 'centre_admin');
      if (wasAdmin && !binding.roles.includes('centre_admin') && !before.disabled) await this.assertAnotherAdmin(em, id);
      await em.query(
        `UPDATE app_user SET roles = $2, street_id = $3, department_id = $4, worker_id = $5, updated_at = now() WHERE id = $1`,
        [id, binding.roles, binding.streetId, binding.departmentId, binding.workerId],
      );
      const after = await this.get(id, em);
      const changed = JSON.stringify(auditFields(before)) !== JSON.stringify(auditFields(after));
      // what a session may do is read from the user row on every request, but a changed role ends the
      // sessions anyway: the person signs in again and sees their new menu
      if (changed) await this.revokeSessions(em, id);
      auditChange('users', id, auditFields(before), auditFields(after));
      return after;
    });
  }

  async disable(actor: Actor, id: number): Promise<UserView> {
    if (actor.userId === id) throw DomainError.forbidden('不能停用自己的账号');
    return this.db.transaction(async (em) => {
      const before = await this.lock(em, id);
      if (!before.disabled && before.roles.some((r) => r.code === 'centre_admin')) await this.assertAnotherAdmin(em, id);
      await em.query(`UPDATE app_user SET disabled = true, updated_at = now() WHERE id = $1`, [id]);
      await this.revokeSessions(em, id);
      const after = await this.get(id, em);
      auditChange('users', id, auditFields(before), auditFields(after));
      return after;
    });
  }

  async enable(id: number): Promise<UserView> {
    return this.db.transaction(async (em) => {
      const before = await this.lock(em, id);
      await em.query(`UPDATE app_user SET disabled = false, failed_attempts = 0, locked_until = NULL, updated_at = now() WHERE id = $1`, [id]);
      const after = await this.get(id, em);
      auditChange('users', id, auditFields(before), auditFields(after));
      return after;
    });
  }

  /** Lifts a lockout after failed sign-ins before its 15 minutes are over. */
  async unlock(id: number): Promise<UserView> {
    return this.db.transaction(async (em) => {
      const before = await this.lock(em, id);
      await em.query(`UPDATE app_user SET failed_attempts = 0, locked_until = NULL WHERE id = $1`, [id]);
      auditChange('users', id, { lockedUntil: before.lockedUntil }, { lockedUntil: null });
      return this.get(id, em);
    });
  }

  /** Sets a new password (given, or generated and shown once), lifts a lockout and ends the user's sessions. */
  async resetPassword(id: number, password?: string): Promise<{ id: number; password?: string }> {
    return this.db.transaction(async (em) => {
      const user = await this.lock(em, id);
      const next = password ?? generatePasswordFor(user.username);
      const problem = checkPassword(next, user.username);
      if (problem) throw DomainError.invalid('password', problem);
      await em.query(`UPDATE app_user SET password_hash = $2, failed_attempts = 0, locked_until = NULL, updated_at = now() WHERE id = $1`, [id, await hashPassword(next)]);
      await this.revokeSessions(em, id);
      auditDetail({ passwordReset: true, passwordGenerated: password === undefined });
      return password === undefined ? { id, password: next } : { id };
    });
  }
}
