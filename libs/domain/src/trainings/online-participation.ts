import Decimal from 'decimal.js';
import { Dec } from '../common/decimal';
import { isLocalDate, LocalDate, shanghaiInstant } from '../calendar/shanghai';
import { AttendanceEntry, AttendanceStatus } from './training.rules';
import {
  ExpectedWorker,
  indexExpected,
  matchRow,
  normaliseName,
  RowResolution,
  SignInProblem,
  SignInWarning,
} from './sign-in-matching';

/**
 * Attendance of an online session from the meeting software's participant export (腾讯会议, 钉钉, 视联网…).
 *
 * A person appears once per join; their intervals are clipped to the session window and merged where they
 * overlap (two devices, a reconnect), so time is never counted twice. Rule:
 * - present for at least `minShare` of the session → attended: 迟到 if the first join is later than the start
 *   plus `lateGraceMinutes`, otherwise 出勤;
 * - otherwise 缺勤 (请假 is never inferred: it is asked for beforehand and kept, see mergeImportedAttendance).
 *
 * Default share 0.8: a worker may miss about a fifth of the session (a resident's call, a dropped
 * connection not rejoined at once; on a 2-hour session, 24 minutes) and still count, while leaving at
 * half time does not. It matches the 80% 参会时长 threshold common in Chinese online-training attendance
 * rules, and stays a parameter so the centre can set its own. Default grace 10 minutes: joining an online
 * meeting (install, waiting room, admission by the host) takes a few minutes that are not lateness.
 */
export interface OnlineRule {
  /** Share of the session's duration a worker must be present, 0 < share <= 1. */
  minShare: Decimal.Value;
  /** Minutes after the start a first join still counts as on time. */
  lateGraceMinutes: number;
}

export const DEFAULT_ONLINE_RULE: Readonly<OnlineRule> = { minShare: '0.8', lateGraceMinutes: 10 };

/** One line of the export. */
export interface ParticipantRecord {
  /** Row number in the file, as the user sees it. */
  row: number;
  /** Display name as exported (may carry a street, a phone, a device name). */
  displayName: string;
  joinAt: Date;
  /** Null when the export has none: the person is taken as present until the session's end. */
  leaveAt: Date | null;
  phone?: string | null;
  /** 主持人 / 参会者…, when the export says. */
  role?: string | null;
}

export interface Interval {
  from: Date;
  to: Date;
}

export interface SessionWindow {
  startsAt: Date;
  endsAt: Date;
}

/** Merges overlapping or touching intervals; drops empty ones. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.to.getTime() > i.from.getTime()).sort((a, b) => a.from.getTime() - b.from.getTime());
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.from.getTime() <= last.to.getTime()) {
      if (i.to.getTime() > last.to.getTime()) last.to = i.to;
    } else out.push({ from: i.from, to: i.to });
  }
  return out;
}

/** Intervals clipped to the window, then merged. */
export function clipToWindow(intervals: readonly Interval[], window: SessionWindow): Interval[] {
  const s = window.startsAt.getTime();
  const e = window.endsAt.getTime();
  return mergeIntervals(
    intervals.map((i) => ({ from: new Date(Math.max(i.from.getTime(), s)), to: new Date(Math.min(i.to.getTime(), e)) })),
  );
}

export interface OnlinePresence {
  status: AttendanceStatus;
  /** Earliest join, unclipped (an early join is on time). */
  firstJoinAt: Date | null;
  presentSeconds: number;
  /** Present time / session duration, full precision. */
  share: Decimal;
}

function checkRule(rule: OnlineRule): Decimal {
  const share = new Dec(rule.minShare);
  if (!share.isFinite() || share.lte(0) || share.gt(1)) throw new RangeError('minShare must be in (0, 1]');
  if (!(rule.lateGraceMinutes >= 0)) throw new RangeError('lateGraceMinutes must be >= 0');
  return share;
}

