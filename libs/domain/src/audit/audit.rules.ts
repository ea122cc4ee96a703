import { maskIdNumber, maskPhone } from '../common/masking';

/**
 * What the audit trail keeps of a change: the fields that changed, before and after, with personal data
 * masked. Pure functions, no Nest or TypeORM.
 */
export type AuditKind = 'sign_in' | 'sign_out' | 'session' | 'write' | 'export' | 'reveal';

export const AUDIT_KINDS: readonly AuditKind[] = ['sign_in', 'sign_out', 'session', 'write', 'export', 'reveal'];

export const AUDIT_KIND_LABELS: Record<AuditKind, string> = {
  sign_in: '登录',
  sign_out: '退出登录',
  session: '会话',
  write: '数据变更',
  export: '导出',
  reveal: '查看完整个人信息',
};

export type AuditResult = 'success' | 'failure';

export const AUDIT_RESULT_LABELS: Record<AuditResult, string> = { success: '成功', failure: '失败' };

export type AuditValues = Record<string, unknown>;

const PHONE_KEY = /phone|mobile|tel(ephone)?$|手机|电话/i;
const ID_NUMBER_KEY = /id_?number|idcard|identity|身份证/i;
const SECRET_KEY = /password|passwd|secret|token|hash|cookie|authorization|密码/i;
const PHONE_TEXT = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;
const ID_NUMBER_TEXT = /(?<![\dXx])(\d{3})\d{11}(\d{3}[\dXx])(?![\dXx])/g;

export const HIDDEN = '[已隐藏]';

/** Masks phone and ID numbers that appear inside free text (messages, usernames typed at sign-in). */
export function scrubText(text: string): string {
  return text.replace(ID_NUMBER_TEXT, '$1***********$2').replace(PHONE_TEXT, '$1****$2');
}

/** One value as the audit trail may keep it, judged by its field name and, for text, by its shape. */
export function maskAuditValue(key: string, value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  // a flag (passwordReset: true) says nothing secret
  if (SECRET_KEY.test(key)) return typeof value === 'boolean' ? value : HIDDEN;
  if (typeof value === 'string') {
    if (ID_NUMBER_KEY.test(key)) return maskIdNumber(value);
    if (PHONE_KEY.test(key)) return maskPhone(value);
    return scrubText(value);
  }
  if (Array.isArray(value)) return value.map((v) => maskAuditValue(key, v));
  if (typeof value === 'object' && !(value instanceof Date)) return maskAuditValues(value as AuditValues);
  return value;
}

export function maskAuditValues(values: AuditValues): AuditValues {
  const out: AuditValues = {};
  for (const [k, v] of Object.entries(values)) out[k] = maskAuditValue(k, v);
  return out;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * The changed fields of an entity: `before` and `after` hold only the keys whose value differs, masked.
 * A creation has `before` null, a deletion `after` null. Nothing changed gives two empty objects.
 */
export function auditDiff(before: AuditValues | null, after: AuditValues | null): { before: AuditValues | null; after: AuditValues | null } {
  if (!before || !after) return { before: before ? maskAuditValues(before) : null, after: after ? maskAuditValues(after) : null };
  const b: AuditValues = {};
  const a: AuditValues = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (same(before[key], after[key])) continue;
    b[key] = maskAuditValue(key, before[key] ?? null);
    a[key] = maskAuditValue(key, after[key] ?? null);
  }
  return { before: b, after: a };
}

/** `POST /api/workers/:id/events` → 'workers': the resource a route acts on, from its path. */
export function targetTypeOfRoute(path: string): string {
  const parts = path.split('/').filter((p) => p && p !== 'api');
  return parts[0] ?? '';
}

/** The id of the object a route acts on: its `:id` parameter, else its first parameter. */
export function targetIdOfParams(params: Record<string, string | undefined>): string | null {
  if (params.id !== undefined) return String(params.id);
  const first = Object.values(params).find((v) => v !== undefined);
  return first === undefined ? null : String(first);
}
