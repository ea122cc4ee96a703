import type { EntityManager } from 'typeorm';
import { addDays, formatLocalDate, shanghaiInstant } from '@app/domain/calendar/shanghai';
import { queryOne, queryRows } from '@app/domain/database/sql';
import { CallbackOutcome } from '@app/domain/incidents/case-figures.rules';
import { applyAction, CaseAction, CaseActionInput, CaseHistoryRecord, openCase } from '@app/domain/incidents/case-workflow.rules';
import { CaseActor, CaseSnapshot } from '@app/domain/incidents/case.types';
import { DEFAULT_DEPARTMENTS } from '@app/domain/incidents/default-categories.data';
import { detailsJson, installDefaultCategories, saveCalendarYears } from '@app/domain/incidents/incident.store';
import { bundledWorkingDayCalendar, loadBundledCalendarYears } from '@app/domain/working-days/working-day.bundled';
import type { DemoContext, DemoSeeder } from './demo-context';
import { DemoRandom } from './demo-random';

const HOUR = 3600_000;
const MIN = 60_000;

/** Departments of the default category tree the demo district lacks (区住建局 stands for 区住房和城乡建设局). */
const ALIASES: Record<string, string> = { 区住房和城乡建设局: '区住建局' };

interface CategoryRow {
  id: number;
  code: string;
  kind: 'incident' | 'service';
  response_limit_wd: number;
  handling_limit_wd: number;
  self_closable: boolean;
  default_assignee_kind: 'department' | 'street';
  default_department_id: number | null;
}

interface SimCase {
  id: number;
  categoryId: number;
  gridId: number;
  streetId: number;
  workerId: number;
  reporterUserId: number | null;
  description: string;
  snapshot: CaseSnapshot;
  history: CaseHistoryRecord[];
  supervisions: Array<{ limit: 'response' | 'handling'; dueAt: Date; openedAt: Date }>;
  callbacks: Array<{ outcome: CallbackOutcome; at: Date }>;
}

const INCIDENT_TEXT: Record<string, string[]> = {
  E01: ['邻里因楼道堆放杂物发生争执', '租户与房东因押金退还产生纠纷', '工地拖欠务工人员工资'],
  E02: ['餐馆油烟直排影响居民', '夜间施工噪声扰民', '河道发现漂浮垃圾', '小作坊疑似偷排污水'],
  E03: ['沿街占道经营影响通行', '小区内疑似违法搭建', '人行道井盖破损', '绿化带内暴露垃圾'],
  E04: ['楼道电动车违规充电', '老旧房屋外墙开裂', '沿街店铺燃气管道老化'],
  E05: ['出租屋人员流动频繁', '接到电信诈骗线索'],
  E06: ['小区路灯损坏', '困难群众反映生活困难', '居民反映停水'],
  E07: ['山体边坡出现裂缝', '雨季低洼处积水'],
  S01: ['代办城乡居民医保缴费', '代办残疾证年审', '协助老人养老资格认证'],
  S02: ['解答惠民补贴政策', '引导居民法律咨询'],
  S03: ['走访独居老人', '走访困难家庭'],
  S04: ['更新流动人口信息', '采集出租房屋信息'],
  S05: ['协助申请低保', '协助申请医疗救助'],
};

function pickDescription(rnd: DemoRandom, code: string): string {
  return rnd.pick(INCIDENT_TEXT[code.slice(0, 3)] ?? ['网格巡查发现问题']);
}

/** A working-hours instant on a random day of the year (weekdays three times as likely). */
function reportTime(rnd: DemoRandom, year: number): Date {
  for (;;) {
    const day = addDays(formatLocalDate(year, 1, 1), rnd.int(0, 364));
    const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
    if ((dow === 0 || dow === 6) && !rnd.chance(0.33)) continue;
    return shanghaiInstant(day, rnd.int(8, 17), rnd.int(0, 59));
  }
}

/** The first quarter-hour tick after an instant: when the 15-minute sweep would have opened the 督办. */
function nextTick(at: Date): Date {
  return new Date(Math.floor(at.getTime() / (15 * MIN)) * 15 * MIN + 15 * MIN);
}

/**
 * The incidents of the demo district: the shipped calendars, the default categories, and a deterministic
 * 2024 of about 3,000 cases (40% incidents, 60% service items, most self-closed by the grid worker) run
 * through the real transition rules: a few refused, some answered or closed late (督办 at the next sweep
 * tick), some returned (返工), some extended; call-backs mostly 满意; two satisfaction survey rounds of the
 * streets and departments; a handful of maintenance tickets (responses ≤ 120 minutes, about 1% downtime).
 * Written with set-based inserts; a second run adds nothing.
 */
