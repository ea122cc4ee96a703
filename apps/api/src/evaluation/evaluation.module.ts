import { Module } from '@nestjs/common';
import { EvaluationBuildsController, EvaluationsController } from './evaluations.controller';
import { EvaluationsService } from './evaluations.service';

@Module({ controllers: [EvaluationBuildsController, EvaluationsController], providers: [EvaluationsService] })
export class EvaluationModule {}
