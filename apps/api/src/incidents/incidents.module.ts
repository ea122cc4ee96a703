import { Module } from '@nestjs/common';
import { CaseClock } from './case-clock';
import { CaseReportsController } from './case-reports.controller';
import { CaseReportsService } from './case-reports.service';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';
import { CategoriesService } from './categories.service';
import { IncidentConfigurationController } from './configuration.controller';
import { SurveysController } from './surveys.controller';
import { SurveysService } from './surveys.service';
import { WorkingCalendarService } from './working-calendar.service';

/** Incidents and service items: categories, working-day calendar, cases, supervision, call-backs, surveys, figures. */
@Module({
  controllers: [CasesController, CaseReportsController, IncidentConfigurationController, SurveysController],
  providers: [CaseClock, WorkingCalendarService, CategoriesService, CasesService, CaseReportsService, SurveysService],
  exports: [CaseClock, WorkingCalendarService],
})
export class IncidentsModule {}
