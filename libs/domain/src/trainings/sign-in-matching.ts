import { maskPhone } from '../common/masking';
import { DomainError } from '../errors/domain-error';
import { AttendanceEntry, AttendanceStatus, ATTENDANCE_STATUS_LABELS, parseAttendanceStatus } from './training.rules';

/**
 * Matching the rows of an imported sign-in sheet (签到表 typed into xlsx, or an online meeting's
 * participants) to the workers expected at the session.
 *
 * Order, for each row: a manual resolution supplied by the user; else the worker code (网格员编号); else
 * the phone; else the name, when exactly one expected worker bears it (a street column, when the sheet has
 * one, may single out one of several namesakes). A code or phone that points to a worker whose name is not
 * the one written is not accepted silently: the row is unmatched, with that worker as the suggestion.
 * Nothing is written until every row is matched or explicitly ignored: the result is either the complete
 * list of attendance entries or the list of problems by spreadsheet row number.
 */

/** An expected worker of the session, as the matcher needs them. */
export interface ExpectedWorker {
  workerId: string;
  name: string;
  phone?: string | null;
  workerCode?: string | null;
  /** For display in candidate lists and to tell namesakes apart. */
  streetName?: string | null;
}

/** A row read from an import. */
export interface SignInRow {
  /** Spreadsheet (or CSV) row number, as the user sees it. */
  row: number;
  name?: string | null;
  phone?: string | null;
  workerCode?: string | null;
  /** A 镇街/单位 column, if the sheet has one. */
  streetText?: string | null;
  /** The 状态 column as typed. */
  statusText?: string | null;
  /** A status already decided upstream (online participation); wins over `statusText`. */
  status?: AttendanceStatus | null;
  signInAt?: Date | null;
}

/** The user's answer for a row on a second try: this worker, or not one of the expected (ignore the row). */
export type RowResolution = { row: number; workerId: string } | { row: number; ignore: true };

export type CandidateReason = 'same_name' | 'one_edit' | 'same_phone' | 'same_code';

export interface Candidate {
  workerId: string;
  name: string;
  /** 138****5678 */
  maskedPhone: string;
  workerCode: string | null;
  streetName: string | null;
  reason: CandidateReason;
}

export type SignInProblemKind = 'unmatched' | 'ambiguous' | 'duplicate' | 'invalid';

export interface SignInProblem {
  row: number;
  kind: SignInProblemKind;
  /** `第12行.姓名`: the row and the column at fault. */
  field: string;
  /** Chinese, without the row number (shown beside it). */
  message: string;
  candidates: Candidate[];
}

export type MatchedBy = 'resolution' | 'code' | 'phone' | 'name' | 'name_and_street';

export type RowMatch =
  | { row: number; kind: 'matched'; workerId: string; by: MatchedBy; warning?: string }
  | { row: number; kind: 'ignored' }
  | { row: number; kind: 'problem'; problem: SignInProblem };

export interface SignInWarning {
  row: number;
  message: string;
}

// ---------------------------------------------------------------------------------------------------------
// normalisation

/** Name as compared: NFKC (full-width letters), no spaces, one kind of middle dot (阿卜杜·热合曼). */
export function normaliseName(name: string | null | undefined): string {
  return (name ?? '')
    .normalize('NFKC')
    .replace(/[\s\u3000\u200b\ufeff]+/g, '')
    .replace(/[·・•‧∙．.]/g, '·');
}

/** Phone as compared: digits only, without a +86 / 0086 prefix. Non-numeric text is kept (never matches). */
export function normalisePhone(phone: string | number | null | undefined): string {
  if (phone === null || phone === undefined) return '';
  let p = String(phone).normalize('NFKC').replace(/[\s\u3000\-()（）]+/g, '');
  if (/^\+?0{0,2}86\d{11}$/.test(p)) p = p.slice(-11);
  return p;
}

/** Worker code as compared: upper case, no spaces; a numeric code loses its leading zeros, as Excel does. */
export function normaliseWorkerCode(code: string | number | null | undefined): string {
  if (code === null || code === undefined) return '';
  const c = String(code).normalize('NFKC').replace(/[\s\u3000]+/g, '').toUpperCase();
  return /^\d+$/.test(c) ? c.replace(/^0+(?=\d)/, '') : c;
}

