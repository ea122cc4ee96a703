import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError, inStreetScope, streetScope, todayInShanghai, workerScope } from '@app/domain';
import { auditChange, auditDetail } from '@app/domain/audit/audit-context';
import { maskIdNumber, maskPhone } from '@app/domain/common/masking';
import { PersonalDataCipher } from '@app/domain/crypto/personal-data.cipher';
import { queryOne, queryRows, toInt } from '@app/domain/database/sql';
import {
  EMPLOYMENT_EVENT_LABELS,
  EMPLOYMENT_STATUS_LABELS,
  EmploymentEvent,
  EmploymentStatus,
  validateHistory,
} from '@app/domain/roster/employment.rules';
import { WORKER_KIND_LABELS, WorkerKind } from '@app/domain/roster/grid-worker.entity';
import { checkIdNumber, checkPhone } from '@app/domain/roster/id-number.rules';
import { checkRosterRows, RosterRecord } from '@app/domain/roster/roster-import.rules';
import { readRosterWorkbook, renderRosterExport } from '@app/reporting/roster/roster.workbook';
import { Page, pageOf } from '../common/pagination.dto';
import { CreateWorkerDto, EmploymentEventDto, UpdateWorkerDto, WorkerQuery } from './dto/worker.dto';

export interface WorkerView {
  id: number;
  code: string;
  name: string;
  phone: string;
  idNumber: string;
  gender: 'male' | 'female';
  street: { id: number; name: string };
  community: { id: number; name: string };
  grid: { id: number; name: string; code: string };
  kind: WorkerKind;
  kindName: string;
  isGridLeader: boolean;
  status: EmploymentStatus;
  statusName: string;
  hireDate: string | null;
}

export interface WorkerDetail extends WorkerView {
  events: Array<{ id: number; kind: string; kindName: string; date: string; note: string }>;
}

interface WorkerRow {
  id: number;
  code: string;
  name: string;
  phone: string;
  id_number_mask: string;
  gender: 'male' | 'female';
  street_id: number;
  street_name: string;
  community_id: number;
  community_name: string;
  grid_id: number;
  grid_name: string;
  grid_code: string;
  kind: WorkerKind;
  is_grid_leader: boolean;
  status: EmploymentStatus;
  hire_date: string | null;
}

const SELECT_WORKER = `
  SELECT w.id, w.code, w.name, w.phone, w.id_number_mask, w.gender, w.street_id, s.name AS street_name,
         w.community_id, c.name AS community_name, w.grid_id, g.name AS grid_name, g.code AS grid_code,
         w.kind, w.is_grid_leader, employment_status_on(w.id, $1::date) AS status,
         (SELECT min(effective_date) FROM employment_event e WHERE e.worker_id = w.id AND e.kind = 'hire') AS hire_date
    FROM grid_worker w
    JOIN org_unit s ON s.id = w.street_id
    JOIN org_unit c ON c.id = w.community_id
    JOIN org_unit g ON g.id = w.grid_id`;

function view(r: WorkerRow): WorkerView {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    phone: maskPhone(r.phone),
    idNumber: r.id_number_mask,
    gender: r.gender,
    street: { id: r.street_id, name: r.street_name },
    community: { id: r.community_id, name: r.community_name },
    grid: { id: r.grid_id, name: r.grid_name, code: r.grid_code },
    kind: r.kind,
    kindName: WORKER_KIND_LABELS[r.kind],
    isGridLeader: r.is_grid_leader,
    status: r.status,
    statusName: EMPLOYMENT_STATUS_LABELS[r.status],
    hireDate: r.hire_date,
  };
}

/** What the audit trail keeps of a worker (phone and ID number are masked already). */
function auditFields(w: WorkerView) {
  return {
    code: w.code,
    name: w.name,
    phone: w.phone,
    idNumber: w.idNumber,
    gridId: w.grid.id,
    communityId: w.community.id,
    streetId: w.street.id,
    kind: w.kind,
    isGridLeader: w.isGridLeader,
    status: w.status,
  };
}

