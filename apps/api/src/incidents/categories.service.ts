import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '@app/domain';
import { queryOne, queryRows } from '@app/domain/database/sql';
import { CASE_KIND_LABELS, CaseAssigneeKind, CaseKind } from '@app/domain/incidents/case.types';
import { installDefaultCategories } from '@app/domain/incidents/incident.store';
import { CreateCategoryDto, UpdateCategoryDto } from './dto/category.dto';

export interface CategoryNode {
  id: number;
  parentId: number | null;
  code: string;
  name: string;
  path: string;
  kind: CaseKind;
  kindName: string;
  responseLimitWorkingDays: number;
  handlingLimitWorkingDays: number;
  selfClosable: boolean;
  defaultAssignee: { kind: CaseAssigneeKind; departmentId: number | null; departmentName: string | null };
  sortOrder: number;
  active: boolean;
  isLeaf: boolean;
  children: CategoryNode[];
}

interface CategoryRow {
  id: number;
  parent_id: number | null;
  code: string;
  name: string;
  kind: CaseKind;
  response_limit_wd: number;
  handling_limit_wd: number;
  self_closable: boolean;
  default_assignee_kind: CaseAssigneeKind;
  default_department_id: number | null;
  department_name: string | null;
  sort_order: number;
  active: boolean;
}

const CACHE_MS = 30_000;

/** The category tree (two levels: group → category; cases are filed under leaves) with limits and default targets. */
@Injectable()
export class CategoriesService {
  private cache: { at: number; byId: Map<number, CategoryNode> } | null = null;

  constructor(private readonly db: DataSource) {}

  private async load(db: DataSource | EntityManager = this.db): Promise<Map<number, CategoryNode>> {
    const rows = await queryRows<CategoryRow>(
      db,
      `SELECT c.*, d.name AS department_name FROM case_category c LEFT JOIN department d ON d.id = c.default_department_id ORDER BY c.sort_order, c.code`,
    );
    const byId = new Map<number, CategoryNode>();
    for (const r of rows) {
      byId.set(r.id, {
        id: r.id,
        parentId: r.parent_id,
        code: r.code,
        name: r.name,
        path: r.name,
        kind: r.kind,
        kindName: CASE_KIND_LABELS[r.kind],
        responseLimitWorkingDays: r.response_limit_wd,
        handlingLimitWorkingDays: r.handling_limit_wd,
        selfClosable: r.self_closable,
        defaultAssignee: { kind: r.default_assignee_kind, departmentId: r.default_department_id, departmentName: r.department_name },
        sortOrder: r.sort_order,
        active: r.active,
        isLeaf: true,
        children: [],
      });
    }
    for (const n of byId.values()) {
      const parent = n.parentId ? byId.get(n.parentId) : undefined;
      if (parent) {
        parent.children.push(n);
        parent.isLeaf = false;
        n.path = `${parent.name} / ${n.name}`;
      }
    }
    return byId;
  }

  /** Categories by id, cached briefly (the report path reads it on every request). */
  async all(): Promise<Map<number, CategoryNode>> {
    if (this.cache && Date.now() - this.cache.at < CACHE_MS) return this.cache.byId;
    const byId = await this.load();
    this.cache = { at: Date.now(), byId };
    return byId;
  }

  invalidate(): void {
    this.cache = null;
  }

  async tree(): Promise<CategoryNode[]> {
    return [...(await this.load()).values()].filter((n) => n.parentId === null);
  }

  /** A category a new case may be filed under: exists, active, a leaf. */
  async forNewCase(id: number): Promise<CategoryNode> {
    let c = (await this.all()).get(id);
    if (!c) {
      this.invalidate();
      c = (await this.all()).get(id);
    }
    if (!c) throw DomainError.invalid('categoryId', '类别不存在');
    if (!c.active) throw DomainError.invalid('categoryId', `类别「${c.path}」已停用`);
    if (!c.isLeaf) throw DomainError.invalid('categoryId', `请选择「${c.name}」下的具体类别`);
    return c;
  }

  async get(id: number): Promise<CategoryNode> {
    const c = (await this.load()).get(id);
    if (!c) throw DomainError.notFound('类别', id);
    return c;
  }

  private async checkDepartment(em: EntityManager, id: number | null | undefined): Promise<void> {
    if (!id) return;
    const d = await queryOne(em, `SELECT id FROM department WHERE id = $1`, [id]);
    if (!d) throw DomainError.invalid('defaultDepartmentId', '默认派遣部门不存在');
  }

