import type { CaseRole } from './case.types';

/**
 * Which cases a person may see (and so act on): the centre and leaders all of them; a street operator the
 * cases of their street and those dispatched to it; a department handler those dispatched to their
 * department; a grid worker the cases they reported. A case out of scope is "not found" (404). The same
 * rule as SQL (lists, figures) and as a check of one row (get, act), kept side by side here.
 */
export interface CaseViewer {
  userId: number;
  roles: readonly CaseRole[];
  streetId: number | null;
  departmentId: number | null;
  workerId: number | null;
}

export interface CaseScopeRow {
  street_id: number;
  assignee_street_id: number | null;
  assignee_department_id: number | null;
  reporter_user_id: number | null;
  reporter_worker_id: number | null;
}

export function seesAllCases(v: Pick<CaseViewer, 'roles'>): boolean {
  return v.roles.some((r) => r === 'centre_admin' || r === 'centre_staff' || r === 'leader');
}

/**
 * A WHERE fragment over `alias` (incident_case), pushing its parameters onto `params`; null when the viewer
 * sees every case. A viewer with no binding matches nothing.
 */
export function caseScopeSql(v: CaseViewer, params: unknown[], alias = 'c'): string | null {
  if (seesAllCases(v)) return null;
  const parts: string[] = [];
  if (v.roles.includes('street_operator') && v.streetId !== null) {
    const p = params.push(v.streetId);
    parts.push(`${alias}.street_id = $${p}`, `${alias}.assignee_street_id = $${p}`);
  }
  if (v.roles.includes('department_handler') && v.departmentId !== null) {
    parts.push(`${alias}.assignee_department_id = $${params.push(v.departmentId)}`);
  }
  if (v.roles.includes('grid_worker')) {
    parts.push(`${alias}.reporter_user_id = $${params.push(v.userId)}`);
    if (v.workerId !== null) parts.push(`${alias}.reporter_worker_id = $${params.push(v.workerId)}`);
  }
  return parts.length ? `(${parts.join(' OR ')})` : 'false';
}

export function canSeeCase(v: CaseViewer, row: CaseScopeRow): boolean {
  if (seesAllCases(v)) return true;
  if (v.roles.includes('street_operator') && v.streetId !== null && (row.street_id === v.streetId || row.assignee_street_id === v.streetId)) return true;
  if (v.roles.includes('department_handler') && v.departmentId !== null && row.assignee_department_id === v.departmentId) return true;
  if (v.roles.includes('grid_worker')) {
    if (row.reporter_user_id === v.userId) return true;
    if (v.workerId !== null && row.reporter_worker_id === v.workerId) return true;
  }
  return false;
}
