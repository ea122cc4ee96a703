import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { JobName, JobPayloads, JobResults } from '@app/domain';
import { JobHandler } from '../jobs/job-handler.decorator';

@Injectable()
export class PingHandler {
  @JobHandler(JobName.SystemPing)
  async ping(data: JobPayloads[JobName.SystemPing]): Promise<JobResults[JobName.SystemPing]> {
    if (data.delayMs) await sleep(Math.min(data.delayMs, 60_000));
    return { pong: true, requestedAt: data.requestedAt, handledAt: new Date().toISOString() };
  }
}
