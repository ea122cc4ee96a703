import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '../database/sql';
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

const COLUMNS = 15;

function values(e: NewAuditEntry): unknown[] {
  return [
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
  ];
}

/**
 * Appends entries in one statement, answering their ids in the order given. Free text is scrubbed of phone
 * and ID numbers and the values are masked again here, so nothing that reaches the trail can carry
 * personal data in clear, whoever wrote the entry.
 */
export async function appendAuditEntries(db: Pick<DataSource | EntityManager, 'query'>, entries: readonly NewAuditEntry[]): Promise<string[]> {
  if (!entries.length) return [];
  const rows = entries.map((_, r) => {
    const p = (c: number) => `$${r * COLUMNS + c}`;
    return `(${r}, COALESCE(${p(1)}::timestamptz, now()), ${p(2)}::int, ${p(3)}, ${p(4)}::text[], ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)}, ${p(9)}, ${p(10)}::int, ${p(11)}, ${p(12)}, ${p(13)}::jsonb, ${p(14)}::jsonb, ${p(15)}::jsonb)`;
  });
  const inserted = await queryRows<{ id: string; ord: number }>(
    db,
    `WITH v (ord, occurred_at, user_id, username, roles, kind, action, target_type, target_id, result, status, client_ip, request_id, before, after, detail)
       AS (VALUES ${rows.join(', ')}),
     ins AS (
       INSERT INTO audit_log (occurred_at, user_id, username, roles, kind, action, target_type, target_id, result, status, client_ip, request_id, before, after, detail)
       SELECT occurred_at, user_id, username, roles, kind, action, target_type, target_id, result, status, client_ip, request_id, before, after, detail
         FROM v ORDER BY ord
       RETURNING id)
     SELECT id, row_number() OVER (ORDER BY id) - 1 AS ord FROM ins`,
    entries.flatMap(values),
  );
  // ids of an identity column grow in insertion order, which follows ord
  return inserted.sort((a, b) => Number(a.ord) - Number(b.ord)).map((r) => r.id);
}

export async function appendAuditEntry(db: Pick<DataSource | EntityManager, 'query'>, e: NewAuditEntry): Promise<string> {
  return (await appendAuditEntries(db, [e]))[0];
}
