import type { Job } from 'bullmq';

/** What a handler may do with the job in hand besides reading its payload. */
export interface JobContext {
  jobId: string;
  attempt: number;
  progress(percent: number): Promise<void>;
}

export function contextOf(job: Job): JobContext {
  return {
    jobId: job.id ?? '',
    attempt: job.attemptsMade + 1,
    progress: (percent) => job.updateProgress(Math.max(0, Math.min(100, Math.round(percent)))),
  };
}
