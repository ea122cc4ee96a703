import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** The monthly bonus standard (元 per worker and month), effective from a quarter on. */
@Entity('bonus_standard')
export class BonusStandardRecord {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer', name: 'effective_year' })
  effectiveYear: number;

  @Column({ type: 'integer', name: 'effective_quarter' })
  effectiveQuarter: number;

  @Column({ type: 'numeric', precision: 10, scale: 2, name: 'monthly_standard' })
  monthlyStandard: string;

  @Column({ type: 'text', default: '' })
  note: string;

  @Column({ type: 'integer', name: 'created_by', nullable: true })
  createdBy: number | null;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}

/** A street's confirmation of its quarterly headcount. */
@Entity('headcount_confirmation')
export class HeadcountConfirmationRecord {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'integer' })
  quarter: number;

  @Column({ type: 'integer', name: 'street_id' })
  streetId: number;

  @Column({ type: 'integer', name: 'confirmed_by', nullable: true })
  confirmedBy: number | null;

  @Column({ type: 'timestamptz', name: 'confirmed_at' })
  confirmedAt: Date;
}

/** The derived months of a worker as they stood when the street confirmed. */
@Entity('headcount_confirmed_row')
export class HeadcountConfirmedRowRecord {
  @PrimaryColumn({ type: 'integer', name: 'confirmation_id' })
  confirmationId: number;

  @PrimaryColumn({ type: 'integer', name: 'worker_id' })
  workerId: number;

  @Column({ type: 'integer', name: 'active_days' })
  activeDays: number;

  @Column({ type: 'integer', name: 'derived_months' })
  derivedMonths: number;
}

/** A street operator's correction of a worker's months in service, with the reason. */
@Entity('headcount_correction')
export class HeadcountCorrectionRecord {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'integer' })
  quarter: number;

  @Column({ type: 'integer', name: 'street_id' })
  streetId: number;

  @Column({ type: 'integer', name: 'worker_id' })
  workerId: number;

  @Column({ type: 'integer' })
  months: number;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'integer', name: 'created_by', nullable: true })
  createdBy: number | null;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
