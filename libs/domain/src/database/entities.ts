import { AppUser, UserSession } from '../accounts/user.entity';
import { Department } from '../organisation/department.entity';
import { OrgUnit } from '../organisation/org-unit.entity';
import { EmploymentEventRecord, GridWorker } from '../roster/grid-worker.entity';
// assessment entity imports
import { CheckItemRecord } from '../assessment/check-item.entity';
import { RectificationRecord, RectificationStepRecord, RectificationSweepRun, SpotCheckItemRecord, SpotCheckRecord } from '../assessment/spot-check.entity';
import { AssessmentMonthRecord, MonthlyAssessmentRecord, ScoreAdjustmentRecord, ScoringSchemeRecord } from '../assessment/monthly-assessment.entity';
import { QuarterRankingRecord, QuarterRankingStreetRecord, QuarterRankingWorkerRecord } from '../assessment/quarter-ranking.entity';
import { BonusStandardRecord, HeadcountConfirmationRecord, HeadcountConfirmedRowRecord, HeadcountCorrectionRecord } from '../assessment/headcount.entity';
// training entity imports
import { TrainingAttendanceRecord, TrainingExpectedRecord, TrainingPlanItemRecord, TrainingPlanRecord, TrainingSessionRecord, TrainingSessionStreetRecord } from '../trainings/training.entity';
// incident entity imports
import { CaseCallback, CaseExtension, CaseHistoryEntry, CaseSupervision, IncidentCase } from '../incidents/incident-case.entity';
import { CaseCategory } from '../incidents/case-category.entity';
import { MaintenanceTicket, SatisfactionAnswer, SatisfactionSurvey } from '../incidents/maintenance.entity';
import { WorkingDayEntry, WorkingDayYear } from '../working-days/working-day.entity';
// evaluation entity imports
import { EVALUATION_ENTITIES } from '../evaluation/evaluation.entity';
// security entity imports
import { AuditEntry } from '../audit/audit-entry.entity';

/** Every entity of the platform; feature modules add theirs here. */
export const ENTITIES = [
  OrgUnit,
  Department,
  GridWorker,
  EmploymentEventRecord,
  AppUser,
  UserSession,
  // assessment entities
  CheckItemRecord, SpotCheckRecord, SpotCheckItemRecord, RectificationRecord, RectificationStepRecord, RectificationSweepRun,
  ScoringSchemeRecord, AssessmentMonthRecord, MonthlyAssessmentRecord, ScoreAdjustmentRecord,
  QuarterRankingRecord, QuarterRankingWorkerRecord, QuarterRankingStreetRecord,
  BonusStandardRecord, HeadcountConfirmationRecord, HeadcountConfirmedRowRecord, HeadcountCorrectionRecord,
  // training entities
  TrainingPlanRecord, TrainingPlanItemRecord, TrainingSessionRecord, TrainingSessionStreetRecord, TrainingExpectedRecord, TrainingAttendanceRecord,
  // incident entities
  WorkingDayYear, WorkingDayEntry, CaseCategory, IncidentCase, CaseHistoryEntry, CaseSupervision, CaseExtension, CaseCallback, SatisfactionSurvey, SatisfactionAnswer, MaintenanceTicket,
  // evaluation entities
  ...EVALUATION_ENTITIES,
  // security entities
  AuditEntry,
];
