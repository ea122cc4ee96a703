import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError, streetScope, todayInShanghai } from '@app/domain';
import { auditChange } from '@app/domain/audit/audit-context';
import { queryOne, queryRows, toInt } from '@app/domain/database/sql';
import type { CommunityKind, OrgLevel } from '@app/domain/organisation/org-unit.entity';
import { CHILD_LEVEL, COMMUNITY_KIND_LABELS, ORG_LEVEL_LABELS } from '@app/domain/organisation/org-unit.rules';
import { CreateOrgUnitDto, OrgUnitQuery, UpdateOrgUnitDto } from './dto/org-unit.dto';

export interface OrgUnitView {
  id: number;
  parentId: number | null;
  level: OrgLevel;
  levelName: string;
  code: string;
  name: string;
  communityKind: CommunityKind | null;
  communityKindName: string | null;
  streetId: number | null;
  sortOrder: number;
}

export interface OrgTreeNode extends OrgUnitView {
  children: OrgTreeNode[];
  /** Grid workers active today, rolled up to the ancestors. */
  workerCount: number;
}

interface Row {
  id: number;
  parent_id: number | null;
  level: OrgLevel;
  code: string;
  name: string;
  community_kind: CommunityKind | null;
  street_id: number | null;
  sort_order: number;
}

const COLUMNS = `id, parent_id, level, code, name, community_kind, street_id, sort_order`;

function view(r: Row): OrgUnitView {
  return {
    id: r.id,
    parentId: r.parent_id,
    level: r.level,
    levelName: ORG_LEVEL_LABELS[r.level],
    code: r.code,
    name: r.name,
    communityKind: r.community_kind,
    communityKindName: r.community_kind ? COMMUNITY_KIND_LABELS[r.community_kind] : null,
    streetId: r.street_id,
    sortOrder: r.sort_order,
  };
}

/** What the audit trail keeps of a unit. */
function auditFields(u: OrgUnitView) {
  return { parentId: u.parentId, level: u.level, code: u.code, name: u.name, communityKind: u.communityKind, streetId: u.streetId, sortOrder: u.sortOrder };
}

/**
 * The organisation tree. A street operator sees their street, its ancestors (the district, read only) and
 * its descendants; changes are limited to their street's communities and grids.
 */
@Injectable()
export class OrgUnitsService {
  constructor(private readonly db: DataSource) {}

  /** SQL condition narrowing org_unit rows to what the actor may see; `$n` is the street id. */
  private visible(actor: Actor, alias = 'u', paramIndex = 1): { sql: string; params: unknown[] } {
    const street = streetScope(actor);
    if (street === null) return { sql: 'TRUE', params: [] };
    return {
      sql: `(${alias}.street_id = $${paramIndex} OR ${alias}.id = (SELECT district_id FROM org_unit WHERE id = $${paramIndex}))`,
      params: [street],
    };
  }

  async tree(actor: Actor): Promise<OrgTreeNode[]> {
    const v = this.visible(actor);
    const rows = await queryRows<Row & { worker_count: string }>(
      this.db,
      `SELECT ${COLUMNS.split(', ').map((c) => `u.${c}`).join(', ')},
              (SELECT count(*) FROM grid_worker w
                WHERE w.grid_id = u.id AND employment_status_on(w.id, $${v.params.length + 1}::date) = 'active') AS worker_count
         FROM org_unit u WHERE ${v.sql} ORDER BY u.sort_order, u.code`,
      [...v.params, todayInShanghai()],
    );
    const nodes = new Map<number, OrgTreeNode>();
    for (const r of rows) nodes.set(r.id, { ...view(r), children: [], workerCount: toInt(r.worker_count) });
    const roots: OrgTreeNode[] = [];
    for (const n of nodes.values()) {
      const parent = n.parentId === null ? undefined : nodes.get(n.parentId);
      if (parent) parent.children.push(n);
      else roots.push(n);
    }
    // worker counts roll up to the ancestors
    const rollUp = (n: OrgTreeNode): number => (n.workerCount += n.children.reduce((s, c) => s + rollUp(c), 0));
    roots.forEach(rollUp);
    return roots;
  }

  async list(actor: Actor, q: OrgUnitQuery): Promise<OrgUnitView[]> {
    const v = this.visible(actor);
    const params = [...v.params];
    const where = [v.sql];
    if (q.parentId !== undefined) where.push(`u.parent_id = $${params.push(q.parentId)}`);
    if (q.level) where.push(`u.level = $${params.push(q.level)}`);
    const rows = await queryRows<Row>(this.db, `SELECT ${COLUMNS} FROM org_unit u WHERE ${where.join(' AND ')} ORDER BY sort_order, code LIMIT 2000`, params);
    return rows.map(view);
  }

  async get(actor: Actor, id: number, em: EntityManager | DataSource = this.db): Promise<OrgUnitView> {
    const v = this.visible(actor, 'u', 2);
    const row = await queryOne<Row>(em, `SELECT ${COLUMNS} FROM org_unit u WHERE u.id = $1 AND ${v.sql}`, [id, ...v.params]);
    if (!row) throw DomainError.notFound('单位', id);
    return view(row);
  }

