import { shanghaiInstant } from '../calendar/shanghai';
import { DomainError } from '../errors/domain-error';
import {
  assertCanHold,
  assertCanRecordAttendance,
  assertEditable,
  audienceLabel,
  countsAsAttended,
  expectedAttendees,
  expectedListChanges,
  freezeExpectedAttendees,
  mergeImportedAttendance,
  parseAttendanceStatus,
  parseTrainingMode,
  RosterEntry,
  sessionDay,
  sessionYear,
  TrainingSessionInput,
  validateAttendanceEntries,
  validateTrainingSession,
} from './training.rules';

function problemsOf(fn: () => unknown): Array<{ field: string; message: string }> {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return (e as DomainError).problems;
  }
  throw new Error('expected a DomainError');
}

const valid: TrainingSessionInput = {
  title: ' 如何开展信访工作 ',
  organiser: '区信访局',
  mode: 'offline',
  startsAt: shanghaiInstant('2024-04-18', 9, 0),
  endsAt: shanghaiInstant('2024-04-18', 11, 30),
  hours: '2.5',
  place: '区综治中心三楼会议室',
  audience: { kind: 'all' },
  countsAsGeneralTraining: true,
};

describe('training session validation', () => {
  it('accepts a valid offline session and normalises text and hours', () => {
    const s = validateTrainingSession(valid);
    expect(s.title).toBe('如何开展信访工作');
    expect(s.hours.toFixed(2)).toBe('2.50');
    expect(s.meetingLink).toBeNull();
    expect(s.audience).toEqual({ kind: 'all' });
  });

  it('accepts an online session with a meeting number and de-duplicates chosen streets', () => {
    const s = validateTrainingSession({
      ...valid,
      mode: 'online',
      place: null,
      meetingLink: '123 456 789',
      audience: { kind: 'streets', streetIds: ['s1', 's2', 's1', ' '] },
    });
    expect(s.audience).toEqual({ kind: 'streets', streetIds: ['s1', 's2'] });
  });

  it('lists every problem at once, in Chinese, by field', () => {
    const problems = problemsOf(() =>
      validateTrainingSession({
        ...valid,
        title: '  ',
        organiser: '',
        endsAt: valid.startsAt,
        hours: '0',
        place: '',
        audience: { kind: 'streets', streetIds: [] },
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        { field: 'title', message: '请填写培训主题' },
        { field: 'organiser', message: '请填写主办单位' },
        { field: 'endsAt', message: '结束时间应晚于开始时间' },
        { field: 'hours', message: '学时应大于0' },
        { field: 'place', message: '线下培训请填写培训地点' },
        { field: 'audience.streetIds', message: '请至少选择一个镇（街道）' },
      ]),
    );
  });

  it('refuses hours beyond the session duration, three decimals, and non-numbers', () => {
    expect(problemsOf(() => validateTrainingSession({ ...valid, hours: '3' }))).toEqual([
      { field: 'hours', message: '学时不能超过培训时长（2.5小时）' },
    ]);
    expect(problemsOf(() => validateTrainingSession({ ...valid, hours: '1.125' }))[0].message).toBe('学时最多保留两位小数');
    expect(problemsOf(() => validateTrainingSession({ ...valid, hours: '两小时' }))[0].message).toBe('学时应为数字');
  });

  it('needs a link, number or place for an online session, and checks the link', () => {
    expect(problemsOf(() => validateTrainingSession({ ...valid, mode: 'online', place: null }))[0]).toEqual({
      field: 'meetingLink',
      message: '线上培训请填写会议链接、会议号或收看地点',
    });
    expect(
      problemsOf(() => validateTrainingSession({ ...valid, mode: 'online', place: null, meetingLink: 'javascript:alert(1)' }))[0]
        .message,
    ).toBe('会议链接应为 http(s) 网址或会议号');
    expect(validateTrainingSession({ ...valid, mode: 'online', place: null, meetingLink: 'https://meeting.tencent.com/dm/abc' }).meetingLink).toBe(
      'https://meeting.tencent.com/dm/abc',
    );
  });
});

