import { randomInt } from 'node:crypto';
import { createUser, hashPassword } from '@app/domain/accounts/accounts.store';
import type { Role } from '@app/domain';
import { queryOne } from '@app/domain/database/sql';
import type { DemoContext, DemoSeeder } from './demo-context';

export interface DemoAccount {
  username: string;
  displayName: string;
  role: string;
  password: string;
}

/** Demo passwords are new on every run and printed; there is no built-in default account. */
export function demoPassword(): string {
  const pick = (chars: string, n: number) => Array.from({ length: n }, () => chars[randomInt(chars.length)]).join('');
  return `${pick('ABCDEFGHJKLMNPQRSTUVWXYZ', 2)}${pick('abcdefghijkmnpqrstuvwxyz', 4)}${pick('23456789', 3)}${pick('#@%+', 1)}`;
}

export const demoAccounts: DemoAccount[] = [];

export const accountsSeeder: DemoSeeder = {
  name: 'accounts',
  async seed(ctx: DemoContext) {
    const street = await queryOne<{ id: number }>(ctx.db, `SELECT id FROM org_unit WHERE code = '430203001'`);
    const dept = await queryOne<{ id: number }>(ctx.db, `SELECT id FROM department WHERE code = 'HBJ'`);
    const worker = await queryOne<{ id: number; name: string }>(
      ctx.db,
      `SELECT w.id, w.name FROM grid_worker w WHERE w.street_id = $1 AND employment_status_on(w.id, current_date) = 'active' ORDER BY w.code LIMIT 1`,
      [street!.id],
    );
    const accounts: Array<{ username: string; displayName: string; roles: Role[]; role: string; streetId?: number; departmentId?: number; workerId?: number }> = [
      { username: 'admin', displayName: '中心管理员', roles: ['centre_admin'], role: '中心管理员' },
      { username: 'staff', displayName: '考核员小王', roles: ['centre_staff'], role: '中心工作人员' },
      { username: 'longquan', displayName: '龙泉街道网格专干', roles: ['street_operator'], role: '镇街网格专干（龙泉街道）', streetId: street!.id },
      { username: 'hbj', displayName: '区环保局经办人', roles: ['department_handler'], role: '职能部门（区环保局）', departmentId: dept!.id },
      { username: 'leader', displayName: '区领导', roles: ['leader'], role: '领导（只读）' },
      { username: 'gridworker', displayName: worker!.name, roles: ['grid_worker'], role: `网格员（${worker!.name}）`, workerId: worker!.id },
    ];
    demoAccounts.length = 0;
    for (const a of accounts) {
      const password = demoPassword();
      const existing = await queryOne<{ id: number }>(ctx.db, `SELECT id FROM app_user WHERE username = $1`, [a.username]);
      if (existing) {
        await ctx.db.query(`UPDATE app_user SET password_hash = $2, failed_attempts = 0, locked_until = NULL WHERE id = $1`, [existing.id, await hashPassword(password)]);
      } else {
        await ctx.db.transaction((em) => createUser(em, { ...a, password }));
      }
      demoAccounts.push({ username: a.username, displayName: a.displayName, role: a.role, password });
    }
    ctx.log(`accounts: ${demoAccounts.length} demo accounts (passwords are new on every run)`);
  },
};
