import ExcelJS from 'exceljs';
import { shanghaiInstant } from '@app/domain/calendar/shanghai';
import { DomainError } from '@app/domain/errors/domain-error';
import { assessOnlineAttendance } from '@app/domain/trainings/online-participation';
import { ExpectedWorker, matchSignInRows } from '@app/domain/trainings/sign-in-matching';
import { decodeText, parseCsv } from './csv-text.parser';
import { parseParticipantCsv, parseParticipantFile, parseSignInSheet } from './sign-in-sheet.parser';

/** GBK bytes of a text, from a reverse table built with the platform's own decoder. */
function encodeGbk(text: string): Buffer {
  const decoder = new TextDecoder('gbk');
  const table = new Map<string, number[]>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const ch = decoder.decode(Uint8Array.of(lead, trail));
      if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, [lead, trail]);
    }
  }
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) bytes.push(code);
    else if (table.has(ch)) bytes.push(...table.get(ch)!);
    else throw new Error(`not in GBK: ${ch}`);
  }
  return Buffer.from(bytes);
}

async function xlsx(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

async function domainError(promise: Promise<unknown> | (() => unknown)): Promise<DomainError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  }
  throw new Error('expected a DomainError');
}

const expected: ExpectedWorker[] = [
  { workerId: 'w1', name: '张小明', phone: '13807330001', workerCode: 'LS0001', streetName: '白关镇' },
  { workerId: 'w2', name: '王芳', phone: '13807330002', workerCode: 'LS0002', streetName: '龙泉街道' },
  { workerId: 'w3', name: '王芳', phone: '13907330003', workerCode: 'LS0003', streetName: '建设街道' },
  { workerId: 'w4', name: '李建国', phone: '13807330004', workerCode: '00104', streetName: '庆云街道' },
  { workerId: 'w5', name: '赵六', phone: '13807330005', workerCode: 'LS0005', streetName: '枫溪街道' },
];

/** A sign-in sheet as a clerk types it: a title, a line of session details, then the table. */
function typedSheet(wb: ExcelJS.Workbook): void {
  const ws = wb.addWorksheet('签到表');
  ws.mergeCells('A1:F1');
  ws.getCell('A1').value = '《如何开展信访工作》培训签到表';
  ws.getCell('A2').value = '时间：2024年4月18日上午9:00    地点：区综治中心三楼会议室';
  ws.addRow([]); // a blank row before the table
  ws.getRow(4).values = ['序号', '姓 名', '联系电话', '网格员编号', '签到时间', '状态'];
  ws.getRow(5).values = [1, ' 张晓明 ', null, null, new Date(Date.UTC(2024, 3, 18, 8, 52)), null]; // misspelt
  ws.getRow(6).values = [2, '王芳', 13807330002, null, '9:20', null]; // phone typed as a number
  ws.getRow(7).values = [3, '王芳', null, null, null, '请假']; // namesake, nothing to tell them apart
  ws.getRow(8).values = [4, '李建国', null, 104, new Date(Date.UTC(1899, 11, 30, 8, 58)), null]; // code lost its zeros; time-only cell
  ws.getRow(9).values = [5, { richText: [{ text: '赵' }, { text: '六' }] }, null, 'LS0005', null, '出勤'];
  ws.getRow(11).values = ['', '记录人：刘洋', null, null, null, null];
  ws.getCell('E5').numFmt = 'yyyy-mm-dd hh:mm';
  ws.getCell('E8').numFmt = 'hh:mm';
}

