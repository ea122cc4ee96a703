import { AsyncLocalStorage } from 'node:async_hooks';
import { auditDiff, AuditValues } from './audit.rules';

/**
 * What the code handling one request adds to its audit entry. The API's audit interceptor opens a scope
 * per audited request; services call the helpers below and need no request object (outside a scope,
 * e.g. in a job or a script, the helpers do nothing).
 */
export interface AuditScope {
  subject?: { userId?: number | null; username?: string; roles?: string[] };
  targetType?: string;
  targetId?: string;
  before?: AuditValues | null;
  after?: AuditValues | null;
  /** Further facts worth keeping (rows exported, filters), never personal data. */
  detail: AuditValues;
  /** How many objects the request changed; from the second on, before/after are keyed `type:id`. */
  changes: number;
}

const storage = new AsyncLocalStorage<AuditScope>();

export function newAuditScope(): AuditScope {
  return { detail: {}, changes: 0 };
}

export function runInAuditScope<T>(scope: AuditScope, fn: () => T): T {
  return storage.run(scope, fn);
}

export function currentAuditScope(): AuditScope | undefined {
  return storage.getStore();
}

/**
 * Records the changed fields of one object (personal data masked). Pass `before` null for a creation and
 * `after` null for a deletion. Called for several objects, the entry keeps each under `type:id`.
 */
export function auditChange(targetType: string, targetId: string | number, before: AuditValues | null, after: AuditValues | null): void {
  const scope = storage.getStore();
  if (!scope) return;
  const diff = auditDiff(before, after);
  scope.changes++;
  if (scope.changes === 1) {
    scope.targetType = targetType;
    scope.targetId = String(targetId);
    scope.before = diff.before;
    scope.after = diff.after;
    return;
  }
  if (scope.changes === 2) {
    // the first change moves under its key as well
    const key = `${scope.targetType}:${scope.targetId}`;
    scope.before = { [key]: scope.before ?? null };
    scope.after = { [key]: scope.after ?? null };
  }
  const key = `${targetType}:${targetId}`;
  scope.before = { ...(scope.before ?? {}), [key]: diff.before };
  scope.after = { ...(scope.after ?? {}), [key]: diff.after };
}

/** The object a request acted on, when the route's parameters do not say (a creation). */
export function auditTarget(targetType: string, targetId: string | number): void {
  const scope = storage.getStore();
  if (!scope) return;
  scope.targetType = targetType;
  scope.targetId = String(targetId);
}

/** Facts about the request worth keeping: rows exported, filters used. Never personal data. */
export function auditDetail(facts: AuditValues): void {
  const scope = storage.getStore();
  if (scope) Object.assign(scope.detail, facts);
}

/** Who acted, when the session does not say (sign-in). */
export function auditSubject(subject: { userId?: number | null; username?: string; roles?: string[] }): void {
  const scope = storage.getStore();
  if (scope) scope.subject = { ...scope.subject, ...subject };
}
