import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/domain';
import { CheckItemDefinition, validateCheckItemDefinition } from '@app/domain/assessment/check-items';
import { Dec } from '@app/domain/common/decimal';
import { queryOne, queryRows } from '@app/domain/database/sql';
import type { Db } from '@app/domain/assessment/assessment.store';
import { CreateCheckItemDto, UpdateCheckItemDto } from './dto/assessment.dto';
import { two } from './assessment-common';

export interface CheckItemView {
  id: number;
  code: string;
  name: string;
  description: string;
  minDeduction: string;
  maxDeduction: string;
  active: boolean;
  sortOrder: number;
}

interface CheckItemRow {
  id: number;
  code: string;
  name: string;
  description: string;
  min_deduction: string;
  max_deduction: string;
  active: boolean;
  sort_order: number;
}

function view(r: CheckItemRow): CheckItemView {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    description: r.description,
    minDeduction: two(r.min_deduction)!,
    maxDeduction: two(r.max_deduction)!,
    active: r.active,
    sortOrder: r.sort_order,
  };
}

/** The check-item catalogue (检查项目录), edited by the centre. Seeded with the defaults by the migration. */
@Injectable()
export class CheckItemsService {
  constructor(private readonly db: DataSource) {}

  async list(includeInactive = false): Promise<CheckItemView[]> {
    const rows = await queryRows<CheckItemRow>(this.db, `SELECT * FROM check_item ${includeInactive ? '' : 'WHERE active'} ORDER BY sort_order, id`);
    return rows.map(view);
  }

  /** The whole catalogue as the rules want it, ids by code. */
  static async catalogue(db: Db): Promise<{ definitions: CheckItemDefinition[]; idOf: Map<string, number> }> {
    const rows = await queryRows<CheckItemRow>(db, `SELECT * FROM check_item ORDER BY sort_order, id`);
    return {
      definitions: rows.map((r) => ({
        code: r.code,
        name: r.name,
        description: r.description,
        minDeduction: new Dec(r.min_deduction),
        maxDeduction: new Dec(r.max_deduction),
        active: r.active,
        sortOrder: r.sort_order,
      })),
      idOf: new Map(rows.map((r) => [r.code, r.id])),
    };
  }

  async create(dto: CreateCheckItemDto): Promise<CheckItemView> {
    const problems = validateCheckItemDefinition({ code: dto.code, name: dto.name, minDeduction: dto.minDeduction, maxDeduction: dto.maxDeduction });
    if (problems.length) throw DomainError.invalidRows(problems[0].message, problems);
    return this.db.transaction(async (em) => {
      const dup = await queryOne(em, `SELECT 1 FROM check_item WHERE code = $1`, [dto.code]);
      if (dup) throw new DomainError('CONFLICT', `检查项编码已存在：${dto.code}`, [{ field: 'code', message: '检查项编码已存在' }]);
      const [row] = await queryRows<CheckItemRow>(
        em,
        `INSERT INTO check_item (code, name, description, min_deduction, max_deduction, sort_order) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
        [dto.code, dto.name.trim(), dto.description?.trim() ?? '', dto.minDeduction, dto.maxDeduction, dto.sortOrder ?? 0],
      );
      return view(row);
    });
  }

  async update(id: number, dto: UpdateCheckItemDto): Promise<CheckItemView> {
    return this.db.transaction(async (em) => {
      const current = await queryOne<CheckItemRow>(em, `SELECT * FROM check_item WHERE id = $1 FOR UPDATE`, [id]);
      if (!current) throw DomainError.notFound('检查项', id);
      const next = {
        code: current.code,
        name: dto.name ?? current.name,
        minDeduction: dto.minDeduction ?? current.min_deduction,
        maxDeduction: dto.maxDeduction ?? current.max_deduction,
      };
      const problems = validateCheckItemDefinition(next);
      if (problems.length) throw DomainError.invalidRows(problems[0].message, problems);
      const [row] = await queryRows<CheckItemRow>(
        em,
        `UPDATE check_item SET name = $2, description = COALESCE($3, description), min_deduction = $4, max_deduction = $5,
                active = COALESCE($6, active), sort_order = COALESCE($7, sort_order), updated_at = now()
          WHERE id = $1 RETURNING *`,
        [id, next.name.trim(), dto.description?.trim() ?? null, next.minDeduction, next.maxDeduction, dto.active ?? null, dto.sortOrder ?? null],
      );
      return view(row);
    });
  }

  /** An item never used can be deleted; one used by a check is kept for its history and can only be retired. */
  async remove(id: number): Promise<void> {
    await this.db.transaction(async (em) => {
      const current = await queryOne<CheckItemRow>(em, `SELECT * FROM check_item WHERE id = $1 FOR UPDATE`, [id]);
      if (!current) throw DomainError.notFound('检查项', id);
      const used = await queryOne(em, `SELECT 1 FROM spot_check_item WHERE check_item_id = $1 LIMIT 1`, [id]);
      if (used) throw DomainError.conflict(`检查项「${current.name}」已用于抽查记录，不能删除，可将其停用`);
      await em.query(`DELETE FROM check_item WHERE id = $1`, [id]);
    });
  }
}
