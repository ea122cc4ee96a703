import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { CalendarYear, WorkingDayCalendar } from './working-day.calendar';
import { parseWorkingDayCsv } from './working-day.csv';

/**
 * The calendars shipped with the product (data/<year>.csv, from the State Council's notices). They seed a
 * fresh database and serve the unit tests; the running system uses what the centre imported. Adding a year
 * is adding a file. The files are read from the source tree, which is where the apps run from
 * (node -r @swc-node/register); a compiled build must copy data/*.csv beside this file.
 */
export const BUNDLED_CALENDAR_DIR = join(__dirname, 'data');

export function bundledCalendarYears(): number[] {
  return readdirSync(BUNDLED_CALENDAR_DIR)
    .map((f) => /^(\d{4})\.csv$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}

/** The CSV text of a shipped year, as the centre would import it. */
export function bundledCalendarCsv(year: number): string {
  return readFileSync(join(BUNDLED_CALENDAR_DIR, `${year}.csv`), 'utf8');
}

export function loadBundledCalendarYears(): CalendarYear[] {
  return bundledCalendarYears().flatMap((year) => parseWorkingDayCsv(bundledCalendarCsv(year), { year }));
}

let cached: WorkingDayCalendar | null = null;

/** A calendar of every shipped year (built once). */
export function bundledWorkingDayCalendar(): WorkingDayCalendar {
  cached ??= WorkingDayCalendar.fromYears(loadBundledCalendarYears());
  return cached;
}