/** The status of one person from their join/leave intervals. */
export function onlinePresence(intervals: readonly Interval[], window: SessionWindow, rule: OnlineRule = DEFAULT_ONLINE_RULE): OnlinePresence {
  const minShare = checkRule(rule);
  const duration = window.endsAt.getTime() - window.startsAt.getTime();
  if (!(duration > 0)) throw new RangeError('the session window must end after it starts');
  const clipped = clipToWindow(intervals, window);
  const presentMs = clipped.reduce((a, i) => a + (i.to.getTime() - i.from.getTime()), 0);
  const share = new Dec(presentMs).div(duration);
  const joins = intervals.filter((i) => i.to.getTime() > i.from.getTime()).map((i) => i.from.getTime());
  const firstJoinAt = joins.length ? new Date(Math.min(...joins)) : null;
  let status: AttendanceStatus = 'absent';
  if (share.gte(minShare) && firstJoinAt) {
    status = firstJoinAt.getTime() > window.startsAt.getTime() + rule.lateGraceMinutes * 60_000 ? 'late' : 'present';
  }
  return { status, firstJoinAt, presentSeconds: Math.floor(presentMs / 1000), share };
}

// ---------------------------------------------------------------------------------------------------------
// display names

const MOBILE_RE = /(?<!\d)1[3-9]\d{9}(?!\d)/;
// parts of a display name that are not a person's name: a place, a unit, a role, a device
const NOT_A_NAME_RE = /(省|市|区|县|镇|乡|街道|街|社区|村|组|网格|网格员|网格长|中心|办|局|委|站|所|队|专职|兼职|主持人|联席主持人|嘉宾|手机|iPhone|iPad|Android|华为|HUAWEI|小米|OPPO|vivo|荣耀|的电脑|PC)$/i;
const DEVICE_SUFFIX_RE = /的\s*(iPhone|iPad|手机|电脑|笔记本|平板|Android|安卓|华为|HUAWEI|Mate|小米|Redmi|OPPO|vivo|荣耀|MacBook|Mac|PC)[\w\s-]*/i;
const HAN_NAME_RE = /^[\u3400-\u9fff·]{2,8}$/u;

const PLACE_RE = /(镇|乡|街道|街|社区|村|网格)$/;

/**
 * The person's name (and phone, street, if any) in a meeting display name: 「龙泉街道-张三」,
 * 「张三（白关镇）」, 「张三 13807330001」, 「建设街道何家坳社区_李四」, 「李四的iPhone」. Falls back to the
 * whole name without the phone. The place parts, joined, may tell namesakes apart.
 */
export function cleanDisplayName(displayName: string): { name: string; phone: string | null; streetText: string | null } {
  let text = displayName.normalize('NFKC').trim();
  const mobile = MOBILE_RE.exec(text);
  const phone = mobile ? mobile[0] : null;
  if (mobile) text = text.replace(mobile[0], ' ');
  // 「张三的iPhone」: the meeting app's default name is the device's
  text = text.replace(DEVICE_SUFFIX_RE, ' ');
  const parts = text
    .split(/[-_—–/|\\,，、:：;；\s()（）【】[\]<>《》]+/)
    .map((p) => p.trim())
    .filter((p) => p && !/^\d+$/.test(p));
  const names = parts.filter((p) => !NOT_A_NAME_RE.test(p));
  const han = names.filter((p) => HAN_NAME_RE.test(p));
  const name = names.length === 1 ? names[0] : han.length === 1 ? han[0] : text.replace(/\s+/g, ' ').trim();
  const places = parts.filter((p) => PLACE_RE.test(p));
  return { name, phone, streetText: places.length ? places.join('') : null };
}

// ---------------------------------------------------------------------------------------------------------
// the whole export

/** The records of one display name. */
export interface Participant {
  /** First row of the display name: the row problems and resolutions refer to. */
  row: number;
  rows: number[];
  displayName: string;
  name: string;
  phone: string | null;
  streetText: string | null;
  isHost: boolean;
  intervals: Interval[];
}

/** Groups records by display name (compared without spaces or width differences), in order of first row. */
export function groupParticipants(records: readonly ParticipantRecord[], window: SessionWindow): Participant[] {
  const byKey = new Map<string, Participant>();
  for (const rec of [...records].sort((a, b) => a.row - b.row)) {
    const key = normaliseName(rec.displayName);
    let p = byKey.get(key);
    if (!p) {
      const cleaned = cleanDisplayName(rec.displayName);
      p = {
        row: rec.row,
        rows: [],
        displayName: rec.displayName.trim(),
        name: cleaned.name,
        phone: rec.phone?.trim() || cleaned.phone,
        streetText: cleaned.streetText,
        isHost: false,
        intervals: [],
      };
      byKey.set(key, p);
    }
    p.rows.push(rec.row);
    if (rec.role && /主持人|host/i.test(rec.role)) p.isHost = true;
    p.intervals.push({ from: rec.joinAt, to: rec.leaveAt ?? new Date(Math.max(window.endsAt.getTime(), rec.joinAt.getTime())) });
  }
  return [...byKey.values()];
}

