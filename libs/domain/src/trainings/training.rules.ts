import Decimal from 'decimal.js';
import { Dec } from '../common/decimal';
import { LocalDate, shanghaiDate } from '../calendar/shanghai';
import { DomainError, FieldProblem } from '../errors/domain-error';
import { EmploymentEvent, isActiveOn } from '../roster/employment.rules';

/**
 * Training sessions (培训) and attendance statuses. Pure rules: the service validates a session with
 * `validateTrainingSession`, resolves its expected attendees with `expectedAttendees` and stores that list
 * when the session is held (see `freezeExpectedAttendees`).
 */

export type TrainingMode = 'online' | 'offline';

export const TRAINING_MODE_LABELS: Record<TrainingMode, string> = {
  online: '线上',
  offline: '线下',
};

export type AttendanceStatus = 'present' | 'late' | 'leave' | 'absent';

export const ATTENDANCE_STATUSES: readonly AttendanceStatus[] = ['present', 'late', 'leave', 'absent'];

export const ATTENDANCE_STATUS_LABELS: Record<AttendanceStatus, string> = {
  present: '出勤',
  late: '迟到',
  leave: '请假',
  absent: '缺勤',
};

/** 出勤 and 迟到 count as attended: the numerator of the attendance rate and the sessions that give hours. */
export function countsAsAttended(status: AttendanceStatus | null | undefined): boolean {
  return status === 'present' || status === 'late';
}

// Words people type in a 状态 column of a sign-in sheet. 「已签到」「签到」「√」 mean the person was there.
const STATUS_WORDS: Array<[AttendanceStatus, string[]]> = [
  ['present', ['出勤', '已出勤', '正常', '签到', '已签到', '到', '已到', '实到', '参加', '已参加', '√', '✓', '✔', 'present', 'attended']],
  ['late', ['迟到', '晚到', 'late']],
  ['leave', ['请假', '事假', '病假', '公假', '已请假', 'leave']],
  ['absent', ['缺勤', '缺席', '未到', '未参加', '未签到', '旷课', '×', '✗', 'absent']],
];
const STATUS_BY_WORD = new Map<string, AttendanceStatus>(
  STATUS_WORDS.flatMap(([status, words]) => words.map((w) => [w.toLowerCase(), status] as [string, AttendanceStatus])),
);

/** Reads a status typed by a person (Chinese label, common synonyms, or the English code); null if unknown. */
export function parseAttendanceStatus(text: string | null | undefined): AttendanceStatus | null {
  if (text === null || text === undefined) return null;
  const key = text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  if (!key) return null;
  return STATUS_BY_WORD.get(key) ?? null;
}

/** Reads 线上/线下 or the code. */
export function parseTrainingMode(text: string | null | undefined): TrainingMode | null {
  const key = (text ?? '').normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  if (key === 'online' || key === '线上' || key === '网络' || key === '视频') return 'online';
  if (key === 'offline' || key === '线下' || key === '现场') return 'offline';
  return null;
}

/** Who is expected: every grid worker of the district, or the workers of chosen streets. */
export type TrainingAudience = { kind: 'all' } | { kind: 'streets'; streetIds: string[] };

/** 「全体网格员」 or the street names joined with 、 (in the order given). */
export function audienceLabel(audience: TrainingAudience, streetNames: ReadonlyMap<string, string>): string {
  if (audience.kind === 'all') return '全体网格员';
  return audience.streetIds.map((id) => streetNames.get(id) ?? id).join('、');
}

export interface TrainingSessionInput {
  title: string;
  /** 主办单位, e.g. 区信访局, 区委组织部, or the centre itself. */
  organiser: string;
  mode: TrainingMode;
  startsAt: Date;
  endsAt: Date;
  /** Training hours credited to each attendee (学时, in hours, up to two decimals). Never a float. */
  hours: Decimal.Value;
  place?: string | null;
  /** Meeting link (http/https) or meeting number (会议号) of an online session. */
  meetingLink?: string | null;
  audience: TrainingAudience;
  /** Counts toward 开展全科网格员培训次数 of the year's self-evaluation. */
  countsAsGeneralTraining: boolean;
}

