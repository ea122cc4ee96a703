import { INestApplicationContext } from '@nestjs/common';
import type { Response } from 'superagent';
import type { Workbook, Worksheet } from 'exceljs';
import { referenceContext2024, referenceFinanceInputs2024 } from '@app/reporting/evaluation/fixtures/reference-2024.fixture';
import { newWorkbook } from '@app/reporting/xlsx/workbook-style';
import { given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';
import { startTestWorker, waitFor } from '../support/test-worker';
import { arrangeReferenceYear, referenceJudgementChanges } from './reference-year';

const YEAR = 2024;

async function readWorkbook(buffer: Buffer): Promise<Workbook> {
  const wb = newWorkbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  return wb;
}

/** The first row whose cell in `col` (or any cell, without `col`) holds exactly `text`. */
function rowOf(ws: Worksheet, text: string, col?: number): number {
  for (let r = 1; r <= ws.rowCount; r++) {
    const cols = col ? [col] : Array.from({ length: ws.columnCount }, (_, i) => i + 1);
    for (const c of cols) if (ws.getCell(r, c).value === text) return r;
  }
  throw new Error(`no cell “${text}” in ${ws.name}`);
}

function binary(res: Response, cb: (err: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
}

describe('year-end self-evaluation: the reference year from operational data, through the queue', () => {
  let t: TestApp;
  let worker: INestApplicationContext | undefined;
  let admin: { auth: string; id: number };
  let staff: { auth: string; id: number };
  let leader: { auth: string };

  beforeAll(async () => {
    t = await startTestApp();
    await arrangeReferenceYear(t, YEAR);
    admin = await given(t).user(['centre_admin']);
    staff = await given(t).user(['centre_staff']);
    leader = await given(t).user(['leader']);
    await t.db.query(`UPDATE app_user SET display_name = '龙利' WHERE id = $1`, [staff.id]);
  });
  afterAll(async () => {
    await worker?.close();
    await t.close();
  });

  it('takes the reference finance inputs, details and judgements as a person enters them', async () => {
    const ctx = referenceContext2024();
    await t.http().put(`/api/evaluations/${YEAR}/finance`).set('Authorization', staff.auth).send({ inputs: referenceFinanceInputs2024() }).expect(200);
    await t
      .http()
      .put(`/api/evaluations/${YEAR}/details`)
      .set('Authorization', staff.auth)
      .send({ unitName: ctx.unitName, goalsExpected: ctx.goals!.expected, goalsAchieved: ctx.goals!.achieved, preparer: '龙利', fillDate: '2025.10.14', phone: '15873386679' })
      .expect(200);
    for (const [key, change] of referenceJudgementChanges()) {
      await t.http().put(`/api/evaluations/${YEAR}/judgements/${key}`).set('Authorization', staff.auth).send(change).expect(200);
    }
    // a leader reads but does not write
    await t.http().get(`/api/evaluations/${YEAR}`).set('Authorization', leader.auth).expect(200);
    await t.http().put(`/api/evaluations/${YEAR}/judgements/output.training_attendance`).set('Authorization', leader.auth).send({ deviationReason: 'x' }).expect(403);

    const view = (await t.http().get(`/api/evaluations/${YEAR}`).set('Authorization', staff.auth).expect(200)).body;
    const byKey = Object.fromEntries(view.indicators.map((i: { key: string }) => [i.key, i]));
    // every indicator with a metric took its value from the data, none typed in
    for (const i of view.indicators.filter((x: { source: { kind: string }; actual: { display: string } }) => x.source.kind === 'metric' && x.actual.display && !/规范化/.test(x.actual.display))) {
      expect([i.key, i.actual.origin]).toEqual([i.key, 'metric']);
    }
    expect(view.missingSources).toEqual([]);
    expect(byKey['output.training_sessions'].actual.display).toBe('4次');
    expect(byKey['output.training_attendance']).toMatchObject({ actual: { display: '93%', value: '93.00', origin: 'metric' }, proposed: '2.94', final: '2.00' });
    expect(byKey['output.training_attendance'].override).toMatchObject({ score: '2.00', author: '龙利', reason: '线上培训出勤不足，按实际培训效果评定' });
    expect(byKey['output.streets_assessed'].actual.display).toBe('8个');
    expect(byKey['output.unit_assessment_coverage'].actual.display).toBe('100%');
    expect(byKey['output.service_on_time_rate'].actual.display).toBe('96%');
    expect(byKey['output.system_failure_rate'].actual.display).toBe('1%');
    expect(byKey['output.maintenance_response'].actual.display).toBe('95分钟');
    expect(byKey['satisfaction.service_objects'].actual.display).toBe('95%');
    expect(byKey['satisfaction.residents'].actual.display).toBe('95%');
    expect(view.budget).toMatchObject({ rate: '0.7811', rateDisplay: '78.11%', score: '7.81' });
    expect(view.staffing).toMatchObject({ rate: '0.5455', rateDisplay: '54.55%' });
    expect(view.totals).toMatchObject({ maxScore: '100', total: '97.00', budgetScore: '7.81' });
  });

  let buildId: string;

  it('POST /builds answers 202 with a build id; the same inputs twice build once', async () => {
    const first = await t.http().post(`/api/evaluations/${YEAR}/builds`).set('Authorization', staff.auth).expect(202);
    expect(first.body).toMatchObject({ deduplicated: false, build: { year: YEAR, status: 'queued', statusName: '排队中', progress: 0 } });
    buildId = first.body.build.id;
    const again = await t.http().post(`/api/evaluations/${YEAR}/builds`).set('Authorization', admin.auth).expect(202);
    expect(again.body).toMatchObject({ deduplicated: true, build: { id: buildId } });
    const queued = await t.http().get(`/api/evaluations/builds/${buildId}`).set('Authorization', leader.auth).expect(200);
    expect(queued.body).toMatchObject({ status: 'queued', progress: 0, workbook: null });
    await t.http().post(`/api/evaluations/${YEAR}/builds`).set('Authorization', leader.auth).expect(403);
    await t.http().get(`/api/evaluations/builds/00000000-0000-4000-8000-000000000000`).set('Authorization', staff.auth).expect(404);
    await t.http().get(`/api/evaluations/builds/not-a-uuid`).set('Authorization', staff.auth).expect(404);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM evaluation_build WHERE year = $1`, [YEAR]);
    expect(n).toBe(1);
  });

  it('the worker builds it: status and progress in percent, then the workbook with a Chinese file name', async () => {
    worker = await startTestWorker(t.config);
    const done = await waitFor(async () => {
      const s = await t.http().get(`/api/evaluations/builds/${buildId}`).set('Authorization', staff.auth).expect(200);
      return s.body.status === 'succeeded' || s.body.status === 'failed' ? s.body : null;
    }, 30000);
    expect(done).toMatchObject({ status: 'succeeded', statusName: '已完成', progress: 100, error: null, summary: { total: '97.00', budgetScore: '7.81' } });
    expect(done.workbook.fileName).toBe('2024年度整体支出绩效自评表（株洲市芦淞区网格化管理服务中心）.xlsx');

    const res = await t.http().get(`/api/evaluations/builds/${buildId}/workbook`).set('Authorization', leader.auth).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="2024_+\.xlsx"; /);
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('2024年度整体支出绩效自评表（株洲市芦淞区网格化管理服务中心）.xlsx')}`);
    const wb = await readWorkbook(res.body as Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['附件2', '附件1', '取数说明', '数据校验']);

    const a2 = wb.getWorksheet('附件2')!;
    expect(a2.getCell(2, 1).value).toBe('2024年度部门（单位）整体支出绩效自评表');
    const total = rowOf(a2, '年度资金总额');
    expect([4, 5, 6, 7].map((c) => a2.getCell(total, c).value)).toEqual([248.94, 239.32, 186.94, 10]);
    expect(a2.getCell(total, 8).value).toBe(0.7811);
    expect(a2.getCell(total, 8).numFmt).toBe('0.00%');
    expect(a2.getCell(total, 9).value).toBe(7.81);
    const ind = (name: string) => {
      const r = rowOf(a2, name, 4);
      return { target: a2.getCell(r, 5).value, actual: a2.getCell(r, 6).value, weight: a2.getCell(r, 7).value, score: a2.getCell(r, 8).value, deviation: a2.getCell(r, 9).value };
    };
    expect(ind('开展全科网格员培训次数')).toMatchObject({ target: '≥2次', actual: '4次', weight: 5, score: 5 });
    expect(ind('培训出勤率')).toMatchObject({ target: '≥95%', actual: '93%', weight: 3, score: 2, deviation: '偏差原因：线上培训由于网格员一人多岗，工作与培训时间冲突。' });
    expect(ind('开展考核考评工作涉及的镇（街道）数量')).toMatchObject({ target: '8个', actual: '8个', score: 5 });
    expect(ind('服务保障工作完成及时率')).toMatchObject({ target: '≥95%', actual: '96%', weight: 3, score: 3 });
    expect(ind('系统故障率')).toMatchObject({ target: '≤2%', actual: '1%', score: 5 });
    expect(ind('指挥中心服务对象满意度')).toMatchObject({ actual: '95%', score: 5 });
    expect(ind('更新基础信息数据')).toMatchObject({ actual: '规范化、标准化', score: 4 });
    const sum = rowOf(a2, '总分');
    expect([a2.getCell(sum, 7).value, a2.getCell(sum, 8).value]).toEqual([100, 97]);
    expect(a2.getCell(rowOf(a2, '产出指标(64分)'), 2).value).toBe('产出指标(64分)');

    const a1 = wb.getWorksheet('附件1')!;
    const staffRow = rowOf(a1, '编制数') + 1;
    expect([a1.getCell(staffRow, 2).value, a1.getCell(staffRow, 4).value, a1.getCell(staffRow, 6).value]).toEqual([11, 6, 0.5455]);
    expect(a1.getCell(staffRow, 6).numFmt).toBe('0.00%');
    expect(a1.getCell(rowOf(a1, '公用经费', 1), 6).value).toBe(83.84);

    // 取数说明 explains the computed attendance: 186 of 200, proposed 2.94, overridden to 2 by 龙利
    const src = wb.getWorksheet('取数说明')!;
    const [att, scoring] = Array.from({ length: src.rowCount }, (_, i) => i + 1).filter((r) => src.getCell(r, 1).value === '培训出勤率');
    expect([src.getCell(att, 6).value, src.getCell(att, 7).value, src.getCell(att, 8).value]).toEqual([186, 200, '93%']);
    expect([src.getCell(scoring, 7).value, src.getCell(scoring, 8).value]).toEqual([2.94, 2]);
    expect(String(src.getCell(scoring, 10).value)).toContain('调整人：龙利');

    // the build's snapshot is stored and cannot be changed
    await expect(t.db.query(`UPDATE evaluation_build SET snapshot = '{}'::jsonb WHERE id = $1`, [buildId])).rejects.toThrow(/immutable/);
    await expect(t.db.query(`DELETE FROM evaluation_build WHERE id = $1`, [buildId])).rejects.toThrow(/immutable/);
  });

  it('after the build, the same inputs still give the same build; a changed input gives a new one', async () => {
    const same = await t.http().post(`/api/evaluations/${YEAR}/builds`).set('Authorization', staff.auth).expect(202);
    expect(same.body).toMatchObject({ deduplicated: true, build: { id: buildId, status: 'succeeded' } });
    await t.http().put(`/api/evaluations/${YEAR}/details`).set('Authorization', staff.auth).send({ phone: '0731-12345678' }).expect(200);
    const changed = await t.http().post(`/api/evaluations/${YEAR}/builds`).set('Authorization', staff.auth).expect(202);
    expect(changed.body.deduplicated).toBe(false);
    expect(changed.body.build.id).not.toBe(buildId);
    await waitFor(async () => (await t.http().get(`/api/evaluations/builds/${changed.body.build.id}`).set('Authorization', staff.auth)).body.status === 'succeeded', 30000);
  });

  it('refuses to finalise while there are blockers, listing them; only a centre admin finalises', async () => {
    await t.http().post(`/api/evaluations/${YEAR}/finalise`).set('Authorization', staff.auth).expect(403);
    const res = await t.http().post(`/api/evaluations/${YEAR}/finalise`).set('Authorization', admin.auth).expect(422);
    expect(res.body.code).toBe('UNPROCESSABLE');
    expect(res.body.message).toMatch(/^2024年度绩效自评尚不能定稿/);
    const blockers = res.body.problems.map((p: { message: string }) => p.message);
    // the reference contradicts itself: 公用经费 85.84 in the text, 83.84 in 附件1
    expect(blockers.some((b: string) => /数据校验发现矛盾：同一数字填报了两个不同的值：公用经费/.test(b) && b.includes('85.84') && b.includes('83.84'))).toBe(true);
    const [{ status }] = await t.db.query(`SELECT status FROM evaluation_year WHERE year = $1`, [YEAR]);
    expect(status).toBe('draft');
  });

  it('finalises once the blockers are resolved; a final year refuses changes until reopened', async () => {
    const fin = (await t.http().get(`/api/evaluations/${YEAR}/finance`).set('Authorization', staff.auth).expect(200)).body.inputs;
    // correct the inputs: the report text's figures that contradict the tables are removed, the project row made consistent
    fin.narrative = fin.narrative.filter((n: { figure: string }) => !['budget.expense.publicFunds.executed'].includes(n.figure));
    fin.control.project.priorFinal = '34.85';
    fin.control.project.currentBudget = '91.26';
    await t.http().put(`/api/evaluations/${YEAR}/finance`).set('Authorization', staff.auth).send({ inputs: fin }).expect(200);
    const view = (await t.http().get(`/api/evaluations/${YEAR}`).set('Authorization', staff.auth).expect(200)).body;
    expect(view.blockers).toEqual([]);
    const ok = await t.http().post(`/api/evaluations/${YEAR}/finalise`).set('Authorization', admin.auth).expect(200);
    expect(ok.body).toMatchObject({ status: 'final', statusName: '已定稿', canFinalise: false });
    const refused = await t.http().put(`/api/evaluations/${YEAR}/judgements/output.training_attendance`).set('Authorization', staff.auth).send({ deviationReason: '改' }).expect(409);
    expect(refused.body.message).toContain('已定稿');
    await t.http().post(`/api/evaluations/${YEAR}/reopen`).set('Authorization', admin.auth).expect(200);
    await t.http().put(`/api/evaluations/${YEAR}/judgements/output.training_attendance`).set('Authorization', staff.auth).send({ deviationReason: '偏差原因：线上培训与工作时间冲突。' }).expect(200);
  });
});