describe('the typed sign-in sheet', () => {
  it('finds the header under the title rows and reads each row with its spreadsheet row number', async () => {
    const sheet = await parseSignInSheet(await xlsx(typedSheet), { sessionDate: '2024-04-18' });
    expect(sheet.sheetName).toBe('签到表');
    expect(sheet.headerRow).toBe(4);
    expect(sheet.headers).toEqual({ name: '姓 名', phone: '联系电话', workerCode: '网格员编号', signInAt: '签到时间', status: '状态' });
    expect(sheet.rows.map((r) => [r.row, r.name, r.phone, r.workerCode, r.statusText])).toEqual([
      [5, '张晓明', null, null, null],
      [6, '王芳', '13807330002', null, null],
      [7, '王芳', null, null, '请假'],
      [8, '李建国', null, '104', null],
      [9, '赵六', null, 'LS0005', '出勤'],
    ]);
    expect(sheet.rows.map((r) => r.signInAt)).toEqual([
      shanghaiInstant('2024-04-18', 8, 52),
      shanghaiInstant('2024-04-18', 9, 20),
      null,
      shanghaiInstant('2024-04-18', 8, 58),
      null,
    ]);
  });

  it('feeds the matcher: a misspelt name and a duplicate name are listed; resolved, the sheet imports', async () => {
    const sheet = await parseSignInSheet(await xlsx(typedSheet), { sessionDate: '2024-04-18' });
    const startsAt = shanghaiInstant('2024-04-18', 9, 0);
    const first = matchSignInRows(sheet.rows, expected, { sessionStartsAt: startsAt });
    if (first.ok) throw new Error('expected problems');
    expect(first.problems.map((p) => [p.row, p.kind, p.candidates.map((c) => c.workerId)])).toEqual([
      [5, 'unmatched', ['w1']],
      [7, 'ambiguous', ['w3', 'w2']],
    ]);
    const second = matchSignInRows(sheet.rows, expected, {
      sessionStartsAt: startsAt,
      resolutions: [
        { row: 5, workerId: 'w1' },
        { row: 7, workerId: 'w3' },
      ],
    });
    if (!second.ok) throw new Error(JSON.stringify(second.problems));
    expect(second.attendance.map((a) => [a.workerId, a.status])).toEqual([
      ['w1', 'present'],
      ['w2', 'late'],
      ['w3', 'leave'],
      ['w4', 'present'],
      ['w5', 'present'],
    ]);
  });

  it('lists unreadable sign-in times by row', async () => {
    const buffer = await xlsx((wb) => {
      const ws = wb.addWorksheet('Sheet1');
      ws.addRow(['姓名', '手机号', '签到时间']);
      ws.addRow(['张小明', '13807330001', '九点']);
      ws.addRow(['赵六', '13807330005', '9:05']);
    });
    const error = await domainError(parseSignInSheet(buffer));
    expect(error.code).toBe('VALIDATION');
    expect(error.problems).toEqual([
      { row: 2, field: '第2行.签到时间', message: '签到时间「九点」无法识别（只有时间没有日期时需先确定培训日期）' },
      { row: 3, field: '第3行.签到时间', message: '签到时间「9:05」无法识别（只有时间没有日期时需先确定培训日期）' },
    ]);
  });

  it('skips a sheet without a header and reads the next; a header with a remark in brackets is recognised', async () => {
    const buffer = await xlsx((wb) => {
      wb.addWorksheet('说明').addRow(['请在第二个工作表填写']);
      const ws = wb.addWorksheet('名单');
      ws.addRow(['姓名', '手机号（必填）']);
      ws.addRow(['赵六', '138 0733 0005']);
      ws.addRow(['姓名', '手机号（必填）']); // header repeated for the second printed page
      ws.addRow(['张小明', '13807330001']);
    });
    const sheet = await parseSignInSheet(buffer);
    expect(sheet.sheetName).toBe('名单');
    expect(sheet.rows.map((r) => [r.row, r.name, r.phone])).toEqual([
      [2, '赵六', '138 0733 0005'],
      [4, '张小明', '13807330001'],
    ]);
  });

  it('says in Chinese what is wrong with a file it cannot read', async () => {
    expect((await domainError(parseSignInSheet(Buffer.from('姓名,手机号\n张三,138')))).message).toBe(
      '无法读取签到表：请上传 .xlsx 格式的 Excel 文件',
    );
    expect((await domainError(parseSignInSheet(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])))).message).toBe(
      '签到表是旧版 .xls 格式，请在 Excel 或 WPS 中另存为 .xlsx 后再导入',
    );
    expect((await domainError(parseSignInSheet(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00])))).message).toBe(
      '无法读取签到表：文件已损坏或不是 Excel 文件',
    );
    expect((await domainError(parseSignInSheet(Buffer.alloc(0)))).message).toBe('签到表文件是空的');
    const noHeader = await xlsx((wb) => wb.addWorksheet('Sheet1').addRow(['张三', '13800000000']));
    expect((await domainError(parseSignInSheet(noHeader))).message).toBe('签到表中未找到表头：应有「姓名」列，以及「手机号」或「网格员编号」列');
    const twoColumns = await xlsx((wb) => wb.addWorksheet('签到').addRow(['序号', '姓名', '电话', '序号', '姓名', '电话']));
    expect((await domainError(parseSignInSheet(twoColumns))).message).toBe(
      '签到表「签到」为左右多栏格式（表头有多个「姓名」列），请整理为每行一人后再导入',
    );
    const empty = await xlsx((wb) => wb.addWorksheet('签到').addRow(['姓名', '电话']));
    expect((await domainError(parseSignInSheet(empty))).message).toBe('签到表「签到」在表头下没有任何签到记录');
  });
});