export interface TrainingSession {
  title: string;
  organiser: string;
  mode: TrainingMode;
  startsAt: Date;
  endsAt: Date;
  hours: Decimal;
  place: string | null;
  meetingLink: string | null;
  audience: TrainingAudience;
  countsAsGeneralTraining: boolean;
}

export const TITLE_MAX = 200;
export const ORGANISER_MAX = 100;
export const PLACE_MAX = 200;
export const LINK_MAX = 500;

function cleanText(value: string | null | undefined): string {
  return (value ?? '').replace(/[\s\u3000]+/g, ' ').trim();
}

/**
 * Validates and normalises a session; throws a DomainError listing every problem (in Chinese) at once.
 * Offline sessions need a place; online ones a meeting link/number or a place (视联网 sessions are
 * followed from the streets' meeting rooms). Hours may not exceed the time between start and end.
 */
export function validateTrainingSession(input: TrainingSessionInput): TrainingSession {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });

  const title = cleanText(input.title);
  if (!title) add('title', '请填写培训主题');
  else if (title.length > TITLE_MAX) add('title', `培训主题不能超过${TITLE_MAX}个字`);

  const organiser = cleanText(input.organiser);
  if (!organiser) add('organiser', '请填写主办单位');
  else if (organiser.length > ORGANISER_MAX) add('organiser', `主办单位不能超过${ORGANISER_MAX}个字`);

  if (input.mode !== 'online' && input.mode !== 'offline') add('mode', '培训形式应为线上或线下');

  const validStart = input.startsAt instanceof Date && !Number.isNaN(input.startsAt.getTime());
  const validEnd = input.endsAt instanceof Date && !Number.isNaN(input.endsAt.getTime());
  if (!validStart) add('startsAt', '请填写有效的开始时间');
  if (!validEnd) add('endsAt', '请填写有效的结束时间');
  if (validStart && validEnd && input.endsAt.getTime() <= input.startsAt.getTime()) {
    add('endsAt', '结束时间应晚于开始时间');
  }

  let hours: Decimal | null = null;
  try {
    hours = new Dec(typeof input.hours === 'string' ? input.hours.trim() : input.hours);
  } catch {
    hours = null;
  }
  if (hours === null || !hours.isFinite()) add('hours', '学时应为数字');
  else if (hours.lte(0)) add('hours', '学时应大于0');
  else if (hours.decimalPlaces() > 2) add('hours', '学时最多保留两位小数');
  else if (validStart && validEnd && input.endsAt > input.startsAt) {
    const durationHours = new Dec(input.endsAt.getTime() - input.startsAt.getTime()).div(3_600_000);
    if (hours.gt(durationHours)) add('hours', `学时不能超过培训时长（${durationHours.toDecimalPlaces(2).toString()}小时）`);
  }

  const place = cleanText(input.place) || null;
  const meetingLink = cleanText(input.meetingLink) || null;
  if (place && place.length > PLACE_MAX) add('place', `培训地点不能超过${PLACE_MAX}个字`);
  if (meetingLink) {
    if (meetingLink.length > LINK_MAX) add('meetingLink', `会议链接不能超过${LINK_MAX}个字符`);
    else if (!isMeetingLink(meetingLink)) add('meetingLink', '会议链接应为 http(s) 网址或会议号');
  }
  if (input.mode === 'offline' && !place) add('place', '线下培训请填写培训地点');
  if (input.mode === 'online' && !place && !meetingLink) add('meetingLink', '线上培训请填写会议链接、会议号或收看地点');

  let audience: TrainingAudience = { kind: 'all' };
  if (!input.audience || (input.audience.kind !== 'all' && input.audience.kind !== 'streets')) {
    add('audience', '请选择培训对象');
  } else if (input.audience.kind === 'streets') {
    const ids = [...new Set((input.audience.streetIds ?? []).map((s) => String(s).trim()).filter(Boolean))];
    if (ids.length === 0) add('audience.streetIds', '请至少选择一个镇（街道）');
    audience = { kind: 'streets', streetIds: ids };
  }

  if (typeof input.countsAsGeneralTraining !== 'boolean') add('countsAsGeneralTraining', '请选择是否计入全科网格员培训');

  if (problems.length > 0) {
    throw DomainError.invalidRows(`培训信息有误：${problems.map((p) => p.message).join('；')}`, problems);
  }
  return {
    title,
    organiser,
    mode: input.mode,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    hours: hours!,
    place,
    meetingLink,
    audience,
    countsAsGeneralTraining: input.countsAsGeneralTraining,
  };
}

