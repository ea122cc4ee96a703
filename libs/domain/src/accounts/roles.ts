/**
 * Roles of DOMAIN.md §1 and what each may do. A route declares the permission it needs; a role without it
 * gets 403. What a role may *see* inside a permission (its street, its department, itself) is the access
 * scope (access-scope.ts).
 */
export type Role = 'centre_admin' | 'centre_staff' | 'street_operator' | 'department_handler' | 'grid_worker' | 'leader';

export const ROLES: readonly Role[] = ['centre_admin', 'centre_staff', 'street_operator', 'department_handler', 'grid_worker', 'leader'];

export const ROLE_LABELS: Record<Role, string> = {
  centre_admin: '中心管理员',
  centre_staff: '中心工作人员',
  street_operator: '镇街网格专干',
  department_handler: '职能部门',
  grid_worker: '网格员',
  leader: '领导（只读）',
};

export enum Permission {
  OrgRead = 'org.read',
  OrgWrite = 'org.write',
  RosterRead = 'roster.read',
  RosterWrite = 'roster.write',
  RosterImport = 'roster.import',
  RosterExport = 'roster.export',
  /** Show a full ID number; each use is audited. */
  PersonalDataReveal = 'personal_data.reveal',
  UsersManage = 'users.manage',
  AuditRead = 'audit.read',
  JobsRun = 'jobs.run',
  SpotCheckRead = 'spot_check.read',
  SpotCheckWrite = 'spot_check.write',
  RectificationReport = 'rectification.report',
  RectificationVerify = 'rectification.verify',
  AssessmentRead = 'assessment.read',
  AssessmentCompute = 'assessment.compute',
  AssessmentConfigure = 'assessment.configure',
  RankingPublish = 'ranking.publish',
  HeadcountRead = 'headcount.read',
  HeadcountConfirm = 'headcount.confirm',
  HeadcountExport = 'headcount.export',
  TrainingRead = 'training.read',
  TrainingWrite = 'training.write',
  CaseRead = 'case.read',
  CaseReport = 'case.report',
  CaseManage = 'case.manage',
  CaseHandle = 'case.handle',
  CaseConfigure = 'case.configure',
  MaintenanceRead = 'maintenance.read',
  MaintenanceWrite = 'maintenance.write',
  EvaluationRead = 'evaluation.read',
  EvaluationWrite = 'evaluation.write',
  EvaluationPublish = 'evaluation.publish',
}

const ALL = Object.values(Permission) as Permission[];
const READS = ALL.filter((p) => p.endsWith('.read'));

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  centre_admin: ALL,
  centre_staff: ALL.filter(
    (p) => ![Permission.UsersManage, Permission.AuditRead, Permission.EvaluationPublish, Permission.PersonalDataReveal].includes(p),
  ),
  street_operator: [
    Permission.OrgRead,
    Permission.OrgWrite,
    Permission.RosterRead,
    Permission.RosterWrite,
    Permission.RosterImport,
    Permission.RosterExport,
    Permission.SpotCheckRead,
    Permission.RectificationReport,
    Permission.AssessmentRead,
    Permission.HeadcountRead,
    Permission.HeadcountConfirm,
    Permission.HeadcountExport,
    Permission.TrainingRead,
    Permission.CaseRead,
    // streets register cases from calls and visits (REPORT_ROLES of the incident rules)
    Permission.CaseReport,
    Permission.CaseHandle,
  ],
  department_handler: [Permission.CaseRead, Permission.CaseHandle],
  grid_worker: [Permission.SpotCheckRead, Permission.AssessmentRead, Permission.TrainingRead, Permission.CaseRead, Permission.CaseReport],
  leader: [...READS, Permission.RosterExport, Permission.HeadcountExport],
};

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const r of roles) for (const p of ROLE_PERMISSIONS[r] ?? []) out.add(p);
  return out;
}