  async create(dto: CreateCategoryDto): Promise<CategoryNode> {
    const id = await this.db.transaction(async (em) => {
      if (dto.parentId) {
        const parent = await queryOne<{ id: number; parent_id: number | null; code: string; kind: CaseKind }>(em, `SELECT id, parent_id, code, kind FROM case_category WHERE id = $1`, [dto.parentId]);
        if (!parent) throw DomainError.invalid('parentId', '上级类别不存在');
        if (parent.parent_id !== null) throw DomainError.invalid('parentId', '类别树只有两级，不能在末级类别下再建类别');
        if (parent.kind !== dto.kind) throw DomainError.invalid('kind', `类型应与上级类别一致（${CASE_KIND_LABELS[parent.kind]}）`);
        if (!dto.code.startsWith(parent.code)) throw DomainError.invalid('code', `编码应以上级编码「${parent.code}」开头`);
        const used = await queryOne(em, `SELECT 1 FROM incident_case WHERE category_id = $1 LIMIT 1`, [parent.id]);
        if (used) throw DomainError.conflict('上级类别下已登记案件，不能再增加下级类别');
      }
      if (dto.kind === 'incident' && dto.selfClosable) throw DomainError.invalid('selfClosable', '事件类别不能设为可自办结');
      await this.checkDepartment(em, dto.defaultDepartmentId);
      const dup = await queryOne(em, `SELECT 1 FROM case_category WHERE code = $1`, [dto.code]);
      if (dup) throw new DomainError('CONFLICT', `类别编码已存在：${dto.code}`, [{ field: 'code', message: '编码已存在' }]);
      const row = await queryOne<{ id: number }>(
        em,
        `INSERT INTO case_category (parent_id, code, name, kind, response_limit_wd, handling_limit_wd, self_closable, default_assignee_kind, default_department_id, sort_order)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [dto.parentId ?? null, dto.code, dto.name.trim(), dto.kind, dto.responseLimitWorkingDays, dto.handlingLimitWorkingDays, dto.selfClosable ?? false, dto.defaultAssigneeKind ?? (dto.defaultDepartmentId ? 'department' : 'street'), dto.defaultDepartmentId ?? null, dto.sortOrder ?? 0],
      );
      return row!.id;
    });
    this.invalidate();
    return this.get(id);
  }

  async update(id: number, dto: UpdateCategoryDto): Promise<CategoryNode> {
    await this.db.transaction(async (em) => {
      const c = await queryOne<{ kind: CaseKind }>(em, `SELECT kind FROM case_category WHERE id = $1 FOR UPDATE`, [id]);
      if (!c) throw DomainError.notFound('类别', id);
      if (c.kind === 'incident' && dto.selfClosable) throw DomainError.invalid('selfClosable', '事件类别不能设为可自办结');
      await this.checkDepartment(em, dto.defaultDepartmentId);
      await em.query(
        `UPDATE case_category SET name = COALESCE($2, name), response_limit_wd = COALESCE($3, response_limit_wd), handling_limit_wd = COALESCE($4, handling_limit_wd),
                self_closable = COALESCE($5, self_closable), default_assignee_kind = COALESCE($6, default_assignee_kind),
                default_department_id = CASE WHEN $7::int IS NULL THEN default_department_id WHEN $7::int = 0 THEN NULL ELSE $7::int END,
                active = COALESCE($8, active), sort_order = COALESCE($9, sort_order), updated_at = now()
          WHERE id = $1`,
        [id, dto.name?.trim() ?? null, dto.responseLimitWorkingDays ?? null, dto.handlingLimitWorkingDays ?? null, dto.selfClosable ?? null, dto.defaultAssigneeKind ?? null, dto.defaultDepartmentId ?? null, dto.active ?? null, dto.sortOrder ?? null],
      );
    });
    this.invalidate();
    return this.get(id);
  }

  /** Only a category nothing refers to may go; one in use is deactivated instead. */
  async remove(id: number): Promise<void> {
    await this.db.transaction(async (em) => {
      const c = await queryOne<{ children: string; cases: boolean }>(
        em,
        `SELECT (SELECT count(*) FROM case_category WHERE parent_id = $1) AS children, EXISTS (SELECT 1 FROM incident_case WHERE category_id = $1) AS cases
           FROM case_category WHERE id = $1`,
        [id],
      );
      if (!c) throw DomainError.notFound('类别', id);
      if (Number(c.children) > 0) throw DomainError.conflict('该类别下还有下级类别，不能删除');
      if (c.cases) throw DomainError.conflict('该类别已登记案件，不能删除，可改为停用');
      await em.query(`DELETE FROM case_category WHERE id = $1`, [id]);
    });
    this.invalidate();
  }

  async installDefaults(): Promise<{ added: number }> {
    const added = await this.db.transaction((em) => installDefaultCategories(em));
    this.invalidate();
    return { added };
  }
}
