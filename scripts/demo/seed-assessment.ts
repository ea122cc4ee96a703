import { DEFAULT_CHECK_ITEMS } from '@app/domain/assessment/check-items';
import { bonusStandardFor, computeMonth, confirmHeadcount, publishMonth, publishRanking, sweepOverdue, workersWithHistory } from '@app/domain/assessment/assessment.store';
import { addDays, daysInMonth, formatLocalDate, lastDayOfMonth, shanghaiInstant, todayInShanghai, weekday } from '@app/domain/calendar/shanghai';
import { queryOne, queryRows, toInt } from '@app/domain/database/sql';
import { isActiveOn } from '@app/domain/roster/employment.rules';
import type { DemoSeeder } from './demo-context';
import { DemoRandom } from './demo-random';

/** What the centre's inspectors actually write, per check item. */
const PROBLEMS: Record<string, string[]> = {
  home_visit: ['入户走访记录缺少走访对象联系方式', '走访记录内容雷同，疑似补记', '独居老人户未按月走访', '走访照片与记录地址不符', '走访台账漏记新迁入住户'],
  base_data_quality: ['新迁入住户信息未及时录入', '出租房屋承租人信息不全', '人口信息身份证号与户籍地址不一致', '房屋信息重复录入未合并', '特殊人群信息未按季度更新'],
  incident_timeliness: ['邻里噪音纠纷超时2天上报', '占道经营问题发现后未上报', '消防通道堵塞隐患上报要素不全', '化粪池破损隐患延迟上报', '违规搭建问题上报照片不清晰'],
  patrol_log: ['巡查日志与定位轨迹不一致', '本周巡查次数不足规定频次', '巡查日志照片重复使用', '巡查日志未记录发现问题的处理情况'],
  service_items: ['代办社保认证未及时反馈群众', '居民诉求登记后超期未回复', '高龄津贴代办材料遗失未说明', '便民服务事项办结未回访'],
  information_security: ['在微信群转发含居民身份证号的表格', '网格通账号借给他人使用', '在个人电脑保存居民信息未加密', '截屏网格数据外发'],
  special_tasks: ['出租屋专项排查未按期完成', '燃气安全专项检查台账缺失', '防汛隐患排查表未签字确认', '电动车违规充电专项整治未反馈'],
  work_discipline: ['未按要求参加月度例会', '工作时间擅自离岗', '未按时参加全科网格员培训', '网格员工作牌未佩戴'],
};

const DEMANDS: Record<string, string> = {
  home_visit: '补齐走访记录并重新核实',
  base_data_quality: '三个工作日内补录、更正基础信息',
  incident_timeliness: '补报事件并说明延迟原因',
  patrol_log: '按实补记巡查日志，说明轨迹不一致原因',
  service_items: '联系群众反馈办理结果并补登记',
  information_security: '立即删除外发信息，开展保密教育并书面说明',
  special_tasks: '限期完成专项排查并报送台账',
  work_discipline: '书面说明情况，由镇街约谈提醒',
};

const ADJUSTMENTS: Array<{ month: number; amount: string; reason: string }> = [
  { month: 3, amount: '2', reason: '协助处置燃气泄漏险情，区应急管理局通报表扬' },
  { month: 5, amount: '-3', reason: '区网格中心通报批评：虚报走访记录' },
  { month: 7, amount: '2', reason: '防汛期间连续值守，镇街书面表扬' },
  { month: 8, amount: '1', reason: '发现并上报重大消防隐患，避免火灾' },
  { month: 10, amount: '-2', reason: '全区数据质量抽检不合格，区中心通报' },
  { month: 11, amount: '2', reason: '协助人口普查复查工作成绩突出' },
];

const MARK = '演示数据';