describe('CSV text', () => {
  it('parses RFC 4180 quoting, doubled quotes, CRLF and a line break inside quotes', () => {
    const text = 'a,b,c\r\n"x, y","he said ""hi""","two\r\nlines"\r\n\r\nlast,,\r\n';
    expect(parseCsv(text)).toEqual([
      { row: 1, fields: ['a', 'b', 'c'] },
      { row: 2, fields: ['x, y', 'he said "hi"', 'two\r\nlines'] },
      { row: 4, fields: ['last', '', ''] },
    ]);
  });

  it('detects tabs and semicolons', () => {
    expect(parseCsv('姓名\t入会时间\n张三\t2024-06-20 15:00')).toEqual([
      { row: 1, fields: ['姓名', '入会时间'] },
      { row: 2, fields: ['张三', '2024-06-20 15:00'] },
    ]);
    expect(parseCsv('a;b\n1;2')[1].fields).toEqual(['1', '2']);
  });

  it('decodes UTF-8 with or without BOM, UTF-16 with BOM, and GBK', () => {
    expect(decodeText(Buffer.from('\ufeff用户名', 'utf8'))).toEqual({ text: '用户名', encoding: 'utf-8' });
    expect(decodeText(Buffer.from('用户名', 'utf8'))).toEqual({ text: '用户名', encoding: 'utf-8' });
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('用户名', 'utf16le')]))).toEqual({ text: '用户名', encoding: 'utf-16le' });
    expect(encodeGbk('用户名')).toEqual(Buffer.from([0xd3, 0xc3, 0xbb, 0xa7, 0xc3, 0xfb]));
    expect(decodeText(encodeGbk('用户名,入会时间'))).toEqual({ text: '用户名,入会时间', encoding: 'gb18030' });
  });
});

/** As 腾讯会议 exports it: meeting details above the table, one row per join. */
const TENCENT_CSV = [
  '会议主题,基础党建业务知识培训',
  '会议号,123 456 789',
  '会议时间,2024-06-20 15:00 - 2024-06-20 17:00',
  '',
  '序号,用户名（入会昵称）,入会时间,离会时间,参会时长,身份',
  '1,网格中心-刘老师,2024-06-20 14:50:00,2024-06-20 17:05:00,135分钟,主持人',
  '2,龙泉街道-王芳,2024-06-20 14:58:10,2024-06-20 15:40:00,42分钟,参会者',
  '3,"李建国 13807330004",2024-06-20 15:20:00,2024-06-20 17:00:00,100分钟,参会者',
  '4,龙泉街道-王芳,2024-06-20 15:41:00,2024-06-20 17:00:00,79分钟,参会者',
  '5,张小明,2024-06-20 15:00:00,2024-06-20 15:45:00,45分钟,参会者',
  '',
].join('\r\n');