function isMeetingLink(value: string): boolean {
  if (/^https?:\/\//i.test(value)) {
    try {
      new URL(value);
      return !/\s/.test(value);
    } catch {
      return false;
    }
  }
  // 腾讯会议/钉钉 meeting numbers: 9-12 digits, often grouped with spaces or dashes
  return /^\d[\d -]{5,18}\d$/.test(value);
}

/** The Shanghai calendar day of a session: the day its expected attendees are taken from the roster. */
export function sessionDay(startsAt: Date): LocalDate {
  return shanghaiDate(startsAt);
}

/** The Shanghai calendar year a session belongs to. */
export function sessionYear(startsAt: Date): number {
  return Number(shanghaiDate(startsAt).slice(0, 4));
}

/** What the roster says about one worker; `streetId` is the worker's street as of the session day. */
export interface RosterEntry {
  workerId: string;
  streetId: string;
  employment: readonly EmploymentEvent[];
}

/**
 * The expected attendees of a session: the workers of its audience who are active (per their employment
 * history) on the session's Shanghai day, in the roster's order. A worker who leaves or is suspended on
 * that day is not expected; one hired that day is.
 *
 * Freezing: the service computes this list when the session is marked held and stores it (worker and the
 * street they belonged to then). Rates are always computed from the stored list, so a later 离职 entered
 * for someone, or a worker moving street, never rewrites a past session's rate. Before the session is
 * held the list is recomputed on every read.
 */
export function expectedAttendees<T extends RosterEntry>(
  audience: TrainingAudience,
  startsAt: Date,
  roster: readonly T[],
): T[] {
  const day = sessionDay(startsAt);
  const streets = audience.kind === 'streets' ? new Set(audience.streetIds) : null;
  const seen = new Set<string>();
  const out: T[] = [];
  for (const entry of roster) {
    if (seen.has(entry.workerId)) continue;
    if (streets && !streets.has(entry.streetId)) continue;
    if (!isActiveOn(entry.employment, day)) continue;
    seen.add(entry.workerId);
    out.push(entry);
  }
  return out;
}

/** One row of a held session's stored expected list. */
export interface FrozenAttendee {
  workerId: string;
  /** The worker's street on the session day; per-street rates use it, not the worker's current street. */
  streetId: string;
}

/** The rows the service stores when a session is held. */
export function freezeExpectedAttendees(audience: TrainingAudience, startsAt: Date, roster: readonly RosterEntry[]): FrozenAttendee[] {
  return expectedAttendees(audience, startsAt, roster).map((e) => ({ workerId: e.workerId, streetId: e.streetId }));
}

/**
 * Difference between a stored list and a recomputed one, for an explicit correction by centre staff
 * (e.g. a 离职 that was entered late): who would be added, who removed. Never applied silently.
 */
export function expectedListChanges(
  frozen: readonly FrozenAttendee[],
  recomputed: readonly FrozenAttendee[],
): { added: FrozenAttendee[]; removed: FrozenAttendee[]; streetChanged: FrozenAttendee[] } {
  const before = new Map(frozen.map((f) => [f.workerId, f]));
  const after = new Map(recomputed.map((f) => [f.workerId, f]));
  return {
    added: recomputed.filter((r) => !before.has(r.workerId)),
    removed: frozen.filter((f) => !after.has(f.workerId)),
    streetChanged: recomputed.filter((r) => before.has(r.workerId) && before.get(r.workerId)!.streetId !== r.streetId),
  };
}

/** A session's life: planned in the yearly plan, held (expected list frozen), or cancelled. */
export type SessionState = 'planned' | 'held' | 'cancelled';

export const SESSION_STATE_LABELS: Record<SessionState, string> = {
  planned: '计划中',
  held: '已举办',
  cancelled: '已取消',
};

