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

/** Validates and inserts a user; the binding a role needs (street, department, roster entry) is required. */
export async function createUser(em: EntityManager, input: NewUser): Promise<number> {
  if (!/^[a-zA-Z0-9_.-]{3,32}$/.test(input.username)) throw DomainError.invalid('username', '用户名应为3-32位字母、数字、_ . -');
  if (!input.displayName?.trim()) throw DomainError.invalid('displayName', '姓名不能为空');
  if (!input.roles.length || input.roles.some((r) => !ROLES.includes(r))) throw DomainError.invalid('roles', '角色无效');
  if (input.roles.includes('street_operator') && !input.streetId) throw DomainError.invalid('streetId', '镇街网格专干须绑定镇（街道）');
  if (input.roles.includes('department_handler') && !input.departmentId) throw DomainError.invalid('departmentId', '职能部门用户须绑定部门');
  if (input.roles.includes('grid_worker') && !input.workerId) throw DomainError.invalid('workerId', '网格员用户须绑定网格员');
  const problem = checkPassword(input.password, input.username);
  if (problem) throw DomainError.invalid('password', problem);
  const exists = await em.query(`SELECT 1 FROM app_user WHERE username = $1`, [input.username]);
  if (exists.length) throw DomainError.conflict(`用户名已存在：${input.username}`);
  const [row] = await em.query(
    `INSERT INTO app_user (username, display_name, password_hash, roles, street_id, department_id, worker_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [input.username, input.displayName.trim(), await hashPassword(input.password), input.roles, input.streetId ?? null, input.departmentId ?? null, input.workerId ?? null],
  );
  return row.id as number;
}