describe('statuses and modes', () => {
  it('counts 出勤 and 迟到 as attended, not 请假 or 缺勤', () => {
    expect([countsAsAttended('present'), countsAsAttended('late'), countsAsAttended('leave'), countsAsAttended('absent')]).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(countsAsAttended(null)).toBe(false);
  });

  it('reads statuses typed on a sheet', () => {
    expect(parseAttendanceStatus(' 已签到 ')).toBe('present');
    expect(parseAttendanceStatus('√')).toBe('present');
    expect(parseAttendanceStatus('迟到')).toBe('late');
    expect(parseAttendanceStatus('病假')).toBe('leave');
    expect(parseAttendanceStatus('未到')).toBe('absent');
    expect(parseAttendanceStatus('LATE')).toBe('late');
    expect(parseAttendanceStatus('早退')).toBeNull();
    expect(parseAttendanceStatus('')).toBeNull();
    expect(parseTrainingMode('线上')).toBe('online');
    expect(parseTrainingMode('线下')).toBe('offline');
    expect(parseTrainingMode('混合')).toBeNull();
  });

  it('labels an audience', () => {
    const names = new Map([
      ['s1', '白关镇'],
      ['s2', '龙泉街道'],
    ]);
    expect(audienceLabel({ kind: 'all' }, names)).toBe('全体网格员');
    expect(audienceLabel({ kind: 'streets', streetIds: ['s1', 's2'] }, names)).toBe('白关镇、龙泉街道');
  });

  it('takes the session day and year in Shanghai, not UTC', () => {
    // 2024-12-31 23:30 UTC is already 2025-01-01 in Shanghai
    const startsAt = new Date('2024-12-31T23:30:00Z');
    expect(sessionDay(startsAt)).toBe('2025-01-01');
    expect(sessionYear(startsAt)).toBe(2025);
  });
});

describe('expected attendees: the roster as of the session day', () => {
  const roster: Array<RosterEntry & { name: string }> = [
    { workerId: 'w1', name: '在岗', streetId: 's1', employment: [{ kind: 'hire', date: '2020-01-01' }] },
    {
      workerId: 'w2',
      name: '当天离职',
      streetId: 's1',
      employment: [
        { kind: 'hire', date: '2020-01-01' },
        { kind: 'leave', date: '2024-04-18' },
      ],
    },
    { workerId: 'w3', name: '当天入职', streetId: 's2', employment: [{ kind: 'hire', date: '2024-04-18' }] },
    { workerId: 'w4', name: '之后入职', streetId: 's1', employment: [{ kind: 'hire', date: '2024-04-19' }] },
    {
      workerId: 'w5',
      name: '停职中',
      streetId: 's2',
      employment: [
        { kind: 'hire', date: '2020-01-01' },
        { kind: 'suspend', date: '2024-04-01' },
        { kind: 'resume', date: '2024-05-01' },
      ],
    },
    {
      workerId: 'w6',
      name: '之后离职',
      streetId: 's3',
      employment: [
        { kind: 'hire', date: '2020-01-01' },
        { kind: 'leave', date: '2024-06-30' },
      ],
    },
  ];
  // 08:30 in Shanghai on 18 April is still 17 April in UTC: the Shanghai day decides
  const startsAt = new Date('2024-04-18T00:30:00Z');

  it('keeps workers active that Shanghai day: not those leaving or suspended, yes those hired that day', () => {
    expect(expectedAttendees({ kind: 'all' }, startsAt, roster).map((r) => r.name)).toEqual(['在岗', '当天入职', '之后离职']);
  });

  it('keeps only the chosen streets', () => {
    expect(expectedAttendees({ kind: 'streets', streetIds: ['s2', 's3'] }, startsAt, roster).map((r) => r.workerId)).toEqual(['w3', 'w6']);
  });

  it('a later roster change does not change a frozen list, but shows up as a proposed correction', () => {
    const frozen = freezeExpectedAttendees({ kind: 'all' }, startsAt, roster);
    expect(frozen).toEqual([
      { workerId: 'w1', streetId: 's1' },
      { workerId: 'w3', streetId: 's2' },
      { workerId: 'w6', streetId: 's3' },
    ]);
    // w6's leaving is back-dated to 1 April and w1 moves street afterwards
    const corrected = roster.map((r) =>
      r.workerId === 'w6'
        ? { ...r, employment: [{ kind: 'hire' as const, date: '2020-01-01' }, { kind: 'leave' as const, date: '2024-04-01' }] }
        : r.workerId === 'w1'
          ? { ...r, streetId: 's2' }
          : r,
    );
    const recomputed = freezeExpectedAttendees({ kind: 'all' }, startsAt, corrected);
    expect(expectedListChanges(frozen, recomputed)).toEqual({
      added: [],
      removed: [{ workerId: 'w6', streetId: 's3' }],
      streetChanged: [{ workerId: 'w1', streetId: 's2' }],
    });
  });
});

