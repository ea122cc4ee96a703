import { Module } from '@nestjs/common';
import { TrainingAttendanceService } from './training-attendance.service';
import { TrainingFiguresService } from './training-figures.service';
import { TrainingPlansService } from './training-plans.service';
import { TrainingSessionsService } from './training-sessions.service';
import { TrainingFiguresController, TrainingPlansController, TrainingSessionsController } from './trainings.controller';

@Module({
  controllers: [TrainingPlansController, TrainingSessionsController, TrainingFiguresController],
  providers: [TrainingPlansService, TrainingSessionsService, TrainingAttendanceService, TrainingFiguresService],
  exports: [TrainingSessionsService, TrainingFiguresService],
})
export class TrainingsModule {}