function shuffle<T>(rnd: DemoRandom, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rnd.int(0, i);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * A year of the centre's work with its grid workers: a few hundred spot checks a month across the streets,
 * rectifications (most 已销号, a few left overdue), documented adjustments, all twelve months computed and
 * published, Q1–Q4 rankings published, the bonus standard and every street's quarterly headcount
 * confirmed. Deterministic; a second run adds nothing.
 */
export const assessmentSeeder: DemoSeeder = {
  name: 'assessment',
  async seed(ctx) {
    const y = ctx.year;
    const rnd = new DemoRandom(20240401);
    const staff = await queryOne<{ id: number }>(ctx.db, `SELECT id FROM app_user WHERE username = 'staff'`);
    const admin = await queryOne<{ id: number }>(ctx.db, `SELECT id FROM app_user WHERE username = 'admin'`);
    const operators = await queryRows<{ id: number; street_id: number }>(ctx.db, `SELECT id, street_id FROM app_user WHERE 'street_operator' = ANY(roles)`);
    const operatorOf = new Map(operators.map((o) => [o.street_id, o.id]));
    const items = await queryRows<{ id: number; code: string; name: string; min_deduction: string; max_deduction: string }>(ctx.db, `SELECT id, code, name, min_deduction, max_deduction FROM check_item WHERE active ORDER BY sort_order`);
    const defaults = new Set(DEFAULT_CHECK_ITEMS.map((d) => d.code));
    const catalogue = items.filter((i) => defaults.has(i.code));

    const existing = toInt((await queryOne<{ n: string }>(ctx.db, `SELECT count(*) AS n FROM spot_check WHERE note = $1 AND check_day BETWEEN $2::date AND $3::date`, [MARK, `${y}-01-01`, `${y}-12-31`]))!.n);
    let newChecks = 0;
    if (existing === 0 && staff && catalogue.length) {
      const workers = (await workersWithHistory(ctx.db, `${y}-12-31`)).filter((w) => w.events.length > 0);
      const checks: Array<{ worker: (typeof workers)[number]; day: string; hour: number; minute: number }> = [];
      const results: Array<{ check: number; item: (typeof catalogue)[number]; passed: boolean; deduction: string; problem: string | null; order: number; deadline: string | null; demand: string | null }> = [];
      for (let month = 1; month <= 12; month++) {
        const perMonth = rnd.int(230, 320);
        const days = Array.from({ length: daysInMonth(y, month) }, (_, i) => formatLocalDate(y, month, i + 1)).filter((d) => weekday(d) <= 5);
        for (let k = 0; k < perMonth; k++) {
          const day = rnd.pick(days);
          const worker = rnd.pick(workers);
          if (!isActiveOn(worker.events, day)) continue; // the centre only checks workers in service that day
          const index = checks.length;
          checks.push({ worker, day, hour: rnd.int(8, 17), minute: rnd.int(0, 59) });
          const chosen = shuffle(rnd, catalogue).slice(0, rnd.int(3, 6)).sort((a, b) => a.id - b.id);
          chosen.forEach((item, order) => {
            const fails = rnd.chance(item.code === 'information_security' ? 0.03 : 0.13);
            if (!fails) {
              results.push({ check: index, item, passed: true, deduction: '0', problem: null, order, deadline: null, demand: null });
              return;
            }
            const min = Number(item.min_deduction);
            const max = Number(item.max_deduction);
            const steps = Math.round((max - min) / 0.5);
            const deduction = (min + 0.5 * rnd.int(0, Math.min(steps, 4))).toFixed(2);
            const demanded = rnd.chance(0.6);
            results.push({
              check: index,
              item,
              passed: false,
              deduction,
              problem: rnd.pick(PROBLEMS[item.code] ?? ['工作不符合要求']),
              order,
              deadline: demanded ? addDays(day, rnd.int(5, 15)) : null,
              demand: demanded ? (DEMANDS[item.code] ?? '按要求整改') : null,
            });
          });
        }
      }
      await ctx.db.transaction(async (em) => {
        const ids = (await queryRows<{ id: number }>(em, `SELECT nextval(pg_get_serial_sequence('spot_check', 'id'))::int AS id FROM generate_series(1, $1)`, [checks.length])).map((r) => r.id);
        const total = new Map<number, { ded: number; problems: number }>();
        for (const r of results) {
          const t = total.get(r.check) ?? { ded: 0, problems: 0 };
          if (!r.passed) {
            t.ded += Number(r.deduction);
            t.problems++;
          }
          total.set(r.check, t);
        }
        await em.query(
          `INSERT INTO spot_check (id, worker_id, street_id, community_id, grid_id, inspector_id, check_day, checked_at, total_deduction, problem_count, note)
           SELECT u.id, u.worker, u.street, u.community, u.grid, $1, u.day, u.at, u.ded, u.problems, $2
             FROM unnest($3::int[], $4::int[], $5::int[], $6::int[], $7::int[], $8::date[], $9::timestamptz[], $10::numeric[], $11::int[])
                  AS u(id, worker, street, community, grid, day, at, ded, problems)`,
          [
            staff.id,
            MARK,
            ids,
            checks.map((c) => c.worker.id),
            checks.map((c) => c.worker.street_id),
            checks.map((c) => c.worker.community_id),
            checks.map((c) => c.worker.grid_id),
            checks.map((c) => c.day),
            checks.map((c) => shanghaiInstant(c.day, c.hour, c.minute).toISOString()),
            checks.map((_, i) => (total.get(i)?.ded ?? 0).toFixed(2)),
            checks.map((_, i) => total.get(i)?.problems ?? 0),
          ],
        );
        const inserted = await queryRows<{ id: number; spot_check_id: number; check_item_id: number }>(
          em,
          `INSERT INTO spot_check_item (spot_check_id, check_item_id, item_name, passed, deduction, problem, sort_order)
           SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::bool[], $5::numeric[], $6::text[], $7::int[])
           RETURNING id, spot_check_id, check_item_id`,
          [
            results.map((r) => ids[r.check]),
            results.map((r) => r.item.id),
            results.map((r) => r.item.name),
            results.map((r) => r.passed),
            results.map((r) => r.deduction),
            results.map((r) => r.problem),
            results.map((r) => r.order),
          ],
        );
        const itemId = new Map(inserted.map((i) => [`${i.spot_check_id}:${i.check_item_id}`, i.id]));
        const demanded = results.filter((r) => r.deadline);
        // most are closed (reported within the deadline, verified a few days later); a few are reported and waiting; the rest overdue
        const fate = demanded.map((r) => {
          const roll = rnd.next();
          const late = r.deadline! >= `${y}-12-10`;
          return late ? (roll < 0.5 ? 'pending' : roll < 0.75 ? 'reported' : 'closed') : roll < 0.9 ? 'closed' : roll < 0.95 ? 'reported' : 'pending';
        });
        const reportedOn = demanded.map((r) => addDays(r.deadline!, -rnd.int(0, 4)));
        const verifiedOn = demanded.map((r, i) => addDays(reportedOn[i], rnd.int(1, 3)));
        const rects = await queryRows<{ id: number }>(
          em,
          `INSERT INTO rectification (spot_check_item_id, spot_check_id, street_id, worker_id, demand, deadline, status, closed_at)
           SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::text[], $6::date[], $7::text[], $8::timestamptz[])
           RETURNING id`,
          [
            demanded.map((r) => itemId.get(`${ids[r.check]}:${r.item.id}`)),
            demanded.map((r) => ids[r.check]),
            demanded.map((r) => checks[r.check].worker.street_id),
            demanded.map((r) => checks[r.check].worker.id),
            demanded.map((r) => r.demand),
            demanded.map((r) => r.deadline),
            fate,
            fate.map((f, i) => (f === 'closed' ? shanghaiInstant(verifiedOn[i], 10).toISOString() : null)),
          ],
        );
        const steps: Array<[number, string, string, string, string | null, number | null, string]> = [];
        rects.forEach((r, i) => {
          const street = checks[demanded[i].check].worker.street_id;
          if (fate[i] !== 'pending') steps.push([r.id, 'report', 'pending', 'reported', '已按要求整改，附整改前后照片', operatorOf.get(street) ?? null, reportedOn[i]]);
          if (fate[i] === 'closed') steps.push([r.id, 'verify', 'reported', 'closed', '核实已整改到位', staff.id, verifiedOn[i]]);
        });
        await em.query(
          `INSERT INTO rectification_step (rectification_id, action, from_status, to_status, note, actor_id, acted_on, acted_at)
           SELECT u.r, u.a, u.f, u.t, u.n, u.by, u.d, u.d::timestamp + time '16:30' FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::date[]) AS u(r, a, f, t, n, by, d)`,
          [steps.map((s) => s[0]), steps.map((s) => s[1]), steps.map((s) => s[2]), steps.map((s) => s[3]), steps.map((s) => s[4]), steps.map((s) => s[5]), steps.map((s) => s[6])],
        );
        // documented adjustments, each on a worker who was in service that month
        for (const a of ADJUSTMENTS) {
          const w = workers.filter((x) => isActiveOn(x.events, formatLocalDate(y, a.month, 15)));
          const pick = w[rnd.int(0, w.length - 1)];
          await em.query(`INSERT INTO score_adjustment (year, month, worker_id, amount, reason, created_by) VALUES ($1, $2, $3, $4, $5, $6)`, [y, a.month, pick.id, a.amount, a.reason, staff.id]);
        }
        await sweepOverdue(em, todayInShanghai(), 'demo-seed');
      });
      newChecks = checks.length;
    }

    // every month of the year computed and published (a published month is left as it is)
    let published = 0;
    for (let month = 1; month <= 12; month++) {
      if (lastDayOfMonth(y, month) >= todayInShanghai()) break;
      await ctx.db.transaction(async (em) => {
        const r = await computeMonth(em, y, month, admin?.id ?? null);
        if (r.computed) {
          await publishMonth(em, y, month, admin?.id ?? null);
          published++;
        }
      });
    }
    let rankings = 0;
    for (let quarter = 1; quarter <= 4; quarter++) {
      const has = await queryOne(ctx.db, `SELECT 1 FROM quarter_ranking WHERE year = $1 AND quarter = $2 AND status = 'published'`, [y, quarter]);
      const months = await queryOne<{ n: string }>(ctx.db, `SELECT count(*) AS n FROM assessment_month WHERE year = $1 AND month BETWEEN $2 AND $3 AND status = 'published'`, [y, quarter * 3 - 2, quarter * 3]);
      if (has || toInt(months!.n) < 3) continue;
      await ctx.db.transaction((em) => publishRanking(em, y, quarter, admin?.id ?? null, `${y}年第${quarter}季度考核排名`));
      rankings++;
    }
    if (!(await bonusStandardFor(ctx.db, y, 1))) {
      await ctx.db.query(`INSERT INTO bonus_standard (effective_year, effective_quarter, monthly_standard, note, created_by) VALUES ($1, 1, 300, '区财政局网格员季度奖金标准（演示）', $2)`, [y, admin?.id ?? null]);
    }
    const streets = await queryRows<{ id: number }>(ctx.db, `SELECT s.id FROM org_unit s JOIN org_unit d ON d.id = s.district_id WHERE s.level = 'street' AND d.code = '430203' ORDER BY s.sort_order, s.code`);
    let confirmed = 0;
    for (let quarter = 1; quarter <= 4; quarter++) {
      if (lastDayOfMonth(y, quarter * 3) >= todayInShanghai()) break;
      for (const s of streets) {
        const has = await queryOne(ctx.db, `SELECT 1 FROM headcount_confirmation WHERE year = $1 AND quarter = $2 AND street_id = $3`, [y, quarter, s.id]);
        if (has) continue;
        await ctx.db.transaction((em) => confirmHeadcount(em, y, quarter, s.id, operatorOf.get(s.id) ?? null));
        confirmed++;
      }
    }
    const totals = await queryOne<{ checks: string; rect: string; open: string }>(
      ctx.db,
      `SELECT (SELECT count(*) FROM spot_check WHERE check_day BETWEEN $1::date AND $2::date) AS checks,
              (SELECT count(*) FROM rectification r JOIN spot_check sc ON sc.id = r.spot_check_id WHERE sc.check_day BETWEEN $1::date AND $2::date) AS rect,
              (SELECT count(*) FROM rectification r JOIN spot_check sc ON sc.id = r.spot_check_id WHERE sc.check_day BETWEEN $1::date AND $2::date AND r.status <> 'closed') AS open`,
      [`${y}-01-01`, `${y}-12-31`],
    );
    ctx.log(
      `assessment: ${totals!.checks} spot checks in ${y} (${newChecks} new), ${totals!.rect} rectifications (${totals!.open} not closed), ` +
        `${published} months and ${rankings} quarterly rankings newly published, ${confirmed} street headcounts newly confirmed`,
    );
  },
};
