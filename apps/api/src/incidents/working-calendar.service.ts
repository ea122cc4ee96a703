import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, DomainError } from '@app/domain';
import { queryRows } from '@app/domain/database/sql';
import { loadWorkingDayCalendar, saveCalendarYears } from '@app/domain/incidents/incident.store';
import { DAY_KIND_LABELS, DayInfo, WorkingDayCalendar } from '@app/domain/working-days/working-day.calendar';
import { formatWorkingDayCsv, validateWorkingDayCsv } from '@app/domain/working-days/working-day.csv';
import { addDays } from '@app/domain/calendar/shanghai';

/** How long a process trusts its copy of the calendar; an import in this process refreshes it at once. */
const CACHE_MS = 60_000;

/**
 * The working-day calendar as the centre imported it, one year at a time (CSV, all or nothing). Deadlines
 * are computed on it; a year that was never imported makes them fail with 422 instead of being guessed.
 */
@Injectable()
export class WorkingCalendarService {
  private cached: { calendar: WorkingDayCalendar; at: number } | null = null;
  private loading: Promise<WorkingDayCalendar> | null = null;

  constructor(private readonly db: DataSource) {}

  async calendar(): Promise<WorkingDayCalendar> {
    if (this.cached && Date.now() - this.cached.at < CACHE_MS) return this.cached.calendar;
    this.loading ??= loadWorkingDayCalendar(this.db)
      .then((calendar) => {
        this.cached = { calendar, at: Date.now() };
        return calendar;
      })
      .finally(() => (this.loading = null));
    return this.loading;
  }

  invalidate(): void {
    this.cached = null;
  }

  async years(): Promise<Array<{ year: number; source: string; importedAt: Date; holidays: number; workdays: number }>> {
    const rows = await queryRows<{ year: number; source: string; imported_at: Date; holidays: string; workdays: string }>(
      this.db,
      `SELECT y.year, y.source, y.imported_at, count(*) FILTER (WHERE e.kind = 'holiday') AS holidays, count(*) FILTER (WHERE e.kind = 'workday') AS workdays
         FROM working_day_year y LEFT JOIN working_day_entry e ON e.year = y.year GROUP BY y.year ORDER BY y.year`,
    );
    return rows.map((r) => ({ year: r.year, source: r.source, importedAt: r.imported_at, holidays: Number(r.holidays), workdays: Number(r.workdays) }));
  }

  /** Every day of a year with its kind (工作日, 周末, 法定节假日, 调休上班). */
  async year(year: number): Promise<{ year: number; workingDays: number; days: Array<DayInfo & { kindName: string }> }> {
    const calendar = await loadWorkingDayCalendar(this.db);
    if (!calendar.hasYear(year)) throw DomainError.notFound('工作日历', `${year}年`);
    const days: Array<DayInfo & { kindName: string }> = [];
    for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) {
      const info = calendar.dayInfo(d);
      days.push({ ...info, kindName: DAY_KIND_LABELS[info.kind] });
    }
    return { year, workingDays: days.filter((d) => d.working).length, days };
  }

  async csv(year: number): Promise<string> {
    const calendar = await loadWorkingDayCalendar(this.db);
    if (!calendar.hasYear(year)) throw DomainError.notFound('工作日历', `${year}年`);
    return formatWorkingDayCsv(calendar.yearData(year));
  }

  /** Imports one year from a CSV: every row problem listed, nothing written unless the whole file is right. */
  async import(actor: Actor, year: number, text: string, source: string): Promise<{ year: number; holidays: number; workdays: number }> {
    const { years, problems } = validateWorkingDayCsv(text, { year });
    if (problems.length) throw DomainError.invalidRows(`工作日历文件有${problems.length}处错误，未导入`, problems);
    // same checks the calendar itself makes (e.g. a year without a holiday)
    WorkingDayCalendar.fromYears(years);
    await this.db.transaction((em) => saveCalendarYears(em, years, source, actor.userId || null));
    this.invalidate();
    const entries = years[0].entries;
    return { year, holidays: entries.filter((e) => e.kind === 'holiday').length, workdays: entries.filter((e) => e.kind === 'workday').length };
  }
}
