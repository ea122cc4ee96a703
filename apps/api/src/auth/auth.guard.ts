import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { Actor, DomainError, Permission } from '@app/domain';
import { auditKindOf } from '../audit/audit.decorators';
import { AuditService } from '../audit/audit.service';
import { ANY_SIGNED_IN, PUBLIC_ROUTE, REQUIRED_PERMISSION } from './auth.decorators';
import { tokenFromRequest } from './session-token';
import { SessionsService } from './sessions.service';

/**
 * Global guard, deny by default: a route is served only when it is @Public or declares the permission it
 * needs and the signed-in user's roles grant it. A refused write, export or reveal is audited as a failure
 * here, since no handler (and so no audit interceptor) runs for it.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Request & { actor?: Actor; id?: string }>();
    const token = tokenFromRequest(req);
    const actor = token ? await this.sessions.resolve(token, req.ip ?? '', new Date(), req.id ?? '') : null;
    if (!actor) return this.refuse(ctx, req, new DomainError('UNAUTHENTICATED', '登录已失效，请重新登录'), 401);
    req.actor = actor;
    const permission = this.reflector.get<Permission | typeof ANY_SIGNED_IN | undefined>(REQUIRED_PERMISSION, ctx.getHandler());
    if (!permission) {
      this.logger.warn(`route without a declared permission refused: ${req.method} ${req.route?.path ?? req.path}`);
      return this.refuse(ctx, req, DomainError.forbidden(), 403);
    }
    if (permission !== ANY_SIGNED_IN && !actor.permissions.has(permission)) return this.refuse(ctx, req, DomainError.forbidden(), 403);
    return true;
  }

  private async refuse(ctx: ExecutionContext, req: Request & { actor?: Actor; id?: string }, error: DomainError, status: number): Promise<never> {
    const kind = auditKindOf(this.reflector, ctx.getHandler(), req.method);
    if (kind) await this.audit.recordRequest(req, kind, { status, error });
    throw error;
  }
}
