import { assessmentFixtures } from './assessment';
import { auditFixtures } from './audit';
import { evaluationFixtures } from './evaluation';
import { incidentsFixtures } from './incidents';
import { platformFixtures } from './platform';
import { trainingsFixtures } from './trainings';
import type { RouteFixtures } from './types';
import { usersFixtures } from './users';

export type { FixtureContext, FixtureRequest, RouteFixtures, Session, StreetFixture } from './types';

const FILES: Record<string, RouteFixtures> = {
  platform: platformFixtures,
  assessment: assessmentFixtures,
  trainings: trainingsFixtures,
  incidents: incidentsFixtures,
  evaluation: evaluationFixtures,
  users: usersFixtures,
  audit: auditFixtures,
};

/** Every feature's fixtures in one registry; a route claimed by two files is an error. */
export function routeFixtures(): { fixtures: RouteFixtures; fileOf: Record<string, string> } {
  const fixtures: RouteFixtures = {};
  const fileOf: Record<string, string> = {};
  for (const [file, entries] of Object.entries(FILES)) {
    for (const [route, factory] of Object.entries(entries)) {
      if (fileOf[route]) throw new Error(`route-fixtures: ${route} is in both ${fileOf[route]}.ts and ${file}.ts`);
      fixtures[route] = factory;
      fileOf[route] = file;
    }
  }
  return { fixtures, fileOf };
}
