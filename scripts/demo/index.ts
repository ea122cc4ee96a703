import type { DemoSeeder } from './demo-context';
import { accountsSeeder } from './seed-accounts';
import { organisationSeeder } from './seed-organisation';
import { rosterSeeder } from './seed-roster';
// assessment seeder import
import { assessmentSeeder } from './seed-assessment';
// training seeder import
import { trainingsSeeder } from './seed-trainings';
// incident seeder import
import { incidentsSeeder } from './seed-incidents';
// evaluation seeder import
import { evaluationSeeder } from './seed-evaluation';

/** The demo district's seeders, in order; each feature adds its own after the roster. */
export const DEMO_SEEDERS: DemoSeeder[] = [
  organisationSeeder,
  rosterSeeder,
  accountsSeeder,
  // assessment seeder
  assessmentSeeder,
  // training seeder
  trainingsSeeder,
  // incident seeder
  incidentsSeeder,
  // evaluation seeder
  evaluationSeeder,
];
