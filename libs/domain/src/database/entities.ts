import { AppUser, UserSession } from '../accounts/user.entity';
import { Department } from '../organisation/department.entity';
import { OrgUnit } from '../organisation/org-unit.entity';
import { EmploymentEventRecord, GridWorker } from '../roster/grid-worker.entity';
// assessment entity imports
// training entity imports
import { TrainingAttendanceRecord, TrainingExpectedRecord, TrainingPlanItemRecord, TrainingPlanRecord, TrainingSessionRecord, TrainingSessionStreetRecord } from '../trainings/training.entity';
// incident entity imports
// evaluation entity imports
// security entity imports

/** Every entity of the platform; feature modules add theirs here. */
export const ENTITIES = [
  OrgUnit,
  Department,
  GridWorker,
  EmploymentEventRecord,
  AppUser,
  UserSession,
  // assessment entities
  // training entities
  TrainingPlanRecord, TrainingPlanItemRecord, TrainingSessionRecord, TrainingSessionStreetRecord, TrainingExpectedRecord, TrainingAttendanceRecord,
  // incident entities
  // evaluation entities
  // security entities
];
