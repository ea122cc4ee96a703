import { INestApplicationContext } from '@nestjs/common';
import type { Response } from 'superagent';
import type { Workbook } from 'exceljs';
import { JobName } from '@app/domain';
import { JobQueues } from '@app/domain/jobs/job-queues';
import { referenceFinanceInputs2024 } from '@app/reporting/evaluation/fixtures/reference-2024.fixture';
import { newWorkbook, workbookBuffer } from '@app/reporting/xlsx/workbook-style';
import { given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';
import { startTestWorker, waitFor } from '../support/test-worker';

async function readWorkbook(buffer: Buffer): Promise<Workbook> {
  const wb = newWorkbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  return wb;
}

function binary(res: Response, cb: (err: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
}

/** The row of the import sheet whose code (column A) is `code`. */
function codeRow(wb: Workbook, code: string): number {
  const ws = wb.getWorksheet('财务数据')!;
  for (let r = 1; r <= ws.rowCount; r++) if (ws.getCell(r, 1).value === code) return r;
  throw new Error(`no row ${code}`);
}

describe('self-evaluation inputs: templates, finance inputs and their import, judgements, the year-end job', () => {
  let t: TestApp;
  let staff: { auth: string };
  let leader: { auth: string };

  beforeAll(async () => {
    t = await startTestApp();
    await given(t).tree();
    staff = await given(t).user(['centre_staff']);
    leader = await given(t).user(['leader']);
  });
  afterAll(async () => {
    await t.close();
  });

  it('a year without a template starts from the 2024 default; the next year as a copy of the last', async () => {
    const t2024 = await t.http().get('/api/evaluations/2024/template').set('Authorization', leader.auth).expect(200);
    expect(t2024.body).toMatchObject({ origin: 'default', originName: '默认模板（2024年度）', sums: { indicatorTotal: '100', expectedTotal: '100' } });
    const edited = t2024.body.template;
    edited.firstLevels[3].children[0].indicators[2].name = '设备采购成本';
    await t.http().put('/api/evaluations/2024/template').set('Authorization', staff.auth).send({ template: edited }).expect(200);
    const t2025 = await t.http().get('/api/evaluations/2025/template').set('Authorization', staff.auth).expect(200);
    expect(t2025.body).toMatchObject({ origin: 'copy', copiedFrom: 2024, template: { year: 2025 } });
    expect(t2025.body.template.firstLevels[3].children[0].indicators[2].name).toBe('设备采购成本');
  });

  it('refuses a template whose weights do not add up, with the sums shown, and keeps the stored one', async () => {
    const { template } = (await t.http().get('/api/evaluations/2024/template').set('Authorization', staff.auth).expect(200)).body;
    template.firstLevels[0].children[0].indicators[0].weight = '3';
    const res = await t.http().put('/api/evaluations/2024/template').set('Authorization', staff.auth).send({ template }).expect(400);
    expect(res.body.code).toBe('VALIDATION');
    expect(res.body.problems).toEqual([
      { field: 'firstLevels[0].weight', message: '一级指标“产出指标”声明 64 分，其三级指标分值合计 62 分' },
    ]);
    expect(res.body.message).toContain('2024年度指标模板有误');
    template.firstLevels[0].weight = '62';
    const total = await t.http().put('/api/evaluations/2024/template').set('Authorization', staff.auth).send({ template }).expect(400);
    expect(total.body.problems).toEqual([{ field: 'firstLevels', message: '一级指标分值合计 98 分，指标应合计 100 分' }]);
    const malformed = await t.http().put('/api/evaluations/2024/template').set('Authorization', staff.auth).send({ template: { budgetCounting: 'separate', budgetWeight: '10', firstLevels: 'x' } }).expect(400);
    expect(malformed.body.problems).toEqual([{ field: 'firstLevels', message: '一级指标应为列表' }]);
    const stored = (await t.http().get('/api/evaluations/2024/template').set('Authorization', staff.auth).expect(200)).body;
    expect(stored.template.firstLevels[0].children[0].indicators[0].weight).toBe('5');
    await t.http().put('/api/evaluations/2024/template').set('Authorization', leader.auth).send({ template }).expect(403);
  });

  it('stores finance inputs as decimals and lists their contradictions', async () => {
    const res = await t.http().put('/api/evaluations/2024/finance').set('Authorization', staff.auth).send({ inputs: referenceFinanceInputs2024() }).expect(200);
    expect(res.body.inputs.budget.total).toEqual({ initialBudget: '248.94', budget: '239.32', executed: '186.94' });
    const codes = res.body.findings.map((f: { code: string }) => f.code);
    expect(codes).toContain('figure_stated_twice');
    expect(codes).toContain('sum_mismatch');
    const bad = referenceFinanceInputs2024();
    bad.budget.total.executed = '186.945';
    const refused = await t.http().put('/api/evaluations/2024/finance').set('Authorization', staff.auth).send({ inputs: bad }).expect(400);
    expect(refused.body.problems).toEqual([{ field: 'budget.total.executed', message: '附件2 年度资金总额·全年执行数：最多保留两位小数（填写的是 186.945）' }]);
  });

  it('imports finance inputs from the downloaded template: all or nothing, errors by row in Chinese', async () => {
    const download = await t.http().get('/api/evaluations/2024/finance/import-template').set('Authorization', staff.auth).buffer(true).parse(binary).expect(200);
    expect(download.headers['content-disposition']).toContain(encodeURIComponent('2024年度绩效自评财务数据导入模板.xlsx'));
    const wb = await readWorkbook(download.body as Buffer);
    const ws = wb.getWorksheet('财务数据')!;
    expect(ws.getCell(codeRow(wb, 'budget.total.budget'), 4).value).toBe(239.32);

    // two bad rows: nothing is written
    ws.getCell(codeRow(wb, 'budget.total.budget'), 4).value = 250;
    ws.getCell(codeRow(wb, 'budget.total.executed'), 4).value = '一百八十';
    ws.getCell(codeRow(wb, 'staffing.actual'), 4).value = 6.5;
    const badRow = codeRow(wb, 'budget.total.executed');
    const refused = await t
      .http()
      .post('/api/evaluations/2024/finance/import')
      .set('Authorization', staff.auth)
      .attach('file', await workbookBuffer(wb), '财务数据.xlsx')
      .expect(400);
    expect(refused.body.message).toMatch(/^导入失败，未写入任何数据：/);
    expect(refused.body.problems).toEqual([
      { row: badRow, field: `第${badRow}行.budget.total.executed`, message: `第${badRow}行：附件2 年度资金总额·全年执行数：“一百八十”不是有效的数字` },
      { row: codeRow(wb, 'staffing.actual'), field: `第${codeRow(wb, 'staffing.actual')}行.staffing.actual`, message: `第${codeRow(wb, 'staffing.actual')}行：附件1 2024年实际在职人数应为非负整数（填写的是 6.5）` },
    ]);
    const unchanged = (await t.http().get('/api/evaluations/2024/finance').set('Authorization', staff.auth).expect(200)).body;
    expect(unchanged.inputs.budget.total.budget).toBe('239.32');
    expect(unchanged.source).toBe('api');

    // corrected: written as a whole, the report-text figures kept
    ws.getCell(badRow, 4).value = 186.94;
    ws.getCell(codeRow(wb, 'staffing.actual'), 4).value = 6;
    const ok = await t.http().post('/api/evaluations/2024/finance/import').set('Authorization', staff.auth).attach('file', await workbookBuffer(wb), '财务数据.xlsx').expect(200);
    expect(ok.body.source).toBe('import');
    expect(ok.body.inputs.budget.total).toEqual({ initialBudget: '248.94', budget: '250', executed: '186.94' });
    expect(ok.body.inputs.control.projectItems[0]).toEqual({ name: '业务工作经费', amounts: { priorFinal: '34.85', currentBudget: '91.26', currentFinal: '0' } });
    expect(ok.body.inputs.narrative).toHaveLength(referenceFinanceInputs2024().narrative.length);

    const notXlsx = await t.http().post('/api/evaluations/2024/finance/import').set('Authorization', staff.auth).attach('file', Buffer.from('a,b'), 'x.xlsx').expect(400);
    expect(notXlsx.body.message).toContain('不是有效的 xlsx');
  });

  it('checks judgements against the indicator: grades within their tier, overrides with a reason, numbers only where quantitative', async () => {
    const put = (key: string, body: object) => t.http().put(`/api/evaluations/2024/judgements/${key}`).set('Authorization', staff.auth).send(body);
    const grade = await put('output.business_training', { grade: { tier: 'achieved', score: '3.5' } }).expect(400);
    expect(grade.body.message).toBe('“开展网格员业务培训”评为“达成”时得分应在 [4, 5] 之间，填写的是 3.5');
    const noReason = await put('output.training_attendance', { override: { score: '2', reason: ' ' } }).expect(400);
    expect(noReason.body.message).toBe('“培训出勤率”调整得分须填写调整理由');
    const tooHigh = await put('output.training_attendance', { override: { score: '4', reason: '理由' } }).expect(400);
    expect(tooHigh.body.message).toBe('“培训出勤率”调整后的得分 4 超过分值 3');
    const qualitativeNumber = await put('output.equipment_quality', { manualValue: '1' }).expect(400);
    expect(qualitativeNumber.body.message).toBe('“采购设备质量合格率”是定性指标，实际完成值只填文字');
    const autoGraded = await put('output.training_attendance', { grade: { tier: 'achieved', score: '3' } }).expect(400);
    expect(autoGraded.body.message).toContain('按数据自动计分，不评定等级');
    await put('output.nope', { deviationReason: 'x' }).expect(404);
    const unknown = await put('output.training_attendance', { score: '3' }).expect(400);
    expect(unknown.body.problems[0].field).toBe('score');

    const ok = await put('output.training_attendance', { override: { score: '2', reason: '按实际培训效果评定' }, deviationReason: '偏差原因：工作与培训时间冲突。' }).expect(200);
    expect(ok.body).toMatchObject({ key: 'output.training_attendance', override: { score: '2.00', reason: '按实际培训效果评定' }, deviationReason: '偏差原因：工作与培训时间冲突。' });
    const kept = await put('output.training_attendance', { deviationReason: null }).expect(200);
    expect(kept.body).toMatchObject({ override: { score: '2.00' }, deviationReason: null });
    const view = (await t.http().get('/api/evaluations/2024').set('Authorization', staff.auth).expect(200)).body;
    const attendance = view.indicators.find((i: { key: string }) => i.key === 'output.training_attendance');
    // no training data in this database: the metric gives no value, the indicator waits for one
    expect(attendance).toMatchObject({ final: '2.00', needsDeviationReason: true });
    expect(view.blockers).toContain('“培训出勤率”缺少实际完成值');
    expect(view.blockers).toContain('“培训出勤率”得分 2.00 低于分值 3，须填写偏差原因分析及改进措施');
  });

  it('the year-end job asks for the draft build of the year just ended and the worker builds it', async () => {
    let worker: INestApplicationContext | undefined;
    const queues = new JobQueues(t.config.REDIS_URL, t.config.QUEUE_PREFIX);
    try {
      worker = await startTestWorker(t.config);
      await queues.enqueue(JobName.EvaluationYearEnd, { year: 2024 });
      const build = await waitFor(async () => {
        const rows = await t.db.query(`SELECT id, status, trigger, progress FROM evaluation_build WHERE year = 2024`);
        return rows[0]?.status === 'succeeded' ? rows[0] : null;
      }, 30000);
      expect(build).toMatchObject({ trigger: 'schedule', progress: 100 });
      // the same inputs again: no second build
      await queues.enqueue(JobName.EvaluationYearEnd, { year: 2024 });
      await new Promise((r) => setTimeout(r, 1000));
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM evaluation_build WHERE year = 2024`);
      expect(n).toBe(1);
    } finally {
      await queues.close();
      await worker?.close();
    }
  });
});
