import { CallHandler, ExecutionContext, Injectable, NestInterceptor, StreamableFile } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { catchError, from, mergeMap, Observable, throwError } from 'rxjs';
import { newAuditScope, runInAuditScope } from '@app/domain/audit/audit-context';
import { auditKindOf } from './audit.decorators';
import { AuditedRequest, AuditService, statusOfError } from './audit.service';

function isFile(body: unknown, res: Response): boolean {
  if (body instanceof StreamableFile || Buffer.isBuffer(body)) return true;
  return /attachment/i.test(String(res.getHeader('Content-Disposition') ?? ''));
}

/**
 * Global: records every write (POST/PUT/PATCH/DELETE), every export and every reveal with its result,
 * and opens the audit scope in which services add the changed fields (`auditChange`). The entry is
 * written before the response leaves, so a client that sees the answer finds it in the trail.
 *
 * Also marks every API response `Cache-Control: no-store`: answers carry personal data or data of a
 * street, and no browser or proxy should keep them.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<AuditedRequest>();
    const res = ctx.switchToHttp().getResponse<Response>();
    if (!res.getHeader('Cache-Control')) res.setHeader('Cache-Control', 'no-store');
    const declared = auditKindOf(this.reflector, ctx.getHandler(), req.method);
    // reads are audited only when they turn out to be a file download
    if (!declared && req.method !== 'GET') return next.handle();
    const scope = newAuditScope();
    // the handler runs inside the scope: Nest binds the async context when handle() is called
    const handled = runInAuditScope(scope, () => next.handle());
    return handled.pipe(
      mergeMap((body) => {
        const kind = declared ?? (isFile(body, res) ? 'export' : null);
        if (!kind) return [body];
        return from(this.audit.recordRequest(req, kind, { status: res.statusCode, body }, scope).then(() => body));
      }),
      catchError((error: unknown) => {
        if (!declared) return throwError(() => error);
        return from(this.audit.recordRequest(req, declared, { status: statusOfError(error), error }, scope)).pipe(mergeMap(() => throwError(() => error)));
      }),
    );
  }
}
