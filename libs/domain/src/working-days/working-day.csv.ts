import { formatLocalDate, isLocalDate, LocalDate, parseLocalDate } from '../calendar/shanghai';
import { DomainError, FieldProblem } from '../errors/domain-error';
import {
  CALENDAR_ENTRY_KIND_LABELS,
  CalendarEntry,
  CalendarEntryKind,
  CalendarYear,
  isWeekend,
  weekdayLabel,
} from './working-day.calendar';

/**
 * The import format of the working-day calendar (see data/README.md): a UTF-8 CSV, one day a row,
 *
 *   日期,类型,名称
 *   2024-10-01,放假,国庆节
 *   2024-10-12,上班,国庆节
 *
 * - 日期: YYYY-MM-DD (2024/10/1 as Excel re-saves it is accepted too);
 * - 类型: 放假 (a statutory holiday or a bridging day off) or 上班 (a Saturday/Sunday worked, 调休);
 * - 名称: the festival, e.g. 春节.
 * The header may also be written date,kind,name with kinds holiday/workday. Blank lines and lines starting
 * with # are ignored; a BOM and CRLF line ends are accepted. Saturdays and Sundays not listed are days off,
 * weekdays not listed are working days. Row numbers in problems are the file's line numbers.
 */
export const WORKING_DAY_CSV_HEADER = '日期,类型,名称';

const HEADER_ALIASES: readonly (readonly string[])[] = [
  ['日期', 'date'],
  ['类型', 'kind', 'type'],
  ['名称', 'name', '节日'],
];

const KIND_ALIASES: Record<string, CalendarEntryKind> = {
  放假: 'holiday',
  休: 'holiday',
  休息: 'holiday',
  holiday: 'holiday',
  off: 'holiday',
  上班: 'workday',
  班: 'workday',
  调休上班: 'workday',
  workday: 'workday',
  work: 'workday',
};

const NAME_MAX = 50;

export interface WorkingDayCsvResult {
  /** Years found in the file, ascending; only meaningful when `problems` is empty. */
  years: CalendarYear[];
  problems: FieldProblem[];
}

export interface WorkingDayCsvOptions {
  /** When the import is for one year: every row must be in it, and it must have rows. */
  year?: number;
}

/** Splits one CSV line, honouring double quotes ("" inside quotes is a quote). Null when quotes are unbalanced. */
export function splitCsvLine(line: string): string[] | null {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  if (quoted) return null;
  cells.push(cell);
  return cells.map((s) => s.trim());
}

/** 2024-10-01, 2024/10/1, 2024.10.1 and 2024年10月1日 to 2024-10-01; null when not a real date. */
export function normaliseDate(raw: string): LocalDate | null {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(raw.trim());
  if (!m) return null;
  const date = formatLocalDate(Number(m[1]), Number(m[2]), Number(m[3]));
  return isLocalDate(date) ? date : null;
}

function rowProblem(row: number, column: string, message: string): FieldProblem {
  return { field: `第${row}行.${column}`, message: `第${row}行：${message}`, row };
}

