import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Actor, Permission } from '@app/domain';

export const PUBLIC_ROUTE = 'auth:public';
export const REQUIRED_PERMISSION = 'auth:permission';

/** A route anyone may call without signing in (health, sign-in). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/**
 * The permission a route needs. Routes without it (and without @Public) are refused: deny by default.
 * Scope (which street, department or worker) is then checked by the service with the Actor.
 */
export const RequirePermission = (permission: Permission): MethodDecorator => SetMetadata(REQUIRED_PERMISSION, permission);

/** Any signed-in user may call the route (their own session, their own profile). */
export const ANY_SIGNED_IN = 'signed_in';
export const SignedIn = (): MethodDecorator => SetMetadata(REQUIRED_PERMISSION, ANY_SIGNED_IN);

/** The signed-in user of the request. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<{ actor?: Actor }>();
  if (!req.actor) throw new Error('CurrentActor used on a public route');
  return req.actor;
});
