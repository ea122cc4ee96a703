import type { Role } from '@app/domain';
import type { given } from '../../support/given';
import type { TestApp } from '../../support/test-app';

export interface Session {
  id: number;
  auth: string;
}

/** One street of the fixture district, with a worker and users bound to it. */
export interface StreetFixture {
  street: { id: number; code: string };
  community: { id: number; code: string };
  grid: { id: number; code: string };
  worker: { id: number; code: string };
  /** A street operator bound to this street. */
  operator: Session;
  /** A grid worker account bound to `worker`. */
  gridWorker: Session;
}

export interface FixtureContext {
  t: TestApp;
  g: ReturnType<typeof given>;
  district: { id: number };
  /** The street of the operator who asks (street A) and the street the objects belong to (street B). */
  a: StreetFixture;
  b: StreetFixture;
  /** Text that is part of street B's name and of its workers' names: no answer to street A may contain it. */
  marker: string;
  department: { id: number };
  handler: Session;
  admin: Session;
  staff: Session;
  leader: Session;
  /** A session of the given roles (bindings as for given(t).user). */
  user(roles: Role[], bind?: { streetId?: number; departmentId?: number; workerId?: number }): Promise<Session>;
}

/** The request a route-table check sends: path parameters, and a body valid enough to pass validation. */
export interface FixtureRequest {
  params: Record<string, string | number>;
  query?: Record<string, string | number>;
  body?: unknown;
  /** A multipart upload instead of a JSON body. */
  attach?: { field: string; file: Buffer; name: string };
  /**
   * The object is not one street's: street A may read it (a period, a district-wide session). The check
   * then accepts a 2xx answer, as long as it contains nothing of street B (`ctx.marker`). Say why.
   */
  shared?: string;
  /** Street B's name may appear in the answer to A (e.g. the audience of a district session). Say why. */
  markerAllowed?: string;
  /**
   * For a shared object the control's answer must show street B's marker, or the check proves nothing;
   * when the answer holds only figures (no names), say so here.
   */
  figuresOnly?: string;
  /**
   * Who repeats the request afterwards to prove the object exists and the body is valid (anything but a
   * 404 or 400 passes): the centre admin by default, street B's operator, or nobody (say why).
   */
  control?: 'admin' | 'streetB' | { none: string };
}

/**
 * A route pattern ('GET /api/workers/:id', exactly as the route table lists it) → a factory that creates
 * an object of street B (through the API as ctx.admin, or with ctx.g's factories) and returns the request.
 */
export type RouteFixtures = Record<string, (ctx: FixtureContext) => Promise<FixtureRequest>>;
