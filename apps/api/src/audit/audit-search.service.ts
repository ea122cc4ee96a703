import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, isLocalDate, ROLE_LABELS, Role, startOfShanghaiDay } from '@app/domain';
import { AUDIT_KIND_LABELS, AUDIT_RESULT_LABELS, AuditKind, AuditResult, AuditValues } from '@app/domain/audit/audit.rules';
import { queryRows, toInt } from '@app/domain/database/sql';
import { Page, pageOf } from '../common/pagination.dto';
import { AuditQuery } from './dto/audit-query.dto';

export interface AuditEntryView {
  id: string;
  /** ISO 8601 with the +08:00 offset. */
  at: string;
  userId: number | null;
  username: string;
  roles: Array<{ code: string; name: string }>;
  kind: AuditKind;
  kindName: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  result: AuditResult;
  resultName: string;
  status: number | null;
  clientIp: string;
  requestId: string;
  before: AuditValues | null;
  after: AuditValues | null;
  detail: AuditValues;
}

interface Row {
  id: string;
  occurred_at: Date;
  user_id: number | null;
  username: string;
  roles: string[];
  kind: AuditKind;
  action: string;
  target_type: string | null;
  target_id: string | null;
  result: AuditResult;
  status: number | null;
  client_ip: string;
  request_id: string;
  before: AuditValues | null;
  after: AuditValues | null;
  detail: AuditValues;
}

export const MAX_AUDIT_EXPORT_ROWS = 50_000;

/** An instant shown with the business zone's offset: 2024-04-01T09:00:00.000+08:00. */
export function shanghaiIso(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3600_000).toISOString().replace('Z', '+08:00');
}

function instantOf(value: string, field: string): Date {
  const d = isLocalDate(value) ? startOfShanghaiDay(value) : new Date(value);
  if (Number.isNaN(d.getTime())) throw DomainError.invalid(field, '时间格式不正确');
  return d;
}

function view(r: Row): AuditEntryView {
  return {
    id: r.id,
    at: shanghaiIso(r.occurred_at),
    userId: r.user_id,
    username: r.username,
    roles: r.roles.map((code) => ({ code, name: ROLE_LABELS[code as Role] ?? code })),
    kind: r.kind,
    kindName: AUDIT_KIND_LABELS[r.kind],
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    result: r.result,
    resultName: AUDIT_RESULT_LABELS[r.result],
    status: r.status,
    clientIp: r.client_ip,
    requestId: r.request_id,
    before: r.before,
    after: r.after,
    detail: r.detail,
  };
}

/** Search of the audit trail for administrators: newest first, paged, or all matches for the export. */
@Injectable()
export class AuditSearchService {
  constructor(private readonly db: DataSource) {}

  private where(q: AuditQuery, params: unknown[]): string {
    const where: string[] = [];
    if (q.userId !== undefined) where.push(`user_id = $${params.push(q.userId)}`);
    if (q.username) where.push(`username = $${params.push(q.username)}`);
    if (q.kind) where.push(`kind = $${params.push(q.kind)}`);
    if (q.action) where.push(`strpos(action, $${params.push(q.action)}) > 0`);
    if (q.targetType) where.push(`target_type = $${params.push(q.targetType)}`);
    if (q.targetId) where.push(`target_id = $${params.push(q.targetId)}`);
    if (q.result) where.push(`result = $${params.push(q.result)}`);
    const from = q.from ? instantOf(q.from, 'from') : null;
    const to = q.to ? instantOf(q.to, 'to') : null;
    if (from && to && from >= to) throw DomainError.invalid('to', '截止时间应晚于起始时间');
    if (from) where.push(`occurred_at >= $${params.push(from)}`);
    if (to) where.push(`occurred_at < $${params.push(to)}`);
    return where.length ? `WHERE ${where.join(' AND ')}` : '';
  }

  async search(q: AuditQuery): Promise<Page<AuditEntryView>> {
    const { page, pageSize, offset } = pageOf(q);
    const params: unknown[] = [];
    const where = this.where(q, params);
    const [count] = await queryRows<{ n: string }>(this.db, `SELECT count(*) AS n FROM audit_log ${where}`, params);
    const rows = await queryRows<Row>(
      this.db,
      `SELECT * FROM audit_log ${where} ORDER BY occurred_at DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, offset],
    );
    return { items: rows.map(view), total: toInt(count.n), page, pageSize };
  }

  /** Every match, newest first, up to the export limit (a wider period is refused, not cut short). */
  async all(q: AuditQuery): Promise<AuditEntryView[]> {
    const params: unknown[] = [];
    const where = this.where(q, params);
    const rows = await queryRows<Row>(this.db, `SELECT * FROM audit_log ${where} ORDER BY occurred_at DESC, id DESC LIMIT ${MAX_AUDIT_EXPORT_ROWS + 1}`, params);
    if (rows.length > MAX_AUDIT_EXPORT_ROWS) {
      throw new DomainError('UNPROCESSABLE', `符合条件的审计记录超过${MAX_AUDIT_EXPORT_ROWS}条，请缩小时间范围后再导出`);
    }
    return rows.map(view);
  }
}
