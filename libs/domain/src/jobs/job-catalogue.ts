import type { JobsOptions } from 'bullmq';

/**
 * The one catalogue of background jobs: each job's name, its queue, its payload type and its options.
 * Payloads carry ids only — never names, phone or ID numbers, which would sit in Redis in clear.
 */
export enum QueueName {
  System = 'system',
  Reports = 'reports',
}

export enum JobName {
  /** Round-trip check of the queue: the worker answers with the time it saw the job. */
  SystemPing = 'system.ping',
  // assessment jobs
  // training jobs
  // incident jobs
  // evaluation jobs
}

export interface JobPayloads {
  [JobName.SystemPing]: { requestedAt: string; delayMs?: number };
  // assessment payloads
  // training payloads
  // incident payloads
  // evaluation payloads
}

export interface JobResults {
  [JobName.SystemPing]: { pong: true; requestedAt: string; handledAt: string };
}

export interface JobDefinition<N extends JobName> {
  queue: QueueName;
  options: JobsOptions;
  /** A deterministic id makes a second enqueue of the same work a no-op while the first is kept. */
  jobId?: (data: JobPayloads[N]) => string;
}

export const KEEP = { removeOnComplete: { age: 7 * 24 * 3600, count: 1000 }, removeOnFail: { age: 30 * 24 * 3600 } };

export const JOB_DEFINITIONS: { [N in JobName]: JobDefinition<N> } = {
  [JobName.SystemPing]: { queue: QueueName.System, options: { attempts: 1, ...KEEP } },
  // assessment definitions
  // training definitions
  // incident definitions
  // evaluation definitions
};

/** A recurring job: the worker registers it as a BullMQ job scheduler, so several workers schedule it once. */
export interface ScheduleDefinition {
  id: string;
  job: JobName;
  /** cron pattern, evaluated in Asia/Shanghai */
  pattern: string;
  data: () => JobPayloads[JobName];
}

export const SCHEDULES: ScheduleDefinition[] = [
  // assessment schedules
  // incident schedules
  // evaluation schedules
];