describe('session state', () => {
  const session = validateTrainingSession(valid);

  it('is held only after it starts, once, and not when cancelled', () => {
    expect(() => assertCanHold('planned', session.startsAt, shanghaiInstant('2024-04-18', 8, 59))).toThrow('培训尚未开始');
    expect(() => assertCanHold('planned', session.startsAt, shanghaiInstant('2024-04-18', 9, 0))).not.toThrow();
    expect(() => assertCanHold('held', session.startsAt, shanghaiInstant('2024-04-19'))).toThrow('已标记为已举办');
    expect(() => assertCanHold('cancelled', session.startsAt, shanghaiInstant('2024-04-19'))).toThrow('已取消');
  });

  it('records attendance only once held', () => {
    expect(() => assertCanRecordAttendance('planned')).toThrow('尚未标记为已举办');
    expect(() => assertCanRecordAttendance('held')).not.toThrow();
  });

  it('keeps the day and audience of a held session', () => {
    const renamed = { ...session, title: '信访工作实务' };
    expect(() => assertEditable('held', session, renamed)).not.toThrow();
    const later = { ...session, startsAt: shanghaiInstant('2024-04-19', 9), endsAt: shanghaiInstant('2024-04-19', 11) };
    expect(() => assertEditable('held', session, later)).toThrow('不能改到其他日期');
    expect(() => assertEditable('planned', session, later)).not.toThrow();
    expect(() => assertEditable('held', session, { ...session, audience: { kind: 'streets', streetIds: ['s1'] } })).toThrow('不能修改培训对象');
  });
});

describe('attendance entries', () => {
  it('refuses workers not expected, repeats and unknown statuses', () => {
    const problems = problemsOf(() =>
      validateAttendanceEntries(
        ['w1', 'w2'],
        [
          { workerId: 'w1', status: 'present' },
          { workerId: 'w9', status: 'late' },
          { workerId: 'w1', status: 'absent' },
          { workerId: 'w2', status: 'gone' as never },
        ],
      ),
    );
    expect(problems.map((p) => p.message)).toEqual([
      '第2条：该网格员不在本次培训的应到名单中',
      '第3条：与第1条为同一网格员',
      '第4条：出勤状态应为出勤、迟到、请假或缺勤',
    ]);
  });

  it('after an import, keeps a leave asked for in advance and marks the others absent', () => {
    const merged = mergeImportedAttendance(
      ['w1', 'w2', 'w3', 'w4'],
      new Map([
        ['w2', 'leave'],
        ['w3', 'present'],
        ['w4', 'leave'],
      ]),
      [
        { workerId: 'w1', status: 'late', signInAt: shanghaiInstant('2024-04-18', 9, 20) },
        { workerId: 'w4', status: 'present' },
      ],
    );
    expect(merged.map((m) => [m.workerId, m.status])).toEqual([
      ['w1', 'late'],
      ['w2', 'leave'],
      ['w3', 'absent'],
      ['w4', 'present'],
    ]);
  });
});
