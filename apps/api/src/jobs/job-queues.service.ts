import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/domain';
import { JobQueues as Queues } from '@app/domain/jobs/job-queues';

/** The API's producer side of the job catalogue. */
@Injectable()
export class JobQueues extends Queues implements OnApplicationShutdown {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super(config.REDIS_URL, config.QUEUE_PREFIX);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
