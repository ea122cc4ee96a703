import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { Job, Queue, Worker } from 'bullmq';
import { APP_CONFIG, AppConfig, JOB_DEFINITIONS, JobName, QueueName, SCHEDULES } from '@app/domain';
import { BUSINESS_TIME_ZONE } from '@app/domain/calendar/shanghai';
import { contextOf, JobContext } from './job-context';
import { JOB_HANDLER } from './job-handler.decorator';

type Handler = (data: unknown, ctx: JobContext) => Promise<unknown>;

/**
 * Finds the @JobHandler methods, refuses to start if a job of the catalogue has none or two, consumes every
 * queue, and registers the schedules. On SIGTERM `worker.close()` lets the job in hand finish; a job cut
 * off harder than that is found stalled by BullMQ and handed to another worker, so none is lost.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobRunner.name);
  private readonly handlers = new Map<JobName, Handler>();
  private readonly workers: Worker[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): Promise<void> {
    this.collectHandlers();
    return this.start();
  }

  private collectHandlers(): void {
    const found = new Map<JobName, string[]>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const proto = Object.getPrototypeOf(instance);
      for (const method of this.scanner.getAllMethodNames(proto)) {
        const name = Reflect.getMetadata(JOB_HANDLER, proto[method]) as JobName | undefined;
        if (!name) continue;
        found.set(name, [...(found.get(name) ?? []), `${proto.constructor.name}.${method}`]);
        this.handlers.set(name, (instance[method] as Handler).bind(instance));
      }
    }
    const problems: string[] = [];
    for (const name of Object.values(JobName)) {
      const where = found.get(name) ?? [];
      if (where.length === 0) problems.push(`job ${name} has no handler`);
      if (where.length > 1) problems.push(`job ${name} has ${where.length} handlers: ${where.join(', ')}`);
    }
    if (problems.length) throw new Error(`worker refuses to start: ${problems.join('; ')}`);
  }

  private async start(): Promise<void> {
    const queues = new Set(Object.values(JOB_DEFINITIONS).map((d) => d.queue));
    for (const queue of queues) {
      const worker = new Worker(queue, (job) => this.run(job), {
        connection: { url: this.config.REDIS_URL, maxRetriesPerRequest: null },
        prefix: this.config.QUEUE_PREFIX,
        concurrency: queue === QueueName.Reports ? 1 : 4,
        autorun: true,
      });
      worker.on('failed', (job, err) => this.logger.warn(`${job?.name} ${job?.id} failed: ${err.message}`));
      worker.on('error', (err) => this.logger.error(`queue ${queue}: ${err.message}`));
      this.workers.push(worker);
    }
    await Promise.all(this.workers.map((w) => w.waitUntilReady()));
    await this.registerSchedules();
    this.logger.log(`consuming ${[...queues].join(', ')} (prefix ${this.config.QUEUE_PREFIX})`);
  }

  /** BullMQ job schedulers live in Redis under a fixed id: two workers upserting the same one make one. */
  private async registerSchedules(): Promise<void> {
    for (const s of SCHEDULES) {
      const queue = new Queue(JOB_DEFINITIONS[s.job].queue, {
        connection: { url: this.config.REDIS_URL, maxRetriesPerRequest: null },
        prefix: this.config.QUEUE_PREFIX,
      });
      try {
        await queue.upsertJobScheduler(s.id, { pattern: s.pattern, tz: BUSINESS_TIME_ZONE }, { name: s.job, data: s.data(), opts: JOB_DEFINITIONS[s.job].options });
      } finally {
        await queue.close();
      }
    }
  }

  private async run(job: Job): Promise<unknown> {
    const handler = this.handlers.get(job.name as JobName);
    if (!handler) throw new Error(`no handler for ${job.name}`);
    return handler(job.data, contextOf(job));
  }

  /** Before anything else shuts down, so a job in hand can still use the database and enqueue its follow-up. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    this.logger.log('stopped: jobs in hand finished');
  }
}
