import { addDays, shanghaiInstant } from '../calendar/shanghai';
import { DomainError } from '../errors/domain-error';
import { bundledCalendarCsv, bundledCalendarYears, bundledWorkingDayCalendar, loadBundledCalendarYears } from './working-day.bundled';
import { dueDayOf, MissingCalendarYearError, WorkingDayCalendar } from './working-day.calendar';
import { parseWorkingDayCsv } from './working-day.csv';

const cal = bundledWorkingDayCalendar();
const at = (iso: string) => new Date(iso);

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

describe('working-day calendar', () => {
  it('ships 2024, 2025 and 2026', () => {
    expect(bundledCalendarYears()).toEqual([2024, 2025, 2026]);
    expect(cal.years).toEqual([2024, 2025, 2026]);
  });

  it.each([
    [2024, 251],
    [2025, 248],
    [2026, 248],
  ])('counts the official number of working days in %i', (year, count) => {
    expect(cal.workingDaysInRange(`${year}-01-01`, `${year}-12-31`)).toBe(count);
  });

  describe('国庆 2024', () => {
    it('is off from 10-01 to 10-07, the 调休 Sunday 09-29 and Saturday 10-12 are working days', () => {
      expect(cal.isWorkingDay('2024-09-29')).toBe(true);
      expect(cal.dayInfo('2024-09-29')).toEqual({ date: '2024-09-29', kind: 'adjusted_working', working: true, name: '国庆节' });
      for (let d = '2024-10-01'; d <= '2024-10-07'; d = addDays(d, 1)) expect(cal.isWorkingDay(d)).toBe(false);
      expect(cal.dayInfo('2024-10-05').kind).toBe('holiday');
      expect(cal.isWorkingDay('2024-10-08')).toBe(true);
      expect(cal.isWorkingDay('2024-10-12')).toBe(true);
      expect(cal.dayInfo('2024-10-12').kind).toBe('adjusted_working');
      expect(cal.isWorkingDay('2024-10-13')).toBe(false);
      expect(cal.dayInfo('2024-10-13').kind).toBe('weekend');
    });

    it('jumps the holiday when adding working days', () => {
      expect(cal.nextWorkingDay('2024-09-30')).toBe('2024-10-08');
      expect(cal.addWorkingDays('2024-09-27', 2)).toBe('2024-09-30'); // Fri + 2 = Sun 29 (调休), Mon 30
      expect(cal.addWorkingDays('2024-10-08', 4)).toBe('2024-10-12');
      expect(cal.previousWorkingDay('2024-10-08')).toBe('2024-09-30');
      expect(cal.addWorkingDays('2024-10-12', -5)).toBe('2024-09-30');
    });

    it('puts a 2-day limit from Monday 09-30 10:00 at the end of 10-09', () => {
      expect(cal.dueInstant(at('2024-09-30T10:00:00+08:00'), 2)).toEqual(at('2024-10-10T00:00:00+08:00'));
    });

    it('starts counting at the next working day for a case reported during the holiday', () => {
      expect(cal.dueInstant(at('2024-10-03T09:00:00+08:00'), 1)).toEqual(at('2024-10-09T00:00:00+08:00'));
      expect(cal.dueInstant(at('2024-10-03T09:00:00+08:00'), 0)).toEqual(at('2024-10-09T00:00:00+08:00'));
    });

    it('counts the 调休 Saturday 10-12 as a working day for limits', () => {
      expect(cal.dueInstant(at('2024-10-11T16:00:00+08:00'), 1)).toEqual(at('2024-10-13T00:00:00+08:00'));
    });
  });

  describe('春节 2024', () => {
    it('keeps 除夕 02-09 a working day, is off 02-10..02-17, works the Sundays 02-04 and 02-18', () => {
      expect(cal.isWorkingDay('2024-02-04')).toBe(true);
      expect(cal.isWorkingDay('2024-02-09')).toBe(true);
      for (let d = '2024-02-10'; d <= '2024-02-17'; d = addDays(d, 1)) expect(cal.isWorkingDay(d)).toBe(false);
      expect(cal.isWorkingDay('2024-02-18')).toBe(true);
      expect(cal.dayInfo('2024-02-12').name).toBe('春节');
    });

    it('puts a 3-day limit from Thursday 02-08 at the end of Monday 02-19', () => {
      // 02-09 (1), 02-18 调休 Sunday (2), 02-19 (3)
      expect(cal.dueInstant(at('2024-02-08T15:00:00+08:00'), 3)).toEqual(at('2024-02-20T00:00:00+08:00'));
      expect(cal.workingDaysInRange('2024-02-08', '2024-02-19')).toBe(4);
    });
  });

  describe('2025 and 2026', () => {
    it('follows the 2025 notice (除夕 off, 8-day 国庆、中秋)', () => {
      expect(cal.isWorkingDay('2025-01-26')).toBe(true);
      expect(cal.isWorkingDay('2025-01-28')).toBe(false);
      expect(cal.isWorkingDay('2025-02-05')).toBe(true);
      expect(cal.isWorkingDay('2025-02-08')).toBe(true);
      expect(cal.isWorkingDay('2025-10-08')).toBe(false);
      expect(cal.isWorkingDay('2025-10-11')).toBe(true);
    });

    it('follows the 2026 notice (9-day 春节, 元旦 make-up Sunday 01-04)', () => {
      expect(cal.isWorkingDay('2026-01-04')).toBe(true);
      expect(cal.isWorkingDay('2026-02-23')).toBe(false);
      expect(cal.isWorkingDay('2026-02-28')).toBe(true);
      expect(cal.isWorkingDay('2026-09-20')).toBe(true);
      expect(cal.isWorkingDay('2026-10-10')).toBe(true);
    });
  });

  describe('year boundary', () => {
    it('crosses from 2024 into 2025 over 元旦', () => {
      expect(cal.nextWorkingDay('2024-12-31')).toBe('2025-01-02');
      expect(cal.previousWorkingDay('2025-01-02')).toBe('2024-12-31');
      expect(cal.dueInstant(at('2024-12-31T10:00:00+08:00'), 2)).toEqual(at('2025-01-04T00:00:00+08:00'));
    });

    it('takes the Shanghai day of an instant, not the UTC one', () => {
      // 2024-12-31T17:00Z is already 2025-01-01 01:00 in Shanghai, a holiday: day 1 is 01-02.
      expect(cal.dueInstant(at('2024-12-31T17:00:00Z'), 1)).toEqual(at('2025-01-03T00:00:00+08:00'));
      expect(cal.dueInstant(at('2024-12-31T15:59:00Z'), 1)).toEqual(at('2025-01-03T00:00:00+08:00'));
      expect(cal.dueInstant(at('2024-12-30T15:59:00Z'), 1)).toEqual(at('2025-01-01T00:00:00+08:00'));
    });
  });

  describe('missing year', () => {
    const only2024 = WorkingDayCalendar.fromYears(parseWorkingDayCsv(bundledCalendarCsv(2024), { year: 2024 }));

    it('refuses a day of a year it has no data for, naming the year', () => {
      const e = catchError(() => only2024.isWorkingDay('2023-06-01'));
      expect(e).toBeInstanceOf(MissingCalendarYearError);
      expect(e).toBeInstanceOf(DomainError);
      expect((e as MissingCalendarYearError).year).toBe(2023);
      expect((e as DomainError).code).toBe('UNPROCESSABLE');
      expect((e as DomainError).message).toContain('2023年');
    });

    it('refuses to run a limit into the missing next year instead of treating 元旦 as a working day', () => {
      expect(() => only2024.nextWorkingDay('2024-12-31')).toThrow('缺少2025年的节假日安排');
      expect(() => only2024.dueInstant(at('2024-12-30T10:00:00+08:00'), 2)).toThrow(MissingCalendarYearError);
      expect(only2024.dueInstant(at('2024-12-30T10:00:00+08:00'), 1)).toEqual(at('2025-01-01T00:00:00+08:00'));
    });

    it('refuses even adding 0 days on a missing year', () => {
      expect(() => only2024.addWorkingDays('2027-03-01', 0)).toThrow('缺少2027年');
    });
  });

  describe('limits and elapsed days', () => {
    it('makes workingDaysElapsed the inverse of dueInstant for every start day of 2024-2025 and limits 1..10', () => {
      for (let d = '2024-01-01'; d <= '2025-11-30'; d = addDays(d, 1)) {
        const start = shanghaiInstant(d, 10, 30);
        for (let n = 1; n <= 10; n++) {
          const due = cal.dueInstant(start, n);
          if (cal.workingDaysElapsed(start, due) !== n || cal.workingDaysElapsed(start, new Date(due.getTime() - 1)) !== n - 1) {
            throw new Error(`start ${d}, n ${n}, due ${due.toISOString()}`);
          }
        }
      }
    });

    it('always puts a due instant at Shanghai midnight ending a working day', () => {
      for (let d = '2024-09-20'; d <= '2024-10-20'; d = addDays(d, 1)) {
        const due = cal.dueInstant(shanghaiInstant(d, 23, 59), 3);
        expect(due.getTime() % 86_400_000).toBe(16 * 3_600_000);
        expect(cal.isWorkingDay(dueDayOf(due))).toBe(true);
      }
    });

    it('extends a due by working days from the day it ran out', () => {
      const due = at('2024-09-30T00:00:00+08:00'); // end of Sunday 09-29 (调休)
      expect(cal.extendDue(due, 1)).toEqual(at('2024-10-01T00:00:00+08:00'));
      expect(cal.extendDue(due, 2)).toEqual(at('2024-10-09T00:00:00+08:00'));
      expect(cal.extendDue(due, 0)).toEqual(due);
    });

    it('counts no elapsed days for an empty or reversed interval', () => {
      expect(cal.workingDaysElapsed(at('2024-10-08T10:00:00+08:00'), at('2024-10-08T10:00:00+08:00'))).toBe(0);
      expect(cal.workingDaysElapsed(at('2024-10-09T10:00:00+08:00'), at('2024-10-08T10:00:00+08:00'))).toBe(0);
      expect(cal.workingDaysElapsed(at('2024-09-30T10:00:00+08:00'), at('2024-10-09T09:00:00+08:00'))).toBe(1);
    });

    it('rejects negative or fractional limits', () => {
      expect(() => cal.dueInstant(at('2024-10-08T10:00:00+08:00'), -1)).toThrow(DomainError);
      expect(() => cal.dueInstant(at('2024-10-08T10:00:00+08:00'), 1.5)).toThrow(DomainError);
      expect(() => cal.addWorkingDays('2024-10-08', 0.5)).toThrow(DomainError);
    });
  });

  describe('building from data', () => {
    it('round-trips a year', () => {
      const years = loadBundledCalendarYears();
      expect(WorkingDayCalendar.fromYears(years).yearData(2025)).toEqual(years.find((y) => y.year === 2025));
    });

    it('rejects a year given twice, dates outside their year and 上班 on a weekday', () => {
      const y2024 = parseWorkingDayCsv(bundledCalendarCsv(2024))[0];
      const e = catchError(() =>
        WorkingDayCalendar.fromYears([
          y2024,
          y2024,
          { year: 2023, entries: [{ date: '2024-01-01', kind: 'holiday', name: '元旦' }, { date: '2023-01-03', kind: 'workday', name: 'x' }] },
        ]),
      ) as DomainError;
      expect(e.code).toBe('VALIDATION');
      expect(e.problems.map((p) => p.message)).toEqual([
        '2024年的数据重复提供',
        '2024-01-01 不属于2023年',
        '2023-01-03 是星期二，本来就是工作日，不能登记为调休上班',
      ]);
    });
  });
});
