export type AttendanceStatus = 'present' | 'late' | 'leave' | 'absent';

export const ATTENDANCE_STATUSES: Array<{ value: AttendanceStatus; label: string; type: 'success' | 'warning' | 'info' | 'danger' }> = [
  { value: 'present', label: '出勤', type: 'success' },
  { value: 'late', label: '迟到', type: 'warning' },
  { value: 'leave', label: '请假', type: 'info' },
  { value: 'absent', label: '缺勤', type: 'danger' },
];

export interface Tally {
  expected: number;
  present: number;
  late: number;
  leave: number;
  absent: number;
  unrecorded: number;
  attended: number;
  rate: string | null;
  rateText: string | null;
}

export interface TrainingSession {
  id: number;
  title: string;
  organiser: string;
  mode: 'online' | 'offline';
  modeName: string;
  startsAt: string;
  endsAt: string;
  day: string;
  hours: string;
  place: string | null;
  meetingLink: string | null;
  audience: { kind: 'all' | 'streets'; streetIds: number[]; label: string };
  countsAsGeneralTraining: boolean;
  state: 'planned' | 'held' | 'cancelled';
  stateName: string;
  planItemId: number | null;
  cancelReason: string | null;
  expectedCount: number | null;
  tally: Tally | null;
}

export interface TrainingYearFigures {
  year: number;
  sessionsHeld: number;
  generalTrainingSessions: number;
  tally: Tally;
  totalHours: string;
  targets: { sessions: number; rate: string } | null;
  sessions: TrainingSession[];
}

export interface AttendanceItem {
  workerId: number;
  code: string;
  name: string;
  phone: string;
  street: { id: number; name: string };
  status: AttendanceStatus | null;
  statusName: string;
  signInAt: string | null;
  source: string | null;
  sourceName: string | null;
  recordedAt: string | null;
}

export interface Candidate {
  workerId: number;
  name: string;
  maskedPhone: string;
  workerCode: string | null;
  streetName: string | null;
  reason: string;
}

export interface ImportPreview {
  ok: boolean;
  what: string;
  matched: Array<{ row: number; workerId: number; code: string; name: string; maskedPhone: string; streetName: string; status: AttendanceStatus; statusName: string; signInAt: string | null; presentMinutes?: number; share?: string }>;
  problems: Array<{ row: number; kind: string; field: string; message: string; candidates: Candidate[] }>;
  warnings: Array<{ row: number; message: string }>;
  ignoredRows: number[];
  unlisted: Array<{ workerId: number; name: string; streetName: string; maskedPhone: string; status: AttendanceStatus; statusName: string }>;
  projected: Tally | null;
}
