import { HttpException, Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { QueryFailedError } from 'typeorm';
import { Actor, DomainError } from '@app/domain';
import type { AuditScope } from '@app/domain/audit/audit-context';
import { AuditKind, scrubText, targetIdOfParams, targetTypeOfRoute } from '@app/domain/audit/audit.rules';
import { appendAuditEntries, NewAuditEntry } from '@app/domain/audit/audit.store';
import { Batcher } from '@app/domain/database/batcher';
import { DOMAIN_STATUS } from '../common/http-exception.filter';

export type AuditedRequest = Request & { actor?: Actor; id?: string };

/** The HTTP status an error will be answered with (mirrors the exception filter). */
export function statusOfError(e: unknown): number {
  if (e instanceof DomainError) return DOMAIN_STATUS[e.code] ?? 500;
  if (e instanceof HttpException) return e.getStatus();
  const type = (e as { type?: string } | undefined)?.type;
  if (type === 'entity.too.large') return 413;
  if (type === 'entity.parse.failed') return 400;
  if (e instanceof QueryFailedError) {
    const code = (e.driverError as { code?: string } | undefined)?.code;
    if (code === '23505' || code === '23503' || code === '40001' || code === '40P01') return 409;
  }
  return 500;
}

function messageOfError(e: unknown, status: number): string {
  if (status >= 500) return '服务器内部错误';
  if (e instanceof DomainError) return e.message;
  if (e instanceof HttpException) {
    const payload = e.getResponse();
    if (typeof payload === 'object' && payload && typeof (payload as { message?: unknown }).message === 'string') return (payload as { message: string }).message;
    return e.message;
  }
  return '';
}

/**
 * Writes the audit trail. Requests are recorded by the audit interceptor (and, for refusals before any
 * handler runs, by the auth guard); a failure to write the trail is logged and does not fail the request,
 * whose change is already committed.
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');

  // entries of concurrent requests share one INSERT; each request still waits for its own row
  private readonly writer: Batcher<NewAuditEntry, string>;

  constructor(private readonly db: DataSource) {
    this.writer = new Batcher((entries) => appendAuditEntries(this.db, entries), { maxBatch: 200, maxInFlight: 2 });
  }

  async append(entry: NewAuditEntry): Promise<void> {
    try {
      await this.writer.submit(entry);
    } catch (e) {
      this.logger.error(`audit entry not written (${entry.kind} ${entry.action}, request ${entry.requestId ?? ''}): ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** One request, its result and what the handler added to the scope. */
  async recordRequest(
    req: AuditedRequest,
    kind: AuditKind,
    outcome: { status: number; error?: unknown; body?: unknown },
    scope?: AuditScope,
  ): Promise<void> {
    const routePath: string = (req.route as { path?: string } | undefined)?.path ?? req.path;
    const params = (req.params ?? {}) as Record<string, string>;
    const actor = req.actor;
    const failed = outcome.error !== undefined || outcome.status >= 400;
    const detail: Record<string, unknown> = { ...(scope?.detail ?? {}) };
    if (Object.keys(params).length > 1) detail.params = params;
    if (kind === 'export' && req.query && Object.keys(req.query).length) detail.query = req.query;
    if (failed) {
      const message = messageOfError(outcome.error, outcome.status);
      if (message) detail.message = scrubText(message).slice(0, 500);
    }
    let targetId = scope?.targetId ?? targetIdOfParams(params);
    if (!targetId && !failed && outcome.body && typeof outcome.body === 'object') {
      const id = (outcome.body as { id?: unknown }).id;
      if (typeof id === 'number' || typeof id === 'string') targetId = String(id);
    }
    await this.append({
      userId: scope?.subject?.userId ?? actor?.userId ?? null,
      username: scope?.subject?.username ?? actor?.username ?? '',
      roles: scope?.subject?.roles ?? actor?.roles ?? [],
      kind,
      action: `${req.method} ${routePath}`,
      targetType: scope?.targetType ?? (targetTypeOfRoute(routePath) || null),
      targetId,
      result: failed ? 'failure' : 'success',
      status: outcome.status,
      clientIp: req.ip ?? '',
      requestId: req.id ?? '',
      // a failed write changed nothing
      before: failed ? null : (scope?.before ?? null),
      after: failed ? null : (scope?.after ?? null),
      detail,
    });
  }
}
