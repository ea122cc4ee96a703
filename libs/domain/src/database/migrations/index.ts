import { Foundation1732700000000 } from './1732700000000-foundation';

/**
 * Every migration, in order. Listed explicitly (no glob) so that the compiled app, the scripts and jest
 * all see the same list. A landed migration is never edited: add a new one.
 */
export const MIGRATIONS = [Foundation1732700000000];