describe('the participant export', () => {
  const window = { startsAt: shanghaiInstant('2024-06-20', 15), endsAt: shanghaiInstant('2024-06-20', 17) };

  function checkTencent(parsed: ReturnType<typeof parseParticipantCsv>) {
    expect(parsed.headerRow).toBe(5);
    expect(parsed.headers).toEqual({ name: '用户名（入会昵称）', joinAt: '入会时间', leaveAt: '离会时间', duration: '参会时长', role: '身份' });
    expect(parsed.records.map((r) => [r.row, r.displayName, r.role])).toEqual([
      [6, '网格中心-刘老师', '主持人'],
      [7, '龙泉街道-王芳', '参会者'],
      [8, '李建国 13807330004', '参会者'],
      [9, '龙泉街道-王芳', '参会者'],
      [10, '张小明', '参会者'],
    ]);
    expect(parsed.records[1].joinAt).toEqual(shanghaiInstant('2024-06-20', 14, 58, 10));
    const result = assessOnlineAttendance(parsed.records, expected, window);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.details.map((d) => [d.workerId, d.status, d.rows])).toEqual([
      ['w2', 'present', [7, 9]], // 40 + 79 = 119 minutes from 14:58
      ['w4', 'late', [8]], // from 15:20, 100 minutes
      ['w1', 'absent', [10]], // 45 minutes
    ]);
    expect(result.ignoredRows).toEqual([6]);
  }

  it('reads a UTF-8 export with BOM, with the meeting details above the header', () => {
    const parsed = parseParticipantCsv(Buffer.from(`\ufeff${TENCENT_CSV}`, 'utf8'));
    expect(parsed.encoding).toBe('utf-8');
    checkTencent(parsed);
  });

  it('reads the same export encoded in GBK', () => {
    const parsed = parseParticipantCsv(encodeGbk(TENCENT_CSV));
    expect(parsed.encoding).toBe('gb18030');
    checkTencent(parsed);
  });

  it('reads English headers and month-first times', () => {
    const csv = [
      'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)',
      '张小明,,06/20/2024 02:59:00 PM,06/20/2024 05:00:00 PM,121',
    ].join('\n');
    const parsed = parseParticipantCsv(Buffer.from(csv));
    expect(parsed.records[0]).toMatchObject({
      row: 2,
      displayName: '张小明',
      joinAt: shanghaiInstant('2024-06-20', 14, 59),
      leaveAt: shanghaiInstant('2024-06-20', 17, 0),
    });
  });

  it('takes a total duration shorter than the span as the time present, and a duration alone as the leave', () => {
    const csv = ['姓名,首次入会时间,最后离会时间,参会时长', '王芳,2024-06-20 15:00,2024-06-20 17:00,01:10:00', '赵六,15:05,,'].join('\n');
    const parsed = parseParticipantCsv(Buffer.from(csv), { sessionDate: '2024-06-20' });
    expect(parsed.records.map((r) => [r.displayName, r.joinAt, r.leaveAt])).toEqual([
      ['王芳', shanghaiInstant('2024-06-20', 15), shanghaiInstant('2024-06-20', 16, 10)],
      ['赵六', shanghaiInstant('2024-06-20', 15, 5), null],
    ]);
  });

  it('lists unreadable rows and refuses a file without the needed columns', async () => {
    const bad = ['用户名,入会时间,离会时间', '王芳,昨天,2024-06-20 17:00', '赵六,2024-06-20 16:00,2024-06-20 15:00', ',2024-06-20 15:00,'].join('\n');
    const error = await domainError(() => parseParticipantCsv(Buffer.from(bad)));
    expect(error.message).toBe('参会记录有3行无法识别');
    expect(error.problems).toEqual([
      { row: 2, field: '第2行.入会时间', message: '入会时间「昨天」无法识别' },
      { row: 3, field: '第3行.离会时间', message: '离会时间早于入会时间' },
      { row: 4, field: '第4行.用户名', message: '缺少参会人名称' },
    ]);
    expect((await domainError(() => parseParticipantCsv(Buffer.from('用户名,入会时间\n王芳,2024-06-20 15:00')))).message).toBe(
      '参会记录缺少「离会时间」或「参会时长」列，无法计算参会时长',
    );
    expect((await domainError(() => parseParticipantCsv(Buffer.from('会议主题,培训\n')))).message).toBe(
      '参会记录中未找到表头：应有「用户名/姓名」「入会时间」列，以及「离会时间」或「参会时长」列',
    );
    expect((await domainError(() => parseParticipantCsv(Buffer.from([0x00, 0x01, 0x02, 0x03])))).message).toBe(
      '无法读取参会记录：请上传会议软件导出的 CSV 或 .xlsx 文件',
    );
  });

  it('reads the export as xlsx too', async () => {
    const buffer = await xlsx((wb) => {
      const ws = wb.addWorksheet('参会明细');
      ws.addRow(['会议主题：基础党建业务知识培训']);
      ws.addRow(['用户昵称', '入会时间', '离会时间']);
      ws.addRow(['张小明', new Date(Date.UTC(2024, 5, 20, 15, 0)), new Date(Date.UTC(2024, 5, 20, 17, 0))]);
    });
    const parsed = await parseParticipantFile(buffer);
    expect(parsed.headerRow).toBe(2);
    expect(parsed.records).toEqual([
      { row: 3, displayName: '张小明', joinAt: shanghaiInstant('2024-06-20', 15), leaveAt: shanghaiInstant('2024-06-20', 17), phone: null, role: null },
    ]);
  });
});
