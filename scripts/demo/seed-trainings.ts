import { shanghaiInstant } from '@app/domain/calendar/shanghai';
import { formatPercent } from '@app/domain/common/decimal';
import { queryOne, queryRows } from '@app/domain/database/sql';
import type { AttendanceStatus, TrainingMode } from '@app/domain/trainings/training.rules';
import { trainingYearFigures } from '@app/reporting/trainings/training-figures';
import type { DemoSeeder } from './demo-context';
import { DemoRandom } from './demo-random';

interface DemoSession {
  title: string;
  organiser: string;
  mode: TrainingMode;
  month: number;
  day: string;
  start: [number, number];
  end: [number, number];
  hours: string;
  place: string | null;
  meetingLink: string | null;
  /** Shares of the expected workers, in per mille: 迟到, 请假, 缺勤 (the rest 出勤). */
  late: number;
  leave: number;
  absent: number;
}

/**
 * The reference year's trainings (2024 自评报告: 4 sessions against ≥2, attendance 93% against ≥95%, online
 * sessions lower because the workers' other duties clashed): a yearly plan, four held sessions for all grid
 * workers, and the attendance of every expected worker. Offline sessions reach about 97.5%, online ones
 * about 88.5%. Deterministic (seeded shuffles by worker code); one insert per table per session.
 */
const SESSIONS = (year: number): DemoSession[] => [
  {
    title: '如何开展信访工作',
    organiser: '区信访局',
    mode: 'offline',
    month: 4,
    day: `${year}-04-18`,
    start: [9, 0],
    end: [11, 30],
    hours: '2.5',
    place: '区网格化管理服务中心三楼会议室',
    meetingLink: null,
    late: 30,
    leave: 15,
    absent: 10,
  },
  {
    title: '基础党建业务知识培训',
    organiser: '区委组织部',
    mode: 'online',
    month: 6,
    day: `${year}-06-20`,
    start: [15, 0],
    end: [17, 0],
    hours: '2',
    place: null,
    meetingLink: 'https://meeting.tencent.com/dm/lsdj2024',
    late: 40,
    leave: 50,
    absent: 70,
  },
  {
    title: '自建房安全隐患排查要点及“回头看”工作业务培训',
    organiser: '区住房和城乡建设局',
    mode: 'online',
    month: 9,
    day: `${year}-09-12`,
    start: [15, 0],
    end: [16, 30],
    hours: '1.5',
    place: null,
    meetingLink: '628 374 915',
    late: 30,
    leave: 45,
    absent: 65,
  },
  {
    title: '网格事件上报与网格化服务管理系统操作',
    organiser: '区网格化管理服务中心',
    mode: 'offline',
    month: 11,
    day: `${year}-11-21`,
    start: [9, 0],
    end: [12, 0],
    hours: '3',
    place: '区网格化管理服务中心三楼会议室',
    meetingLink: null,
    late: 25,
    leave: 15,
    absent: 10,
  },
];

export const trainingsSeeder: DemoSeeder = {
  name: 'trainings',
  async seed(ctx) {
    const y = ctx.year;
    const specs = SESSIONS(y);
    const plan = await queryOne<{ id: number }>(
      ctx.db,
      `INSERT INTO training_plan (year, title, target_sessions, target_attendance_rate, note)
       VALUES ($1, $2, 2, 0.95, '全科网格员培训每年不少于2次，培训出勤率不低于95%')
       ON CONFLICT (year) DO NOTHING RETURNING id`,
      [y, `${y}年度全科网格员培训计划`],
    );
    if (plan) {
      await ctx.db.query(
        `INSERT INTO training_plan_item (plan_id, title, month, organiser, mode, sort_order)
         SELECT $1, t, m, o, md, n FROM unnest($2::text[], $3::int[], $4::text[], $5::text[]) WITH ORDINALITY AS u(t, m, o, md, n)`,
        [plan.id, specs.map((s) => s.title), specs.map((s) => s.month), specs.map((s) => s.organiser), specs.map((s) => s.mode)],
      );
    }

    let created = 0;
    for (const [i, s] of specs.entries()) {
      const startsAt = shanghaiInstant(s.day, ...s.start);
      const endsAt = shanghaiInstant(s.day, ...s.end);
      const exists = await queryOne(ctx.db, `SELECT id FROM training_session WHERE title = $1 AND starts_at = $2`, [s.title, startsAt]);
      if (exists) continue;
      created++;
      await ctx.db.transaction(async (em) => {
        const session = await queryOne<{ id: number }>(
          em,
          `INSERT INTO training_session (plan_item_id, title, organiser, mode, starts_at, ends_at, hours, place, meeting_link, audience_kind,
                                         counts_as_general_training, state, held_at)
           VALUES ((SELECT i.id FROM training_plan_item i JOIN training_plan p ON p.id = i.plan_id WHERE p.year = $1 AND i.title = $2 LIMIT 1),
                   $2, $3, $4, $5, $6, $7, $8, $9, 'all', true, 'held', $6)
           RETURNING id`,
          [y, s.title, s.organiser, s.mode, startsAt, endsAt, s.hours, s.place, s.meetingLink],
        );
        // the expected list as holding it through the API does: every worker active on the session day
        const expected = await queryRows<{ worker_id: number }>(
          em,
          `INSERT INTO training_expected (session_id, worker_id, street_id)
           SELECT $1, w.id, w.street_id FROM grid_worker w WHERE employment_status_on(w.id, $2::date) = 'active'
           RETURNING worker_id`,
          [session!.id, s.day],
        );
        const codes = new Map(
          (await queryRows<{ id: number; code: string }>(em, `SELECT id, code FROM grid_worker WHERE id = ANY($1::int[])`, [expected.map((e) => e.worker_id)])).map((w) => [w.id, w.code]),
        );
        const order = expected.map((e) => e.worker_id).sort((p, q) => codes.get(p)!.localeCompare(codes.get(q)!));
        const rnd = new DemoRandom(2024_0000 + i * 101);
        for (let k = order.length - 1; k > 0; k--) {
          const j = Math.floor(rnd.next() * (k + 1));
          [order[k], order[j]] = [order[j], order[k]];
        }
        const n = order.length;
        const quota = (permille: number) => Math.round((n * permille) / 1000);
        const [late, leave, absent] = [quota(s.late), quota(s.leave), quota(s.absent)];
        const statuses: AttendanceStatus[] = order.map((_, k) => (k < late ? 'late' : k < late + leave ? 'leave' : k < late + leave + absent ? 'absent' : 'present'));
        const startMs = startsAt.getTime();
        const signIn = statuses.map((st) =>
          st === 'present' ? new Date(startMs + rnd.int(-25, 9) * 60_000) : st === 'late' ? new Date(startMs + rnd.int(11, 40) * 60_000) : null,
        );
        await em.query(
          `INSERT INTO training_attendance (session_id, worker_id, status, sign_in_at, source, recorded_at)
           SELECT $1, w, st, si, $5, $6 FROM unnest($2::int[], $3::text[], $4::timestamptz[]) AS u(w, st, si)`,
          [session!.id, order, statuses, signIn, s.mode === 'online' ? 'online' : 'sheet', endsAt],
        );
      });
    }

    const year = await trainingYearFigures(ctx.db, y);
    ctx.log(
      `trainings: ${year.sessionsHeld} sessions held in ${y} (${created} new), ${year.generalTrainingSessions} 全科网格员培训, ` +
        `attendance ${year.tally.attended}/${year.tally.expected} = ${year.tally.rate ? formatPercent(year.tally.rate) : '—'}`,
    );
  },
};
