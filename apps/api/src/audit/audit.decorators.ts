import { SetMetadata } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { AuditKind } from '@app/domain/audit/audit.rules';

export const AUDIT_KIND = 'audit:kind';

/**
 * A GET route that returns a file (xlsx, csv, zip): every call is audited as an export, refused ones too.
 * (A GET that returns a file without the decorator is still recorded when it succeeds; the decorator also
 * records refusals and failures.)
 */
export const AuditExport = (): MethodDecorator => SetMetadata(AUDIT_KIND, 'export' satisfies AuditKind);

/** A route that shows personal data in full (an ID number): every call is audited as a reveal. */
export const AuditReveal = (): MethodDecorator => SetMetadata(AUDIT_KIND, 'reveal' satisfies AuditKind);

/** The audit category of a route when it is neither a plain write nor an export (sign-in, sign-out). */
export const AuditAs = (kind: AuditKind): MethodDecorator => SetMetadata(AUDIT_KIND, kind);

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** What a request to this handler is audited as, or null for a plain read. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function auditKindOf(reflector: Reflector, handler: Function, method: string): AuditKind | null {
  const declared = reflector.get<AuditKind | undefined>(AUDIT_KIND, handler);
  if (declared) return declared;
  return WRITE_METHODS.has(method.toUpperCase()) ? 'write' : null;
}
