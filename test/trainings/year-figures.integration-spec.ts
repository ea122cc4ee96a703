import ExcelJS from 'exceljs';
import { queryRows } from '@app/domain/database/sql';
import { AttendanceRow, SessionFacts, tallyByStreet, workerFigures, yearFigures } from '@app/domain/trainings/attendance.rules';
import { AttendanceStatus } from '@app/domain/trainings/training.rules';
import {
  trainingSessionTallies,
  trainingStreetTallies,
  trainingWorkerFigures,
  trainingYearFigures,
} from '@app/reporting/trainings/training-figures';
import { given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';
import { signInSheet, workerContact } from './training-helpers';

/**
 * The "Done when", as a new user would do it: a plan, four sessions, a sign-in sheet with one
 * misspelt name fixed through a resolution, and the year's rate equal to a hand count. Then the same data
 * through the SQL figures against the pure rules, the scopes, and the register workbook read back.
 */
describe('trainings: a year of sessions', () => {
  let t: TestApp;
  let staff: { auth: string };
  const a: Array<{ id: number }> = []; // 龙泉街道
  const b: Array<{ id: number }> = []; // 建设街道
  let streetA: number;
  let streetB: number;
  const sessions: number[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    const g = given(t);
    staff = await g.user(['centre_staff']);
    const tree = await g.tree({ street: '龙泉街道' });
    const other = await g.street(tree.district, '建设街道');
    streetA = tree.street.id;
    streetB = other.street.id;
    for (const name of ['张小明', '刘一', '陈二', '杨三', '黄四', '吴五']) a.push(await g.worker(tree.grid.id, { name }));
    for (const name of ['周甲', '郑乙', '冯丙']) b.push(await g.worker(other.grid.id, { name }));
    b.push(await g.worker(other.grid.id, { name: '秋季新人', hired: '2024-08-01' }));
  });
  afterAll(() => t.close());

  const http = () => t.http();
  const post = (url: string, body: object) => http().post(url).set('Authorization', staff.auth).send(body);

  it('plan, four sessions, a sheet with a misspelt name fixed by a resolution: the rate equals the hand count', async () => {
    const plan = await post('/api/trainings/plans', {
      year: 2024,
      targetSessions: 2,
      targetAttendanceRate: '0.95',
      items: [
        { title: '如何开展信访工作', month: 4, organiser: '区信访局', mode: 'offline' },
        { title: '基础党建业务知识培训', month: 6, organiser: '区委组织部', mode: 'online' },
      ],
    }).expect(201);
    expect(plan.body).toMatchObject({ year: 2024, title: '2024年度全科网格员培训计划', targetAttendanceRateText: '≥95.00%' });
    const [xfItem, djItem] = plan.body.items;
    await post('/api/trainings/plans', { year: 2024, targetSessions: 1, targetAttendanceRate: '0.9', items: [] }).expect(409);

    const base = { audience: { kind: 'all' }, countsAsGeneralTraining: true };
    const specs = [
      { ...base, title: '如何开展信访工作', organiser: '区信访局', mode: 'offline', place: '中心三楼会议室', startsAt: '2024-04-18T09:00:00+08:00', endsAt: '2024-04-18T11:30:00+08:00', hours: '2.5', planItemId: xfItem.id },
      { ...base, title: '基础党建业务知识培训', organiser: '区委组织部', mode: 'online', meetingLink: '123 456 789', startsAt: '2024-06-20T15:00:00+08:00', endsAt: '2024-06-20T17:00:00+08:00', hours: '2', planItemId: djItem.id },
      { ...base, title: '自建房安全隐患排查要点', organiser: '区住建局', mode: 'online', meetingLink: 'https://meeting.tencent.com/dm/zj', startsAt: '2024-09-12T15:00:00+08:00', endsAt: '2024-09-12T16:30:00+08:00', hours: '1.5', audience: { kind: 'streets', streetIds: [streetB] }, countsAsGeneralTraining: false },
      { ...base, title: '网格事件上报与系统操作', organiser: '网格化管理服务中心', mode: 'offline', place: '中心三楼会议室', startsAt: '2024-11-21T09:00:00+08:00', endsAt: '2024-11-21T12:00:00+08:00', hours: '3' },
    ];
    for (const s of specs) {
      const created = await post('/api/trainings/sessions', s).expect(201);
      await http().post(`/api/trainings/sessions/${created.body.id}/hold`).set('Authorization', staff.auth).expect(200);
      sessions.push(created.body.id);
    }
    const [s1, s2, s3, s4] = sessions;

    // session 1: 冯丙 asked for leave beforehand; the sheet has 张小明 typed as 张晓明 (name only), 吴五 came at 09:25
    await http().put(`/api/trainings/sessions/${s1}/attendance/${b[2].id}`).set('Authorization', staff.auth).send({ status: 'leave' }).expect(200);
    const contacts = await Promise.all([...a, ...b].map((w) => workerContact(t, w.id)));
    const sheet = await signInSheet([
      { name: '张晓明', signIn: '08:50' },
      ...[1, 2, 3, 4].map((i) => ({ name: contacts[i].name, phone: contacts[i].phone, signIn: '08:55' })),
      { name: contacts[5].name, phone: contacts[5].phone, signIn: '09:25' },
      { name: contacts[6].name, code: contacts[6].code, signIn: '08:58' },
    ]);
    const preview = await http().post(`/api/trainings/sessions/${s1}/sign-in-sheet/preview`).set('Authorization', staff.auth).attach('file', sheet, '签到表.xlsx').expect(200);
    expect(preview.body.ok).toBe(false);
    expect(preview.body.problems).toEqual([
      {
        row: 3,
        kind: 'unmatched',
        field: '第3行.姓名',
        message: expect.stringMatching(/^「张晓明」不在本次培训的应到名单中，是否为：张小明（龙泉街道，1\d\d\*{4}\d{4}，编号GW\d+）？$/),
        candidates: [expect.objectContaining({ workerId: a[0].id, name: '张小明', reason: 'one_edit', streetName: '龙泉街道' })],
      },
    ]);
    expect(preview.body.matched).toHaveLength(6);
    const fix = JSON.stringify([{ row: 3, workerId: preview.body.problems[0].candidates[0].workerId }]);
    const committed = await http().post(`/api/trainings/sessions/${s1}/sign-in-sheet/commit`).set('Authorization', staff.auth).field('resolutions', fix).attach('file', sheet, '签到表.xlsx').expect(200);
    expect(committed.body.tally).toMatchObject({ expected: 9, present: 6, late: 1, leave: 1, absent: 1 });

    // session 2 (online): entered in bulk; session 3 (建设街道 only, the new hire expected): a sheet by code; session 4: bulk
    const entries = (list: Array<[{ id: number }, AttendanceStatus]>) => ({ entries: list.map(([w, status]) => ({ workerId: w.id, status })) });
    await http().put(`/api/trainings/sessions/${s2}/attendance`).set('Authorization', staff.auth)
      .send(entries([[a[0], 'present'], [a[1], 'present'], [a[2], 'present'], [a[3], 'present'], [a[4], 'late'], [a[5], 'absent'], [b[0], 'absent'], [b[1], 'leave'], [b[2], 'present']]))
      .expect(200);
    const newcomer = await workerContact(t, b[3].id);
    const sheet3 = await signInSheet([{ name: contacts[6].name, code: contacts[6].code }, { name: newcomer.name, code: newcomer.code }]);
    await http().post(`/api/trainings/sessions/${s3}/sign-in-sheet/commit`).set('Authorization', staff.auth).attach('file', sheet3, '签到表.xlsx').expect(200);
    await http().put(`/api/trainings/sessions/${s4}/attendance`).set('Authorization', staff.auth)
      .send(entries([...a, ...b].map((w) => [w, w === a[1] ? 'absent' : 'present'] as [{ id: number }, AttendanceStatus])))
      .expect(200);

    // the hand count: 7/9, 6/9, 2/4, 9/10 → 24 / 32; hours 7×2.5 + 6×2 + 2×1.5 + 9×3 = 59.5
    const figures = await http().get('/api/trainings/figures').query({ year: 2024 }).set('Authorization', staff.auth).expect(200);
    expect(figures.body).toMatchObject({
      sessionsHeld: 4,
      generalTrainingSessions: 3,
      tally: { expected: 32, attended: 24, present: 22, late: 2, leave: 2, absent: 6, unrecorded: 0, rate: '0.7500', rateText: '75.00%' },
      targets: { sessions: 2, rate: '0.9500' },
      totalHours: '59.50',
    });
    expect(figures.body.sessions.map((s: { tally: { attended: number; expected: number } }) => [s.tally.attended, s.tally.expected])).toEqual([[7, 9], [6, 9], [2, 4], [9, 10]]);
    const byStreet = new Map(figures.body.streets.map((x: { streetId: number; tally: object }) => [x.streetId, x.tally]));
    expect(byStreet.get(streetA)).toMatchObject({ expected: 18, attended: 16 });
    expect(byStreet.get(streetB)).toMatchObject({ expected: 14, attended: 8 });
    expect(figures.body.evaluation.attendanceRate).toMatchObject({ metric: 'training.attendance_rate', numerator: '24', denominator: '32', value: '75' });
    expect(figures.body.evaluation.sessions).toMatchObject({ metric: 'training.sessions', value: '3' });

    const planView = await http().get(`/api/trainings/plans/${plan.body.id}`).set('Authorization', staff.auth).expect(200);
    expect(planView.body.progress).toMatchObject({ generalTrainingSessions: 3, sessionsMet: true, rateMet: false, tally: { rateText: '75.00%' } });
    expect(planView.body.items[0].sessions).toEqual([expect.objectContaining({ id: s1, stateName: '已举办' })]);

    const zxm = await http().get('/api/trainings/figures/workers').query({ year: 2024, pageSize: 100 }).set('Authorization', staff.auth).expect(200);
    expect(zxm.body.total).toBe(10);
    expect(zxm.body.items.find((w: { name: string }) => w.name === '张小明')).toMatchObject({ hours: '7.50', sessionsAttended: 3, tally: { expected: 3, rate: '1.0000' } });
    expect(zxm.body.items.find((w: { name: string }) => w.name === '秋季新人')).toMatchObject({ hours: '4.50', tally: { expected: 2, attended: 2 } });
  });

  it('computes in SQL exactly what the pure rules compute on the same rows', async () => {
    // in a transaction rolled back at the end: one expected worker's status removed, so that 未登记 is compared too
    const runner = t.db.createQueryRunner();
    await runner.startTransaction();
    const db = runner.manager;
    try {
      await db.query(`DELETE FROM training_attendance WHERE session_id = $1 AND worker_id = $2`, [sessions[1], a[0].id]);
      const facts = await queryRows<{ id: number; starts_at: Date; hours: string; counts_as_general_training: boolean }>(
        db,
        `SELECT id, starts_at, hours, counts_as_general_training FROM training_session WHERE state = 'held'`,
      );
      const sessionFacts: SessionFacts[] = facts.map((s) => ({ sessionId: String(s.id), startsAt: s.starts_at, hours: s.hours, countsAsGeneralTraining: s.counts_as_general_training }));
      const raw = await queryRows<{ session_id: number; worker_id: number; street_id: number; status: AttendanceStatus | null }>(
        db,
        `SELECT e.session_id, e.worker_id, e.street_id, a.status FROM training_expected e
           LEFT JOIN training_attendance a USING (session_id, worker_id)`,
      );
      const rows: AttendanceRow[] = raw.map((r) => ({ sessionId: String(r.session_id), workerId: String(r.worker_id), streetId: String(r.street_id), status: r.status }));

      const pure = yearFigures(2024, sessionFacts, rows);
      const sql = await trainingYearFigures(db, 2024);
      expect({ ...sql.tally, rate: sql.tally.rate?.toString() }).toEqual({ ...pure.tally, rate: pure.tally.rate?.toString() });
      expect([sql.sessionsHeld, sql.generalTrainingSessions, sql.totalHours.toString()]).toEqual([pure.sessionsHeld, pure.generalTrainingSessions, pure.totalHours.toString()]);

      const pureStreets = tallyByStreet(rows);
      const sqlStreets = await trainingStreetTallies(db, { year: 2024 });
      expect(sqlStreets).toHaveLength(pureStreets.size);
      for (const s of sqlStreets) expect(s.tally).toEqual(pureStreets.get(String(s.streetId)));

      const pureWorkers = new Map(workerFigures(sessionFacts, rows).map((w) => [w.workerId, w]));
      const sqlWorkers = await trainingWorkerFigures(db, { year: 2024 });
      expect(sqlWorkers).toHaveLength(pureWorkers.size);
      for (const w of sqlWorkers) {
        const p = pureWorkers.get(String(w.workerId))!;
        expect([w.tally, w.hours.toString(), String(w.streetId), w.sessionsAttended]).toEqual([p.tally, p.hours.toString(), p.streetId, p.sessionsAttended]);
      }
      const sqlSessions = await trainingSessionTallies(db, { year: 2024 });
      expect(sqlSessions.map((s) => s.tally.attended)).toEqual([7, 5, 2, 9]);
      expect(await trainingYearFigures(db, 2023)).toMatchObject({ sessionsHeld: 0, tally: { expected: 0, rate: null }, figures: { attendanceRate: { value: null, note: '分母为0，无法计算' } } });
      expect(sql.tally.unrecorded).toBe(1);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('shows a street operator their street, a grid worker themself, and lets neither nor a leader write', async () => {
    const g = given(t);
    const op = await g.user(['street_operator'], { streetId: streetA });
    const me = await g.user(['grid_worker'], { workerId: a[0].id });
    const leader = await g.user(['leader']);
    const [s1] = sessions;

    const opFigures = await http().get('/api/trainings/figures').query({ year: 2024 }).set('Authorization', op.auth).expect(200);
    expect(opFigures.body.tally).toMatchObject({ expected: 18, attended: 16 });
    expect(opFigures.body.streets.map((s: { streetId: number }) => s.streetId)).toEqual([streetA]);
    expect(opFigures.body.evaluation).toBeNull();
    const opList = await http().get(`/api/trainings/sessions/${s1}/attendance`).set('Authorization', op.auth).expect(200);
    expect(opList.body.items).toHaveLength(6);
    expect(opList.body.items.every((i: { street: { id: number } }) => i.street.id === streetA)).toBe(true);
    const opWorkers = await http().get('/api/trainings/figures/workers').query({ year: 2024, streetId: streetB }).set('Authorization', op.auth).expect(200);
    expect(opWorkers.body.total).toBe(0);

    const mine = await http().get('/api/trainings/figures').query({ year: 2024 }).set('Authorization', me.auth).expect(200);
    expect(mine.body.tally).toMatchObject({ expected: 3, attended: 3 });
    const myList = await http().get(`/api/trainings/sessions/${s1}/attendance`).set('Authorization', me.auth).expect(200);
    expect(myList.body.items.map((i: { workerId: number }) => i.workerId)).toEqual([a[0].id]);
    const mySessions = await http().get('/api/trainings/sessions').query({ year: 2024 }).set('Authorization', me.auth).expect(200);
    // the session for 建设街道 only is not theirs, nor is it street A's
    expect(mySessions.body.items.map((s: { id: number; tally: { expected: number } }) => [s.id, s.tally.expected])).toEqual([[s1, 1], [sessions[1], 1], [sessions[3], 1]]);
    await http().get(`/api/trainings/sessions/${sessions[2]}`).set('Authorization', me.auth).expect(404);
    await http().get(`/api/trainings/sessions/${sessions[2]}`).set('Authorization', op.auth).expect(404);
    await http().get(`/api/trainings/sessions/${sessions[2]}/attendance`).set('Authorization', op.auth).expect(404);
    const opSessions = await http().get('/api/trainings/sessions').query({ year: 2024 }).set('Authorization', op.auth).expect(200);
    expect(opSessions.body.items).toHaveLength(3);

    await http().get('/api/trainings/figures').query({ year: 2024 }).set('Authorization', leader.auth).expect(200);
    for (const who of [op, me, leader]) {
      await http().put(`/api/trainings/sessions/${s1}/attendance/${a[0].id}`).set('Authorization', who.auth).send({ status: 'absent' }).expect(403);
      await http().post('/api/trainings/sessions').set('Authorization', who.auth).send({}).expect(403);
    }
    const handler = await g.user(['department_handler'], { departmentId: (await g.department()).id });
    await http().get('/api/trainings/sessions').set('Authorization', handler.auth).expect(403);
  });

  it('exports the register with the same numbers, phones masked', async () => {
    const res = await http().get('/api/trainings/register').query({ year: 2024 }).set('Authorization', staff.auth).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('2024年度培训台账.xlsx'));
    expect(res.headers['cache-control']).toBe('no-store');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body);
    const summary = wb.getWorksheet('年度汇总')!;
    expect(summary.getCell('A1').value).toBe('2024年度网格员培训情况汇总');
    expect(String(summary.getCell('A2').value)).toContain('测试区网格化管理服务中心');
    expect([summary.getCell('A4').value, summary.getCell('B4').value, summary.getCell('C4').value]).toEqual(['开展全科网格员培训次数', '≥2次', 3]);
    expect([summary.getCell('A5').value, summary.getCell('B5').value, summary.getCell('C5').value]).toEqual(['培训出勤率', '≥95%', 0.75]);
    expect(summary.getCell('C7').value).toBe(32);

    const list = wb.getWorksheet('培训场次')!;
    expect(list.getCell('B4').value).toBe('如何开展信访工作');
    expect(list.getCell('E4').value).toBe('2024-04-18 09:00—11:30');
    expect([4, 5, 6, 7].map((r) => [list.getCell(r, 9).value, list.getCell(r, 10).value, list.getCell(r, 11).value, list.getCell(r, 14).value])).toEqual([
      [9, 6, 1, 0.7778],
      [9, 5, 1, 0.6667],
      [4, 2, 0, 0.5],
      [10, 9, 0, 0.9],
    ]);
    expect(list.getCell('G6').value).toBe('建设街道');
    expect(list.getCell(8, 14).value).toBe(0.75);

    const people = wb.getWorksheet('网格员参训情况')!;
    const rows = (people.getSheetValues() as unknown[][]).filter((r) => Array.isArray(r) && r[3] === '张小明');
    expect(rows).toHaveLength(1);
    expect(rows[0].slice(2, 9)).toEqual(['龙泉街道', '张小明', expect.stringMatching(/^1\d\d\*{4}\d{4}$/), 3, 3, 7.5, 1]);
  });
});