export interface OnlineAttendanceDetail extends OnlinePresence {
  workerId: string;
  /** Every row of the export that counted for this worker. */
  rows: number[];
}

export type OnlineAssessment =
  | {
      ok: true;
      /** signInAt is the first join. */
      attendance: AttendanceEntry[];
      details: OnlineAttendanceDetail[];
      warnings: SignInWarning[];
      /** Rows of participants ignored by the user, or hosts that are not expected workers. */
      ignoredRows: number[];
      unlistedWorkerIds: string[];
    }
  | { ok: false; problems: SignInProblem[]; matchedRows: number };

/**
 * Matches the participants to the expected workers (same order and rules as a sign-in sheet, see
 * sign-in-matching) and decides each matched worker's status. Two display names that match one worker
 * (a phone and a computer) are merged, with a warning. A host that matches nobody is not a problem (the
 * centre's staff or the lecturer); any other unmatched participant must be resolved or ignored.
 * A resolution may name any row of the participant.
 */
export function assessOnlineAttendance(
  records: readonly ParticipantRecord[],
  expected: readonly ExpectedWorker[],
  window: SessionWindow,
  options: { rule?: OnlineRule; resolutions?: readonly RowResolution[] } = {},
): OnlineAssessment {
  const rule = options.rule ?? DEFAULT_ONLINE_RULE;
  checkRule(rule);
  const index = indexExpected(expected);
  const participants = groupParticipants(records, window);
  const resolutionByRow = new Map<number, RowResolution>();
  for (const r of options.resolutions ?? []) resolutionByRow.set(r.row, r);

  const problems: SignInProblem[] = [];
  const warnings: SignInWarning[] = [];
  const ignoredRows: number[] = [];
  const byWorker = new Map<string, Participant[]>();

  const allRows = new Set(participants.flatMap((p) => p.rows));
  for (const r of resolutionByRow.values()) {
    if (!allRows.has(r.row)) {
      problems.push({ row: r.row, kind: 'invalid', field: `第${r.row}行`, message: '导入文件中没有这一行，请重新核对处理意见', candidates: [] });
    }
  }

  for (const p of participants) {
    const resolution = p.rows.map((row) => resolutionByRow.get(row)).find(Boolean);
    const m = matchRow({ row: p.row, name: p.name, phone: p.phone, streetText: p.streetText }, index, resolution ? { ...resolution, row: p.row } : undefined);
    if (m.kind === 'ignored' || (m.kind === 'problem' && m.problem.kind === 'unmatched' && p.isHost && !resolution)) {
      ignoredRows.push(...p.rows);
      continue;
    }
    if (m.kind === 'problem') {
      const others = p.rows.length > 1 ? `（同一昵称还出现在第${p.rows.slice(1).join('、')}行）` : '';
      problems.push({ ...m.problem, message: `参会昵称「${p.displayName}」：${m.problem.message}${others}` });
      continue;
    }
    if (m.warning) warnings.push({ row: p.row, message: m.warning });
    const list = byWorker.get(m.workerId) ?? [];
    list.push(p);
    byWorker.set(m.workerId, list);
  }

  if (problems.length) {
    problems.sort((a, b) => a.row - b.row);
    return { ok: false, problems, matchedRows: [...byWorker.values()].reduce((a, l) => a + l.length, 0) };
  }

  const details: OnlineAttendanceDetail[] = [];
  for (const [workerId, list] of byWorker) {
    if (list.length > 1) {
      const w = index.workers.get(workerId)!;
      warnings.push({
        row: list[1].row,
        message: `昵称「${list.map((p) => p.displayName).join('」「')}」均对应网格员「${w.name}」，已合并计算参会时长`,
      });
    }
    const presence = onlinePresence(
      list.flatMap((p) => p.intervals),
      window,
      rule,
    );
    details.push({ workerId, rows: list.flatMap((p) => p.rows).sort((a, b) => a - b), ...presence });
  }
  details.sort((a, b) => a.rows[0] - b.rows[0]);
  warnings.sort((a, b) => a.row - b.row);
  return {
    ok: true,
    attendance: details.map((d) => ({ workerId: d.workerId, status: d.status, signInAt: d.firstJoinAt })),
    details,
    warnings,
    ignoredRows: ignoredRows.sort((a, b) => a - b),
    unlistedWorkerIds: [...index.workers.keys()].filter((id) => !byWorker.has(id)),
  };
}