/** Levenshtein distance over code points, stopping early above `max`. */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  const x = Array.from(a);
  const y = Array.from(b);
  if (Math.abs(x.length - y.length) > max) return max + 1;
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
      best = Math.min(best, cur[j]);
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[y.length];
}

// ---------------------------------------------------------------------------------------------------------
// index of the expected workers

export interface ExpectedIndex {
  readonly workers: ReadonlyMap<string, ExpectedWorker>;
  readonly byCode: ReadonlyMap<string, ExpectedWorker[]>;
  readonly byPhone: ReadonlyMap<string, ExpectedWorker[]>;
  readonly byName: ReadonlyMap<string, ExpectedWorker[]>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function indexExpected(expected: readonly ExpectedWorker[]): ExpectedIndex {
  const workers = new Map<string, ExpectedWorker>();
  const byCode = new Map<string, ExpectedWorker[]>();
  const byPhone = new Map<string, ExpectedWorker[]>();
  const byName = new Map<string, ExpectedWorker[]>();
  for (const w of expected) {
    if (workers.has(w.workerId)) continue;
    workers.set(w.workerId, w);
    const code = normaliseWorkerCode(w.workerCode);
    if (code) push(byCode, code, w);
    const phone = normalisePhone(w.phone);
    if (phone) push(byPhone, phone, w);
    const name = normaliseName(w.name);
    if (name) push(byName, name, w);
  }
  return { workers, byCode, byPhone, byName };
}

function candidate(w: ExpectedWorker, reason: CandidateReason): Candidate {
  return {
    workerId: w.workerId,
    name: w.name,
    maskedPhone: maskPhone(normalisePhone(w.phone) || null),
    workerCode: w.workerCode ?? null,
    streetName: w.streetName ?? null,
    reason,
  };
}

function describe(c: Candidate): string {
  const parts = [c.streetName, c.maskedPhone, c.workerCode ? `编号${c.workerCode}` : null].filter(Boolean);
  return parts.length ? `${c.name}（${parts.join('，')}）` : c.name;
}

function byNameThenStreet(a: Candidate, b: Candidate): number {
  return a.name.localeCompare(b.name, 'zh-CN') || (a.streetName ?? '').localeCompare(b.streetName ?? '', 'zh-CN');
}

function sameStreet(text: string, streetName: string | null | undefined): boolean {
  const a = normaliseName(text);
  const b = normaliseName(streetName);
  return !!a && !!b && (a === b || a.includes(b) || b.includes(a));
}

// ---------------------------------------------------------------------------------------------------------
// one row

/**
 * Matches one row, without looking at the other rows (duplicates are found by `matchSignInRows`).
 * `resolution` is the user's answer for this row, if any.
 */
export function matchRow(row: SignInRow, index: ExpectedIndex, resolution?: RowResolution): RowMatch {
  const r = row.row;
  const problem = (kind: SignInProblemKind, column: string, message: string, candidates: Candidate[] = []): RowMatch => ({
    row: r,
    kind: 'problem',
    problem: { row: r, kind, field: `第${r}行.${column}`, message, candidates },
  });

  if (resolution) {
    if ('ignore' in resolution) return { row: r, kind: 'ignored' };
    if (!index.workers.has(resolution.workerId)) return problem('invalid', '姓名', '所选网格员不在本次培训的应到名单中');
    return { row: r, kind: 'matched', workerId: resolution.workerId, by: 'resolution' };
  }

  const name = normaliseName(row.name);
  const phone = normalisePhone(row.phone);
  const code = normaliseWorkerCode(row.workerCode);
  const shownName = (row.name ?? '').trim();
  if (!name && !phone && !code) return problem('invalid', '姓名', '没有姓名、手机号或编号，无法确定是哪位网格员');

  const codeHits = code ? (index.byCode.get(code) ?? []) : [];
  let phoneHits = phone ? (index.byPhone.get(phone) ?? []) : [];
  // a phone shared by two expected workers (a family number) only counts together with the name
  if (phoneHits.length > 1) phoneHits = phoneHits.filter((w) => normaliseName(w.name) === name);

  const byCode = codeHits.length === 1 ? codeHits[0] : undefined;
  const byPhone = phoneHits.length === 1 ? phoneHits[0] : undefined;
  if (byCode && byPhone && byCode.workerId !== byPhone.workerId) {
    const both = [candidate(byCode, 'same_code'), candidate(byPhone, 'same_phone')];
    return problem('unmatched', '网格员编号', `编号对应${describe(both[0])}，手机号对应${describe(both[1])}，不是同一人，请核对`, both);
  }
  const identified = byCode ?? byPhone;
  if (identified) {
    const by: MatchedBy = byCode ? 'code' : 'phone';
    if (!name || normaliseName(identified.name) === name) return { row: r, kind: 'matched', workerId: identified.workerId, by };
    const what = by === 'code' ? '编号' : '手机号';
    return problem(
      'unmatched',
      '姓名',
      `姓名「${shownName}」与${what}对应的网格员「${identified.name}」不一致，请核对`,
      [candidate(identified, by === 'code' ? 'same_code' : 'same_phone')],
    );
  }

  const idGiven = code ? '编号' : phone ? '手机号' : null;
  const idMismatchWarning = idGiven ? `${idGiven}与名册不一致，已按姓名匹配，请核对` : undefined;
  const namesakes = name ? (index.byName.get(name) ?? []) : [];
  if (namesakes.length === 1) {
    return { row: r, kind: 'matched', workerId: namesakes[0].workerId, by: 'name', ...(idMismatchWarning ? { warning: idMismatchWarning } : {}) };
  }
  if (namesakes.length > 1) {
    const streetText = (row.streetText ?? '').trim();
    if (streetText) {
      const inStreet = namesakes.filter((w) => sameStreet(streetText, w.streetName));
      if (inStreet.length === 1) return { row: r, kind: 'matched', workerId: inStreet[0].workerId, by: 'name_and_street' };
    }
    const candidates = namesakes.map((w) => candidate(w, 'same_name')).sort(byNameThenStreet);
    const hint = idGiven ? `所填${idGiven}与其中任何一人都不符` : '请补充手机号或编号';
    return problem(
      'ambiguous',
      '姓名',
      `应到名单中有${namesakes.length}人名为「${shownName}」，${hint}，或选择对应的网格员：${candidates.map(describe).join('；')}`,
      candidates,
    );
  }

  // nobody: suggest names one edit away (张晓明 for 张小明)
  const suggestions: Candidate[] = [];
  if (name) {
    for (const [key, list] of index.byName) {
      if (Array.from(key).length >= 2 && editDistance(key, name, 1) <= 1) suggestions.push(...list.map((w) => candidate(w, 'one_edit' as const)));
    }
  }
  suggestions.sort(byNameThenStreet);
  const who = shownName ? `「${shownName}」` : idGiven ? `该${idGiven}` : '该行';
  const tail = suggestions.length ? `，是否为：${suggestions.map(describe).join('；')}？` : '';
  return problem('unmatched', shownName ? '姓名' : idGiven === '编号' ? '网格员编号' : '手机号', `${who}不在本次培训的应到名单中${tail}`, suggestions);
}

// ---------------------------------------------------------------------------------------------------------
// the whole sheet

/** Default grace after the start before a sign-in counts as 迟到 (minutes). */
export const DEFAULT_SIGN_IN_GRACE_MINUTES = 10;

export interface SignInMatchOptions {
  resolutions?: readonly RowResolution[];
  /** With the session start, a sign-in time decides 出勤/迟到 when the sheet has no 状态 column. */
  sessionStartsAt?: Date;
  /** Minutes after the start still counted as on time; default 10. */
  lateGraceMinutes?: number;
}

export interface SignInImport {
  ok: true;
  /** One entry per matched row, in row order. */
  attendance: AttendanceEntry[];
  /** Rows matched with a remark the user should read (e.g. a phone that differs from the roster). */
  warnings: SignInWarning[];
  ignoredRows: number[];
  /** Expected workers the sheet does not mention: the service marks them 缺勤, or keeps a 请假 (see mergeImportedAttendance). */
  unlistedWorkerIds: string[];
}

export interface SignInRejection {
  ok: false;
  problems: SignInProblem[];
  /** Rows that did match, to show progress. */
  matchedRows: number;
}

export type SignInMatchResult = SignInImport | SignInRejection;

function statusOf(row: SignInRow, options: SignInMatchOptions): AttendanceStatus | SignInProblem {
  if (row.status) return row.status;
  const text = (row.statusText ?? '').trim();
  if (text) {
    const parsed = parseAttendanceStatus(text);
    if (parsed) return parsed;
    return {
      row: row.row,
      kind: 'invalid',
      field: `第${row.row}行.状态`,
      message: `状态「${text}」无法识别，应为${Object.values(ATTENDANCE_STATUS_LABELS).join('、')}之一`,
      candidates: [],
    };
  }
  if (row.signInAt && options.sessionStartsAt) {
    const grace = (options.lateGraceMinutes ?? DEFAULT_SIGN_IN_GRACE_MINUTES) * 60_000;
    return row.signInAt.getTime() > options.sessionStartsAt.getTime() + grace ? 'late' : 'present';
  }
  // being on the sign-in sheet means having come
  return 'present';
}

/**
 * Matches every row of a sheet. Duplicates (one worker matched by two rows) are problems of the later
 * rows. Resolutions for rows that do not exist are reported too, so a stale second try is not ignored.
 */
export function matchSignInRows(
  rows: readonly SignInRow[],
  expected: readonly ExpectedWorker[],
  options: SignInMatchOptions = {},
): SignInMatchResult {
  const index = indexExpected(expected);
  const resolutions = new Map<number, RowResolution>();
  for (const res of options.resolutions ?? []) resolutions.set(res.row, res);

  const problems: SignInProblem[] = [];
  const warnings: SignInWarning[] = [];
  const ignoredRows: number[] = [];
  const attendance: AttendanceEntry[] = [];
  const firstRowOf = new Map<string, number>();

  const rowNumbers = new Set(rows.map((r) => r.row));
  for (const res of resolutions.values()) {
    if (!rowNumbers.has(res.row)) {
      problems.push({ row: res.row, kind: 'invalid', field: `第${res.row}行`, message: '导入文件中没有这一行，请重新核对处理意见', candidates: [] });
    }
  }

  for (const row of rows) {
    const m = matchRow(row, index, resolutions.get(row.row));
    if (m.kind === 'ignored') {
      ignoredRows.push(row.row);
      continue;
    }
    if (m.kind === 'problem') {
      problems.push(m.problem);
      continue;
    }
    const status = statusOf(row, options);
    if (typeof status !== 'string') {
      problems.push(status);
      continue;
    }
    const first = firstRowOf.get(m.workerId);
    if (first !== undefined) {
      const w = index.workers.get(m.workerId)!;
      problems.push({
        row: row.row,
        kind: 'duplicate',
        field: `第${row.row}行.姓名`,
        message: `与第${first}行为同一网格员「${w.name}」，请删除或忽略其中一行`,
        candidates: [candidate(w, 'same_name')],
      });
      continue;
    }
    firstRowOf.set(m.workerId, row.row);
    if (m.warning) warnings.push({ row: row.row, message: m.warning });
    attendance.push({ workerId: m.workerId, status, signInAt: row.signInAt ?? null });
  }

  if (problems.length > 0) {
    problems.sort((a, b) => a.row - b.row);
    return { ok: false, problems, matchedRows: attendance.length };
  }
  return {
    ok: true,
    attendance,
    warnings,
    ignoredRows,
    unlistedWorkerIds: [...index.workers.keys()].filter((id) => !firstRowOf.has(id)),
  };
}

/** The DomainError for a rejected import: every problem with its row, in Chinese. */
export function signInProblemsError(problems: readonly SignInProblem[], what = '签到表'): DomainError {
  const rows = new Set(problems.map((p) => p.row)).size;
  return DomainError.invalidRows(
    `${what}有${rows}行需要处理，处理完毕前不会写入任何出勤记录`,
    problems.map((p) => ({ field: p.field, message: p.message, row: p.row })),
  );
}
