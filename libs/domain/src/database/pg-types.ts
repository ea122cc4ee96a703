import { types } from 'pg';

// A `date` is a calendar day, not an instant: keep it as 'YYYY-MM-DD' instead of a Date at local midnight,
// which would shift a day on a server whose zone is not Shanghai.
types.setTypeParser(1082, (v: string) => v);
