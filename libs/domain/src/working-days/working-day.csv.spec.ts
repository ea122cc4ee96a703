import { DomainError } from '../errors/domain-error';
import { bundledCalendarCsv } from './working-day.bundled';
import { formatWorkingDayCsv, normaliseDate, parseWorkingDayCsv, splitCsvLine, validateWorkingDayCsv } from './working-day.csv';

describe('working-day calendar CSV', () => {
  it('parses a shipped year', () => {
    const [y] = parseWorkingDayCsv(bundledCalendarCsv(2024), { year: 2024 });
    expect(y.year).toBe(2024);
    expect(y.entries.filter((e) => e.kind === 'holiday')).toHaveLength(1 + 8 + 3 + 5 + 1 + 3 + 7);
    expect(y.entries.filter((e) => e.kind === 'workday').map((e) => e.date)).toEqual([
      '2024-02-04',
      '2024-02-18',
      '2024-04-07',
      '2024-04-28',
      '2024-05-11',
      '2024-09-14',
      '2024-09-29',
      '2024-10-12',
    ]);
  });

  it('accepts a BOM, CRLF, Excel dates, quotes, the English header and trailing empty columns', () => {
    const text = '\uFEFFdate,kind,name\r\n2024/10/1,holiday,"国庆节"\r\n\r\n2024/10/12,workday,国庆节,,\r\n# note\r\n';
    expect(parseWorkingDayCsv(text)).toEqual([
      {
        year: 2024,
        entries: [
          { date: '2024-10-01', kind: 'holiday', name: '国庆节' },
          { date: '2024-10-12', kind: 'workday', name: '国庆节' },
        ],
      },
    ]);
  });

  it('round-trips through formatWorkingDayCsv', () => {
    const years = parseWorkingDayCsv(bundledCalendarCsv(2025));
    expect(parseWorkingDayCsv(formatWorkingDayCsv(years[0]))).toEqual(years);
  });

  it('reports every bad row with its line number, in Chinese', () => {
    const text = [
      '# 2024', // 1
      '日期,类型,名称', // 2
      '2024-10-01,放假,国庆节', // 3
      '2024-02-30,放假,春节', // 4
      '2024-10-02,休假,国庆节', // 5
      '2024-10-03,放假,', // 6
      '2024-10-01,放假,国庆节', // 7
      '2024-10-08,上班,国庆节', // 8
      '2023-10-01,放假,国庆节', // 9
      '2024-10-04,放假,国庆节,多余', // 10
      '2024-10-05,放假,"国庆节', // 11
      '2024-10-06,放假,=HYPERLINK("x")', // 12
    ].join('\n');
    const { problems } = validateWorkingDayCsv(text, { year: 2024 });
    expect(problems).toEqual([
      { row: 4, field: '第4行.日期', message: '第4行：日期「2024-02-30」无效，应为 YYYY-MM-DD' },
      { row: 5, field: '第5行.类型', message: '第5行：类型「休假」无效，应为「放假」或「上班」' },
      { row: 6, field: '第6行.名称', message: '第6行：名称不能为空（填写节日名称，如「春节」）' },
      { row: 7, field: '第7行.日期', message: '第7行：2024-10-01 与第3行重复' },
      { row: 8, field: '第8行.类型', message: '第8行：2024-10-08 是星期二，本来就是工作日，不能登记为「上班」' },
      { row: 9, field: '第9行.日期', message: '第9行：2023-10-01 不属于2024年' },
      { row: 10, field: '第10行.格式', message: '第10行：只应有日期、类型、名称三列，实际有4列' },
      { row: 11, field: '第11行.格式', message: '第11行：引号不成对' },
      { row: 12, field: '第12行.名称', message: '第12行：名称不能以 = + - @ 开头' },
    ]);
    const e = (() => {
      try {
        parseWorkingDayCsv(text, { year: 2024 });
      } catch (err) {
        return err as DomainError;
      }
      throw new Error('expected an error');
    })();
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toBe('工作日历文件有9处错误，未导入');
    expect(e.problems).toHaveLength(9);
  });

  it('requires the header', () => {
    expect(validateWorkingDayCsv('2024-10-01,放假,国庆节\n').problems).toEqual([
      { row: 1, field: '第1行.表头', message: '第1行：表头应为「日期,类型,名称」，实际为「2024-10-01,放假,国庆节」' },
    ]);
  });

  it('rejects an empty file, a file without rows, and a file without the requested year', () => {
    expect(validateWorkingDayCsv('').problems[0].message).toContain('文件为空');
    expect(validateWorkingDayCsv('日期,类型,名称\n').problems[0].message).toBe('文件没有数据行');
    expect(validateWorkingDayCsv('日期,类型,名称\n2024-10-01,放假,国庆节\n', { year: 2025 }).problems[0].message).toBe(
      '第2行：2024-10-01 不属于2025年',
    );
  });

  it('rejects a year with only 上班 days', () => {
    expect(validateWorkingDayCsv('日期,类型,名称\n2024-10-12,上班,国庆节\n').problems).toEqual([
      { field: '文件', message: '2024年没有任何放假日期，请检查文件' },
    ]);
  });

  it('splits quoted cells and normalises dates', () => {
    expect(splitCsvLine('a,"b,""c""", d ')).toEqual(['a', 'b,"c"', 'd']);
    expect(splitCsvLine('a,"b')).toBeNull();
    expect(normaliseDate('2024年2月4日')).toBe('2024-02-04');
    expect(normaliseDate('2024.2.4')).toBe('2024-02-04');
    expect(normaliseDate('2023-02-29')).toBeNull();
    expect(normaliseDate('24-2-4')).toBeNull();
  });
});
