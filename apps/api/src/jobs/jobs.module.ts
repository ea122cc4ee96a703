import { Global, Module } from '@nestjs/common';
import { JobQueuesService as JobQueues } from '@app/domain/jobs/job-queues.service';
import { JobsController } from './jobs.controller';

@Global()
@Module({ controllers: [JobsController], providers: [JobQueues], exports: [JobQueues] })
export class JobsModule {}
