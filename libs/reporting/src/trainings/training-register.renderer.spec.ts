import { writeFileSync } from 'fs';
import ExcelJS from 'exceljs';
import { shanghaiInstant } from '@app/domain/calendar/shanghai';
import {
  AttendanceRow,
  SessionFacts,
  tallyBySession,
  tallyByStreet,
  workerFigures,
  yearFigures,
} from '@app/domain/trainings/attendance.rules';
import { AttendanceStatus, TrainingMode } from '@app/domain/trainings/training.rules';
import {
  formatSessionTime,
  REGISTER_SHEETS,
  renderTrainingRegister,
  TrainingRegisterInput,
  trainingRegisterFileName,
} from './training-register.renderer';

const STREETS = ['白关镇', '龙泉街道', '董家塅街道', '庆云街道', '建设街道', '枫溪街道', '建宁街道', '贺家土街道'];
const SURNAMES = '王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗';
const GIVEN = ['建国', '小明', '芳', '丽华', '志强', '秀英', '伟', '海燕', '国平', '桂兰', '文军', '晓红', '德胜'];

const workers = Array.from({ length: 312 }, (_, i) => ({
  workerId: `w${i}`,
  streetName: STREETS[i % 8],
  name: `${SURNAMES[i % SURNAMES.length]}${GIVEN[i % GIVEN.length]}`,
  phone: `138${String(7330000 + i).padStart(8, '0')}`,
}));

interface SampleSession extends SessionFacts {
  title: string;
  organiser: string;
  mode: TrainingMode;
  endsAt: Date;
  counts: Record<AttendanceStatus, number>;
}

/** The 2024 reference year: four sessions, 1156 attended of 1243 expected = 93%. */
const sessions: SampleSession[] = [
  {
    sessionId: 'xf',
    title: '如何开展信访工作',
    organiser: '区信访局',
    mode: 'offline',
    startsAt: shanghaiInstant('2024-04-18', 9),
    endsAt: shanghaiInstant('2024-04-18', 11, 30),
    hours: '2.5',
    countsAsGeneralTraining: true,
    counts: { present: 300, late: 6, leave: 4, absent: 2 },
  },
  {
    sessionId: 'dj',
    title: '基础党建业务知识培训',
    organiser: '区委组织部',
    mode: 'online',
    startsAt: shanghaiInstant('2024-06-20', 15),
    endsAt: shanghaiInstant('2024-06-20', 17),
    hours: '2',
    countsAsGeneralTraining: true,
    counts: { present: 270, late: 10, leave: 12, absent: 20 },
  },
  {
    sessionId: 'aq',
    title: '自建房安全隐患排查要点及“回头看”工作业务培训',
    organiser: '网格化管理服务中心',
    mode: 'online',
    startsAt: shanghaiInstant('2024-09-12', 15),
    endsAt: shanghaiInstant('2024-09-12', 16, 30),
    hours: '1.5',
    countsAsGeneralTraining: true,
    counts: { present: 265, late: 6, leave: 15, absent: 23 },
  },
  {
    sessionId: 'yw',
    title: '网格事件上报与系统操作',
    organiser: '网格化管理服务中心',
    mode: 'offline',
    startsAt: shanghaiInstant('2024-11-21', 9),
    endsAt: shanghaiInstant('2024-11-21', 12),
    hours: '3',
    countsAsGeneralTraining: true,
    counts: { present: 290, late: 9, leave: 6, absent: 5 },
  },
];

const rows: AttendanceRow[] = sessions.flatMap((s) =>
  (Object.keys(s.counts) as AttendanceStatus[])
    .flatMap((status) => Array<AttendanceStatus>(s.counts[status]).fill(status))
    .map((status, i) => ({ sessionId: s.sessionId, workerId: workers[i].workerId, streetId: workers[i].streetName, status })),
);