/** A session is marked held at or after its start; only a planned one. */
export function assertCanHold(state: SessionState, startsAt: Date, now: Date): void {
  if (state === 'held') throw DomainError.conflict('该培训已标记为已举办');
  if (state === 'cancelled') throw DomainError.conflict('该培训已取消，不能标记为已举办');
  if (now.getTime() < startsAt.getTime()) throw DomainError.conflict('培训尚未开始，不能标记为已举办');
}

/** Attendance is recorded only for a held session (its expected list exists). */
export function assertCanRecordAttendance(state: SessionState): void {
  if (state === 'planned') throw DomainError.conflict('培训尚未标记为已举办，不能登记出勤');
  if (state === 'cancelled') throw DomainError.conflict('该培训已取消，不能登记出勤');
}

/**
 * Fields that decide who is expected (time and audience) cannot change once held: the change would
 * silently contradict the frozen list. Other fields (title, place, hours...) stay editable.
 */
export function assertEditable(state: SessionState, before: TrainingSession, after: TrainingSession): void {
  if (state === 'cancelled') throw DomainError.conflict('该培训已取消，不能修改');
  if (state !== 'held') return;
  const sameDay = sessionDay(before.startsAt) === sessionDay(after.startsAt);
  const sameAudience = audienceKey(before.audience) === audienceKey(after.audience);
  if (!sameDay) throw DomainError.invalid('startsAt', '培训已举办，不能改到其他日期（应到名单已按举办当日确定）');
  if (!sameAudience) throw DomainError.invalid('audience', '培训已举办，不能修改培训对象（应到名单已按举办当日确定）');
}

function audienceKey(a: TrainingAudience): string {
  return a.kind === 'all' ? 'all' : `streets:${[...a.streetIds].sort().join(',')}`;
}

/** One attendance entry set by a person, one by one or in bulk. */
export interface AttendanceEntry {
  workerId: string;
  status: AttendanceStatus;
  signInAt?: Date | null;
}

/**
 * Checks a batch of attendance entries against the session's stored expected list: every worker must
 * be expected, appear once, and have a known status. Problems are reported by the entry's position
 * (1-based) in `field`, in Chinese; throws when there is any.
 */
export function validateAttendanceEntries(expectedWorkerIds: Iterable<string>, entries: readonly AttendanceEntry[]): void {
  const expected = new Set(expectedWorkerIds);
  const seen = new Map<string, number>();
  const problems: FieldProblem[] = [];
  entries.forEach((e, i) => {
    const n = i + 1;
    if (!expected.has(e.workerId)) problems.push({ field: `entries[${n}].workerId`, message: `第${n}条：该网格员不在本次培训的应到名单中` });
    if (!ATTENDANCE_STATUSES.includes(e.status)) problems.push({ field: `entries[${n}].status`, message: `第${n}条：出勤状态应为出勤、迟到、请假或缺勤` });
    if (e.signInAt && Number.isNaN(e.signInAt.getTime())) problems.push({ field: `entries[${n}].signInAt`, message: `第${n}条：签到时间无效` });
    const prev = seen.get(e.workerId);
    if (prev !== undefined) problems.push({ field: `entries[${n}].workerId`, message: `第${n}条：与第${prev}条为同一网格员` });
    else seen.set(e.workerId, n);
  });
  if (problems.length) throw DomainError.invalidRows('出勤登记有误', problems);
}

/**
 * The statuses after an import: imported rows win; an expected worker not on the sheet keeps a 请假
 * recorded beforehand (leave is asked for in advance), and is otherwise 缺勤.
 */
export function mergeImportedAttendance(
  expectedWorkerIds: readonly string[],
  existing: ReadonlyMap<string, AttendanceStatus>,
  imported: readonly AttendanceEntry[],
): AttendanceEntry[] {
  const byWorker = new Map(imported.map((e) => [e.workerId, e]));
  return expectedWorkerIds.map((workerId) => {
    const got = byWorker.get(workerId);
    if (got) return { workerId, status: got.status, signInAt: got.signInAt ?? null };
    return { workerId, status: existing.get(workerId) === 'leave' ? 'leave' : 'absent', signInAt: null };
  });
}
