import { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { JobName, QueueName, SCHEDULES } from '@app/domain';
import { queryOne, queryRows } from '@app/domain/database/sql';
import { JobQueues } from '@app/domain/jobs/job-queues';
import { previousMonth } from '../../apps/worker/src/assessment/assessment.handler';
import { given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';
import { startTestWorker, waitFor } from '../support/test-worker';

describe('assessment schedules with two workers', () => {
  let t: TestApp;
  const workers: INestApplicationContext[] = [];
  const TEST_SCHEDULE = 'test-overdue-sweep-every-second';

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    const i = SCHEDULES.findIndex((s) => s.id === TEST_SCHEDULE);
    if (i >= 0) SCHEDULES.splice(i, 1);
    for (const w of workers) await w.close();
    await t.close();
  });

  it('registers the monthly compute at 01:00 on the 1st and the daily sweep, in Asia/Shanghai', () => {
    expect(SCHEDULES.filter((s) => s.id.startsWith('assessment-')).map((s) => [s.id, s.job, s.pattern])).toEqual([
      ['assessment-month-end', JobName.AssessmentMonthEnd, '0 1 1 * *'],
      ['assessment-overdue-sweep', JobName.AssessmentOverdueSweep, '10 0 * * *'],
    ]);
    // the tick at 01:00 on 1 May in Shanghai (17:00 on 30 April in UTC) names April
    expect(previousMonth(new Date('2024-04-30T17:00:00Z'))).toEqual({ year: 2024, month: 4 });
    expect(previousMonth(new Date('2025-01-01T01:00:00+08:00'))).toEqual({ year: 2024, month: 12 });
  });

  it('runs a scheduled job once per tick although two worker processes register and consume it', async () => {
    // the same mechanism as the real schedules (SCHEDULES → upsertJobScheduler in each worker), every second
    SCHEDULES.push({ id: TEST_SCHEDULE, job: JobName.AssessmentOverdueSweep, pattern: '* * * * * *', data: () => ({}) });
    workers.push(await startTestWorker(t.config), await startTestWorker(t.config));
    await waitFor(async () => toIntN(await queryOne<{ n: string }>(t.db, `SELECT count(*) AS n FROM rectification_sweep_run`)) >= 5, 20_000, 200);
    const queue = new Queue(QueueName.System, { connection: { url: t.config.REDIS_URL }, prefix: t.config.QUEUE_PREFIX });
    try {
      await queue.removeJobScheduler(TEST_SCHEDULE);
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.map((s) => s.key).filter((k) => k === TEST_SCHEDULE)).toEqual([]);
      expect(schedulers.map((s) => s.key).filter((k) => k.startsWith('assessment-')).sort()).toEqual(['assessment-month-end', 'assessment-overdue-sweep']);
    } finally {
      await queue.close();
    }
    await new Promise((r) => setTimeout(r, 1200)); // let a job in hand finish
    const runs = await queryRows<{ job_id: string; ran_at: Date }>(t.db, `SELECT job_id, ran_at FROM rectification_sweep_run ORDER BY ran_at`);
    // one job per tick, each run once: were the schedule registered twice, two jobs would run per second
    expect(new Set(runs.map((r) => r.job_id)).size).toBe(runs.length);
    const ticks = runs.map((r) => /^repeat:.+:(\d+)$/.exec(r.job_id)?.[1]);
    expect(ticks.every(Boolean)).toBe(true);
    expect(new Set(ticks).size).toBe(runs.length);
    const gaps = runs.slice(1).map((r, i) => r.ran_at.getTime() - runs[i].ran_at.getTime());
    expect(Math.min(...gaps)).toBeGreaterThan(500);
  }, 40_000);

  it('the month-end job only enqueues the compute of the month just ended, which then runs', async () => {
    const tree = await given(t).tree();
    await given(t).worker(tree.grid.id, { hired: '2020-01-01' });
    const queues = new JobQueues(t.config.REDIS_URL, t.config.QUEUE_PREFIX);
    try {
      const job = await queues.enqueue(JobName.AssessmentMonthEnd, {});
      const done = await waitFor(async () => {
        const s = await queues.status(QueueName.System, job.id!);
        return s?.state === 'completed' ? s : null;
      });
      const { year, month } = previousMonth(new Date());
      expect(done.result).toMatchObject({ year, month, jobId: expect.stringMatching(new RegExp(`^assessment-month-${year}-${String(month).padStart(2, '0')}-[0-9a-f]{12}$`)) });
      const row = await waitFor(() => queryOne<{ worker_count: number; status: string }>(t.db, `SELECT worker_count, status FROM assessment_month WHERE year = $1 AND month = $2 AND computed_at IS NOT NULL`, [year, month]));
      expect(row).toMatchObject({ status: 'draft' });
      expect(row.worker_count).toBeGreaterThanOrEqual(1);
      // asking again with unchanged inputs is the same job: a no-op
      const again = await queues.enqueue(JobName.AssessmentMonthEnd, {});
      const second = await waitFor(async () => {
        const s = await queues.status(QueueName.System, again.id!);
        return s?.state === 'completed' ? s : null;
      });
      expect((second.result as { jobId: string }).jobId).toBe((done.result as { jobId: string }).jobId);
    } finally {
      await queues.close();
    }
  });
});

function toIntN(r: { n: string } | undefined): number {
  return Number(r?.n ?? 0);
}
