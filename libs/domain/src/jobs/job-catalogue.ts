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
  /** Computes one month's assessment (draft months only; a published month is left as it is). */
  AssessmentComputeMonth = 'assessment.compute-month',
  /** 01:00 on the 1st (Asia/Shanghai): enqueues the compute of the month just ended. */
  AssessmentMonthEnd = 'assessment.month-end',
  /** Daily: records rectifications that have passed their deadline. */
  AssessmentOverdueSweep = 'assessment.overdue-sweep',
  // training jobs
  // incident jobs
  /** The overdue sweep: marks overdue cases and opens a 督办 per breached limit, once. */
  IncidentSweep = 'incident.sweep',
  // evaluation jobs
  /** Builds one requested self-evaluation workbook (an evaluation_build row). */
  EvaluationBuild = 'evaluation.build',
  /** 1 January 02:00: requests the draft build of the year just ended. */
  EvaluationYearEnd = 'evaluation.year-end',
}

export interface JobPayloads {
  [JobName.SystemPing]: { requestedAt: string; delayMs?: number };
  // assessment payloads
  [JobName.AssessmentComputeMonth]: { year: number; month: number; /** fingerprint of the inputs, makes the job id */ inputs: string };
  [JobName.AssessmentMonthEnd]: Record<string, never>;
  [JobName.AssessmentOverdueSweep]: { day?: string };
  // training payloads
  // incident payloads
  /** `at`: ISO instant to judge overdue at (default: when the job runs); also gives the manual sweep its jobId. */
  [JobName.IncidentSweep]: { at?: string };
  // evaluation payloads
  [JobName.EvaluationBuild]: { buildId: string };
  [JobName.EvaluationYearEnd]: { year?: number };
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
  [JobName.AssessmentComputeMonth]: { queue: QueueName.Reports, options: { attempts: 3, backoff: { type: 'exponential', delay: 10_000 }, ...KEEP }, jobId: (d) => `assessment-month-${d.year}-${String(d.month).padStart(2, '0')}-${d.inputs}` },
  [JobName.AssessmentMonthEnd]: { queue: QueueName.System, options: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, ...KEEP } },
  [JobName.AssessmentOverdueSweep]: { queue: QueueName.System, options: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, ...KEEP } },
  // training definitions
  // incident definitions
  [JobName.IncidentSweep]: { queue: QueueName.System, options: { attempts: 3, backoff: { type: 'exponential', delay: 5000 }, ...KEEP }, jobId: (d) => `incident-sweep-${d.at ? Date.parse(d.at) : Math.floor(Date.now() / 60_000) * 60_000}` },
  // evaluation definitions
  [JobName.EvaluationBuild]: { queue: QueueName.Reports, options: { attempts: 2, backoff: { type: 'fixed', delay: 5000 }, ...KEEP }, jobId: (d) => `evaluation-build-${d.buildId}` },
  [JobName.EvaluationYearEnd]: { queue: QueueName.Reports, options: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, ...KEEP } },
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
  { id: 'assessment-month-end', job: JobName.AssessmentMonthEnd, pattern: '0 1 1 * *', data: () => ({}) },
  { id: 'assessment-overdue-sweep', job: JobName.AssessmentOverdueSweep, pattern: '10 0 * * *', data: () => ({}) },
  // incident schedules
  { id: 'incident-sweep', job: JobName.IncidentSweep, pattern: '*/15 * * * *', data: () => ({}) },
  // evaluation schedules
  { id: 'evaluation-year-end', job: JobName.EvaluationYearEnd, pattern: '0 2 1 1 *', data: () => ({}) },
];
