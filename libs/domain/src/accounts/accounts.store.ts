import * as argon2 from 'argon2';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../errors/domain-error';
import { checkPassword } from './password.policy';
import { Role, ROLES } from './roles';

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  streetId?: number | null;
  departmentId?: number | null;
  workerId?: number | null;
}

// argon2id, OWASP's recommended minimum (19 MiB, 2 passes) raised to 64 MiB / 3 passes.
const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 65536, timeCost: 3, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, HASH_OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

export interface RoleBinding {
  roles: Role[];
  streetId?: number | null;
  departmentId?: number | null;
  workerId?: number | null;
}

/**
 * Checks roles and their bindings: a street operator is bound to a street, a department handler to a
 * department, a grid worker to a roster entry (one account per entry); a binding no role uses is refused.
 * Returns the binding to store.
 */
export async function checkRoleBinding(
  em: Pick<EntityManager, 'query'>,
  b: RoleBinding,
  exceptUserId = 0,
): Promise<{ roles: Role[]; streetId: number | null; departmentId: number | null; workerId: number | null }> {
  const roles = [...new Set(b.roles)];
  if (!roles.length || roles.some((r) => !ROLES.includes(r))) throw DomainError.invalid('roles', '角色无效');
  const needs = { streetId: roles.includes('street_operator'), departmentId: roles.includes('department_handler'), workerId: roles.includes('grid_worker') };
  if (needs.streetId && !b.streetId) throw DomainError.invalid('streetId', '镇街网格专干须绑定镇（街道）');
  if (needs.departmentId && !b.departmentId) throw DomainError.invalid('departmentId', '职能部门用户须绑定部门');
  if (needs.workerId && !b.workerId) throw DomainError.invalid('workerId', '网格员用户须绑定网格员');
  if (!needs.streetId && b.streetId) throw DomainError.invalid('streetId', '只有镇街网格专干绑定镇（街道）');
  if (!needs.departmentId && b.departmentId) throw DomainError.invalid('departmentId', '只有职能部门用户绑定部门');
  if (!needs.workerId && b.workerId) throw DomainError.invalid('workerId', '只有网格员用户绑定网格员');
  if (b.streetId) {
    const street = await em.query(`SELECT 1 FROM org_unit WHERE id = $1 AND level = 'street'`, [b.streetId]);
    if (!street.length) throw DomainError.invalid('streetId', '镇（街道）不存在');
  }
  if (b.departmentId) {
    const dept = await em.query(`SELECT 1 FROM department WHERE id = $1`, [b.departmentId]);
    if (!dept.length) throw DomainError.invalid('departmentId', '部门不存在');
  }
  if (b.workerId) {
    const worker = await em.query(`SELECT 1 FROM grid_worker WHERE id = $1`, [b.workerId]);
    if (!worker.length) throw DomainError.invalid('workerId', '网格员不存在');
    const taken = await em.query(`SELECT username FROM app_user WHERE worker_id = $1 AND id <> $2`, [b.workerId, exceptUserId]);
    if (taken.length) throw new DomainError('CONFLICT', `该网格员已有账号：${taken[0].username}`, [{ field: 'workerId', message: '该网格员已有账号' }]);
  }
  return {
    roles,
    streetId: needs.streetId ? b.streetId! : null,
    departmentId: needs.departmentId ? b.departmentId! : null,
    workerId: needs.workerId ? b.workerId! : null,
  };
}

export const USERNAME_PATTERN = /^[a-zA-Z0-9_.-]{3,32}$/;

/** Validates and inserts a user; the binding a role needs (street, department, roster entry) is required. */
export async function createUser(em: EntityManager, input: NewUser): Promise<number> {
  if (!USERNAME_PATTERN.test(input.username)) throw DomainError.invalid('username', '用户名应为3-32位字母、数字、_ . -');
  if (!input.displayName?.trim()) throw DomainError.invalid('displayName', '姓名不能为空');
  const binding = await checkRoleBinding(em, input);
  const problem = checkPassword(input.password, input.username);
  if (problem) throw DomainError.invalid('password', problem);
  const exists = await em.query(`SELECT 1 FROM app_user WHERE lower(username) = lower($1)`, [input.username]);
  if (exists.length) throw DomainError.conflict(`用户名已存在：${input.username}`);
  const [row] = await em.query(
    `INSERT INTO app_user (username, display_name, password_hash, roles, street_id, department_id, worker_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [input.username, input.displayName.trim(), await hashPassword(input.password), binding.roles, binding.streetId, binding.departmentId, binding.workerId],
  );
  return row.id as number;
}