function sampleInput(): TrainingRegisterInput {
  const bySession = tallyBySession(rows);
  const byStreet = tallyByStreet(rows);
  const year = yearFigures(2024, sessions, rows);
  const byWorker = new Map(workerFigures(sessions, rows).map((f) => [f.workerId, f]));
  return {
    year: 2024,
    unitName: '株洲市芦淞区网格化管理服务中心',
    generatedAt: shanghaiInstant('2025-01-10', 10),
    sessions: sessions.map((s) => ({ ...s, audienceLabel: '全体网格员', tally: bySession.get(s.sessionId)! })),
    streets: STREETS.map((streetName) => ({ streetName, tally: byStreet.get(streetName)! })),
    workers: workers.map((w) => ({ ...w, tally: byWorker.get(w.workerId)!.tally, hours: byWorker.get(w.workerId)!.hours })),
    summary: year,
  };
}

async function readBack(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  return wb;
}

function rowValues(ws: ExcelJS.Worksheet, row: number): unknown[] {
  return (ws.getRow(row).values as unknown[]).slice(1);
}

describe('the training register workbook', () => {
  let wb: ExcelJS.Workbook;
  let buffer: Buffer;
  beforeAll(async () => {
    buffer = await renderTrainingRegister(sampleInput());
    wb = await readBack(buffer);
    // to look at it: TRAINING_REGISTER_SAMPLE=/tmp/register.xlsx npx jest ... then convert with LibreOffice
    if (process.env.TRAINING_REGISTER_SAMPLE) writeFileSync(process.env.TRAINING_REGISTER_SAMPLE, buffer);
  });

  it('has the four sheets, summary first', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(['年度汇总', '培训场次', '镇街出勤率', '网格员参训情况']);
    expect(trainingRegisterFileName(2024)).toBe('2024年度培训台账.xlsx');
  });

  it('summarises the year as the self-evaluation reads it: 4 sessions, 93%', () => {
    const ws = wb.getWorksheet(REGISTER_SHEETS.summary)!;
    expect(ws.getCell('A1').value).toBe('2024年度网格员培训情况汇总');
    expect(ws.getCell('A2').value).toBe('单位：株洲市芦淞区网格化管理服务中心        导出日期：2025-01-10');
    expect(rowValues(ws, 3)).toEqual(['项目', '年度指标值', '实际完成值', '说明']);
    expect(rowValues(ws, 4).slice(0, 3)).toEqual(['开展全科网格员培训次数', '≥2次', 4]);
    expect(rowValues(ws, 5).slice(0, 3)).toEqual(['培训出勤率', '≥95%', 0.93]);
    expect(ws.getCell('C5').numFmt).toBe('0.00%');
    const byLabel = new Map(Array.from({ length: 10 }, (_, i) => rowValues(ws, 6 + i)).map((v) => [v[0], v[2]]));
    expect(byLabel.get('应到人次')).toBe(1243);
    expect(byLabel.get('出勤人次')).toBe(1125);
    expect(byLabel.get('迟到人次')).toBe(31);
    expect(byLabel.get('请假人次')).toBe(37);
    expect(byLabel.get('缺勤人次')).toBe(50);
    expect(byLabel.has('未登记人次')).toBe(false);
    expect(byLabel.get('参训学时合计（人·学时）')).toBe(306 * 2.5 + 280 * 2 + 271 * 1.5 + 299 * 3);
  });

  it('lists the sessions with their counts and rates, and a total that pools them', () => {
    const ws = wb.getWorksheet(REGISTER_SHEETS.sessions)!;
    expect(ws.getCell('A1').value).toBe('2024年度网格员培训台账');
    expect(rowValues(ws, 3)).toEqual(['序号', '培训主题', '主办单位', '形式', '培训时间', '学时', '培训对象', '全科培训', '应到', '出勤', '迟到', '请假', '缺勤', '出勤率']);
    expect(rowValues(ws, 4)).toEqual([1, '如何开展信访工作', '区信访局', '线下', '2024-04-18 09:00—11:30', 2.5, '全体网格员', '是', 312, 300, 6, 4, 2, 0.9808]);
    expect(rowValues(ws, 5)).toEqual([2, '基础党建业务知识培训', '区委组织部', '线上', '2024-06-20 15:00—17:00', 2, '全体网格员', '是', 312, 270, 10, 12, 20, 0.8974]);
    const total = rowValues(ws, 8);
    expect(total[0]).toBe('合计（4场）');
    expect(total.slice(5)).toEqual([9, '', '4场', 1243, 1125, 31, 37, 50, 0.93]);
    expect(ws.getCell('N4').numFmt).toBe('0.00%');
    expect(ws.getCell('N8').numFmt).toBe('0.00%');
    expect(String(ws.getCell('A9').value)).toContain('出勤率 =（出勤 + 迟到）÷ 应到');
    // a title too long for its column gets a taller row, as LibreOffice does not grow it
    expect(ws.getRow(6).height).toBe(30);
    expect(ws.getRow(5).height).toBeUndefined();
  });

  it('gives the rate of each street, adding up to the year', () => {
    const ws = wb.getWorksheet(REGISTER_SHEETS.streets)!;
    expect(rowValues(ws, 3)).toEqual(['序号', '镇（街道）', '应到人次', '出勤', '迟到', '请假', '缺勤', '出勤率']);
    expect(rowValues(ws, 4).slice(0, 3)).toEqual([1, '白关镇', 156]);
    const total = rowValues(ws, 12);
    expect(total[0]).toBe('合计');
    expect(total.slice(2)).toEqual([1243, 1125, 31, 37, 50, 0.93]);
  });

  it('lists every worker with a masked phone, sessions, hours and rate', () => {
    const ws = wb.getWorksheet(REGISTER_SHEETS.workers)!;
    expect(rowValues(ws, 3)).toEqual(['序号', '镇（街道）', '姓名', '手机号', '应参训场次', '参训场次', '培训学时', '出勤率']);
    // w0 attended all four sessions: 2.5 + 2 + 1.5 + 3 hours
    expect(rowValues(ws, 4)).toEqual([1, '白关镇', '王建国', '138****0000', 4, 4, 9, 1]);
    expect(ws.rowCount).toBe(3 + 312 + 1);
    const phones: string[] = [];
    for (const sheet of wb.worksheets) {
      sheet.eachRow((row) => row.eachCell((cell) => /1[3-9]\d{9}/.test(String(cell.value)) && phones.push(String(cell.value))));
    }
    expect(phones).toEqual([]);
  });

  it('prints on A4 with the header row repeated, in 宋体, with borders', () => {
    for (const ws of wb.worksheets) {
      expect(ws.pageSetup.paperSize).toBe(9);
      expect(ws.pageSetup.printTitlesRow).toBe('3:3');
      expect(ws.getCell('B3').font.name).toBe('宋体');
      expect(ws.getCell('B4').font.name).toBe('宋体');
      expect(ws.getCell('B4').border.top?.style).toBe('thin');
    }
    expect(wb.getWorksheet(REGISTER_SHEETS.sessions)!.pageSetup.orientation).toBe('landscape');
  });

  it('escapes text that would run as a formula, and shows a column of unrecorded attendance when there is some', async () => {
    const input = sampleInput();
    input.sessions = [{ ...input.sessions[0], title: '=HYPERLINK("http://x","点此")', organiser: '@区信访局', tally: { ...input.sessions[0].tally, unrecorded: 3, expected: 315 } }];
    input.workers = [{ ...input.workers[0], name: '+张三', phone: null }];
    const back = await readBack(await renderTrainingRegister(input));
    const sessionsSheet = back.getWorksheet(REGISTER_SHEETS.sessions)!;
    expect(sessionsSheet.getCell('B4').value).toBe(`'=HYPERLINK("http://x","点此")`);
    expect(sessionsSheet.getCell('C4').value).toBe("'@区信访局");
    expect(rowValues(sessionsSheet, 3)[13]).toBe('未登记');
    expect(rowValues(sessionsSheet, 4)[13]).toBe(3);
    const workersSheet = back.getWorksheet(REGISTER_SHEETS.workers)!;
    expect(workersSheet.getCell('C4').value).toBe("'+张三");
    expect(workersSheet.getCell('D4').value).toBe('');
  });

  it('formats a session time in Shanghai, with both days when it spans two', () => {
    expect(formatSessionTime(new Date('2024-04-18T01:00:00Z'), new Date('2024-04-18T03:30:00Z'))).toBe('2024-04-18 09:00—11:30');
    expect(formatSessionTime(shanghaiInstant('2024-04-18', 9), shanghaiInstant('2024-04-19', 17))).toBe('2024-04-18 09:00—2024-04-19 17:00');
  });
});