interface GridRow {
  id: number;
  code: string;
  level: string;
  street_id: number;
  community_id: number;
}

/**
 * The grid-worker roster. Phone and ID numbers are masked in every answer but the audited reveal; a street
 * operator sees and changes only the workers of their street.
 */
@Injectable()
export class WorkersService {
  constructor(
    private readonly db: DataSource,
    private readonly cipher: PersonalDataCipher,
  ) {}

  private filters(actor: Actor, q: Partial<WorkerQuery>, params: unknown[]): string[] {
    const where: string[] = [];
    const street = streetScope(actor);
    if (street !== null) where.push(`w.street_id = $${params.push(street)}`);
    const self = workerScope(actor);
    if (self !== null) where.push(`w.id = $${params.push(self)}`);
    if (q.streetId) where.push(`w.street_id = $${params.push(q.streetId)}`);
    if (q.communityId) where.push(`w.community_id = $${params.push(q.communityId)}`);
    if (q.gridId) where.push(`w.grid_id = $${params.push(q.gridId)}`);
    if (q.status) where.push(`employment_status_on(w.id, $1::date) = $${params.push(q.status)}`);
    if (q.name) {
      const like = `%${q.name.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      where.push(`(w.name LIKE $${params.push(like)} OR w.code LIKE $${params.length})`);
    }
    return where;
  }

  async list(actor: Actor, q: WorkerQuery): Promise<Page<WorkerView>> {
    const { page, pageSize, offset } = pageOf(q);
    const params: unknown[] = [todayInShanghai()];
    const where = this.filters(actor, q, params);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [countRow] = await queryRows<{ n: string }>(this.db, `SELECT count(*) AS n FROM grid_worker w CROSS JOIN (SELECT $1::date AS today) p ${whereSql}`, params);
    const rows = await queryRows<WorkerRow>(
      this.db,
      `${SELECT_WORKER} ${whereSql} ORDER BY s.sort_order, s.code, c.code, g.code, w.code LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, offset],
    );
    return { items: rows.map(view), total: toInt(countRow.n), page, pageSize };
  }

  async get(actor: Actor, id: number, em: EntityManager | DataSource = this.db): Promise<WorkerDetail> {
    const params: unknown[] = [todayInShanghai(), id];
    const where = ['w.id = $2', ...this.filters(actor, {}, params)];
    const row = await queryOne<WorkerRow>(em, `${SELECT_WORKER} WHERE ${where.join(' AND ')}`, params);
    if (!row) throw DomainError.notFound('网格员', id);
    const events = await queryRows<{ id: number; kind: EmploymentEvent['kind']; effective_date: string; note: string }>(
      em,
      `SELECT id, kind, effective_date, note FROM employment_event WHERE worker_id = $1 ORDER BY effective_date, id`,
      [id],
    );
    return {
      ...view(row),
      events: events.map((e) => ({ id: e.id, kind: e.kind, kindName: EMPLOYMENT_EVENT_LABELS[e.kind], date: e.effective_date, note: e.note })),
    };
  }

  private async grid(actor: Actor, em: EntityManager, gridId: number): Promise<GridRow> {
    const grid = await queryOne<GridRow>(em, `SELECT id, code, level, street_id, community_id FROM org_unit WHERE id = $1`, [gridId]);
    if (!grid || !inStreetScope(actor, grid.street_id)) throw DomainError.invalid('gridId', '所属网格不存在');
    if (grid.level !== 'grid') throw DomainError.invalid('gridId', '所属单位须为网格');
    return grid;
  }

  async create(actor: Actor, dto: CreateWorkerDto): Promise<WorkerDetail> {
    const today = todayInShanghai();
    const id = checkIdNumber(dto.idNumber, today);
    if (!id.ok) throw DomainError.invalid('idNumber', id.reason);
    const phone = checkPhone(dto.phone);
    if (!phone.ok) throw DomainError.invalid('phone', phone.reason);
    return this.db.transaction(async (em) => {
      const grid = await this.grid(actor, em, dto.gridId);
      await this.assertUnique(em, dto.code, id.value);
      const [row] = await queryRows<{ id: number }>(
        em,
        `INSERT INTO grid_worker (code, name, phone, id_number_enc, id_number_hash, id_number_mask, gender, birth_date, grid_id, community_id, street_id, kind, is_grid_leader)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
        [dto.code, dto.name.trim(), phone.value, this.cipher.encrypt(id.value), this.cipher.lookupHash(id.value), maskIdNumber(id.value), id.gender, id.birthDate, grid.id, grid.community_id, grid.street_id, dto.kind, dto.isGridLeader ?? false],
      );
      await em.query(`INSERT INTO employment_event (worker_id, kind, effective_date, note, created_by) VALUES ($1, 'hire', $2, '', $3)`, [row.id, dto.hireDate, actor.userId || null]);
      const created = await this.get(actor, row.id, em);
      auditChange('workers', row.id, null, auditFields(created));
      return created;
    });
  }

  private async assertUnique(em: EntityManager, code: string, idNumber: string, exceptId?: number): Promise<void> {
    const dup = await queryOne<{ code: string; id_dup: boolean }>(
      em,
      `SELECT code, id_number_hash = $2 AS id_dup FROM grid_worker WHERE (code = $1 OR id_number_hash = $2) AND id <> $3 LIMIT 1`,
      [code, this.cipher.lookupHash(idNumber), exceptId ?? 0],
    );
    if (dup?.id_dup) throw new DomainError('CONFLICT', '身份证号已登记在其他网格员名下', [{ field: 'idNumber', message: '身份证号已存在' }]);
    if (dup) throw new DomainError('CONFLICT', `网格员编号已存在：${code}`, [{ field: 'code', message: '网格员编号已存在' }]);
  }

  async update(actor: Actor, id: number, dto: UpdateWorkerDto): Promise<WorkerDetail> {
    let phone: string | null = null;
    if (dto.phone !== undefined) {
      const p = checkPhone(dto.phone);
      if (!p.ok) throw DomainError.invalid('phone', p.reason);
      phone = p.value;
    }
    return this.db.transaction(async (em) => {
      const before = await this.get(actor, id, em);
      const grid = dto.gridId ? await this.grid(actor, em, dto.gridId) : null;
      await em.query(
        `UPDATE grid_worker SET name = COALESCE($2, name), phone = COALESCE($3, phone), kind = COALESCE($4, kind),
                is_grid_leader = COALESCE($5, is_grid_leader), grid_id = COALESCE($6, grid_id),
                community_id = COALESCE($7, community_id), street_id = COALESCE($8, street_id), updated_at = now()
          WHERE id = $1`,
        [id, dto.name?.trim() ?? null, phone, dto.kind ?? null, dto.isGridLeader ?? null, grid?.id ?? null, grid?.community_id ?? null, grid?.street_id ?? null],
      );
      const after = await this.get(actor, id, em);
      auditChange('workers', id, auditFields(before), auditFields(after));
      return after;
    });
  }

  async addEvent(actor: Actor, id: number, dto: EmploymentEventDto): Promise<WorkerDetail> {
    return this.db.transaction(async (em) => {
      const before = await this.get(actor, id, em);
      // serialise history changes of one worker
      await em.query(`SELECT id FROM grid_worker WHERE id = $1 FOR UPDATE`, [id]);
      const events = await queryRows<{ kind: EmploymentEvent['kind']; effective_date: string }>(
        em,
        `SELECT kind, effective_date FROM employment_event WHERE worker_id = $1 ORDER BY effective_date, id`,
        [id],
      );
      const history = [...events.map((e) => ({ kind: e.kind, date: e.effective_date })), { kind: dto.kind, date: dto.date }];
      const problem = validateHistory(history);
      if (problem) throw new DomainError('CONFLICT', problem, [{ field: 'kind', message: problem }]);
      await em.query(`INSERT INTO employment_event (worker_id, kind, effective_date, note, created_by) VALUES ($1, $2, $3, $4, $5)`, [id, dto.kind, dto.date, dto.note ?? '', actor.userId || null]);
      const after = await this.get(actor, id, em);
      auditChange('workers', id, auditFields(before), auditFields(after));
      auditDetail({ event: { kind: dto.kind, date: dto.date } });
      return after;
    });
  }

  async revealIdNumber(actor: Actor, id: number): Promise<{ idNumber: string }> {
    await this.get(actor, id);
    const row = await queryOne<{ id_number_enc: Buffer }>(this.db, `SELECT id_number_enc FROM grid_worker WHERE id = $1`, [id]);
    return { idNumber: this.cipher.decrypt(row!.id_number_enc) };
  }

  /**
   * Imports a roster sheet, all rows or none: rows with a known 网格员编号 update that worker, the others
   * create one (and need an 入职日期). Every problem of every row is reported together.
   */
  async import(actor: Actor, file: Buffer): Promise<{ created: number; updated: number }> {
    const today = todayInShanghai();
    const sheet = await readRosterWorkbook(file);
    const { records, problems } = checkRosterRows(sheet, today);
    return this.db.transaction(async (em) => {
      const grids = new Map(
        (await queryRows<GridRow>(em, `SELECT id, code, level, street_id, community_id FROM org_unit WHERE code = ANY($1)`, [[...new Set(records.map((r) => r.gridCode))]])).map((g) => [g.code, g]),
      );
      const existing = new Map(
        (await queryRows<{ id: number; code: string; id_number_hash: string; street_id: number }>(em, `SELECT id, code, id_number_hash, street_id FROM grid_worker WHERE code = ANY($1) OR id_number_hash = ANY($2)`, [
          records.map((r) => r.code),
          records.map((r) => this.cipher.lookupHash(r.idNumber)),
        ])).flatMap((w) => [[`code:${w.code}`, w] as const, [`id:${w.id_number_hash}`, w] as const]),
      );
      const creates: Array<RosterRecord & { grid: GridRow }> = [];
      const updates: Array<RosterRecord & { grid: GridRow; id: number }> = [];
      for (const r of records) {
        const at = (column: string, message: string) => problems.push({ row: r.row, field: `第${r.row}行 ${column}`, message });
        const grid = grids.get(r.gridCode);
        if (!grid || grid.level !== 'grid' || !inStreetScope(actor, grid.street_id)) {
          at('网格编码', grid && grid.level !== 'grid' ? `「${r.gridCode}」不是网格` : `网格「${r.gridCode}」不存在${streetScope(actor) !== null ? '或不属于本镇（街道）' : ''}`);
          continue;
        }
        const byCode = existing.get(`code:${r.code}`);
        const byId = existing.get(`id:${this.cipher.lookupHash(r.idNumber)}`);
        // another street's worker is named to no one outside the centre: the answer must not tell a street
        // operator who in the district holds an ID number or a code
        if (byId && byId.code !== r.code) {
          at('身份证号', inStreetScope(actor, byId.street_id) ? `已登记在网格员「${byId.code}」名下` : '已登记在其他网格员名下');
          continue;
        }
        if (byCode) {
          if (!inStreetScope(actor, byCode.street_id)) at('网格员编号', '网格员编号已被使用');
          else if (byCode.id_number_hash !== this.cipher.lookupHash(r.idNumber)) at('身份证号', '与已登记的身份证号不一致');
          else updates.push({ ...r, grid, id: byCode.id });
        } else if (!r.hireDate) {
          at('入职日期', '新增网格员须填写入职日期');
        } else {
          creates.push({ ...r, grid });
        }
      }
      if (problems.length) {
        problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
        throw DomainError.invalidRows(`导入失败：${new Set(problems.map((p) => p.row)).size}行有问题，未写入任何数据`, problems);
      }
      if (creates.length) {
        const inserted = await queryRows<{ id: number; code: string }>(
          em,
          `INSERT INTO grid_worker (code, name, phone, id_number_enc, id_number_hash, id_number_mask, gender, birth_date, grid_id, community_id, street_id, kind, is_grid_leader)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bytea[], $5::text[], $6::text[], $7::text[], $8::date[], $9::int[], $10::int[], $11::int[], $12::text[], $13::bool[])
           RETURNING id, code`,
          [
            creates.map((r) => r.code),
            creates.map((r) => r.name),
            creates.map((r) => r.phone),
            creates.map((r) => this.cipher.encrypt(r.idNumber)),
            creates.map((r) => this.cipher.lookupHash(r.idNumber)),
            creates.map((r) => maskIdNumber(r.idNumber)),
            creates.map((r) => r.gender),
            creates.map((r) => r.birthDate),
            creates.map((r) => r.grid.id),
            creates.map((r) => r.grid.community_id),
            creates.map((r) => r.grid.street_id),
            creates.map((r) => r.kind),
            creates.map((r) => r.isGridLeader),
          ],
        );
        const idOf = new Map(inserted.map((w) => [w.code, w.id]));
        await em.query(
          `INSERT INTO employment_event (worker_id, kind, effective_date, note, created_by)
           SELECT unnest($1::int[]), 'hire', unnest($2::date[]), '名册导入', $3`,
          [creates.map((r) => idOf.get(r.code)), creates.map((r) => r.hireDate), actor.userId || null],
        );
      }
      if (updates.length) {
        await em.query(
          `UPDATE grid_worker g
              SET name = u.name, phone = u.phone, grid_id = u.grid_id, community_id = u.community_id, street_id = u.street_id,
                  kind = u.kind, is_grid_leader = u.is_grid_leader, updated_at = now()
             FROM unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::int[], $6::int[], $7::text[], $8::bool[])
                  AS u(id, name, phone, grid_id, community_id, street_id, kind, is_grid_leader)
            WHERE g.id = u.id`,
          [
            updates.map((r) => r.id),
            updates.map((r) => r.name),
            updates.map((r) => r.phone),
            updates.map((r) => r.grid.id),
            updates.map((r) => r.grid.community_id),
            updates.map((r) => r.grid.street_id),
            updates.map((r) => r.kind),
            updates.map((r) => r.isGridLeader),
          ],
        );
      }
      // an import may touch thousands of workers: the entry keeps the counts and codes, not each diff
      auditDetail({ created: creates.length, updated: updates.length, codes: [...creates, ...updates].map((r) => r.code).slice(0, 200) });
      return { created: creates.length, updated: updates.length };
    });
  }

  async export(actor: Actor, q: Partial<WorkerQuery>): Promise<Buffer> {
    const params: unknown[] = [todayInShanghai()];
    const where = this.filters(actor, q, params);
    const rows = await queryRows<WorkerRow>(this.db, `${SELECT_WORKER} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY s.sort_order, s.code, c.code, g.code, w.code LIMIT 50000`, params);
    auditDetail({ rows: rows.length, streets: [...new Set(rows.map((r) => r.street_id))] });
    return renderRosterExport(
      rows.map((r) => ({
        code: r.code,
        name: r.name,
        phoneMasked: maskPhone(r.phone),
        idNumberMasked: r.id_number_mask,
        street: r.street_name,
        community: r.community_name,
        grid: r.grid_name,
        gridCode: r.grid_code,
        kind: WORKER_KIND_LABELS[r.kind],
        isGridLeader: r.is_grid_leader,
        status: EMPLOYMENT_STATUS_LABELS[r.status],
        hireDate: r.hire_date,
      })),
      `网格员名册（${params[0]}）`,
    );
  }
}

