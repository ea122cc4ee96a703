import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError, maskPhone } from '@app/domain';
import { queryRows } from '@app/domain/database/sql';
import { ATTENDANCE_SOURCE_LABELS, AttendanceSource } from '@app/domain/trainings/training.entity';
import { tallyAttendance } from '@app/domain/trainings/attendance.rules';
import { assessOnlineAttendance, DEFAULT_ONLINE_RULE, OnlineRule } from '@app/domain/trainings/online-participation';
import {
  Candidate,
  ExpectedWorker,
  indexExpected,
  matchRow,
  matchSignInRows,
  MatchedBy,
  RowResolution,
  SignInProblem,
  signInProblemsError,
  SignInWarning,
} from '@app/domain/trainings/sign-in-matching';
import {
  ATTENDANCE_STATUS_LABELS,
  AttendanceEntry,
  AttendanceStatus,
  assertCanRecordAttendance,
  mergeImportedAttendance,
  sessionDay,
  validateAttendanceEntries,
} from '@app/domain/trainings/training.rules';
import { parseParticipantFile, parseSignInSheet } from '@app/reporting/trainings/sign-in-sheet.parser';
import { AttendanceDto, BulkAttendanceDto, ImportFormDto, OnlineImportFormDto } from './dto/training.dto';
import { TrainingSessionsService } from './training-sessions.service';
import { Db, SessionRow, TallyView, tallyView, trainingScope } from './training.views';

interface ExpectedRow {
  worker_id: number;
  street_id: number;
  street_name: string;
  code: string;
  name: string;
  phone: string;
  status: AttendanceStatus | null;
  sign_in_at: Date | null;
  source: AttendanceSource | null;
  recorded_at: Date | null;
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
  source: AttendanceSource | null;
  sourceName: string | null;
  recordedAt: string | null;
}

export interface CandidateView {
  workerId: number;
  name: string;
  maskedPhone: string;
  workerCode: string | null;
  streetName: string | null;
  reason: Candidate['reason'];
}

export interface ProblemView {
  row: number;
  kind: SignInProblem['kind'];
  field: string;
  message: string;
  candidates: CandidateView[];
}

export interface MatchedRowView {
  /** The row (first row of an online participant). */
  row: number;
  rows: number[];
  workerId: number;
  code: string;
  name: string;
  maskedPhone: string;
  streetName: string;
  status: AttendanceStatus;
  statusName: string;
  signInAt: string | null;
  by?: MatchedBy;
  /** Online: minutes present within the session, and the share of its duration (0.8500). */
  presentMinutes?: number;
  share?: string;
}

export interface ImportPreview {
  /** True when the commit of the same file with the same resolutions would write. */
  ok: boolean;
  what: string;
  matched: MatchedRowView[];
  problems: ProblemView[];
  warnings: SignInWarning[];
  ignoredRows: number[];
  /** Expected workers not on the file: 缺勤, or the 请假 recorded beforehand. */
  unlisted: Array<{ workerId: number; name: string; streetName: string; maskedPhone: string; status: AttendanceStatus; statusName: string }>;
  /** The session's tally after a commit (all expected workers). */
  projected: TallyView | null;
}

export interface ImportResult {
  written: number;
  tally: TallyView;
}

type Kind = 'sheet' | 'online';

interface Assessment {
  ok: boolean;
  problems: SignInProblem[];
  warnings: SignInWarning[];
  ignoredRows: number[];
  attendance: AttendanceEntry[];
  /** Row(s) of each matched entry, same order as `attendance`. */
  rowsOf: number[][];
  by: Array<MatchedBy | undefined>;
  online: Array<{ presentSeconds: number; share: string } | undefined>;
}

/**
 * Attendance of held sessions: the list, one by one, in bulk, and the two imports (paper sign-in sheet,
 * online participant export). An import is previewed (nothing written) and committed with the user's
 * resolutions; the commit writes every expected worker's status or nothing.
 */
@Injectable()
export class TrainingAttendanceService {
  constructor(
    private readonly db: DataSource,
    private readonly sessions: TrainingSessionsService,
  ) {}

