import { Foundation1732700000000 } from './1732700000000-foundation';
// assessment migration imports
import { Assessment1732800000000 } from './1732800000000-assessment';
// training migration imports
import { Trainings1732900000000 } from './1732900000000-trainings';
// incident migration imports
import { Incidents1733000000000 } from './1733000000000-incidents';
// evaluation migration imports
import { Evaluation1733100000000 } from './1733100000000-evaluation';
// security migration imports
import { AuditTrail1733200000000 } from './1733200000000-audit-trail';

/**
 * Every migration, in order. Listed explicitly (no glob) so that the compiled app, the scripts and jest
 * all see the same list. A landed migration is never edited: add a new one.
 */
export const MIGRATIONS = [
  Foundation1732700000000,
  // assessment migrations
  Assessment1732800000000,
  // training migrations
  Trainings1732900000000,
  // incident migrations
  Incidents1733000000000,
  // evaluation migrations
  Evaluation1733100000000,
  // security migrations
  AuditTrail1733200000000,
];