export const incidentsSeeder: DemoSeeder = {
  name: 'incidents',
  async seed(ctx) {
    const y = ctx.year;
    const calendarYears = await ctx.db.transaction(async (em) => {
      const have = new Set((await queryRows<{ year: number }>(em, `SELECT year FROM working_day_year`)).map((r) => r.year));
      const missing = loadBundledCalendarYears().filter((c) => !have.has(c.year));
      await saveCalendarYears(em, missing, '随产品发布（国务院办公厅节假日安排通知）', null);
      return missing.length;
    });
    const departmentsAdded = await ctx.db.transaction(async (em) => {
      const names = new Set((await queryRows<{ name: string }>(em, `SELECT name FROM department`)).map((r) => r.name));
      let n = 0;
      for (const [i, name] of DEFAULT_DEPARTMENTS.entries()) {
        if (names.has(name) || names.has(ALIASES[name] ?? '')) continue;
        await em.query(`INSERT INTO department (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING`, [`D${String(i + 1).padStart(2, '0')}`, name]);
        n++;
      }
      return n;
    });
    const categoriesAdded = await ctx.db.transaction((em) => installDefaultCategories(em));

    const existing = await queryOne<{ n: number }>(ctx.db, `SELECT count(*)::int AS n FROM incident_case WHERE reported_at >= $1 AND reported_at < $2`, [shanghaiInstant(`${y}-01-01`), shanghaiInstant(`${y + 1}-01-01`)]);
    let cases = 0;
    if (existing!.n === 0) cases = await ctx.db.transaction((em) => seedCases(ctx, em));
    const surveys = await seedSurveys(ctx);
    const tickets = await seedTickets(ctx);
    const [total] = await queryRows<{ cases: number; supervised: number; callbacks: number }>(
      ctx.db,
      `SELECT (SELECT count(*)::int FROM incident_case) AS cases, (SELECT count(*)::int FROM case_supervision) AS supervised, (SELECT count(*)::int FROM case_callback) AS callbacks`,
    );
    ctx.log(
      `incidents: ${total.cases} cases (${cases} new), ${total.supervised} supervision notices, ${total.callbacks} call-backs; ` +
        `calendar years +${calendarYears}, departments +${departmentsAdded}, categories +${categoriesAdded}, surveys +${surveys}, maintenance tickets +${tickets}`,
    );
  },
};

