import { DomainError } from '../errors/domain-error';
import type { Role } from './roles';
import { Permission } from './roles';

/**
 * Who is acting and what they may see. Services take an Actor and narrow every query with it; a row
 * outside the actor's scope is reported as not found, so its existence does not leak.
 */
export interface Actor {
  userId: number;
  username: string;
  roles: Role[];
  permissions: ReadonlySet<Permission>;
  /** Bound street of a street operator. */
  streetId: number | null;
  /** Bound department of a department handler. */
  departmentId: number | null;
  /** Bound roster entry of a grid worker. */
  workerId: number | null;
  sessionId?: string;
  clientIp?: string;
}

/** Centre-wide roles see everything; others are narrowed. */
export function seesEverything(actor: Actor): boolean {
  return actor.roles.some((r) => r === 'centre_admin' || r === 'centre_staff' || r === 'leader');
}

/**
 * The street a query must be narrowed to, or null for all streets. A grid worker's own street is not a
 * scope: they see only their own records (workerScope).
 */
export function streetScope(actor: Actor): number | null {
  if (seesEverything(actor)) return null;
  if (actor.roles.includes('street_operator') && actor.streetId !== null) return actor.streetId;
  return -1; // matches nothing
}

export function workerScope(actor: Actor): number | null {
  if (seesEverything(actor) || actor.roles.includes('street_operator')) return null;
  if (actor.roles.includes('grid_worker') && actor.workerId !== null) return actor.workerId;
  return -1;
}

export function hasPermission(actor: Actor, permission: Permission): boolean {
  return actor.permissions.has(permission);
}

export function assertPermission(actor: Actor, permission: Permission): void {
  if (!actor.permissions.has(permission)) throw DomainError.forbidden();
}

/** True when a row of the given street is within the actor's street scope. */
export function inStreetScope(actor: Actor, streetId: number | null): boolean {
  const scope = streetScope(actor);
  return scope === null || (streetId !== null && scope === streetId);
}

/** A system actor for jobs and scripts: full scope, no session. */
export function systemActor(): Actor {
  return {
    userId: 0,
    username: 'system',
    roles: ['centre_admin'],
    permissions: new Set(Object.values(Permission)),
    streetId: null,
    departmentId: null,
    workerId: null,
  };
}
