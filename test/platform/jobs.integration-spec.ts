import { INestApplicationContext } from '@nestjs/common';
import { JobName, QueueName } from '@app/domain';
import { JobQueues } from '@app/domain/jobs/job-queues';
import { given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';
import { spawnWorker, startTestWorker, waitFor } from '../support/test-worker';

describe('queue round trip and worker shutdown', () => {
  let t: TestApp;
  let worker: INestApplicationContext | undefined;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await worker?.close();
    await t.close();
  });

  it('API → queue → worker → result', async () => {
    worker = await startTestWorker(t.config);
    const admin = await given(t).user(['centre_admin']);
    const enq = await t.http().post('/api/jobs/ping').set('Authorization', admin.auth).expect(202);
    expect(enq.body.queue).toBe('system');
    const done = await waitFor(async () => {
      const s = await t.http().get(`/api/jobs/system/${enq.body.id}`).set('Authorization', admin.auth).expect(200);
      return s.body.state === 'completed' ? s.body : null;
    });
    expect(done.result).toMatchObject({ pong: true });
    await t.http().get(`/api/jobs/system/nope`).set('Authorization', admin.auth).expect(404);
    const staff = await given(t).user(['grid_worker'], { workerId: (await given(t).worker((await given(t).tree()).grid.id)).id });
    await t.http().post('/api/jobs/ping').set('Authorization', staff.auth).expect(403);
    await worker.close();
    worker = undefined;
  });

  it('on SIGTERM the worker finishes the job in hand before it exits', async () => {
    const env = { DATABASE_URL: t.config.DATABASE_URL, REDIS_URL: t.config.REDIS_URL, QUEUE_PREFIX: t.config.QUEUE_PREFIX, LOG_LEVEL: 'error' };
    const proc = spawnWorker(env);
    await proc.ready;
    const queues = new JobQueues(t.config.REDIS_URL, t.config.QUEUE_PREFIX);
    try {
      const job = await queues.enqueue(JobName.SystemPing, { requestedAt: 'slow', delayMs: 1500 });
      await waitFor(async () => (await queues.status(QueueName.System, job.id!))?.state === 'active');
      proc.child.kill('SIGTERM');
      expect(await proc.exited).toBe(0);
      const status = await queues.status(QueueName.System, job.id!);
      expect(status).toMatchObject({ state: 'completed', result: { pong: true, requestedAt: 'slow' } });
    } finally {
      await queues.close();
    }
  });

  it('stops with one clear line and exit 1 when Redis or PostgreSQL is unreachable', async () => {
    const noRedis = spawnWorker({ DATABASE_URL: t.config.DATABASE_URL, REDIS_URL: 'redis://127.0.0.1:1' });
    expect(await noRedis.exited).toBe(1);
    expect(noRedis.output().trim()).toMatch(/^Redis unreachable at 127\.0\.0\.1:1: ECONNREFUSED$/);
    const noPg = spawnWorker({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/x' });
    expect(await noPg.exited).toBe(1);
    expect(noPg.output().trim()).toMatch(/^PostgreSQL unreachable at 127\.0\.0\.1:1\/x: ECONNREFUSED$/);
    const badEnv = spawnWorker({ PORT: 'abc', DATABASE_URL: 'mysql://x' });
    expect(await badEnv.exited).toBe(1);
    expect(badEnv.output().trim().split('\n')).toHaveLength(1);
    expect(badEnv.output()).toContain('invalid environment: DATABASE_URL');
  });
});
