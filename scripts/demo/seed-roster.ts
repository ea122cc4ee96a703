import { addDays, formatLocalDate } from '@app/domain/calendar/shanghai';
import { maskIdNumber } from '@app/domain/common/masking';
import { queryRows } from '@app/domain/database/sql';
import { idNumberCheckChar } from '@app/domain/roster/id-number.rules';
import type { DemoSeeder } from './demo-context';
import { DemoRandom } from './demo-random';
import { GIVEN_CHARS, SURNAMES } from './lusong.data';

type Event = { kind: 'hire' | 'suspend' | 'resume' | 'leave'; date: string };

/**
 * About 500 grid workers, one or two per grid, with histories a centre really has: most hired before the
 * demo year, some hired during it, a few who left, a few suspended for a month and back.
 */
export const rosterSeeder: DemoSeeder = {
  name: 'roster',
  async seed(ctx) {
    const rnd = new DemoRandom(20240101);
    const grids = await queryRows<{ id: number; code: string; street_id: number; community_id: number }>(
      ctx.db,
      `SELECT g.id, g.code, g.street_id, g.community_id FROM org_unit g JOIN org_unit d ON d.id = g.district_id
        WHERE g.level = 'grid' AND d.code = '430203' ORDER BY g.code`,
    );
    const y = ctx.year;
    let created = 0;
    let n = 0;
    // a worker and their history go in together: an interrupted run leaves no worker without a history
    await ctx.db.transaction(async (em) => {
      for (const grid of grids) {
        const perGrid = rnd.chance(0.22) ? 2 : 1;
        for (let k = 0; k < perGrid; k++) {
          n++;
          const code = `LS${String(n).padStart(4, '0')}`;
          const gender = rnd.chance(0.7) ? 'female' : 'male';
          const name = rnd.pick(SURNAMES) + rnd.pick(GIVEN_CHARS) + (rnd.chance(0.75) ? rnd.pick(GIVEN_CHARS) : '');
          const birth = formatLocalDate(rnd.int(1968, 2000), rnd.int(1, 12), rnd.int(1, 28));
          const seq = rnd.int(0, 49) * 20 + (gender === 'male' ? 1 : 2) + rnd.int(0, 4) * 2;
          const first17 = `430203${birth.replace(/-/g, '')}${String(seq % 1000).padStart(3, '0')}`;
          const idNumber = first17 + idNumberCheckChar(first17);
          const phone = `${rnd.pick(['135', '137', '138', '139', '150', '151', '152', '157', '158', '159', '173', '180', '182', '187', '188', '199'])}${String(rnd.int(0, 99999999)).padStart(8, '0')}`;
          const events = history(rnd, y);
          const [row] = await queryRows<{ id: number }>(
            em,
            `INSERT INTO grid_worker (code, name, phone, id_number_enc, id_number_hash, id_number_mask, gender, birth_date, grid_id, community_id, street_id, kind, is_grid_leader)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
             ON CONFLICT DO NOTHING RETURNING id`,
            [code, name, phone, ctx.cipher.encrypt(idNumber), ctx.cipher.lookupHash(idNumber), maskIdNumber(idNumber), gender, birth, grid.id, grid.community_id, grid.street_id, rnd.chance(0.85) ? 'full_time' : 'part_time', k === 0 && rnd.chance(0.3)],
          );
          if (!row) continue; // already there from an earlier run
          created++;
          for (const e of events) {
            await em.query(`INSERT INTO employment_event (worker_id, kind, effective_date, note) VALUES ($1, $2, $3, '演示数据')`, [row.id, e.kind, e.date]);
          }
        }
      }
    });
    const [total] = await queryRows<{ n: string }>(ctx.db, `SELECT count(*) AS n FROM grid_worker WHERE code LIKE 'LS%'`);
    ctx.log(`roster: ${total.n} grid workers (${created} new)`);
  },
};

function history(rnd: DemoRandom, y: number): Event[] {
  const roll = rnd.next();
  if (roll < 0.1) {
    // hired during the demo year
    const hire = formatLocalDate(y, rnd.int(2, 11), rnd.int(1, 28));
    return [{ kind: 'hire', date: hire }];
  }
  const hire = formatLocalDate(rnd.int(2019, y - 1), rnd.int(1, 12), rnd.int(1, 28));
  if (roll < 0.16) return [{ kind: 'hire', date: hire }, { kind: 'leave', date: formatLocalDate(y, rnd.int(2, 12), rnd.int(1, 28)) }];
  if (roll < 0.19) {
    const from = formatLocalDate(y, rnd.int(2, 10), 1);
    return [{ kind: 'hire', date: hire }, { kind: 'suspend', date: from }, { kind: 'resume', date: addDays(from, rnd.int(28, 35)) }];
  }
  if (roll < 0.21) return [{ kind: 'hire', date: hire }, { kind: 'leave', date: formatLocalDate(y - 1, rnd.int(1, 12), rnd.int(1, 28)) }];
  return [{ kind: 'hire', date: hire }];
}
