import { shanghaiInstant } from '../calendar/shanghai';
import { DomainError } from '../errors/domain-error';
import {
  editDistance,
  ExpectedWorker,
  matchSignInRows,
  normaliseName,
  normalisePhone,
  normaliseWorkerCode,
  SignInMatchResult,
  SignInRejection,
  SignInImport,
  signInProblemsError,
} from './sign-in-matching';

const expected: ExpectedWorker[] = [
  { workerId: 'w1', name: '张小明', phone: '13807330001', workerCode: 'LS0001', streetName: '白关镇' },
  { workerId: 'w2', name: '王芳', phone: '13807330002', workerCode: 'LS0002', streetName: '龙泉街道' },
  { workerId: 'w3', name: '王芳', phone: '13907330003', workerCode: 'LS0003', streetName: '建设街道' },
  { workerId: 'w4', name: '李建国', phone: '13807330004', workerCode: '00104', streetName: '庆云街道' },
  { workerId: 'w5', name: '阿卜杜·热合曼', phone: '13807330005', workerCode: 'LS0005', streetName: '枫溪街道' },
];

function rejected(result: SignInMatchResult): SignInRejection {
  if (result.ok) throw new Error('expected problems');
  return result;
}
function accepted(result: SignInMatchResult): SignInImport {
  if (!result.ok) throw new Error(`unexpected problems: ${JSON.stringify(result.problems)}`);
  return result;
}

describe('normalisation', () => {
  it('compares names without spaces, full-width forms or dot variants', () => {
    expect(normaliseName(' 张 小明\u3000')).toBe('张小明');
    expect(normaliseName('阿卜杜.热合曼')).toBe(normaliseName('阿卜杜·热合曼'));
    expect(normaliseName('阿卜杜•热合曼')).toBe(normaliseName('阿卜杜・热合曼'));
  });

  it('compares phones as digits without +86, and numeric codes without leading zeros', () => {
    expect(normalisePhone('+86 138-0733-0001')).toBe('13807330001');
    expect(normalisePhone(13807330001)).toBe('13807330001');
    expect(normalisePhone('１３８０７３３０００１')).toBe('13807330001');
    expect(normaliseWorkerCode(104)).toBe('104');
    expect(normaliseWorkerCode('00104')).toBe('104');
    expect(normaliseWorkerCode(' ls0001 ')).toBe('LS0001');
  });

  it('measures edit distance over characters', () => {
    expect(editDistance('张晓明', '张小明')).toBe(1);
    expect(editDistance('张明', '张小明')).toBe(1);
    expect(editDistance('张三', '李四')).toBe(2);
    expect(editDistance('张三', '李四五六', 1)).toBe(2);
  });
});

