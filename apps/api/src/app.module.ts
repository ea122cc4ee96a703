import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig, dataSourceOptions } from '@app/domain';
import { AuthModule } from './auth/auth.module';
import { ConfigModule } from '@app/domain/config/config.module';
import { HealthController } from './health/health.controller';
import { MetaController } from './meta/meta.controller';
import { JobsModule } from './jobs/jobs.module';
import { OrganisationModule } from './organisation/organisation.module';
import { RosterModule } from './roster/roster.module';
// assessment module import
import { AssessmentModule } from './assessment/assessment.module';
// training module import
import { TrainingsModule } from './trainings/trainings.module';
// incident module import
import { IncidentsModule } from './incidents/incidents.module';
import { MaintenanceModule } from './maintenance/maintenance.module';
// evaluation module import
import { EvaluationModule } from './evaluation/evaluation.module';
// security module import
import { AuditModule } from './audit/audit.module';
import { UsersModule } from './users/users.module';

@Module({})
export class AppModule {
  /** The config is passed in, not read from the environment here, so tests can point it elsewhere. */
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRootAsync({ inject: [APP_CONFIG], useFactory: (c: AppConfig) => dataSourceOptions(c) }),
        JobsModule,
        AuthModule,
        OrganisationModule,
        RosterModule,
        // assessment module
        AssessmentModule,
        // training module
        TrainingsModule,
        // incident module
        IncidentsModule, MaintenanceModule,
        // evaluation module
        EvaluationModule,
        // security module
        AuditModule,
        UsersModule,
      ],
      controllers: [HealthController, MetaController],
    };
  }
}
