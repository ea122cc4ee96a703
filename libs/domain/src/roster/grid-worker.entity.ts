import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, Relation, UpdateDateColumn } from 'typeorm';
import { OrgUnit } from '../organisation/org-unit.entity';
import type { EmploymentEventKind } from './employment.rules';

export type WorkerKind = 'full_time' | 'part_time';

export const WORKER_KIND_LABELS: Record<WorkerKind, string> = { full_time: '专职', part_time: '兼职' };

/**
 * A grid worker (网格员). The ID number is stored encrypted with a keyed hash for look-up and uniqueness;
 * `idNumberMask` is what lists show. Street and community are copied from the grid for scoping and ranking.
 */
@Entity('grid_worker')
export class GridWorker {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** 网格员编号, unique within the deployment. */
  @Index({ unique: true })
  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  phone: string;

  @Column({ type: 'bytea', name: 'id_number_enc', select: false })
  idNumberEnc: Buffer;

  @Index({ unique: true })
  @Column({ type: 'text', name: 'id_number_hash', select: false })
  idNumberHash: string;

  @Column({ type: 'text', name: 'id_number_mask' })
  idNumberMask: string;

  @Column({ type: 'text' })
  gender: 'male' | 'female';

  @Column({ type: 'date', name: 'birth_date' })
  birthDate: string;

  @Column({ type: 'integer', name: 'grid_id' })
  gridId: number;

  @ManyToOne(() => OrgUnit)
  @JoinColumn({ name: 'grid_id' })
  grid?: Relation<OrgUnit>;

  @Column({ type: 'integer', name: 'community_id' })
  communityId: number;

  @Column({ type: 'integer', name: 'street_id' })
  streetId: number;

  @Column({ type: 'text' })
  kind: WorkerKind;

  /** 网格长 */
  @Column({ type: 'boolean', name: 'is_grid_leader', default: false })
  isGridLeader: boolean;

  @OneToMany(() => EmploymentEventRecord, (e) => e.worker)
  events?: Relation<EmploymentEventRecord[]>;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}

@Entity('employment_event')
export class EmploymentEventRecord {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer', name: 'worker_id' })
  workerId: number;

  @ManyToOne(() => GridWorker, (w) => w.events, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'worker_id' })
  worker?: Relation<GridWorker>;

  @Column({ type: 'text' })
  kind: EmploymentEventKind;

  /** Shanghai calendar day on which the event takes effect. */
  @Column({ type: 'date', name: 'effective_date' })
  effectiveDate: string;

  @Column({ type: 'text', default: '' })
  note: string;

  @Column({ type: 'integer', name: 'created_by', nullable: true })
  createdBy: number | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