describe('matching a typed sign-in sheet', () => {
  it('matches by code, then phone, then unique name; numbers typed as numbers still match', () => {
    const result = accepted(
      matchSignInRows(
        [
          { row: 3, name: '张小明', workerCode: 'ls0001' },
          { row: 4, name: '王芳', phone: '139 0733 0003' },
          { row: 5, name: '李建国', workerCode: '104' },
          { row: 6, name: '阿卜杜.热合曼' },
        ],
        expected,
      ),
    );
    expect(result.attendance.map((a) => [a.workerId, a.status])).toEqual([
      ['w1', 'present'],
      ['w3', 'present'],
      ['w4', 'present'],
      ['w5', 'present'],
    ]);
    expect(result.unlistedWorkerIds).toEqual(['w2']);
    expect(result.warnings).toEqual([]);
  });

  it('lists a duplicate name without phone or code as ambiguous, with masked candidates', () => {
    const result = rejected(matchSignInRows([{ row: 7, name: '王芳' }], expected));
    expect(result.problems).toHaveLength(1);
    const p = result.problems[0];
    expect(p.kind).toBe('ambiguous');
    expect(p.field).toBe('第7行.姓名');
    expect(p.candidates.map((c) => [c.workerId, c.maskedPhone, c.streetName])).toEqual([
      ['w3', '139****0003', '建设街道'],
      ['w2', '138****0002', '龙泉街道'],
    ]);
    expect(p.message).toContain('应到名单中有2人名为「王芳」，请补充手机号或编号');
    expect(p.message).toContain('王芳（龙泉街道，138****0002，编号LS0002）');
    expect(p.message).not.toContain('13807330002');
  });

  it('tells namesakes apart by a street column', () => {
    const result = accepted(matchSignInRows([{ row: 2, name: '王芳', streetText: '龙泉' }], expected));
    expect(result.attendance[0].workerId).toBe('w2');
  });

  it('suggests the worker one character away for a misspelt name, and takes the resolution on a second try', () => {
    const rows = [
      { row: 2, name: '张晓明' },
      { row: 3, name: '李建国' },
    ];
    const first = rejected(matchSignInRows(rows, expected));
    expect(first.matchedRows).toBe(1);
    expect(first.problems).toEqual([
      {
        row: 2,
        kind: 'unmatched',
        field: '第2行.姓名',
        message: '「张晓明」不在本次培训的应到名单中，是否为：张小明（白关镇，138****0001，编号LS0001）？',
        candidates: [{ workerId: 'w1', name: '张小明', maskedPhone: '138****0001', workerCode: 'LS0001', streetName: '白关镇', reason: 'one_edit' }],
      },
    ]);
    const second = accepted(matchSignInRows(rows, expected, { resolutions: [{ row: 2, workerId: first.problems[0].candidates[0].workerId }] }));
    expect(second.attendance.map((a) => a.workerId)).toEqual(['w1', 'w4']);
  });

  it('does not accept a phone that belongs to someone with another name, and suggests that worker', () => {
    const result = rejected(matchSignInRows([{ row: 9, name: '张晓明', phone: '13807330001' }], expected));
    expect(result.problems[0]).toMatchObject({
      kind: 'unmatched',
      message: '姓名「张晓明」与手机号对应的网格员「张小明」不一致，请核对',
      candidates: [{ workerId: 'w1', reason: 'same_phone' }],
    });
  });

  it('refuses a code and a phone that point to two different workers', () => {
    const result = rejected(matchSignInRows([{ row: 4, name: '王芳', workerCode: 'LS0002', phone: '13907330003' }], expected));
    expect(result.problems[0].message).toBe(
      '编号对应王芳（龙泉街道，138****0002，编号LS0002），手机号对应王芳（建设街道，139****0003，编号LS0003），不是同一人，请核对',
    );
    expect(result.problems[0].candidates.map((c) => c.workerId)).toEqual(['w2', 'w3']);
  });

  it('falls back to a unique name when the phone matches nobody, with a warning', () => {
    const result = accepted(matchSignInRows([{ row: 5, name: '李建国', phone: '13800000000' }], expected));
    expect(result.attendance[0].workerId).toBe('w4');
    expect(result.warnings).toEqual([{ row: 5, message: '手机号与名册不一致，已按姓名匹配，请核对' }]);
  });

  it('reports a worker signed twice as a duplicate of the later row; ignoring one row resolves it', () => {
    const rows = [
      { row: 3, name: '张小明' },
      { row: 8, name: '张小明', phone: '13807330001' },
    ];
    const result = rejected(matchSignInRows(rows, expected));
    expect(result.problems).toEqual([
      expect.objectContaining({ row: 8, kind: 'duplicate', message: '与第3行为同一网格员「张小明」，请删除或忽略其中一行' }),
    ]);
    const fixed = accepted(matchSignInRows(rows, expected, { resolutions: [{ row: 8, ignore: true }] }));
    expect(fixed.ignoredRows).toEqual([8]);
    expect(fixed.attendance).toHaveLength(1);
  });

  it('reports a resolution to a worker not expected, and one for a row that does not exist', () => {
    const result = rejected(
      matchSignInRows([{ row: 2, name: '赵六' }], expected, {
        resolutions: [
          { row: 2, workerId: 'w99' },
          { row: 40, ignore: true },
        ],
      }),
    );
    expect(result.problems.map((p) => [p.row, p.kind, p.message])).toEqual([
      [2, 'invalid', '所选网格员不在本次培训的应到名单中'],
      [40, 'invalid', '导入文件中没有这一行，请重新核对处理意见'],
    ]);
  });

  it('reads statuses typed on the sheet and derives 迟到 from the sign-in time after the grace', () => {
    const startsAt = shanghaiInstant('2024-04-18', 9, 0);
    const result = accepted(
      matchSignInRows(
        [
          { row: 2, name: '张小明', signInAt: shanghaiInstant('2024-04-18', 9, 10) },
          { row: 3, name: '李建国', signInAt: shanghaiInstant('2024-04-18', 9, 10, 1) },
          { row: 4, name: '阿卜杜·热合曼', statusText: '请假' },
          { row: 5, name: '王芳', phone: '13807330002', statusText: '已签到', signInAt: shanghaiInstant('2024-04-18', 9, 30) },
        ],
        expected,
        { sessionStartsAt: startsAt },
      ),
    );
    expect(result.attendance.map((a) => [a.workerId, a.status])).toEqual([
      ['w1', 'present'],
      ['w4', 'late'],
      ['w5', 'leave'],
      ['w2', 'present'],
    ]);
    expect(result.attendance[1].signInAt).toEqual(shanghaiInstant('2024-04-18', 9, 10, 1));
  });

  it('refuses an unknown status word and a row with nothing to match on', () => {
    const result = rejected(
      matchSignInRows(
        [
          { row: 2, name: '张小明', statusText: '早退' },
          { row: 3, name: '  ' },
        ],
        expected,
      ),
    );
    expect(result.problems.map((p) => [p.field, p.message])).toEqual([
      ['第2行.状态', '状态「早退」无法识别，应为出勤、迟到、请假、缺勤之一'],
      ['第3行.姓名', '没有姓名、手机号或编号，无法确定是哪位网格员'],
    ]);
  });

  it('turns the problems into one Chinese DomainError with row numbers', () => {
    const result = rejected(matchSignInRows([{ row: 2, name: '王芳' }, { row: 5, name: '陈七' }], expected));
    const error = signInProblemsError(result.problems);
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toBe('签到表有2行需要处理，处理完毕前不会写入任何出勤记录');
    expect(error.problems.map((p) => p.row)).toEqual([2, 5]);
    expect(error.problems[1].message).toBe('「陈七」不在本次培训的应到名单中');
  });
});
