import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/env.schema';
import { JobQueues } from './job-queues';

/** The producer side of the job catalogue as a Nest provider, for the API and for worker jobs that enqueue. */
@Injectable()
export class JobQueuesService extends JobQueues implements OnApplicationShutdown {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super(config.REDIS_URL, config.QUEUE_PREFIX);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