async function seedCases(ctx: DemoContext, em: EntityManager): Promise<number> {
  const y = ctx.year;
  const rnd = new DemoRandom(20240606);
  const calendar = bundledWorkingDayCalendar();
  const categories = await queryRows<CategoryRow>(em, `SELECT * FROM case_category c WHERE NOT EXISTS (SELECT 1 FROM case_category k WHERE k.parent_id = c.id) AND active ORDER BY code`);
  const workers = await queryRows<{ id: number; grid_id: number; street_id: number }>(em, `SELECT id, grid_id, street_id FROM grid_worker WHERE code LIKE 'LS%' ORDER BY code`);
  if (!workers.length || !categories.length) return 0;
  const account = async (username: string) => (await queryOne<{ id: number; worker_id: number | null; street_id: number | null; department_id: number | null }>(em, `SELECT id, worker_id, street_id, department_id FROM app_user WHERE username = $1`, [username])) ?? null;
  const staff = await account('staff');
  const gridWorker = await account('gridworker');
  const accounts = await queryRows<{ id: number; street_id: number | null; department_id: number | null }>(em, `SELECT id, street_id, department_id FROM app_user WHERE NOT disabled AND (department_id IS NOT NULL OR street_id IS NOT NULL) ORDER BY id`);
  const centre: CaseActor = { userId: staff?.id ?? 0, roles: ['centre_staff'], streetId: null, departmentId: null };
  const assigneeActor = (s: CaseSnapshot): CaseActor => {
    const a = s.assignee!;
    const acc = accounts.find((u) => (a.kind === 'department' ? u.department_id === a.id : u.street_id === a.id));
    return a.kind === 'department'
      ? { userId: acc?.id ?? 0, roles: ['department_handler'], streetId: null, departmentId: a.id }
      : { userId: acc?.id ?? 0, roles: ['street_operator'], streetId: a.id, departmentId: null };
  };
  const [{ first }] = await queryRows<{ first: string }>(em, `SELECT nextval(pg_get_serial_sequence('incident_case', 'id'))::text AS first FROM generate_series(1, 1)`);
  const incidents = categories.filter((c) => c.kind === 'incident');
  const services = categories.filter((c) => c.kind === 'service');
  const yearEnd = shanghaiInstant(`${y + 1}-01-01`);
  const sims: SimCase[] = [];
  const COUNT = 3000;
  for (let i = 0; i < COUNT; i++) {
    const category = rnd.chance(0.4) ? rnd.pick(incidents) : rnd.pick(services);
    const w = rnd.pick(workers);
    const reporterUserId = gridWorker && gridWorker.worker_id === w.id ? gridWorker.id : null;
    const reporter: CaseActor = { userId: reporterUserId ?? -w.id, roles: ['grid_worker'], streetId: null, departmentId: null };
    let t = reportTime(rnd, y);
    const opened = openCase({ kind: category.kind, responseLimitWorkingDays: category.response_limit_wd, handlingLimitWorkingDays: category.handling_limit_wd, selfClosable: category.self_closable }, reporter, t, calendar);
    const sim: SimCase = { id: Number(first) + i, categoryId: category.id, gridId: w.grid_id, streetId: w.street_id, workerId: w.id, reporterUserId, description: pickDescription(rnd, category.code), snapshot: opened.snapshot, history: [opened.history], supervisions: [], callbacks: [] };
    const act = (actor: CaseActor, action: CaseAction, at: Date, input: CaseActionInput = {}) => {
      const r = applyAction(sim.snapshot, action, actor, { remark: '已办理', ...input }, at, calendar);
      sim.snapshot = r.snapshot;
      sim.history.push(r.history);
    };
    const within = (due: Date, lateChance: number, from: Date, spreadHours: number) =>
      rnd.chance(lateChance) ? new Date(due.getTime() + rnd.int(1, 48) * HOUR) : new Date(Math.min(due.getTime() - MIN, from.getTime() + rnd.next() * spreadHours * HOUR));
    sims.push(sim);
    if (sim.snapshot.selfClosable && rnd.chance(0.9)) {
      act(reporter, 'self_close', new Date(t.getTime() + rnd.int(10, 240) * MIN), { remark: '已当场办结' });
    } else {
      t = within(sim.snapshot.responseDueAt, 0.04, t, 6);
      if (rnd.chance(0.03)) {
        act(centre, 'reject', t, { remark: '不属于网格化管理受理范围' });
      } else {
        act(centre, 'accept', t);
        const defaultTarget = category.default_assignee_kind === 'department' && category.default_department_id ? { kind: 'department' as const, id: category.default_department_id } : { kind: 'street' as const, id: w.street_id };
        t = new Date(t.getTime() + rnd.int(5, 60) * MIN);
        act(centre, 'dispatch', t, { assignee: defaultTarget });
        t = new Date(t.getTime() + rnd.int(30, 480) * MIN);
        act(assigneeActor(sim.snapshot), 'start_handling', t);
        if (rnd.chance(0.03)) {
          t = new Date(t.getTime() + rnd.int(1, 24) * HOUR);
          act(assigneeActor(sim.snapshot), 'request_extension', t, { extraWorkingDays: rnd.int(2, 5), remark: '需协调多方处理' });
          t = new Date(t.getTime() + rnd.int(1, 8) * HOUR);
          act(centre, 'approve_extension', t, { remark: '同意延期' });
        }
        const rework = rnd.chance(0.05);
        t = within(sim.snapshot.handlingDueAt!, 0.07, t, 72);
        for (let round = 0; round < (rework ? 2 : 1); round++) {
          act(assigneeActor(sim.snapshot), 'feedback', t, { remark: '已按要求处置完毕' });
          t = new Date(t.getTime() + rnd.int(1, 20) * HOUR);
          act(centre, 'start_verification', t);
          if (rework && round === 0) {
            t = new Date(t.getTime() + rnd.int(10, 120) * MIN);
            act(centre, 'rework', t, { remark: '现场核查未整改到位' });
            t = new Date(t.getTime() + rnd.int(4, 48) * HOUR);
          }
        }
        t = new Date(t.getTime() + rnd.int(10, 240) * MIN);
        act(centre, 'close', t, { remark: '核查属实，予以结案' });
      }
    }
    // the year ends: whatever happens after 31 December has not happened yet
    const cut = sim.history.findIndex((h) => h.at.getTime() >= yearEnd.getTime());
    if (cut > 0) {
      sim.history = sim.history.slice(0, cut);
      sim.snapshot = replay(sim, calendar);
    }
    const s = sim.snapshot;
    const limitEvent = { response: s.respondedAt, handling: s.closedAt };
    for (const limit of ['response', 'handling'] as const) {
      const due = limit === 'response' ? s.responseDueAt : s.handlingDueAt;
      if (!due || s.state === 'rejected' && limit === 'handling') continue;
      const tick = nextTick(due);
      const happened = limitEvent[limit];
      if ((!happened && tick < yearEnd) || (happened && happened.getTime() > tick.getTime())) sim.supervisions.push({ limit, dueAt: due, openedAt: tick });
    }
    if (s.state === 'closed' && rnd.chance(s.kind === 'incident' ? 0.7 : 0.3)) {
      const roll = rnd.next();
      const outcome: CallbackOutcome = roll < 0.86 ? 'satisfied' : roll < 0.95 ? 'basically_satisfied' : roll < 0.97 ? 'dissatisfied' : 'not_reached';
      sim.callbacks.push({ outcome, at: new Date(s.closedAt!.getTime() + rnd.int(20, 72) * HOUR) });
      if (outcome === 'not_reached') sim.callbacks.push({ outcome: rnd.chance(0.9) ? 'satisfied' : 'basically_satisfied', at: new Date(s.closedAt!.getTime() + rnd.int(73, 120) * HOUR) });
      // a call-back after 31 December has not happened yet either
      sim.callbacks = sim.callbacks.filter((c) => c.at.getTime() < yearEnd.getTime());
    }
  }
  await insertCases(em, sims);
  await em.query(`SELECT setval(pg_get_serial_sequence('incident_case', 'id'), (SELECT max(id) FROM incident_case))`);
  return sims.length;
}

