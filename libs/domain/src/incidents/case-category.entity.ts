import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CaseAssigneeKind, CaseKind } from './case.types';

/** A node of the category tree (事件 / 服务事项 类别) with its limits in working days and default dispatch target. */
@Entity('case_category')
export class CaseCategory {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer', name: 'parent_id', nullable: true })
  parentId: number | null;

  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kind: CaseKind;

  @Column({ type: 'integer', name: 'response_limit_wd' })
  responseLimitWorkingDays: number;

  @Column({ type: 'integer', name: 'handling_limit_wd' })
  handlingLimitWorkingDays: number;

  @Column({ type: 'boolean', name: 'self_closable', default: false })
  selfClosable: boolean;

  @Column({ type: 'text', name: 'default_assignee_kind', default: 'street' })
  defaultAssigneeKind: CaseAssigneeKind;

  @Column({ type: 'integer', name: 'default_department_id', nullable: true })
  defaultDepartmentId: number | null;

  @Column({ type: 'integer', name: 'sort_order', default: 0 })
  sortOrder: number;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
