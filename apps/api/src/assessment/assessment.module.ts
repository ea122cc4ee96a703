import { Module } from '@nestjs/common';
import { MonthlyAssessmentController, HeadcountController, RankingsController } from './assessment.controller';
import { CheckItemsController } from './check-items.controller';
import { CheckItemsService } from './check-items.service';
import { HeadcountService } from './headcount.service';
import { MonthlyAssessmentService } from './monthly-assessment.service';
import { RankingsService } from './rankings.service';
import { RectificationsController, SpotChecksController } from './spot-checks.controller';
import { SpotChecksService } from './spot-checks.service';

/** Spot checks and rectifications, monthly assessment, quarterly ranking and headcount (issue 4). */
@Module({
  controllers: [CheckItemsController, SpotChecksController, RectificationsController, MonthlyAssessmentController, RankingsController, HeadcountController],
  providers: [CheckItemsService, SpotChecksService, MonthlyAssessmentService, RankingsService, HeadcountService],
})
export class AssessmentModule {}