/** The case as its (cut) history leaves it: re-applied from the report. */
function replay(sim: SimCase, calendar: ReturnType<typeof bundledWorkingDayCalendar>): CaseSnapshot {
  const [report, ...rest] = sim.history;
  let s: CaseSnapshot = { ...sim.snapshot, state: 'reported', version: 1, assignee: null, respondedAt: null, acceptedAt: null, handlingDueAt: null, dispatchedAt: null, closedAt: null, rejectedAt: null, rejectReason: null, pendingExtension: null, extensionCount: 0, reworkCount: 0, reportedAt: report.at };
  for (const h of rest) {
    const actor: CaseActor = { userId: h.actorUserId, roles: [h.actorRole], streetId: s.assignee?.kind === 'street' ? s.assignee.id : null, departmentId: s.assignee?.kind === 'department' ? s.assignee.id : null };
    s = applyAction(s, h.action as CaseAction, actor, { remark: h.remark, assignee: h.details.assignee ?? null, extraWorkingDays: h.details.extraWorkingDays ?? null }, h.at, calendar).snapshot;
  }
  return s;
}

async function insertCases(em: EntityManager, sims: SimCase[]): Promise<void> {
  const col = <T>(f: (s: SimCase) => T) => sims.map(f);
  await em.query(
    `INSERT INTO incident_case (id, kind, category_id, grid_id, street_id, address, description, reporter_user_id, reporter_worker_id, reported_at, state, version,
                                response_limit_wd, handling_limit_wd, self_closable, assignee_kind, assignee_department_id, assignee_street_id, response_due_at,
                                responded_at, accepted_at, handling_due_at, dispatched_at, closed_at, rejected_at, reject_reason, extension_count, rework_count, overdue_since)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[], $4::int[], $5::int[], $6::text[], $7::text[], $8::int[], $9::int[], $10::timestamptz[], $11::text[], $12::int[],
                          $13::int[], $14::int[], $15::bool[], $16::text[], $17::int[], $18::int[], $19::timestamptz[], $20::timestamptz[], $21::timestamptz[], $22::timestamptz[],
                          $23::timestamptz[], $24::timestamptz[], $25::timestamptz[], $26::text[], $27::int[], $28::int[], $29::timestamptz[])`,
    [
      col((s) => s.id),
      col((s) => s.snapshot.kind),
      col((s) => s.categoryId),
      col((s) => s.gridId),
      col((s) => s.streetId),
      col(() => ''),
      col((s) => s.description),
      col((s) => s.reporterUserId),
      col((s) => s.workerId),
      col((s) => s.snapshot.reportedAt),
      col((s) => s.snapshot.state),
      col((s) => s.snapshot.version),
      col((s) => s.snapshot.limits.responseLimitWorkingDays),
      col((s) => s.snapshot.limits.handlingLimitWorkingDays),
      col((s) => s.snapshot.selfClosable),
      col((s) => s.snapshot.assignee?.kind ?? null),
      col((s) => (s.snapshot.assignee?.kind === 'department' ? s.snapshot.assignee.id : null)),
      col((s) => (s.snapshot.assignee?.kind === 'street' ? s.snapshot.assignee.id : null)),
      col((s) => s.snapshot.responseDueAt),
      col((s) => s.snapshot.respondedAt),
      col((s) => s.snapshot.acceptedAt),
      col((s) => s.snapshot.handlingDueAt),
      col((s) => s.snapshot.dispatchedAt),
      col((s) => s.snapshot.closedAt),
      col((s) => s.snapshot.rejectedAt),
      col((s) => s.snapshot.rejectReason),
      col((s) => s.snapshot.extensionCount),
      col((s) => s.snapshot.reworkCount),
      col((s) => s.supervisions[0]?.openedAt ?? null),
    ],
  );
  const hist = sims.flatMap((s) => s.history.map((h) => ({ caseId: s.id, h })));
  await em.query(
    `INSERT INTO case_history (case_id, action, from_state, to_state, actor_user_id, actor_role, at, remark, details)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::timestamptz[], $8::text[], $9::jsonb[])`,
    [
      hist.map((x) => x.caseId),
      hist.map((x) => x.h.action),
      hist.map((x) => x.h.fromState),
      hist.map((x) => x.h.toState),
      hist.map((x) => (x.h.actorUserId > 0 ? x.h.actorUserId : null)),
      hist.map((x) => x.h.actorRole),
      hist.map((x) => x.h.at),
      hist.map((x) => x.h.remark),
      hist.map((x) => JSON.stringify(detailsJson(x.h.details))),
    ],
  );
  const sup = sims.flatMap((s) => s.supervisions.map((v) => ({ caseId: s.id, v })));
  await em.query(
    `INSERT INTO case_supervision (case_id, limit_kind, due_at, opened_at, message)
     SELECT c, l, d, o, '案件已超过' || CASE l WHEN 'response' THEN '受理时限' ELSE '办结时限' END || '（应于 ' || to_char(d - interval '1 second', 'YYYY-MM-DD') || ' 24:00 前'
                       || CASE l WHEN 'response' THEN '受理' ELSE '办结' END || '），现予督办，请尽快' || CASE l WHEN 'response' THEN '受理' ELSE '办结' END
       FROM unnest($1::bigint[], $2::text[], $3::timestamptz[], $4::timestamptz[]) AS t(c, l, d, o)`,
    [sup.map((x) => x.caseId), sup.map((x) => x.v.limit), sup.map((x) => x.v.dueAt), sup.map((x) => x.v.openedAt)],
  );
  const ext = sims.flatMap((s) => s.history.filter((h) => h.action === 'request_extension').map((h) => ({ caseId: s.id, h, decision: s.history.find((d) => d.at >= h.at && (d.action === 'approve_extension' || d.action === 'refuse_extension')) })));
  await em.query(
    `INSERT INTO case_extension (case_id, requested_days, reason, requested_at, requested_by, status, approved_days, decided_at, decided_by, decision_remark)
     SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::timestamptz[], $5::int[], $6::text[], $7::int[], $8::timestamptz[], $9::int[], $10::text[])`,
    [
      ext.map((x) => x.caseId),
      ext.map((x) => x.h.details.extraWorkingDays ?? 1),
      ext.map((x) => x.h.remark ?? ''),
      ext.map((x) => x.h.at),
      ext.map((x) => (x.h.actorUserId > 0 ? x.h.actorUserId : null)),
      ext.map((x) => (x.decision ? 'approved' : 'pending')),
      ext.map((x) => x.decision?.details.extraWorkingDays ?? null),
      ext.map((x) => x.decision?.at ?? null),
      ext.map((x) => (x.decision && x.decision.actorUserId > 0 ? x.decision.actorUserId : null)),
      ext.map((x) => x.decision?.remark ?? null),
    ],
  );
  const cb = sims.flatMap((s) => s.callbacks.map((c) => ({ caseId: s.id, c })));
  const staff = await queryOne<{ id: number }>(em, `SELECT id FROM app_user WHERE username = 'staff'`);
  await em.query(
    `INSERT INTO case_callback (case_id, outcome, remark, called_at, called_by) SELECT c, o, NULL, a, $4 FROM unnest($1::bigint[], $2::text[], $3::timestamptz[]) AS t(c, o, a)`,
    [cb.map((x) => x.caseId), cb.map((x) => x.c.outcome), cb.map((x) => x.c.at), staff?.id ?? null],
  );
}