  private async expected(em: Db, sessionId: number, actor?: Actor): Promise<ExpectedRow[]> {
    const scope = actor ? trainingScope(actor) : {};
    return queryRows<ExpectedRow>(
      em,
      `SELECT e.worker_id, e.street_id, st.name AS street_name, w.code, w.name, w.phone, a.status, a.sign_in_at, a.source, a.recorded_at
         FROM training_expected e
         JOIN grid_worker w ON w.id = e.worker_id
         JOIN org_unit st ON st.id = e.street_id
         LEFT JOIN training_attendance a ON a.session_id = e.session_id AND a.worker_id = e.worker_id
        WHERE e.session_id = $1
          AND ($2::int IS NULL OR e.street_id = $2) AND ($3::int IS NULL OR e.worker_id = $3)
        ORDER BY st.sort_order, st.code, w.code`,
      [sessionId, scope.streetId ?? null, scope.workerId ?? null],
    );
  }

  async list(actor: Actor, sessionId: number): Promise<{ items: AttendanceItem[]; tally: TallyView }> {
    const session = await this.sessions.row(this.db, sessionId, false, actor);
    if (session.state !== 'held') return { items: [], tally: tallyView(this.tally([])) };
    const items = await this.listIn(this.db, actor, sessionId);
    return { items, tally: tallyView(this.tally(items.map((i) => i.status))) };
  }

  private tally(statuses: Array<AttendanceStatus | null>) {
    return tallyAttendance(statuses.map((status, i) => ({ sessionId: '', workerId: String(i), streetId: '', status })));
  }

  private async write(em: EntityManager, actor: Actor, sessionId: number, entries: readonly AttendanceEntry[], source: AttendanceSource): Promise<number> {
    if (entries.length === 0) return 0;
    const res = await queryRows(
      em,
      `INSERT INTO training_attendance (session_id, worker_id, status, sign_in_at, source, recorded_by, recorded_at)
       SELECT $1, w, st, si, $5, $6, now() FROM unnest($2::int[], $3::text[], $4::timestamptz[]) AS u(w, st, si)
       ON CONFLICT (session_id, worker_id) DO UPDATE
          SET status = EXCLUDED.status, sign_in_at = EXCLUDED.sign_in_at, source = EXCLUDED.source,
              recorded_by = EXCLUDED.recorded_by, recorded_at = EXCLUDED.recorded_at
        WHERE (training_attendance.status, training_attendance.sign_in_at) IS DISTINCT FROM (EXCLUDED.status, EXCLUDED.sign_in_at)
       RETURNING worker_id`,
      [sessionId, entries.map((e) => Number(e.workerId)), entries.map((e) => e.status), entries.map((e) => e.signInAt ?? null), source, actor.userId || null],
    );
    return res.length;
  }

  private async held(em: EntityManager, sessionId: number): Promise<SessionRow> {
    const session = await this.sessions.row(em, sessionId, true);
    assertCanRecordAttendance(session.state);
    return session;
  }

  async setOne(actor: Actor, sessionId: number, workerId: number, dto: AttendanceDto): Promise<AttendanceItem> {
    return this.db.transaction(async (em) => {
      await this.held(em, sessionId);
      const expected = await this.expected(em, sessionId);
      const entry: AttendanceEntry = { workerId: String(workerId), status: dto.status, signInAt: dto.signInAt ? new Date(dto.signInAt) : null };
      if (!expected.some((e) => e.worker_id === workerId)) throw DomainError.notFound('应到名单中的网格员', workerId);
      validateAttendanceEntries(expected.map((e) => String(e.worker_id)), [entry]);
      await this.write(em, actor, sessionId, [entry], 'manual');
      const item = (await this.listIn(em, actor, sessionId)).find((i) => i.workerId === workerId);
      return item!;
    });
  }

  private async listIn(em: Db, actor: Actor, sessionId: number): Promise<AttendanceItem[]> {
    const rows = await this.expected(em, sessionId, actor);
    return rows.map((r) => ({
      workerId: r.worker_id,
      code: r.code,
      name: r.name,
      phone: maskPhone(r.phone),
      street: { id: r.street_id, name: r.street_name },
      status: r.status,
      statusName: r.status ? ATTENDANCE_STATUS_LABELS[r.status] : '未登记',
      signInAt: r.sign_in_at?.toISOString() ?? null,
      source: r.source,
      sourceName: r.source ? ATTENDANCE_SOURCE_LABELS[r.source] : null,
      recordedAt: r.recorded_at?.toISOString() ?? null,
    }));
  }

  async setBulk(actor: Actor, sessionId: number, dto: BulkAttendanceDto): Promise<ImportResult> {
    return this.db.transaction(async (em) => {
      await this.held(em, sessionId);
      const expected = await this.expected(em, sessionId);
      const entries: AttendanceEntry[] = dto.entries.map((e) => ({ workerId: String(e.workerId), status: e.status, signInAt: e.signInAt ? new Date(e.signInAt) : null }));
      validateAttendanceEntries(expected.map((e) => String(e.worker_id)), entries);
      const written = await this.write(em, actor, sessionId, entries, 'manual');
      const after = await this.expected(em, sessionId);
      return { written, tally: tallyView(this.tally(after.map((r) => r.status))) };
    });
  }