// ---------------------------------------------------------------------------------------------------------
// times as exported

const TIME_PART = String.raw`(上午|下午|AM|PM)?\s*(\d{1,2})\s*[:：时点]\s*(\d{1,2})\s*分?(?:\s*[:：]?\s*(\d{1,2})(?:\.\d+)?\s*秒?)?\s*(AM|PM)?`;
const DATE_TIME_RE = new RegExp(
  String.raw`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:(?:\s+|T|(?<=日))${TIME_PART})?$`,
  'i',
);
// month/day/year, as Zoom and other English exports write it
const US_DATE_TIME_RE = new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+${TIME_PART})?$`, 'i');
const TIME_RE = new RegExp(String.raw`^${TIME_PART}$`, 'i');
const ZONED_RE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})$/i;

function hour24(hour: number, marker: string | undefined): number {
  const m = (marker ?? '').toUpperCase();
  if ((m === '下午' || m === 'PM') && hour < 12) return hour + 12;
  if ((m === '上午' || m === 'AM') && hour === 12) return 0;
  return hour;
}

/**
 * A time as meeting software and people write it, read as Shanghai wall-clock time unless it carries a
 * zone: 2024-05-10 14:03:22, 2024/5/10 14:03, 2024年5月10日 14时03分, 2024/5/10 下午 2:03:22,
 * 2024-05-10T06:03:22Z, 05/10/2024 02:03:22 PM (month first, as English exports write it). A time without a date (14:03) takes `defaultDate`. Null when unreadable.
 */
export function parseShanghaiDateTime(text: string, defaultDate?: LocalDate): Date | null {
  const t = text.normalize('NFKC').trim();
  if (!t) return null;
  if (ZONED_RE.test(t)) {
    const d = new Date(t.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    return Number.isNaN(d.getTime()) ? null : d;
  }
  let date: LocalDate;
  let h = 0;
  let mi = 0;
  let s = 0;
  const ymd = DATE_TIME_RE.exec(t);
  const mdy = ymd ? null : US_DATE_TIME_RE.exec(t);
  const dt = ymd ?? (mdy ? [mdy[0], mdy[3], mdy[1], mdy[2], ...mdy.slice(4)] : null);
  if (dt) {
    date = `${dt[1]}-${dt[2].padStart(2, '0')}-${dt[3].padStart(2, '0')}`;
    if (dt[5] !== undefined) {
      h = hour24(Number(dt[5]), dt[4] ?? dt[8]);
      mi = Number(dt[6]);
      s = Number(dt[7] ?? 0);
    }
  } else {
    const tm = TIME_RE.exec(t);
    if (!tm || !defaultDate) return null;
    date = defaultDate;
    h = hour24(Number(tm[2]), tm[1] ?? tm[5]);
    mi = Number(tm[3]);
    s = Number(tm[4] ?? 0);
  }
  if (!isLocalDate(date) || h > 23 || mi > 59 || s > 59) return null;
  return shanghaiInstant(date, h, mi, s);
}

/** A duration as exported (参会时长): 65, 65分钟, 1小时5分钟, 1时5分20秒, 01:05:20, 65 min. Seconds, or null. */
export function parseDurationSeconds(text: string): number | null {
  const t = text.normalize('NFKC').trim().toLowerCase();
  if (!t) return null;
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 60);
  const hms = /^(\d+):(\d{1,2}):(\d{1,2})$/.exec(t);
  if (hms) return Number(hms[1]) * 3600 + Number(hms[2]) * 60 + Number(hms[3]);
  const words = /^(?:(\d+)\s*(?:小时|时|h|hr|hours?))?\s*(?:(\d+)\s*(?:分钟|分|m|min|mins|minutes?))?\s*(?:(\d+)\s*(?:秒钟|秒|s|sec|secs|seconds?))?$/.exec(t);
  if (words && (words[1] || words[2] || words[3])) return Number(words[1] ?? 0) * 3600 + Number(words[2] ?? 0) * 60 + Number(words[3] ?? 0);
  return null;
}