async function seedSurveys(ctx: DemoContext): Promise<number> {
  const rnd = new DemoRandom(20241216);
  const y = ctx.year;
  const streets = await queryRows<{ id: number }>(ctx.db, `SELECT s.id FROM org_unit s JOIN org_unit d ON d.id = s.district_id WHERE s.level = 'street' AND d.code = '430203' ORDER BY s.code`);
  const departments = await queryRows<{ id: number }>(ctx.db, `SELECT id FROM department ORDER BY code`);
  let added = 0;
  for (const [title, date] of [[`${y}年上半年服务对象满意度测评`, `${y}-06-28`], [`${y}年度服务对象满意度测评`, `${y}-12-16`]] as const) {
    const exists = await queryOne(ctx.db, `SELECT 1 FROM satisfaction_survey WHERE title = $1`, [title]);
    if (exists || !streets.length) continue;
    await ctx.db.transaction(async (em) => {
      const s = await queryOne<{ id: number }>(em, `INSERT INTO satisfaction_survey (title, survey_date, note) VALUES ($1, $2, '对各镇（街道）和职能部门发放测评表') RETURNING id`, [title, date]);
      const answers = [...streets.map((r) => ({ kind: 'street', id: r.id })), ...departments.map((r) => ({ kind: 'department', id: r.id }))];
      const outcome = () => {
        const r = rnd.next();
        return r < 0.8 ? 'satisfied' : r < 0.95 ? 'basically_satisfied' : r < 0.98 ? 'dissatisfied' : 'not_reached';
      };
      await em.query(
        `INSERT INTO satisfaction_answer (survey_id, respondent_kind, street_id, department_id, outcome)
         SELECT $1, k, CASE WHEN k = 'street' THEN r END, CASE WHEN k = 'department' THEN r END, o FROM unnest($2::text[], $3::int[], $4::text[]) AS t(k, r, o)`,
        [s!.id, answers.map((a) => a.kind), answers.map((a) => a.id), answers.map(() => outcome())],
      );
    });
    added++;
  }
  return added;
}

