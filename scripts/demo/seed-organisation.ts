import { queryOne, queryRows } from '@app/domain/database/sql';
import type { DemoContext, DemoSeeder } from './demo-context';
import { DemoRandom } from './demo-random';
import { DEPARTMENTS, DISTRICT, STREETS } from './lusong.data';

async function upsertUnit(
  ctx: DemoContext,
  u: { parentId: number | null; level: string; code: string; name: string; kind?: string | null; districtId?: number | null; streetId?: number | null; communityId?: number | null; sort: number },
): Promise<number> {
  const found = await queryOne<{ id: number }>(ctx.db, `SELECT id FROM org_unit WHERE code = $1`, [u.code]);
  if (found) return found.id;
  const row = await queryOne<{ id: number }>(
    ctx.db,
    `INSERT INTO org_unit (parent_id, level, code, name, community_kind, district_id, street_id, community_id, sort_order)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [u.parentId, u.level, u.code, u.name, u.kind ?? null, u.districtId ?? null, u.streetId ?? null, u.communityId ?? null, u.sort],
  );
  if (u.level === 'street') await ctx.db.query(`UPDATE org_unit SET street_id = id WHERE id = $1`, [row!.id]);
  if (u.level === 'community') await ctx.db.query(`UPDATE org_unit SET community_id = id WHERE id = $1`, [row!.id]);
  return row!.id;
}

/** 芦淞区, its 8 streets, 81 communities and villages, about 400 grids, and the district's departments. */
export const organisationSeeder: DemoSeeder = {
  name: 'organisation',
  async seed(ctx) {
    const rnd = new DemoRandom(430203);
    const districtId = await upsertUnit(ctx, { parentId: null, level: 'district', code: DISTRICT.code, name: DISTRICT.name, sort: 0 });
    let grids = 0;
    for (const [si, s] of STREETS.entries()) {
      const streetId = await upsertUnit(ctx, { parentId: districtId, level: 'street', code: s.code, name: s.name, districtId, sort: si + 1 });
      const units = [...s.communities.map((n) => ({ name: n, kind: 'community' })), ...s.villages.map((n) => ({ name: n, kind: 'village' }))];
      for (const [ci, c] of units.entries()) {
        const code = `${s.code}${String(ci + 1).padStart(3, '0')}`;
        const communityId = await upsertUnit(ctx, { parentId: streetId, level: 'community', code, name: c.name, kind: c.kind, districtId, streetId, sort: ci + 1 });
        const gridCount = c.kind === 'village' ? rnd.int(3, 5) : rnd.int(4, 7);
        for (let g = 1; g <= gridCount; g++) {
          await upsertUnit(ctx, { parentId: communityId, level: 'grid', code: `${code}-${String(g).padStart(2, '0')}`, name: `${c.name}第${g}网格`, districtId, streetId, communityId, sort: g });
          grids++;
        }
      }
    }
    for (const d of DEPARTMENTS) {
      await ctx.db.query(`INSERT INTO department (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING`, [d.code, d.name]);
    }
    const [counts] = await queryRows<{ streets: string; communities: string; villages: string }>(
      ctx.db,
      `SELECT count(*) FILTER (WHERE level = 'street') AS streets, count(*) FILTER (WHERE level = 'community') AS communities,
              count(*) FILTER (WHERE community_kind = 'village') AS villages FROM org_unit WHERE district_id = $1 OR id = $1`,
      [districtId],
    );
    ctx.log(`organisation: ${DISTRICT.name}, ${counts.streets} streets, ${counts.communities} communities (${counts.villages} villages), ${grids} grids`);
  },
};
