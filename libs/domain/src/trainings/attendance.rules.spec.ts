import { dec, formatPercent } from '../common/decimal';
import { shanghaiInstant } from '../calendar/shanghai';
import {
  AttendanceRow,
  SessionFacts,
  tallyAttendance,
  tallyBySession,
  tallyByStreet,
  trainingHoursByWorker,
  workerFigures,
  yearFigures,
} from './attendance.rules';
import { AttendanceStatus } from './training.rules';

const STREETS = ['白关镇', '龙泉街道', '董家塅街道', '庆云街道', '建设街道', '枫溪街道', '建宁街道', '贺家土街道'];

/** `counts` statuses handed out in order to the first expected workers; street = worker index mod 8. */
function rowsFor(sessionId: string, counts: Record<AttendanceStatus, number>): AttendanceRow[] {
  const statuses = (Object.keys(counts) as AttendanceStatus[]).flatMap((s) => Array<AttendanceStatus>(counts[s]).fill(s));
  return statuses.map((status, i) => ({ sessionId, workerId: `w${i}`, streetId: STREETS[i % 8], status }));
}

describe('the 2024 reference: 4 sessions, 93% attendance', () => {
  // Offline sessions are well attended; the online ones clash with the workers' other duties, as the
  // reference's 偏差原因 says. Expected counts differ because of hires and departures during the year.
  const sessions: SessionFacts[] = [
    { sessionId: 'xf', startsAt: shanghaiInstant('2024-04-18', 9), hours: '2.5', countsAsGeneralTraining: true },
    { sessionId: 'dj', startsAt: shanghaiInstant('2024-06-20', 15), hours: '2', countsAsGeneralTraining: true },
    { sessionId: 'aq', startsAt: shanghaiInstant('2024-09-12', 15), hours: '1.5', countsAsGeneralTraining: true },
    { sessionId: 'yw', startsAt: shanghaiInstant('2024-11-21', 9), hours: '3', countsAsGeneralTraining: true },
  ];
  const rows = [
    ...rowsFor('xf', { present: 300, late: 6, leave: 4, absent: 2 }), // 312 expected, 306 attended, offline
    ...rowsFor('dj', { present: 270, late: 10, leave: 12, absent: 20 }), // 312, 280, online
    ...rowsFor('aq', { present: 265, late: 6, leave: 15, absent: 23 }), // 309, 271, online
    ...rowsFor('yw', { present: 290, late: 9, leave: 6, absent: 5 }), // 310, 299, offline
  ];

  it('gives 1156 attended of 1243 expected: 93%', () => {
    const year = yearFigures(2024, sessions, rows);
    expect(year.sessionsHeld).toBe(4);
    expect(year.generalTrainingSessions).toBe(4);
    expect(year.tally).toMatchObject({ expected: 1243, present: 1125, late: 31, leave: 37, absent: 50, unrecorded: 0, attended: 1156 });
    expect(formatPercent(year.tally.rate!, 0)).toBe('93%');
    expect(formatPercent(year.tally.rate!)).toBe('93.00%');
  });

  it('pools the sessions rather than averaging their rates', () => {
    const bySession = tallyBySession(rows);
    expect([...bySession.values()].map((t) => formatPercent(t.rate!))).toEqual(['98.08%', '89.74%', '87.70%', '96.45%']);
    const meanOfRates = [...bySession.values()].reduce((a, t) => a.plus(t.rate!), dec(0)).div(4);
    expect(formatPercent(meanOfRates)).toBe('92.99%');
    expect(formatPercent(tallyAttendance(rows).rate!)).toBe('93.00%');
  });

  it('counts person-hours of attended sessions only', () => {
    const year = yearFigures(2024, sessions, rows);
    // 306×2.5 + 280×2 + 271×1.5 + 299×3
    expect(year.totalHours.toString()).toBe(String(306 * 2.5 + 280 * 2 + 271 * 1.5 + 299 * 3));
  });

  it('splits the rate by street; the streets add up to the year', () => {
    const byStreet = tallyByStreet(rows);
    expect(byStreet.size).toBe(8);
    const sum = [...byStreet.values()].reduce((a, t) => ({ e: a.e + t.expected, a: a.a + t.attended }), { e: 0, a: 0 });
    expect(sum).toEqual({ e: 1243, a: 1156 });
  });
});

describe('hand-counted small cases', () => {
  const sessions: SessionFacts[] = [
    { sessionId: 'a', startsAt: shanghaiInstant('2024-03-01', 9), hours: '2', countsAsGeneralTraining: true },
    { sessionId: 'b', startsAt: shanghaiInstant('2024-07-01', 9), hours: '1.5', countsAsGeneralTraining: false },
    // 1 January 2025 07:30 in Shanghai is still 2024 in UTC: it belongs to 2025
    { sessionId: 'c', startsAt: new Date('2024-12-31T23:30:00Z'), hours: '1', countsAsGeneralTraining: true },
  ];
  const rows: AttendanceRow[] = [
    { sessionId: 'a', workerId: 'zhang', streetId: 'bg', status: 'present' },
    { sessionId: 'a', workerId: 'li', streetId: 'bg', status: 'late' },
    { sessionId: 'a', workerId: 'wang', streetId: 'lq', status: 'leave' },
    { sessionId: 'b', workerId: 'zhang', streetId: 'bg', status: 'absent' },
    { sessionId: 'b', workerId: 'li', streetId: 'lq', status: 'present' }, // li moved to 龙泉 before July
    { sessionId: 'b', workerId: 'wang', streetId: 'lq', status: null }, // never recorded
    { sessionId: 'c', workerId: 'zhang', streetId: 'bg', status: 'present' },
  ];

  it('places sessions by their Shanghai year and counts only 全科 sessions for the indicator', () => {
    const y2024 = yearFigures(2024, sessions, rows);
    expect(y2024.sessionsHeld).toBe(2);
    expect(y2024.generalTrainingSessions).toBe(1);
    expect(y2024.tally).toMatchObject({ expected: 6, attended: 3, leave: 1, absent: 1, unrecorded: 1 });
    expect(y2024.tally.rate!.toFixed(4)).toBe('0.5000');
    expect(yearFigures(2025, sessions, rows).sessionsHeld).toBe(1);
  });

  it('gives each worker hours of the sessions attended, late included', () => {
    const y = sessions.slice(0, 2);
    const hours = trainingHoursByWorker(y, rows);
    expect(hours.get('zhang')!.toString()).toBe('2');
    expect(hours.get('li')!.toString()).toBe('3.5');
    expect(hours.get('wang')!.toString()).toBe('0');
  });

  it('gives per-worker figures with the street of the latest session', () => {
    const figures = workerFigures(sessions.slice(0, 2), rows);
    expect(
      figures.map((f) => [f.workerId, f.streetId, f.tally.expected, f.sessionsAttended, f.hours.toString(), f.tally.rate!.toFixed(2)]),
    ).toEqual([
      ['zhang', 'bg', 2, 1, '2', '0.50'],
      ['li', 'lq', 2, 2, '3.5', '1.00'],
      ['wang', 'lq', 2, 0, '0', '0.00'],
    ]);
  });

  it('has no rate when nobody is expected', () => {
    expect(tallyAttendance([]).rate).toBeNull();
    expect(yearFigures(2023, sessions, rows).tally.rate).toBeNull();
  });
});
