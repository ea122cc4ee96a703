import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { permissionsOf, Role } from '@app/domain';
import type { Actor } from '@app/domain';
import { PersonalDataCipher } from '@app/domain/crypto/personal-data.cipher';
import { maskIdNumber } from '@app/domain/common/masking';
import { queryOne } from '@app/domain/database/sql';
import { idNumberCheckChar } from '@app/domain/roster/id-number.rules';
import { hashSessionToken } from '../../apps/api/src/auth/session-token';
import type { TestApp } from './test-app';

let seq = 0;
const next = () => `${process.pid % 1000}${++seq}`;

/** A valid ID number with the given birth date and sequence. */
export function idNumber(birth = '19900307', sequence = Math.floor(Math.random() * 900 + 100)): string {
  const first17 = `430203${birth}${String(sequence).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

export function phone(): string {
  return `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
}

/** Small factories that write straight to the database, for arranging a test. */
export function given(t: Pick<TestApp, 'db' | 'config'>) {
  const db: DataSource = t.db;
  const cipher = new PersonalDataCipher(t.config.PERSONAL_DATA_KEY);

  async function unit(level: 'district' | 'street' | 'community' | 'grid', parent: { id: number; district_id?: number | null; street_id?: number | null } | null, extra: { name?: string; communityKind?: 'community' | 'village' } = {}) {
    const code = `${level.slice(0, 1).toUpperCase()}${next()}`;
    const row = await queryOne<{ id: number; district_id: number | null; street_id: number | null; community_id: number | null }>(
      db,
      `INSERT INTO org_unit (parent_id, level, code, name, community_kind, district_id, street_id, community_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id, district_id, street_id, community_id`,
      [
        parent?.id ?? null,
        level,
        code,
        extra.name ?? `${level}-${code}`,
        level === 'community' ? (extra.communityKind ?? 'community') : null,
        level === 'district' ? null : level === 'street' ? parent!.id : parent!.district_id,
        level === 'community' ? parent!.id : level === 'grid' ? parent!.street_id : null,
        level === 'grid' ? parent!.id : null,
      ],
    );
    if (level === 'street') await db.query(`UPDATE org_unit SET street_id = id WHERE id = $1`, [row!.id]);
    if (level === 'community') await db.query(`UPDATE org_unit SET community_id = id WHERE id = $1`, [row!.id]);
    return { id: row!.id, code, level, district_id: level === 'district' ? row!.id : row!.district_id, street_id: level === 'street' ? row!.id : row!.street_id };
  }

  return {
    /** district → street → community → grid, returned together. */
    async tree(names: { street?: string } = {}) {
      const district = await unit('district', null, { name: '测试区' });
      const street = await unit('street', district, { name: names.street ?? '测试街道' });
      const community = await unit('community', street);
      const grid = await unit('grid', { ...community, street_id: street.id });
      return { district, street, community, grid };
    },
    async street(district: { id: number }, name?: string) {
      const street = await unit('street', { ...district, district_id: district.id }, { name });
      const community = await unit('community', street);
      const grid = await unit('grid', { ...community, street_id: street.id });
      return { street, community, grid };
    },
    async worker(gridId: number, opts: { name?: string; hired?: string; events?: Array<{ kind: string; date: string }> } = {}) {
      const grid = await queryOne<{ street_id: number; community_id: number }>(db, `SELECT street_id, community_id FROM org_unit WHERE id = $1`, [gridId]);
      const id = idNumber('19900307', Number(next()) % 1000);
      const row = await queryOne<{ id: number; code: string }>(
        db,
        `INSERT INTO grid_worker (code, name, phone, id_number_enc, id_number_hash, id_number_mask, gender, birth_date, grid_id, community_id, street_id, kind)
         VALUES ($1, $2, $3, $4, $5, $6, 'male', '1990-03-07', $7, $8, $9, 'full_time') RETURNING id, code`,
        [`GW${next()}`, opts.name ?? `网格员${next()}`, phone(), cipher.encrypt(id), cipher.lookupHash(id + randomBytes(4).toString('hex')), maskIdNumber(id), gridId, grid!.community_id, grid!.street_id],
      );
      const events = opts.events ?? [{ kind: 'hire', date: opts.hired ?? '2020-01-01' }];
      for (const e of events) await db.query(`INSERT INTO employment_event (worker_id, kind, effective_date) VALUES ($1, $2, $3)`, [row!.id, e.kind, e.date]);
      return row!;
    },
    async department(name = '区环保局') {
      return (await queryOne<{ id: number }>(db, `INSERT INTO department (code, name) VALUES ($1, $2) RETURNING id`, [`D${next()}`, name]))!;
    },
    /** A user with a live session; returns the bearer token. Sessions are opened directly, skipping argon2. */
    async user(roles: Role[], bind: { streetId?: number; departmentId?: number; workerId?: number } = {}) {
      const user = await queryOne<{ id: number }>(
        db,
        `INSERT INTO app_user (username, display_name, password_hash, roles, street_id, department_id, worker_id)
         VALUES ($1, $1, 'x', $2, $3, $4, $5) RETURNING id`,
        [`u${next()}`, roles, bind.streetId ?? null, bind.departmentId ?? null, bind.workerId ?? null],
      );
      const token = randomBytes(24).toString('base64url');
      await db.query(`INSERT INTO user_session (token_hash, user_id, expires_at) VALUES ($1, $2, now() + interval '1 hour')`, [hashSessionToken(token), user!.id]);
      const actor: Actor = {
        userId: user!.id,
        username: `u${seq}`,
        roles,
        permissions: permissionsOf(roles),
        streetId: bind.streetId ?? null,
        departmentId: bind.departmentId ?? null,
        workerId: bind.workerId ?? null,
      };
      return { id: user!.id, token, auth: `Bearer ${token}`, actor };
    },
  };
}
