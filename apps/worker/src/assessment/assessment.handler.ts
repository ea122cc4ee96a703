import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobName, JobPayloads } from '@app/domain';
import { computeMonth, ComputeMonthResult, monthInputsFingerprint, sweepOverdue } from '@app/domain/assessment/assessment.store';
import { monthOf, todayInShanghai } from '@app/domain/calendar/shanghai';
import { JobQueuesService } from '@app/domain/jobs/job-queues.service';
import type { JobContext } from '../jobs/job-context';
import { JobHandler } from '../jobs/job-handler.decorator';

/** The month before the Shanghai month of `now`. */
export function previousMonth(now: Date): { year: number; month: number } {
  const { year, month } = monthOf(now);
  return month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
}

/**
 * Monthly assessment compute, the month-end trigger and the daily overdue sweep. Each re-reads the
 * database and is safe to run twice: a published month is never recomputed, a second sweep of a day
 * stamps nothing new.
 */
@Injectable()
export class AssessmentHandler {
  private readonly logger = new Logger(AssessmentHandler.name);
  constructor(
    private readonly db: DataSource,
    private readonly queues: JobQueuesService,
  ) {}

  @JobHandler(JobName.AssessmentComputeMonth)
  async computeMonth(data: JobPayloads[JobName.AssessmentComputeMonth]): Promise<ComputeMonthResult> {
    const result = await this.db.transaction((em) => computeMonth(em, data.year, data.month, null));
    this.logger.log(result.computed ? `assessment ${data.year}-${data.month}: ${result.workers} workers scored` : `assessment ${data.year}-${data.month}: published, left as it is`);
    return result;
  }

  /** The cron only enqueues: this names the month just ended and enqueues its compute. */
  @JobHandler(JobName.AssessmentMonthEnd)
  async monthEnd(): Promise<{ year: number; month: number; jobId: string | undefined }> {
    const { year, month } = previousMonth(new Date());
    const inputs = await monthInputsFingerprint(this.db, year, month);
    const job = await this.queues.enqueue(JobName.AssessmentComputeMonth, { year, month, inputs });
    return { year, month, jobId: job.id };
  }

  @JobHandler(JobName.AssessmentOverdueSweep)
  async overdueSweep(data: JobPayloads[JobName.AssessmentOverdueSweep], ctx: JobContext) {
    // the stamps and the run record commit together: a retried sweep finds what the first one did
    return this.db.transaction((em) => sweepOverdue(em, data.day ?? todayInShanghai(), ctx.jobId));
  }
}
