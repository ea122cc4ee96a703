import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig, dataSourceOptions } from '@app/domain';
import { ConfigModule } from '@app/domain/config/config.module';
import { JobQueuesService } from '@app/domain/jobs/job-queues.service';
import { JobRunner } from './jobs/job-runner.service';
import { PingHandler } from './system/ping.handler';
// assessment handler imports
import { AssessmentHandler } from './assessment/assessment.handler';
// training handler imports
// incident handler imports
import { IncidentSweepHandler } from './incidents/incident-sweep.handler';
// evaluation handler imports
import { EvaluationBuildHandler } from './evaluation/evaluation-build.handler';

@Module({})
export class WorkerModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        DiscoveryModule,
        TypeOrmModule.forRootAsync({ inject: [APP_CONFIG], useFactory: (c: AppConfig) => dataSourceOptions(c, { poolSize: 5 }) }),
      ],
      providers: [
        JobRunner,
        // producers for jobs that enqueue other jobs (month end → compute, year end → build)
        JobQueuesService,
        PingHandler,
        // assessment handlers
        AssessmentHandler,
        // training handlers
        // incident handlers
        IncidentSweepHandler,
        // evaluation handlers
        EvaluationBuildHandler,
      ],
    };
  }
}
