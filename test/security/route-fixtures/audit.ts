import type { RouteFixtures } from './types';

/**
 * Route-table fixtures of the audit routes (see test/security/route-table.integration-spec.ts and
 * types.ts). The audit trail has no route with a path parameter today; add an entry here when one lands
 * ('GET /api/audit/:id': a factory that makes an entry and returns { params }).
 */
export const auditFixtures: RouteFixtures = {};
