import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobName, JobPayloads } from '@app/domain';
import { sweepOverdueCases, SweepResult } from '@app/domain/incidents/incident.store';
import { JobHandler } from '../jobs/job-handler.decorator';

/**
 * Every 15 minutes (SCHEDULES: the cron only enqueues): marks overdue cases and opens one 督办 per breached
 * limit. Re-reads the state each time and relies on the unique (case, limit) key, so running twice, or two
 * workers at once, opens nothing twice.
 */
@Injectable()
export class IncidentSweepHandler {
  private readonly logger = new Logger(IncidentSweepHandler.name);

  constructor(private readonly db: DataSource) {}

  @JobHandler(JobName.IncidentSweep)
  async sweep(data: JobPayloads[JobName.IncidentSweep]): Promise<SweepResult & { at: string }> {
    const at = data.at ? new Date(data.at) : new Date();
    if (Number.isNaN(at.getTime())) throw new Error('incident sweep: invalid instant');
    const result = await sweepOverdueCases(this.db, at);
    if (result.opened || result.marked) this.logger.log(`overdue ${result.overdue}, newly marked ${result.marked}, supervision notices opened ${result.opened}`);
    return { ...result, at: at.toISOString() };
  }
}