/** A handful of faults of the year: responses within two hours, about 1% of the year down in all. */
const TICKETS: Array<[title: string, reported: string, responseMinutes: number, restoreMinutes: number, downtime: number]> = [
  ['网格化平台登录缓慢，部分用户无法登录', '02-19T08:40', 25, 190, 150],
  ['事件上报模块提交失败', '04-08T09:15', 42, 600, 560],
  ['机房断电导致平台中断', '06-21T22:05', 118, 1500, 1460],
  ['地图服务接口异常', '08-13T14:30', 35, 900, 880],
  ['数据库存储空间不足，平台停止服务', '10-08T07:50', 96, 1320, 1300],
  ['视频融合模块无法调阅', '11-26T10:10', 18, 960, 920],
];

async function seedTickets(ctx: DemoContext): Promise<number> {
  const y = ctx.year;
  const exists = await queryOne(ctx.db, `SELECT 1 FROM maintenance_ticket WHERE reported_at >= $1 AND reported_at < $2`, [shanghaiInstant(`${y}-01-01`), shanghaiInstant(`${y + 1}-01-01`)]);
  if (exists) return 0;
  const rows = TICKETS.map(([title, at, resp, restore, down]) => {
    const reported = new Date(`${y}-${at}:00+08:00`);
    return { title, reported, responded: new Date(reported.getTime() + resp * MIN), restored: new Date(reported.getTime() + restore * MIN), down };
  });
  await ctx.db.query(
    `INSERT INTO maintenance_ticket (title, description, reported_at, responded_at, restored_at, downtime_minutes)
     SELECT t, '运维单位现场处置', r, p, s, d FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[], $4::timestamptz[], $5::int[]) AS x(t, r, p, s, d)`,
    [rows.map((r) => r.title), rows.map((r) => r.reported), rows.map((r) => r.responded), rows.map((r) => r.restored), rows.map((r) => r.down)],
  );
  return rows.length;
}

