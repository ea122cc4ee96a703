import { Job, Queue } from 'bullmq';
import Redis from 'ioredis';
import { JOB_DEFINITIONS, JobName, JobPayloads, QueueName } from './job-catalogue';
import { redisOptions } from './redis-options';

export interface JobStatus {
  id: string;
  name: string;
  state: string;
  progress: number;
  result: unknown;
  failedReason?: string;
}

/**
 * Type-checked enqueueing: `enqueue(JobName.X, data)` only compiles with X's payload, and the queue and
 * options come from the catalogue.
 */
export class JobQueues {
  private readonly connection: Redis;
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    redisUrl: string,
    readonly prefix: string,
  ) {
    // one shared connection for all producers; BullMQ wants `maxRetriesPerRequest: null` only for workers
    this.connection = new Redis(redisOptions(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 }));
    this.connection.on('error', () => undefined);
  }

  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.connection, prefix: this.prefix });
      this.queues.set(name, q);
    }
    return q;
  }

  async enqueue<N extends JobName>(name: N, data: JobPayloads[N], override: { jobId?: string } = {}): Promise<Job> {
    const def = JOB_DEFINITIONS[name];
    const jobId = override.jobId ?? def.jobId?.(data);
    return this.queue(def.queue).add(name, data, { ...def.options, ...(jobId ? { jobId } : {}) });
  }

  async status(queue: QueueName, id: string): Promise<JobStatus | null> {
    const job = await Job.fromId(this.queue(queue), id);
    if (!job) return null;
    return {
      id: job.id ?? id,
      name: job.name,
      state: await job.getState(),
      progress: typeof job.progress === 'number' ? job.progress : 0,
      result: job.returnvalue ?? null,
      ...(job.failedReason ? { failedReason: job.failedReason } : {}),
    };
  }

  async ping(): Promise<void> {
    await this.connection.ping();
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.connection.disconnect();
  }
}