/** Validates a calendar CSV and returns its years and every problem found (never throws). */
export function validateWorkingDayCsv(text: string, options: WorkingDayCsvOptions = {}): WorkingDayCsvResult {
  const problems: FieldProblem[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const firstRowOf = new Map<LocalDate, number>();
  const byYear = new Map<number, CalendarEntry[]>();
  let headerSeen = false;

  lines.forEach((line, index) => {
    const row = index + 1;
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const cells = splitCsvLine(line);
    if (!cells) {
      problems.push(rowProblem(row, '格式', '引号不成对'));
      return;
    }
    while (cells.length > 3 && cells[cells.length - 1] === '') cells.pop();
    if (!headerSeen) {
      headerSeen = true;
      const ok =
        cells.length === 3 && cells.every((c, i) => HEADER_ALIASES[i].includes(c.toLowerCase()));
      if (!ok) problems.push(rowProblem(row, '表头', `表头应为「${WORKING_DAY_CSV_HEADER}」，实际为「${line.trim()}」`));
      return;
    }
    if (cells.length > 3) {
      problems.push(rowProblem(row, '格式', `只应有日期、类型、名称三列，实际有${cells.length}列`));
      return;
    }
    const [rawDate = '', rawKind = '', name = ''] = cells;
    let bad = false;
    const date = normaliseDate(rawDate);
    if (!date) {
      problems.push(rowProblem(row, '日期', rawDate === '' ? '日期不能为空' : `日期「${rawDate}」无效，应为 YYYY-MM-DD`));
      bad = true;
    }
    const kind = KIND_ALIASES[rawKind.toLowerCase()];
    if (!kind) {
      problems.push(
        rowProblem(row, '类型', rawKind === '' ? '类型不能为空，应为「放假」或「上班」' : `类型「${rawKind}」无效，应为「放假」或「上班」`),
      );
      bad = true;
    }
    if (name === '') {
      problems.push(rowProblem(row, '名称', '名称不能为空（填写节日名称，如「春节」）'));
      bad = true;
    } else if (name.length > NAME_MAX) {
      problems.push(rowProblem(row, '名称', `名称不能超过${NAME_MAX}个字`));
      bad = true;
    } else if (/^[=+\-@]/.test(name)) {
      problems.push(rowProblem(row, '名称', '名称不能以 = + - @ 开头'));
      bad = true;
    }
    if (!date) return;
    const year = parseLocalDate(date).year;
    if (options.year !== undefined && year !== options.year) {
      problems.push(rowProblem(row, '日期', `${date} 不属于${options.year}年`));
      bad = true;
    }
    const first = firstRowOf.get(date);
    if (first !== undefined) {
      problems.push(rowProblem(row, '日期', `${date} 与第${first}行重复`));
      return;
    }
    firstRowOf.set(date, row);
    if (kind === 'workday' && !isWeekend(date)) {
      problems.push(
        rowProblem(row, '类型', `${date} 是${weekdayLabel(date)}，本来就是工作日，不能登记为「${CALENDAR_ENTRY_KIND_LABELS.workday}」`),
      );
      bad = true;
    }
    if (bad || !kind) return;
    const list = byYear.get(year) ?? [];
    list.push({ date, kind, name });
    byYear.set(year, list);
  });

  if (!headerSeen) {
    problems.push({ field: '文件', message: `文件为空，应有表头「${WORKING_DAY_CSV_HEADER}」和每天一行的数据` });
  } else if (firstRowOf.size === 0 && problems.length === 0) {
    problems.push({ field: '文件', message: '文件没有数据行' });
  }
  if (options.year !== undefined && headerSeen && firstRowOf.size > 0 && !byYear.has(options.year) && problems.length === 0) {
    problems.push({ field: '文件', message: `文件中没有${options.year}年的数据` });
  }
  for (const [year, entries] of byYear) {
    if (!entries.some((e) => e.kind === 'holiday') && problems.length === 0) {
      problems.push({ field: '文件', message: `${year}年没有任何放假日期，请检查文件` });
    }
  }

  const years = [...byYear.entries()]
    .sort(([a], [b]) => a - b)
    .map(([year, entries]) => ({ year, entries: entries.sort((a, b) => (a.date < b.date ? -1 : 1)) }));
  return { years, problems };
}

/** Parses a calendar CSV; throws a VALIDATION DomainError with one problem per bad row. */
export function parseWorkingDayCsv(text: string, options: WorkingDayCsvOptions = {}): CalendarYear[] {
  const { years, problems } = validateWorkingDayCsv(text, options);
  if (problems.length > 0) {
    throw DomainError.invalidRows(`工作日历文件有${problems.length}处错误，未导入`, problems);
  }
  return years;
}

/** Writes a year back in the import format (for download and round trips). */
export function formatWorkingDayCsv(data: CalendarYear): string {
  const escape = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const rows = [...data.entries]
    .sort((a, b) => (a.date < b.date ? -1 : 1))
    .map((e) => [e.date, CALENDAR_ENTRY_KIND_LABELS[e.kind], escape(e.name)].join(','));
  return [WORKING_DAY_CSV_HEADER, ...rows].join('\n') + '\n';
}