  /** Units a street operator may change: their street's communities and grids (not the street itself). */
  private assertWritable(actor: Actor, unit: OrgUnitView): void {
    const street = streetScope(actor);
    if (street !== null && (unit.level === 'district' || unit.level === 'street' || unit.streetId !== street)) {
      throw DomainError.forbidden('只能维护本镇（街道）的社区和网格');
    }
  }

  async create(actor: Actor, dto: CreateOrgUnitDto): Promise<OrgUnitView> {
    return this.db.transaction(async (em) => {
      let level: OrgLevel = 'district';
      let ids = { district: null as number | null, street: null as number | null, community: null as number | null };
      if (dto.parentId) {
        const parent = await this.get(actor, dto.parentId, em);
        const childLevel = CHILD_LEVEL[parent.level];
        if (!childLevel) throw DomainError.invalid('parentId', '网格下不能再建下级单位');
        level = childLevel;
        const street = streetScope(actor);
        if (street !== null && (level === 'street' || parent.streetId !== street && parent.id !== street)) {
          throw DomainError.forbidden('只能在本镇（街道）下建立社区和网格');
        }
        const anc = await queryOne<{ district_id: number | null; street_id: number | null; community_id: number | null }>(
          em,
          `SELECT district_id, street_id, community_id FROM org_unit WHERE id = $1`,
          [parent.id],
        );
        ids = {
          district: parent.level === 'district' ? parent.id : anc!.district_id,
          street: parent.level === 'street' ? parent.id : anc!.street_id,
          community: parent.level === 'community' ? parent.id : anc!.community_id,
        };
      } else if (streetScope(actor) !== null) {
        throw DomainError.forbidden('只有中心可以建立区');
      }
      if (level === 'community' && !dto.communityKind) throw DomainError.invalid('communityKind', '社区层级须注明社区或村');
      if (level !== 'community' && dto.communityKind) throw DomainError.invalid('communityKind', '只有社区层级有社区或村之分');
      const dup = await queryOne(em, `SELECT 1 FROM org_unit WHERE code = $1`, [dto.code]);
      if (dup) throw DomainError.conflict(`单位编码已存在：${dto.code}`);
      const row = await queryOne<Row>(
        em,
        `INSERT INTO org_unit (parent_id, level, code, name, community_kind, district_id, street_id, community_id, sort_order)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
        [dto.parentId ?? null, level, dto.code, dto.name.trim(), dto.communityKind ?? null, ids.district, ids.street, ids.community, dto.sortOrder ?? 0],
      );
      // a new street is its own street
      if (level === 'street') await em.query(`UPDATE org_unit SET street_id = id WHERE id = $1`, [row!.id]);
      if (level === 'community') await em.query(`UPDATE org_unit SET community_id = id WHERE id = $1`, [row!.id]);
      const created = await this.get(actor, row!.id, em);
      auditChange('org-units', created.id, null, auditFields(created));
      return created;
    });
  }

  async update(actor: Actor, id: number, dto: UpdateOrgUnitDto): Promise<OrgUnitView> {
    return this.db.transaction(async (em) => {
      const unit = await this.get(actor, id, em);
      this.assertWritable(actor, unit);
      if (dto.communityKind && unit.level !== 'community') throw DomainError.invalid('communityKind', '只有社区层级有社区或村之分');
      await em.query(
        `UPDATE org_unit SET name = COALESCE($2, name), community_kind = COALESCE($3, community_kind),
                sort_order = COALESCE($4, sort_order), updated_at = now() WHERE id = $1`,
        [id, dto.name?.trim() ?? null, dto.communityKind ?? null, dto.sortOrder ?? null],
      );
      const after = await this.get(actor, id, em);
      auditChange('org-units', id, auditFields(unit), auditFields(after));
      return after;
    });
  }

  async remove(actor: Actor, id: number): Promise<void> {
    await this.db.transaction(async (em) => {
      const unit = await this.get(actor, id, em);
      this.assertWritable(actor, unit);
      // lock the row so a child or worker added at the same moment cannot slip in
      await em.query(`SELECT id FROM org_unit WHERE id = $1 FOR UPDATE`, [id]);
      const usage = await queryOne<{ children: string; workers: string }>(
        em,
        `SELECT (SELECT count(*) FROM org_unit WHERE parent_id = $1) AS children,
                (SELECT count(*) FROM grid_worker WHERE grid_id = $1) AS workers`,
        [id],
      );
      const children = toInt(usage?.children);
      const workers = toInt(usage?.workers);
      if (children || workers) {
        const parts = [children ? `${children}个下级单位` : '', workers ? `${workers}名网格员` : ''].filter(Boolean).join('、');
        throw DomainError.conflict(`「${unit.name}」下还有${parts}，不能删除`);
      }
      await em.query(`DELETE FROM org_unit WHERE id = $1`, [id]);
      auditChange('org-units', id, auditFields(unit), null);
    });
  }
}