  // -------------------------------------------------------------------------------------------------------
  // imports

  private parseResolutions(text: string | undefined): RowResolution[] {
    if (!text || !text.trim()) return [];
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw DomainError.invalid('resolutions', '处理意见不是有效的 JSON');
    }
    if (!Array.isArray(value)) throw DomainError.invalid('resolutions', '处理意见应为列表');
    const out: RowResolution[] = [];
    const seen = new Set<number>();
    value.forEach((v: unknown, i) => {
      const r = v as { row?: unknown; workerId?: unknown; ignore?: unknown };
      const bad = () => DomainError.invalid(`resolutions[${i + 1}]`, '应为 {"row":行号,"workerId":网格员} 或 {"row":行号,"ignore":true}');
      if (!r || typeof r !== 'object' || !Number.isSafeInteger(r.row) || (r.row as number) < 1) throw bad();
      if (seen.has(r.row as number)) throw DomainError.invalid(`resolutions[${i + 1}]`, `第${String(r.row)}行有多条处理意见`);
      seen.add(r.row as number);
      if (r.ignore === true && r.workerId === undefined) out.push({ row: r.row as number, ignore: true });
      else if (Number.isSafeInteger(r.workerId) && (r.workerId as number) > 0 && r.ignore === undefined) out.push({ row: r.row as number, workerId: String(r.workerId) });
      else throw bad();
    });
    return out;
  }

  private expectedWorkers(rows: readonly ExpectedRow[]): ExpectedWorker[] {
    return rows.map((r) => ({ workerId: String(r.worker_id), name: r.name, phone: r.phone, workerCode: r.code, streetName: r.street_name }));
  }

  private async assessSheet(file: Buffer, session: SessionRow, expected: ExpectedWorker[], resolutions: RowResolution[]): Promise<Assessment> {
    const parsed = await parseSignInSheet(file, { sessionDate: sessionDay(session.starts_at) });
    const run = (res: readonly RowResolution[]) => matchSignInRows(parsed.rows, expected, { resolutions: res, sessionStartsAt: session.starts_at });
    const first = run(resolutions);
    // the rows that do match, even while others need a decision: the same match with the problem rows set aside
    const problems = first.ok ? [] : first.problems;
    const result = first.ok ? first : run(this.setAside(resolutions, problems, new Set(parsed.rows.map((r) => r.row))));
    if (!result.ok) throw new Error('a match with every problem row ignored cannot fail');
    const ignored = new Set(result.ignoredRows);
    const matchedRows = parsed.rows.filter((r) => !ignored.has(r.row));
    const index = indexExpected(expected);
    const byRow = new Map(resolutions.map((r) => [r.row, r]));
    return {
      ok: first.ok,
      problems,
      warnings: result.warnings,
      ignoredRows: first.ok ? first.ignoredRows : result.ignoredRows.filter((r) => !problems.some((p) => p.row === r)),
      attendance: result.attendance,
      rowsOf: matchedRows.map((r) => [r.row]),
      by: matchedRows.map((r) => {
        const m = matchRow(r, index, byRow.get(r.row));
        return m.kind === 'matched' ? m.by : undefined;
      }),
      online: matchedRows.map(() => undefined),
    };
  }

  private async assessOnline(file: Buffer, session: SessionRow, expected: ExpectedWorker[], resolutions: RowResolution[], rule: OnlineRule): Promise<Assessment> {
    const parsed = await parseParticipantFile(file, { sessionDate: sessionDay(session.starts_at) });
    const window = { startsAt: session.starts_at, endsAt: session.ends_at };
    const run = (res: readonly RowResolution[]) => assessOnlineAttendance(parsed.records, expected, window, { rule, resolutions: res });
    const first = run(resolutions);
    const problems = first.ok ? [] : first.problems;
    const result = first.ok ? first : run(this.setAside(resolutions, problems, new Set(parsed.records.map((r) => r.row))));
    if (!result.ok) throw new Error('an assessment with every problem row ignored cannot fail');
    const problemRows = new Set(problems.map((p) => p.row));
    return {
      ok: first.ok,
      problems,
      warnings: result.warnings,
      ignoredRows: result.ignoredRows.filter((r) => !problemRows.has(r)),
      attendance: result.attendance,
      rowsOf: result.details.map((d) => d.rows),
      by: result.details.map(() => undefined),
      online: result.details.map((d) => ({ presentSeconds: d.presentSeconds, share: d.share.toDecimalPlaces(4).toFixed(4) })),
    };
  }

  /** The user's resolutions, with every problem row ignored instead (and resolutions of rows not in the file dropped). */
  private setAside(resolutions: readonly RowResolution[], problems: readonly SignInProblem[], rows: ReadonlySet<number>): RowResolution[] {
    const problemRows = new Set(problems.map((p) => p.row).filter((r) => rows.has(r)));
    return [
      ...resolutions.filter((r) => rows.has(r.row) && !problemRows.has(r.row)),
      ...[...problemRows].map((row) => ({ row, ignore: true as const })),
    ];
  }

  private async assess(em: Db, sessionId: number, kind: Kind, file: Buffer, form: ImportFormDto | OnlineImportFormDto) {
    const session = await this.sessions.row(em, sessionId, em instanceof EntityManager);
    assertCanRecordAttendance(session.state);
    const resolutions = this.parseResolutions(form.resolutions);
    const rows = await this.expected(em, sessionId);
    const expected = this.expectedWorkers(rows);
    let assessment: Assessment;
    if (kind === 'sheet') {
      assessment = await this.assessSheet(file, session, expected, resolutions);
    } else {
      const f = form as OnlineImportFormDto;
      const rule: OnlineRule = { minShare: f.minShare ?? DEFAULT_ONLINE_RULE.minShare, lateGraceMinutes: f.lateGraceMinutes ?? DEFAULT_ONLINE_RULE.lateGraceMinutes };
      assessment = await this.assessOnline(file, session, expected, resolutions, rule);
    }
    const existing = new Map(rows.filter((r) => r.status).map((r) => [String(r.worker_id), r.status!]));
    const merged = mergeImportedAttendance(rows.map((r) => String(r.worker_id)), existing, assessment.attendance);
    return { session, rows, assessment, merged };
  }

  async preview(actor: Actor, sessionId: number, kind: Kind, file: Buffer, form: ImportFormDto | OnlineImportFormDto): Promise<ImportPreview> {
    const { rows, assessment: a, merged } = await this.assess(this.db, sessionId, kind, file, form);
    const byId = new Map(rows.map((r) => [r.worker_id, r]));
    const imported = new Set(a.attendance.map((e) => e.workerId));
    return {
      ok: a.ok,
      what: kind === 'sheet' ? '签到表' : '参会记录',
      matched: a.attendance.map((e, i) => {
        const w = byId.get(Number(e.workerId))!;
        const online = a.online[i];
        return {
          row: a.rowsOf[i][0],
          rows: a.rowsOf[i],
          workerId: w.worker_id,
          code: w.code,
          name: w.name,
          maskedPhone: maskPhone(w.phone),
          streetName: w.street_name,
          status: e.status,
          statusName: ATTENDANCE_STATUS_LABELS[e.status],
          signInAt: e.signInAt?.toISOString() ?? null,
          ...(a.by[i] ? { by: a.by[i] } : {}),
          ...(online ? { presentMinutes: Math.floor(online.presentSeconds / 60), share: online.share } : {}),
        };
      }),
      problems: a.problems.map((p) => ({ ...p, candidates: p.candidates.map((c) => ({ ...c, workerId: Number(c.workerId) })) })),
      warnings: a.warnings,
      ignoredRows: a.ignoredRows,
      unlisted: merged
        .filter((e) => !imported.has(e.workerId))
        .map((e) => {
          const w = byId.get(Number(e.workerId))!;
          return { workerId: w.worker_id, name: w.name, streetName: w.street_name, maskedPhone: maskPhone(w.phone), status: e.status, statusName: ATTENDANCE_STATUS_LABELS[e.status] };
        }),
      projected: a.ok ? tallyView(this.tally(merged.map((e) => e.status))) : null,
    };
  }

  async commit(actor: Actor, sessionId: number, kind: Kind, file: Buffer, form: ImportFormDto | OnlineImportFormDto): Promise<ImportResult> {
    return this.db.transaction(async (em) => {
      const { assessment, merged } = await this.assess(em, sessionId, kind, file, form);
      if (!assessment.ok) throw signInProblemsError(assessment.problems, kind === 'sheet' ? '签到表' : '参会记录');
      const written = await this.write(em, actor, sessionId, merged, kind === 'sheet' ? 'sheet' : 'online');
      return { written, tally: tallyView(this.tally(merged.map((e) => e.status))) };
    });
  }
}
