import { shanghaiInstant } from '../calendar/shanghai';
import {
  assessOnlineAttendance,
  cleanDisplayName,
  mergeIntervals,
  onlinePresence,
  parseDurationSeconds,
  parseShanghaiDateTime,
  ParticipantRecord,
  SessionWindow,
} from './online-participation';
import { ExpectedWorker } from './sign-in-matching';

const at = (h: number, m: number, s = 0) => shanghaiInstant('2024-06-20', h, m, s);
// 15:00–17:00, two hours: 0.8 of it is 96 minutes
const window: SessionWindow = { startsAt: at(15, 0), endsAt: at(17, 0) };

describe('intervals', () => {
  it('merges overlapping and touching intervals, drops empty ones', () => {
    expect(
      mergeIntervals([
        { from: at(15, 30), to: at(16, 0) },
        { from: at(15, 0), to: at(15, 40) },
        { from: at(16, 0), to: at(16, 10) },
        { from: at(16, 20), to: at(16, 20) },
        { from: at(16, 30), to: at(16, 45) },
      ]),
    ).toEqual([
      { from: at(15, 0), to: at(16, 10) },
      { from: at(16, 30), to: at(16, 45) },
    ]);
  });
});

describe('the online-share rule (default: 80% of the session, 10 minutes grace)', () => {
  it('counts present a worker there from before the start to the end', () => {
    const p = onlinePresence([{ from: at(14, 55), to: at(17, 5) }], window);
    expect(p.status).toBe('present');
    expect(p.share.toString()).toBe('1');
    expect(p.presentSeconds).toBe(7200);
    expect(p.firstJoinAt).toEqual(at(14, 55));
  });

  it('does not count twice the time of overlapping rejoins (two devices)', () => {
    const p = onlinePresence(
      [
        { from: at(15, 0), to: at(16, 0) },
        { from: at(15, 30), to: at(16, 30) },
      ],
      window,
    );
    expect(p.presentSeconds).toBe(90 * 60);
    expect(p.share.toFixed(2)).toBe('0.75');
    expect(p.status).toBe('absent');
  });

  it('reaches exactly 80% after rejoins: attended (the bound is inclusive, computed in decimals)', () => {
    // 15:00–15:50, dropped, 16:14–17:00 → 50 + 46 = 96 minutes = 0.8
    const p = onlinePresence(
      [
        { from: at(15, 0), to: at(15, 50) },
        { from: at(16, 14), to: at(17, 0) },
      ],
      window,
    );
    expect(p.share.toString()).toBe('0.8');
    expect(p.status).toBe('present');
    const oneSecondShort = onlinePresence(
      [
        { from: at(15, 0), to: at(15, 50) },
        { from: at(16, 14, 1), to: at(17, 0) },
      ],
      window,
    );
    expect(oneSecondShort.status).toBe('absent');
  });

  it('is late when the first join is after the grace but the share is met', () => {
    expect(onlinePresence([{ from: at(15, 10), to: at(17, 0) }], window).status).toBe('present');
    expect(onlinePresence([{ from: at(15, 10, 1), to: at(17, 0) }], window).status).toBe('late');
    expect(onlinePresence([{ from: at(15, 24), to: at(17, 0) }], window).status).toBe('late'); // 96 minutes
    expect(onlinePresence([{ from: at(15, 24, 1), to: at(17, 0) }], window).status).toBe('absent');
    // joined at 15:30: 90 minutes is 75%, not enough
    expect(onlinePresence([{ from: at(15, 30), to: at(17, 30) }], window).status).toBe('absent');
  });

  it('takes the share and grace as parameters', () => {
    const rule = { minShare: '0.6', lateGraceMinutes: 0 };
    expect(onlinePresence([{ from: at(15, 30), to: at(17, 0) }], window, rule).status).toBe('late');
    expect(onlinePresence([{ from: at(15, 0), to: at(16, 0) }], window, rule).status).toBe('absent');
    expect(() => onlinePresence([], window, { minShare: '1.2', lateGraceMinutes: 10 })).toThrow(RangeError);
  });

  it('is absent with no join at all', () => {
    expect(onlinePresence([], window)).toMatchObject({ status: 'absent', firstJoinAt: null, presentSeconds: 0 });
  });
});

describe('display names', () => {
  it('finds the person in names carrying a street, a phone or a device', () => {
    expect(cleanDisplayName('龙泉街道-张三')).toEqual({ name: '张三', phone: null, streetText: '龙泉街道' });
    expect(cleanDisplayName('张三（白关镇）')).toEqual({ name: '张三', phone: null, streetText: '白关镇' });
    expect(cleanDisplayName('张三 13807330001')).toEqual({ name: '张三', phone: '13807330001', streetText: null });
    expect(cleanDisplayName('建设街道何家坳社区_李四')).toEqual({ name: '李四', phone: null, streetText: '建设街道何家坳社区' });
    expect(cleanDisplayName('阿卜杜·热合曼的iPhone')).toEqual({ name: '阿卜杜·热合曼', phone: null, streetText: null });
    expect(cleanDisplayName('李四的华为 Mate 60')).toEqual({ name: '李四', phone: null, streetText: null });
    expect(cleanDisplayName('王芳')).toEqual({ name: '王芳', phone: null, streetText: null });
  });
});

