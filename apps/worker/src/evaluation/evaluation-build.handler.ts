import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig, DomainError, JobName, JobPayloads, todayInShanghai } from '@app/domain';
import { JobQueuesService } from '@app/domain/jobs/job-queues.service';
import { requestEvaluationBuild, runEvaluationBuild } from '@app/reporting/evaluation/evaluation-builds';
import { loadYearState } from '@app/reporting/evaluation/evaluation.store';
import { JobContext } from '../jobs/job-context';
import { JobHandler } from '../jobs/job-handler.decorator';

/**
 * The self-evaluation's jobs. `evaluation.build` runs one requested build (re-reads everything, computes the
 * snapshot, renders and stores the workbook; a build that already succeeded is left as it is, so a second
 * delivery is harmless). `evaluation.year-end`, enqueued by the 02:00 1 January schedule, asks for the draft
 * build of the year just ended the way the API does (built once per inputs) and enqueues it.
 */
@Injectable()
export class EvaluationBuildHandler {
  private readonly logger = new Logger('EvaluationBuild');
  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queues: JobQueuesService,
  ) {}

  @JobHandler(JobName.EvaluationBuild)
  async build(data: JobPayloads[JobName.EvaluationBuild], ctx: JobContext) {
    try {
      const { build, timings } = await runEvaluationBuild(this.db, this.config.FILES_DIR, data.buildId, (p) => ctx.progress(p));
      if (timings) {
        const ms = (n: number) => Math.round(n);
        this.logger.log(
          `build ${build.id} (${build.year}) ${build.status}: gather ${ms(timings.gatherMs)} ms, compute ${ms(timings.computeMs)} ms, workbook ${ms(timings.renderMs)} ms, store ${ms(timings.storeMs)} ms`,
        );
      }
      return { buildId: build.id, year: build.year, status: build.status };
    } catch (e) {
      // invalid inputs or a build that does not exist will not get better on a retry
      if (e instanceof DomainError) throw new UnrecoverableError(e.message);
      throw e;
    }
  }

  @JobHandler(JobName.EvaluationYearEnd)
  async yearEnd(data: JobPayloads[JobName.EvaluationYearEnd]) {
    const year = data.year ?? Number(todayInShanghai().slice(0, 4)) - 1;
    const state = await loadYearState(this.db, year);
    if (state.status === 'final') {
      this.logger.log(`year-end build of ${year} skipped: the evaluation is final`);
      return { year, skipped: 'final' };
    }
    const { build, created } = await requestEvaluationBuild(this.db, year, 'schedule', null);
    if (build.status === 'queued') await this.queues.enqueue(JobName.EvaluationBuild, { buildId: build.id });
    this.logger.log(`year-end build of ${year}: ${created ? 'requested' : 'already there'} ${build.id}`);
    return { year, buildId: build.id, created };
  }
}
