import type { DataSource, EntityManager } from 'typeorm';
import { queryOne } from '../database/sql';
import { AuditKind, AuditResult, AuditValues, maskAuditValues, scrubText } from './audit.rules';

export interface NewAuditEntry {
  occurredAt?: Date;
  userId?: number | null;
  username?: string;
  roles?: readonly string[];
  kind: AuditKind;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  result: AuditResult;
  status?: number | null;
  clientIp?: string;
  requestId?: string;
  before?: AuditValues | null;
  after?: AuditValues | null;
  detail?: AuditValues;
}

/**
 * Appends one entry. Free text is scrubbed of phone and ID numbers and the values are masked again here,
 * so nothing that reaches the trail can carry personal data in clear, whoever wrote the entry.
 */
export async function appendAuditEntry(db: Pick<DataSource | EntityManager, 'query'>, e: NewAuditEntry): Promise<string> {
  const row = await queryOne<{ id: string }>(
    db,
    `INSERT INTO audit_log (occurred_at, user_id, username, roles, kind, action, target_type, target_id, result, status, client_ip, request_id, before, after, detail)
     VALUES (COALESCE($1, now()), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
    [
      e.occurredAt ?? null,
      e.userId ?? null,
      scrubText(e.username ?? '').slice(0, 100),
      [...(e.roles ?? [])],
      e.kind,
      e.action.slice(0, 300),
      e.targetType ?? null,
      e.targetId === undefined || e.targetId === null ? null : scrubText(e.targetId).slice(0, 100),
      e.result,
      e.status ?? null,
      (e.clientIp ?? '').slice(0, 100),
      (e.requestId ?? '').slice(0, 100),
      e.before ? JSON.stringify(maskAuditValues(e.before)) : null,
      e.after ? JSON.stringify(maskAuditValues(e.after)) : null,
      JSON.stringify(maskAuditValues(e.detail ?? {})),
    ],
  );
  return row!.id;
}