describe('times as exported, read in Shanghai', () => {
  it('reads the common formats without a zone as Shanghai wall-clock time', () => {
    expect(parseShanghaiDateTime('2024-06-20 15:03:22')).toEqual(at(15, 3, 22));
    expect(parseShanghaiDateTime('2024/6/20 15:03')).toEqual(at(15, 3));
    expect(parseShanghaiDateTime('2024年6月20日 15时03分')).toEqual(at(15, 3));
    expect(parseShanghaiDateTime('2024年6月20日15:03:22')).toEqual(at(15, 3, 22));
    expect(parseShanghaiDateTime('2024/6/20 下午 3:03:22')).toEqual(at(15, 3, 22));
    expect(parseShanghaiDateTime('2024/6/20 3:03:22 PM')).toEqual(at(15, 3, 22));
    expect(parseShanghaiDateTime('１５：０３', '2024-06-20')).toEqual(at(15, 3));
    expect(parseShanghaiDateTime('2024-06-20')).toEqual(at(0, 0));
    expect(parseShanghaiDateTime('06/20/2024 03:00:12 PM')).toEqual(at(15, 0, 12));
  });

  it('respects an explicit zone', () => {
    expect(parseShanghaiDateTime('2024-06-20T07:03:22Z')).toEqual(at(15, 3, 22));
    expect(parseShanghaiDateTime('2024-06-20 15:03:22+0800')).toEqual(at(15, 3, 22));
  });

  it('refuses what it cannot read', () => {
    expect(parseShanghaiDateTime('15:03')).toBeNull(); // no date to put it on
    expect(parseShanghaiDateTime('2024-02-30 10:00')).toBeNull();
    expect(parseShanghaiDateTime('2024-06-20 25:00')).toBeNull();
    expect(parseShanghaiDateTime('昨天下午')).toBeNull();
  });

  it('reads durations', () => {
    expect(parseDurationSeconds('65')).toBe(3900);
    expect(parseDurationSeconds('65分钟')).toBe(3900);
    expect(parseDurationSeconds('1小时5分钟')).toBe(3900);
    expect(parseDurationSeconds('1时5分20秒')).toBe(3920);
    expect(parseDurationSeconds('01:05:20')).toBe(3920);
    expect(parseDurationSeconds('65 min')).toBe(3900);
    expect(parseDurationSeconds('很久')).toBeNull();
  });
});

describe('assessing a participant export against the expected workers', () => {
  const expected: ExpectedWorker[] = [
    { workerId: 'w1', name: '张三', phone: '13807330001', streetName: '龙泉街道' },
    { workerId: 'w2', name: '李四', phone: '13807330002', streetName: '建设街道' },
    { workerId: 'w3', name: '王芳', phone: '13807330003', streetName: '白关镇' },
    { workerId: 'w4', name: '赵六', phone: '13807330004', streetName: '庆云街道' },
  ];
  const records: ParticipantRecord[] = [
    { row: 2, displayName: '网格中心-刘老师', joinAt: at(14, 50), leaveAt: at(17, 5), role: '主持人' },
    { row: 3, displayName: '龙泉街道-张三', joinAt: at(14, 58), leaveAt: at(15, 40) },
    { row: 4, displayName: '李四', joinAt: at(15, 20), leaveAt: null },
    { row: 5, displayName: '龙泉街道-张三', joinAt: at(15, 42), leaveAt: at(17, 0) },
    { row: 6, displayName: '王芳', joinAt: at(15, 0), leaveAt: at(15, 45) },
    { row: 7, displayName: '张三的iPhone 13807330001', joinAt: at(15, 30), leaveAt: at(16, 0) },
  ];

  it('merges rejoins and devices, applies the rule, ignores an unmatched host', () => {
    const result = assessOnlineAttendance(records, expected, window);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    // 张三: 14:58–15:40 and 15:42–17:00 on one device; the phone (15:30–16:00) covers the 2-minute gap
    expect(result.details.map((d) => [d.workerId, d.status, d.rows, d.presentSeconds / 60])).toEqual([
      ['w1', 'present', [3, 5, 7], 120],
      ['w2', 'late', [4], 100],
      ['w3', 'absent', [6], 45],
    ]);
    expect(result.attendance[0]).toEqual({ workerId: 'w1', status: 'present', signInAt: at(14, 58) });
    expect(result.ignoredRows).toEqual([2]);
    expect(result.unlistedWorkerIds).toEqual(['w4']);
    expect(result.warnings).toEqual([{ row: 7, message: '昵称「龙泉街道-张三」「张三的iPhone 13807330001」均对应网格员「张三」，已合并计算参会时长' }]);
  });

  it('lists an unmatched participant with a suggestion; a resolution on any of its rows settles it', () => {
    const withTypo: ParticipantRecord[] = [
      ...records,
      { row: 8, displayName: '赵陆', joinAt: at(15, 0), leaveAt: at(16, 0) },
      { row: 9, displayName: '赵陆', joinAt: at(16, 5), leaveAt: at(17, 0) },
    ];
    const first = assessOnlineAttendance(withTypo, expected, window);
    if (first.ok) throw new Error('expected problems');
    expect(first.problems).toEqual([
      expect.objectContaining({
        row: 8,
        kind: 'unmatched',
        message: '参会昵称「赵陆」：「赵陆」不在本次培训的应到名单中，是否为：赵六（庆云街道，138****0004）？（同一昵称还出现在第9行）',
      }),
    ]);
    const second = assessOnlineAttendance(withTypo, expected, window, { resolutions: [{ row: 9, workerId: 'w4' }] });
    if (!second.ok) throw new Error(JSON.stringify(second.problems));
    expect(second.details.find((d) => d.workerId === 'w4')).toMatchObject({ status: 'present', rows: [8, 9], presentSeconds: 115 * 60 });
  });
});
