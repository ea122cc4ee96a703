import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CalendarEntryKind } from './working-day.calendar';

/** A year of the working-day calendar as the centre imported it (from the State Council's notice). */
@Entity('working_day_year')
export class WorkingDayYear {
  @PrimaryColumn({ type: 'integer' })
  year: number;

  /** Where the data came from: the file name, or 随产品发布 for the shipped years. */
  @Column({ type: 'text', default: '' })
  source: string;

  @Column({ type: 'integer', name: 'imported_by', nullable: true })
  importedBy: number | null;

  @Column({ type: 'timestamptz', name: 'imported_at' })
  importedAt: Date;
}

/** One listed day of a year: a holiday (放假) or a weekend day worked (调休上班). */
@Entity('working_day_entry')
export class WorkingDayEntry {
  @PrimaryColumn({ type: 'date' })
  day: string;

  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'text' })
  kind: CalendarEntryKind;

  @Column({ type: 'text' })
  name: string;
}
