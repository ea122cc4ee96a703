import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** One entry of the spot-check catalogue (检查项目录); deductions are numeric(5,2), read as strings. */
@Entity('check_item')
export class CheckItemRecord {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'text', unique: true })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'numeric', precision: 5, scale: 2, name: 'min_deduction' })
  minDeduction: string;

  @Column({ type: 'numeric', precision: 5, scale: 2, name: 'max_deduction' })
  maxDeduction: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'integer', name: 'sort_order', default: 0 })
  sortOrder: number;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
